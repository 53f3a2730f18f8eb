import { Show } from 'solid-js';
import { counterStrings as t } from './strings.ts';

/**
 * How many characters a text field holds against the server's limit (a field of Query.textLimits),
 * shown before sending; counted after trimming, as the server counts. Nothing while the limit is
 * unknown. The field names it in its aria-describedby (`id`).
 */
export function CharCounter(props: { id: string; text: string; limit: number | undefined }) {
  return (
    <Show when={props.limit}>
      {(limit) => (
        <p class="muted small char-counter" classList={{ over: props.text.trim().length > limit() }} id={props.id}>
          {t().characters(props.text.trim().length, limit())}
        </p>
      )}
    </Show>
  );
}
