import type { CombinedError } from '@urql/core';
import { common as t } from './i18n/zh-CN.ts';

/**
 * The messages of a failed request: the Chinese message of each GraphQL error when the server
 * gave one (`extensions.messageZh`), or a plain note when the server could not be reached.
 */
export function errorMessage(error: CombinedError): string {
  const messages = error.graphQLErrors.map((e) => {
    const zh = e.extensions?.['messageZh'];
    return typeof zh === 'string' ? zh : e.message;
  });
  return messages.length > 0 ? messages.join('；') : t.networkError;
}

/** A failed load, announced, with a way to try again. */
export function ErrorNotice(props: { error: CombinedError; retry: () => void }) {
  return (
    <div class="error" role="alert" title={props.error.message}>
      <p>{t.error(errorMessage(props.error))}</p>
      <button type="button" onClick={() => props.retry()}>
        {t.retry}
      </button>
    </div>
  );
}
