import { For, onMount, Show } from 'solid-js';
import { labels, transitionLabel } from '../i18n/labels.ts';
import { formatList } from '../i18n/locale.ts';
import { enumLabel } from './activity-sentence.ts';
import type { Draft } from './decision.ts';
import type { Editing } from './editing.ts';
import { diffSnapshots, type SnapshotField, type SnapshotValue } from './snapshot.ts';
import { workspaceStrings as t } from './strings.ts';
import { useWorkspace, type Workspace } from './workspace-context.ts';

/** A compared value as a reader sees it: labels for codes, names joined, a dash for nothing. */
function shownValue(ws: Workspace, field: SnapshotField, value: SnapshotValue): string {
  if (value === null || value.length === 0) return t().none;
  if (typeof value !== 'string') return formatList(value);
  switch (field) {
    case 'stage':
      return enumLabel(labels().stage, value);
    case 'status':
      return enumLabel(labels().status, value);
    case 'action':
      return enumLabel(labels().action, value);
    case 'classificationCode':
    case 'myVote':
      return ws.classificationLabel(value);
    default:
      return value;
  }
}

/** The person's own action, in words. */
function describeDraft(ws: Workspace, draft: Draft): string {
  const s = t().conflict;
  switch (draft.kind) {
    case 'transition':
      return s.transition(transitionLabel(draft.transition, ws.proposal().stage));
    case 'vote':
      return s.vote(ws.classificationLabel(draft.code));
    case 'finalClassification':
      return s.finalClassification(ws.classificationLabel(draft.code));
    case 'legality':
      return s.legality(labels().legality[draft.opinion]);
  }
}

function typedText(draft: Draft): string {
  if (draft.kind === 'transition' || draft.kind === 'legality') return draft.reason.trim();
  return draft.kind === 'vote' ? draft.note.trim() : '';
}

/**
 * Someone else changed the proposal before the person's action reached the server: what changed
 * since they started (field by field), what they were doing (with what they typed, kept), and the
 * two ways on: apply it to the proposal as it is now, or drop it.
 */
export function ConflictPanel(props: { editing: Editing }) {
  const ws = useWorkspace();
  const s = () => t().conflict;
  const changes = () => {
    const now = ws.snapshot();
    return now ? diffSnapshots(props.editing.base, now) : [];
  };
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());

  return (
    <section class="conflict" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading" tabindex="-1" ref={heading}>
        {s().heading}
      </h2>
      <p role="alert">{s().intro}</p>
      <Show when={props.editing.error}>{(error) => <p class="form-error">{s().serverSaid(error().message())}</p>}</Show>
      <Show when={changes().length > 0} fallback={<p class="muted">{s().noVisibleChange}</p>}>
        <table class="diff">
          <thead>
            <tr>
              <th scope="col">{s().field}</th>
              <th scope="col">{s().yours}</th>
              <th scope="col">{s().current}</th>
            </tr>
          </thead>
          <tbody>
            <For each={changes()}>
              {(change) => (
                <tr>
                  <th scope="row">{s().fields[change.field]}</th>
                  <td class="was">{shownValue(ws, change.field, change.before)}</td>
                  <td class="now">{shownValue(ws, change.field, change.after)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <p class="your-action">
        <strong>{s().yourAction}</strong>
        {describeDraft(ws, props.editing.draft)}
        <Show when={typedText(props.editing.draft)}>{(text) => <q class="detail">{text()}</q>}</Show>
      </p>
      <div class="form-buttons">
        <button type="button" class="primary" onClick={() => void ws.edit.reapply()}>
          {s().reapply}
        </button>
        <button type="button" onClick={() => ws.edit.discard()}>
          {s().discard}
        </button>
      </div>
    </section>
  );
}
