import { createSignal, Show, type JSX } from 'solid-js';

/**
 * A step that cannot be undone (moving the campaign on, publishing a report): its button first
 * asks, in a group named by the question, with what will happen, confirm and cancel.
 */
export function ConfirmStep(props: {
  id: string;
  /** The button that asks for the step. */
  action: string;
  confirm: string;
  cancel: string;
  busy: boolean;
  /** Takes the step; true when it went through (the confirmation then closes). */
  onConfirm: () => Promise<boolean>;
  /** The question the group asks, which names it. */
  question: string;
  /** What will happen, besides. */
  children?: JSX.Element;
}) {
  const [confirming, setConfirming] = createSignal(false);
  return (
    <Show
      when={confirming()}
      fallback={
        <button type="button" class="primary" onClick={() => setConfirming(true)}>
          {props.action}
        </button>
      }
    >
      <div class="confirm-step" role="group" aria-labelledby={props.id}>
        <p id={props.id}>
          <strong>{props.question}</strong>
        </p>
        {props.children}
        <div class="form-actions">
          <button
            type="button"
            class="primary"
            disabled={props.busy}
            onClick={() => void props.onConfirm().then((done) => done && setConfirming(false))}
          >
            {props.confirm}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {props.cancel}
          </button>
        </div>
      </div>
    </Show>
  );
}
