import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { firstScreenBudget } from './build/first-screen-budget.ts';
import { plannedOperations } from './build/planned-operations.ts';

/** The API server (`devolve serve`) serves GraphQL at /graphql and the built app (dist/) at /. */
const api = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [
    solid(),
    // A reviewer's first screen is the review queue: it must load in at most 150 KiB of gzipped JS.
    firstScreenBudget({ name: 'staff', entry: /\/index\.html$/, page: /\/review\/queue-page\.tsx$/, budgetKiB: 150 }),
    // The public site is opened on phones from shared links: its power list in at most 100 KiB.
    firstScreenBudget({ name: 'public', entry: /\/public\.html$/, page: /\/public\/list-page\.tsx$/, budgetKiB: 100 }),
    // The web's queue page as its client sends it, for DEVOLVE_PLANNED_OPERATIONS (planned execution).
    plannedOperations(),
  ],
  server: {
    // GraphQL over HTTP and WebSocket (live updates) and the documents (.docx) go to the API server.
    proxy: { '/graphql': { target: api, ws: true }, '/documents': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Two entries: the staff app (index.html) and the public site (public.html), each its own bundle.
    rollupOptions: { input: { main: 'index.html', public: 'public.html' } },
  },
});
