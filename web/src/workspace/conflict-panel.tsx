import { Show } from 'solid-js';
import { type ConflictRow, ConflictPanel } from '../conflicts/conflict-panel.tsx';
import { labels, transitionLabel } from '../i18n/labels.ts';
import { enumLabel } from './activity-sentence.ts';
import type { Draft } from './decision.ts';
import type { Editing } from './editing.ts';
import { diffSnapshots, type SnapshotField, type SnapshotValue } from './snapshot.ts';
import { workspaceStrings as t } from './strings.ts';
import { useWorkspace, type Workspace } from './workspace-context.ts';

/** A compared value as a reader sees it: labels for codes (names and nothing are the panel's). */
function shownValue(ws: Workspace, field: SnapshotField, value: SnapshotValue): SnapshotValue {
  if (typeof value !== 'string') return value;
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
 * two ways on: apply it to the proposal as it is now, or drop it. The shared conflict panel.
 */
export function ActionConflict(props: { editing: Editing }) {
  const ws = useWorkspace();
  const s = () => t().conflict;
  const rows = (): ConflictRow[] => {
    const now = ws.snapshot();
    return (now ? diffSnapshots(props.editing.base, now) : []).map((change) => ({
      key: change.field,
      label: s().fields[change.field],
      mine: shownValue(ws, change.field, change.before),
      theirs: shownValue(ws, change.field, change.after),
    }));
  };
  return (
    <ConflictPanel
      heading={s().heading}
      intro={s().intro}
      mineLabel={s().yours}
      theirsLabel={s().current}
      rows={rows()}
      noChange={s().noVisibleChange}
      actions={
        <>
          <button type="button" class="primary" onClick={() => void ws.edit.reapply()}>
            {s().reapply}
          </button>
          <button type="button" onClick={() => ws.edit.discard()}>
            {s().discard}
          </button>
        </>
      }
    >
      <p class="your-action">
        <strong>{s().yourAction}</strong>
        {describeDraft(ws, props.editing.draft)}
        <Show when={typedText(props.editing.draft)}>{(text) => <q class="detail">{text()}</q>}</Show>
      </p>
    </ConflictPanel>
  );
}
