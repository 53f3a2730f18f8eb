import { Show } from 'solid-js';
import type { ProposalProblem, ReasonProblem } from './proposal-form.ts';
import { strings } from './strings.ts';

/** Moves the focus to a view's heading once it is on the page (the view replaced another). */
export function focusOnMount(element: HTMLElement): void {
  queueMicrotask(() => element.focus());
}

/** A client-side problem in words (the language follows the switch). */
export function problemMessage(problem: ProposalProblem | ReasonProblem): () => string {
  return () => {
    const t = strings().problems;
    return problem.code === 'tooLong' ? t.tooLong(problem.max) : t[problem.code];
  };
}

/** The ids an input is described by: its hint, and its error when it has one. */
export function describedBy(id: string, options: { hint?: boolean; error?: (() => string) | undefined }): string | undefined {
  const ids = [options.hint ? `${id}-hint` : null, options.error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The message next to a field, tied to it by `${id}-error` (see describedBy). */
export function FieldError(props: { id: string; message: (() => string) | undefined }) {
  return (
    <Show when={props.message}>
      {(message) => (
        <p class="field-error" id={`${props.id}-error`}>
          {message()()}
        </p>
      )}
    </Show>
  );
}

/** A form-level failure (one that names no field), announced. */
export function FormError(props: { message: (() => string) | undefined }) {
  return (
    <Show when={props.message}>
      {(message) => (
        <p class="form-error" role="alert">
          {message()()}
        </p>
      )}
    </Show>
  );
}
