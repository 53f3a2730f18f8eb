import { render } from 'solid-js/web';
import { For, lazy, Match, Show, Switch } from 'solid-js';
import { A, Navigate, Route, Router, type RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import {
  afterSignIn,
  client,
  SessionProvider,
  signInHref,
  signInPath,
  useSession,
} from './accounts/session.tsx';
import SignInPage from './accounts/sign-in-page.tsx';
import { SignedIn } from './accounts/signed-in.tsx';
import { liveDown } from './client.ts';
import { ErrorNotice } from './error-notice.tsx';
import { InboxBadge } from './inbox/inbox-badge.tsx';
import { common } from './i18n/labels.ts';
import { locale, setLocale } from './i18n/locale.ts';
import { homeFor, type Section, sectionPaths, sectionsFor } from './navigation.ts';
import { usePageTitle } from './page-title.ts';
import './styles.css';
import { expandWhilePrinting } from './print.ts';

// Each page is its own chunk: the first screen loads only the shell and the page it shows.
const loadQueuePage = () => import('./review/queue-page.tsx');
const QueuePage = lazy(loadQueuePage);
const WorkspacePage = lazy(() => import('./workspace/workspace-page.tsx'));
const DepartmentPage = lazy(() => import('./department/department-page.tsx'));
const DistrictPage = lazy(() => import('./district/district-page.tsx'));
const DashboardPage = lazy(() => import('./dashboard/dashboard-page.tsx'));
const CampaignConsolePage = lazy(() => import('./campaign/console-page.tsx'));
const EvaluationPage = lazy(() => import('./evaluation/evaluation-page.tsx'));
const TodoPage = lazy(() => import('./todo/todo-page.tsx'));
const InboxPage = lazy(() => import('./inbox/inbox-page.tsx'));

// Reviewers work in the review queue: fetch its chunk while the session is being checked rather
// than after (everyone lands on the to-do, which links there), and on the sign-in page that leads
// there while the person types, rather than after the sign-in.
const firstPath = location.pathname === signInPath ? afterSignIn(new URLSearchParams(location.search).get('next') ?? undefined) : location.pathname;
if (firstPath === sectionPaths.queue) void loadQueuePage();

/** 中文 ⇄ English, remembered in this browser. */
function LanguageSwitch() {
  return (
    <button
      type="button"
      class="language-switch"
      lang={locale() === 'en' ? 'zh-CN' : 'en'}
      aria-label={common().switchToLabel}
      onClick={() => setLocale(locale() === 'en' ? 'zh-CN' : 'en')}
    >
      {common().switchTo}
    </button>
  );
}

/** The sections the signed-in person works in. */
function Navigation() {
  const session = useSession();
  const sections = () => sectionsFor(session.me()?.user.roles ?? []);
  return (
    <nav class="app-nav" aria-label={common().nav.label}>
      <For each={sections()}>
        {(section) => (
          <A href={sectionPaths[section]} activeClass="active">
            {common().nav[section]}
          </A>
        )}
      </For>
    </nav>
  );
}

/**
 * The app bar, and the gate in front of every page: anonymous visitors are sent to the sign-in
 * page (which remembers where they were going), signed-in people away from it.
 */
function Shell(props: RouteSectionProps) {
  const session = useSession();
  const onSignInPage = () => props.location.pathname === signInPath;
  // Each section's tab is named after it; the workspace names its own (the item's code and name).
  usePageTitle(() => {
    if (onSignInPage()) return common().account.heading;
    const section = (Object.keys(sectionPaths) as Section[]).find((s) => sectionPaths[s] === props.location.pathname);
    return section && common().nav[section];
  });

  return (
    <>
      <a class="skip-link" href="#main">
        {common().nav.label}
      </a>
      <header class="app-bar">
        <a class="app-name" href="/">
          {common().appTitle}
        </a>
        <span class="app-product">Devolve</span>
        <Show when={session.me()}>
          <Navigation />
        </Show>
        <div class="app-bar-end">
          <LanguageSwitch />
          <Show when={session.me()}>
            <InboxBadge />
          </Show>
          <Show when={session.me()}>{(me) => <SignedIn me={me()} />}</Show>
        </div>
      </header>
      <Show when={liveDown() && session.me()}>
        <p class="live-down" role="status">
          {common().live.reconnecting}
        </p>
      </Show>
      <Switch>
        <Match when={session.error()}>
          {(error) => (
            <main class="page" id="main">
              <ErrorNotice error={error()} retry={session.retry} />
            </main>
          )}
        </Match>
        <Match when={session.me() === undefined}>
          <main class="page" id="main">
            <p class="notice">{common().loading}</p>
          </main>
        </Match>
        <Match when={session.me() === null && !onSignInPage()}>
          <Navigate href={signInHref(props.location)} />
        </Match>
        <Match when={session.me() && onSignInPage()}>
          <Navigate href={afterSignIn(props.location.query.next)} />
        </Match>
        <Match when={true}>{props.children}</Match>
      </Switch>
    </>
  );
}

/** `/` leads to the signed-in person's own section. */
function Home() {
  const session = useSession();
  return <Navigate href={homeFor(session.me()?.user.roles ?? [])} />;
}

expandWhilePrinting();

render(
  () => (
    // A new client (after signing in or out) remounts everything below: no stale data survives.
    <Show when={client()} keyed>
      {(current) => (
        <Provider value={current}>
          <SessionProvider>
            <Router root={Shell}>
              <Route path={signInPath} component={SignInPage} />
              <Route path="/" component={Home} />
              <Route path={sectionPaths.todo} component={TodoPage} />
              <Route path="/inbox" component={InboxPage} />
              <Route path={sectionPaths.queue} component={QueuePage} />
              <Route path="/proposals/:ref" component={WorkspacePage} />
              {/* The canonical proposal address: /2019/440101070002 (workspace/proposal-address.ts). */}
              <Route path="/:year/:code" matchFilters={{ year: /^\d{4}$/ }} component={WorkspacePage} />
              <Route path={sectionPaths.department} component={DepartmentPage} />
              <Route path={sectionPaths.district} component={DistrictPage} />
              <Route path={sectionPaths.dashboard} component={DashboardPage} />
              <Route path={sectionPaths.campaign} component={CampaignConsolePage} />
              <Route path={sectionPaths.evaluation} component={EvaluationPage} />
              <Route path="*" component={() => <Navigate href="/" />} />
            </Router>
          </SessionProvider>
        </Provider>
      )}
    </Show>
  ),
  document.getElementById('app')!,
);
