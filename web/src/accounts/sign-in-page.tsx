import { createSignal, onMount, Show } from 'solid-js';
import { useLocation } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { common } from '../i18n/labels.ts';
import { errorMessage, localMessage } from '../error-notice.tsx';
import { sectionPaths } from '../navigation.ts';
import { afterSignIn, client, restartAt } from './session.tsx';
import { LoginMutation } from './sign-in-query.ts';

type Field = 'username' | 'password';

/** Signs in with a username and password, then opens the page the visitor came for. */
export default function SignInPage() {
  const location = useLocation();
  const [, login] = createMutation(LoginMutation);
  const [submitting, setSubmitting] = createSignal(false);
  const [error, setError] = createSignal<{ message: string; field?: Field }>();
  let form!: HTMLFormElement;
  let usernameInput!: HTMLInputElement;
  let passwordInput!: HTMLInputElement;
  let submitButton!: HTMLButtonElement;

  // `autofocus` only works on page load; the form may be mounted later, after a redirect.
  onMount(() => usernameInput.focus());

  const t = () => common().account;
  const invalid = (field: Field) => error()?.field === field;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (submitting()) return;
    // Cleared first so that the same message, shown again, is announced again.
    setError(undefined);
    setSubmitting(true);
    const data = new FormData(form);
    const result = await login({
      input: { username: String(data.get('username') ?? ''), password: String(data.get('password') ?? '') },
    });
    const outcome = result.data?.login;
    if (outcome?.__typename === 'Me') {
      // The session cookie is set: start afresh as the signed-in person.
      const next = afterSignIn(location.query.next);
      restartAt(next);
      // The queue's first questions go beside the session's rather than after it.
      if (next === sectionPaths.queue) void import('../review/queue-page.tsx').then((page) => page.prefetchQueue(client()));
      return;
    }
    setSubmitting(false);
    if (outcome?.__typename === 'ValidationError') {
      const field = outcome.field === 'input.password' ? 'password' : 'username';
      setError({ message: localMessage(outcome), field });
      (field === 'password' ? passwordInput : usernameInput).focus();
    } else if (outcome?.__typename === 'UnauthenticatedError') {
      // Wrong username or password: try the password again.
      setError({ message: localMessage(outcome) });
      passwordInput.select();
    } else {
      // Too many attempts, or the server could not be reached.
      setError({ message: outcome ? localMessage(outcome) : result.error ? errorMessage(result.error) : t().failed });
      // A click on the button, disabled meanwhile, has left the focus nowhere.
      if (!form.contains(document.activeElement)) submitButton.focus();
    }
  }

  return (
    <main class="sign-in">
      <form
        ref={form}
        class="sign-in-card"
        method="post"
        novalidate
        aria-labelledby="sign-in-heading"
        aria-busy={submitting()}
        onSubmit={(event) => void submit(event)}
      >
        <h1 id="sign-in-heading">{t().heading}</h1>
        <p class="muted sign-in-intro">{t().intro(common().appTitle)}</p>

        <div class="form-field">
          <label for="sign-in-username">{t().username}</label>
          <input
            ref={usernameInput}
            id="sign-in-username"
            name="username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            autofocus
            aria-invalid={invalid('username') || undefined}
            aria-describedby={invalid('username') ? 'sign-in-error' : undefined}
          />
        </div>

        <div class="form-field">
          <label for="sign-in-password">{t().password}</label>
          <input
            ref={passwordInput}
            id="sign-in-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={invalid('password') || undefined}
            aria-describedby={invalid('password') ? 'sign-in-error' : undefined}
          />
        </div>

        <Show when={error()}>
          {(shown) => (
            <p id="sign-in-error" class="error" role="alert">
              {shown().message}
            </p>
          )}
        </Show>

        <button ref={submitButton} type="submit" class="primary" disabled={submitting()}>
          {submitting() ? t().submitting : t().submit}
        </button>
      </form>
      {/* The public site is another entry: a full page load. */}
      <p class="sign-in-public">
        <a href="/list">{t().publicSite}</a>
      </p>
    </main>
  );
}
