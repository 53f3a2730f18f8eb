import { createUniqueId, type JSX, Show } from 'solid-js';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { CharCounter } from '../forms/char-counter.tsx';
import { type Draft, type DraftField, draftProblem, expectedVersionOf } from './decision.ts';
import { workspaceStrings as t } from './strings.ts';
import { useWorkspace, type Workspace } from './workspace-context.ts';

/** The open draft, if it is of `kind` (each form edits its own kind). */
export function openDraft<Kind extends Draft['kind']>(ws: Workspace, kind: Kind): Extract<Draft, { kind: Kind }> | undefined {
  const draft = ws.edit.editing()?.draft;
  return draft?.kind === kind ? (draft as Extract<Draft, { kind: Kind }>) : undefined;
}

/** What to say beside `field`: the check made before sending, or the server's refusal naming it. */
function fieldMessage(ws: Workspace, field: DraftField): string | null {
  const editing = ws.edit.editing();
  if (!editing) return null;
  if (editing.problem?.field === field) {
    const limit = ws.reasonLimit();
    // A length problem is found only against a known limit.
    if (editing.problem.problem === 'tooLong' && limit !== undefined) return t().problem.tooLong(limit);
    if (field === 'districtIds') return t().problem.districtsRequired;
    return field === 'code' ? t().problem.codeRequired : t().problem.reasonRequired;
  }
  return editing.error?.field === field ? editing.error.message() : null;
}

/** A message shown in place under a field, announced when it appears. */
export function FieldMessage(props: { id: string; field: DraftField }) {
  const ws = useWorkspace();
  return (
    <Show when={fieldMessage(ws, props.field)}>
      {(message) => (
        <p class="field-error" id={props.id} role="alert">
          {message()}
        </p>
      )}
    </Show>
  );
}

/** A reason or note, with its message in place and a counter against the server's limit (textLimits.reason). */
export function DraftText(props: {
  field: 'reason' | 'note';
  label: string;
  required: boolean;
  value: string;
  onInput: (value: string) => void;
}) {
  const ws = useWorkspace();
  const id = createUniqueId();
  const messageId = `${id}-message`;
  const counterId = `${id}-counter`;
  return (
    <div class="form-field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows="3"
        maxLength={ws.reasonLimit()}
        value={props.value}
        required={props.required}
        aria-invalid={fieldMessage(ws, props.field) !== null}
        aria-describedby={fieldMessage(ws, props.field) !== null ? `${messageId} ${counterId}` : counterId}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <CharCounter id={counterId} text={props.value} limit={ws.reasonLimit()} />
      <FieldMessage id={messageId} field={props.field} />
    </div>
  );
}

/**
 * The frame of every action's form: its fields, a note when the proposal changed since the person
 * started, a refusal that names no field, and send / cancel (only close after a refusal that stands). In a conflict the choices move to
 * the conflict panel, so sending here waits. An act that cannot be undone (`confirm`, its question)
 * is asked again in a modal dialog before it is sent; the form's note goes with it.
 */
export function DraftForm(props: { label: string; submitLabel: string; confirm?: string; children: JSX.Element }) {
  const ws = useWorkspace();
  let ask: (() => void) | undefined;
  const editing = () => ws.edit.editing();
  const stale = () => {
    const open = editing();
    const now = ws.snapshot();
    return open !== null && now !== undefined && open.phase === 'editing' && expectedVersionOf(open.draft, open.base) !== expectedVersionOf(open.draft, now);
  };
  // In a conflict the conflict panel says it.
  const generalError = () => {
    const open = editing();
    return open?.error && open.error.field === null && open.phase !== 'conflict' ? open.error.message() : null;
  };
  return (
    <form
      class="draft-form"
      aria-label={props.label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        // A draft with a problem goes to submit, which shows the problem in place, not the question.
        const open = editing();
        if (props.confirm && ask && open && draftProblem(open.draft, ws.reasonLimit()) === null) ask();
        else void ws.edit.submit();
      }}
    >
      {props.children}
      <Show when={stale()}>
        <p class="stale-note" role="status">
          {t().changedMeanwhile}
        </p>
      </Show>
      <Show when={generalError()}>
        {(message) => (
          <p class="form-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <div class="form-buttons">
        {/* A refusal that stands offers no retry: only closing the form. */}
        <Show when={editing()?.phase !== 'refused'}>
          <button type="submit" class="primary" disabled={editing()?.phase !== 'editing'}>
            {editing()?.phase === 'submitting' ? t().submitting : props.submitLabel}
          </button>
        </Show>
        <button type="button" disabled={editing()?.phase === 'submitting'} onClick={() => ws.edit.discard()}>
          {editing()?.phase === 'refused' ? t().close : t().cancel}
        </button>
      </div>
      <ConfirmDialog question={props.confirm} ref={(open) => (ask = open)} onConfirm={() => void ws.edit.submit()} />
    </form>
  );
}
