import { createSignal, Show } from 'solid-js';
import { createMutation } from '@urql/solid';
import { clearAllDrafts } from '../comments/drafts.ts';
import { errorMessage, localMessage } from '../error-notice.tsx';
import { common, labels } from '../i18n/labels.ts';
import { restartAt, signInPath, type Me } from './session.tsx';
import { LogoutMutation } from './session-query.ts';

/** The app bar's corner: who is signed in (陈志伟 · 市委编办), and 退出. */
export function SignedIn(props: { me: Me }) {
  const user = () => props.me.user;
  const t = () => common().account;
  const [, logout] = createMutation(LogoutMutation);
  const [signingOut, setSigningOut] = createSignal(false);
  const [error, setError] = createSignal<string>();

  async function signOut() {
    setError(undefined);
    setSigningOut(true);
    const result = await logout({});
    const outcome = result.data?.logout;
    const alreadyEnded =
      (outcome !== undefined && outcome.__typename !== 'EndedSession' && outcome.code === 'UNAUTHENTICATED') ||
      result.error?.graphQLErrors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED');
    if (outcome?.__typename === 'EndedSession' || alreadyEnded) {
      // Nobody is signed in here any more: start afresh, on the sign-in page, leaving no unsent
      // comments behind for whoever uses this browser next.
      clearAllDrafts();
      restartAt(signInPath);
      return;
    }
    setSigningOut(false);
    setError(outcome ? localMessage(outcome) : result.error ? errorMessage(result.error) : t().signOutFailed);
  }

  return (
    <section class="app-account" aria-label={t().signedIn}>
      <span class="account-name">{user().displayName}</span>
      <span class="account-unit" title={user().unit.name}>
        {user().unit.shortName}
        <span class="account-roles"> · {user().roles.map((role) => labels().role[role]).join(' / ')}</span>
      </span>
      <button type="button" class="sign-out" disabled={signingOut()} onClick={() => void signOut()}>
        {signingOut() ? t().signingOut : t().signOut}
      </button>
      <Show when={error()}>
        {(message) => (
          <span class="account-error" role="alert">
            {message()}
          </span>
        )}
      </Show>
    </section>
  );
}
