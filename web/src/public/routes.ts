import { lazy, type Component } from 'solid-js';

/**
 * The public site's pages: path → page, each its own chunk. The public shell (public-main.tsx)
 * mounts them in this order; a page is added with one line here.
 */
export interface PublicRoute {
  path: string;
  component: Component;
}

const ListPage = lazy(() => import('./list-page.tsx'));

export const publicRoutes: PublicRoute[] = [
  { path: '/list', component: ListPage },
  { path: '/list/:code', component: lazy(() => import('./item-page.tsx')) },
  { path: '/results/:year?', component: lazy(() => import('./results-page.tsx')) },
  { path: '/status', component: lazy(() => import('./status-page.tsx')) },
  { path: '/consultation/:year?', component: lazy(() => import('./consultation/consultation-page.tsx')) },
];
