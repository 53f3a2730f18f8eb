import { createContext, createEffect, createSignal, useContext, type ParentProps } from 'solid-js';
import { createQuery, type CombinedError } from '@urql/solid';
import { createClient } from '../client.ts';
import type { ResultOf } from '../graphql.ts';
import { setDomainNow } from '../domain-clock.ts';
import { MeQuery } from './session-query.ts';

export type Me = NonNullable<ResultOf<typeof MeQuery>['me']>;

export const signInPath = '/sign-in';

/**
 * The GraphQL client of the current session. main.tsx keys the whole app on it, so a new client
 * means a fresh start: empty cache, every page and query mounted anew.
 */
const [client, setClient] = createSignal(createClient());
export { client };

/**
 * Starts the app afresh at `path` for whoever is signed in now. Called after signing in and out, so
 * that nothing fetched for the previous person (or for an anonymous visitor) stays visible.
 */
export function restartAt(path: string): void {
  // The new router starts at the current URL; the entry's state keeps its history bookkeeping.
  history.replaceState(history.state, '', path);
  setClient(() => createClient());
}

export interface Session {
  /** The signed-in person; null when anonymous, undefined until the server has answered. */
  me(): Me | null | undefined;
  /** Set when the server could not be asked. */
  error(): CombinedError | undefined;
  retry(): void;
}

const SessionContext = createContext<Session>();

/** Asks the server once who is signed in (once per client, that is: once per sign-in). */
export function SessionProvider(props: ParentProps) {
  const [result, reexecute] = createQuery({ query: MeQuery });
  createEffect(() => {
    const now = result.data?.domainNow;
    if (now) setDomainNow(now);
  });
  const session: Session = {
    me: () => (result.data ? result.data.me : undefined),
    error: () => (result.data ? undefined : result.error),
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  };
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionProvider>');
  return session;
}

/** Where to send an anonymous visitor of `path`: the sign-in page, remembering the way back. */
export function signInHref(location: { pathname: string; search: string }): string {
  const from = location.pathname + location.search;
  return from === '/' || location.pathname === signInPath
    ? signInPath
    : `${signInPath}?next=${encodeURIComponent(from)}`;
}

/**
 * The page to go to after signing in: `next` when it is a path of this app, else the queue.
 * (`//host/…` and `/\host` would leave the site, so they are refused.)
 */
export function afterSignIn(next: string | string[] | undefined): string {
  const path = Array.isArray(next) ? next[0] : next;
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  return path.split('?')[0] === signInPath ? '/' : path;
}
