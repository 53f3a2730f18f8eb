import { createUniqueId } from 'solid-js';
import { common } from './i18n/labels.ts';

/**
 * The one question asked before an act that cannot be undone (确认结果, 审定, 不予批准, bulk moves):
 * a modal dialog over the form that holds the act's optional note, so the note goes with it.
 * Always in the page (a closed dialog is hidden from everyone); `ref` hands back how to ask.
 */
export function ConfirmDialog(props: { question: string | undefined; ref: (ask: () => void) => void; onConfirm: () => void }) {
  let dialog: HTMLDialogElement | undefined;
  const titleId = createUniqueId();
  const s = () => common().confirm;
  props.ref(() => dialog?.showModal());
  return (
    <dialog ref={dialog} class="confirm-dialog" aria-labelledby={titleId}>
      <h3 id={titleId}>{props.question}</h3>
      <p>{s().irreversible}</p>
      <div class="dialog-actions">
        <button
          type="button"
          class="primary"
          onClick={() => {
            dialog?.close();
            props.onConfirm();
          }}
        >
          {s().send}
        </button>
        <button type="button" onClick={() => dialog?.close()}>
          {s().back}
        </button>
      </div>
    </dialog>
  );
}
