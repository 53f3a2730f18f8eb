import type { CombinedError } from '@urql/core';
import { common } from './i18n/labels.ts';
import { locale } from './i18n/locale.ts';

/** A typed error's message in the interface language (every Error of the API carries both). */
export function localMessage(error: { messageZh: string; messageEn: string }): string {
  return locale() === 'en' ? error.messageEn : error.messageZh;
}

/**
 * The messages of a failed request: each GraphQL error's message in the interface language when
 * the server gave one (`extensions.messageZh` / `messageEn`), or a plain note when the server
 * could not be reached.
 */
export function errorMessage(error: CombinedError): string {
  const key = locale() === 'en' ? 'messageEn' : 'messageZh';
  const messages = error.graphQLErrors.map((e) => {
    const message = e.extensions?.[key];
    return typeof message === 'string' ? message : e.message;
  });
  return messages.length > 0 ? messages.join(locale() === 'en' ? '; ' : '；') : common().networkError;
}

/** A failed load, announced, with a way to try again. */
export function ErrorNotice(props: { error: CombinedError; retry: () => void }) {
  return (
    <div class="error" role="alert" title={props.error.message}>
      <p>{common().error(errorMessage(props.error))}</p>
      <button type="button" onClick={() => props.retry()}>
        {common().retry}
      </button>
    </div>
  );
}
