import { render } from 'solid-js/web';
import { For, type JSX } from 'solid-js';
import { A, Navigate, Route, Router, type RouteSectionProps } from '@solidjs/router';
import { locale, setLocale } from '../i18n/locale.ts';
import { publicRoutes } from './routes.ts';
import { publicStrings } from './strings.ts';
import './public.css';

/**
 * The public site (权责清单, 结果公开, 工作进度): its own entry and bundle, readable by anyone
 * without signing in. No GraphQL client library and nothing of the staff app but the language
 * machinery and the theme: its first screen stays small for phones.
 */

const sections = [
  { path: '/list', key: 'list' },
  { path: '/results', key: 'results' },
  { path: '/status', key: 'status' },
  { path: '/consultation', key: 'consultation' },
] as const;

function Shell(props: RouteSectionProps): JSX.Element {
  const t = publicStrings;
  return (
    <>
      <a class="skip-link" href="#main">
        {t().skip}
      </a>
      <header class="public-header">
        <div class="public-header-top">
          <A class="public-site-name" href="/list">
            {t().siteName}
          </A>
          <div class="public-header-end">
            <button
              type="button"
              class="language-switch"
              lang={locale() === 'en' ? 'zh-CN' : 'en'}
              aria-label={locale() === 'en' ? '切换到中文' : 'Switch to English'}
              onClick={() => setLocale(locale() === 'en' ? 'zh-CN' : 'en')}
            >
              {locale() === 'en' ? '中文' : 'English'}
            </button>
            {/* The staff app is another entry: a full page load. */}
            <a class="public-sign-in" href="/sign-in">
              {t().staffSignIn}
            </a>
          </div>
        </div>
        <nav class="public-nav" aria-label={t().nav.label}>
          <For each={sections}>
            {(section) => (
              <A href={section.path} activeClass="active">
                {t().nav[section.key]}
              </A>
            )}
          </For>
        </nav>
      </header>
      <main id="main" class="public-main" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
// The server renders the page's heading for readers without JavaScript: the app takes over.
root.textContent = '';
render(
  () => (
    <Router root={Shell}>
      {publicRoutes.map((route) => (
        <Route path={route.path} component={route.component} />
      ))}
      <Route path="*" component={() => <Navigate href="/list" />} />
    </Router>
  ),
  root,
);
