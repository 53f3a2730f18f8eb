import { render } from 'solid-js/web';
import { Match, Show, Switch } from 'solid-js';
import { Navigate, Route, Router, type RouteSectionProps } from '@solidjs/router';
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
import { ErrorNotice } from './error-notice.tsx';
import { appTitle, common } from './i18n/zh-CN.ts';
import QueuePage from './review/queue-page.tsx';
import './styles.css';

/**
 * The app bar, and the gate in front of every page: anonymous visitors are sent to the sign-in
 * page (which remembers where they were going), signed-in people away from it.
 */
function Shell(props: RouteSectionProps) {
  const session = useSession();
  const onSignInPage = () => props.location.pathname === signInPath;

  return (
    <>
      <header class="app-bar">
        <a class="app-name" href="/">
          {appTitle}
        </a>
        <span class="app-product">Devolve</span>
        <Show when={session.me()}>{(me) => <SignedIn me={me()} />}</Show>
      </header>
      <Switch>
        <Match when={session.error()}>
          {(error) => (
            <main class="page">
              <ErrorNotice error={error()} retry={session.retry} />
            </main>
          )}
        </Match>
        <Match when={session.me() === undefined}>
          <main class="page">
            <p class="notice">{common.loading}</p>
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

render(
  () => (
    // A new client (after signing in or out) remounts everything below: no stale data survives.
    <Show when={client()} keyed>
      {(current) => (
        <Provider value={current}>
          <SessionProvider>
            <Router root={Shell}>
              <Route path={signInPath} component={SignInPage} />
              <Route path="/" component={QueuePage} />
              <Route path="*" component={() => <Navigate href="/" />} />
            </Router>
          </SessionProvider>
        </Provider>
      )}
    </Show>
  ),
  document.getElementById('app')!,
);
