import { Show } from 'solid-js';

/*
 * The pieces of a form with its messages in place (GOV.UK order: label, hint, message, input),
 * shared by the department and district portals; styled by forms.css.
 */

/** The ids an input is described by: its hint, and its error when it has one. */
export function describedBy(id: string, options: { hint?: boolean; error?: (() => string) | undefined; counter?: boolean }): string | undefined {
  const ids = [options.hint ? `${id}-hint` : null, options.error ? `${id}-error` : null, options.counter ? `${id}-counter` : null].filter(Boolean);
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
