import { isActivityAction } from '@devolve/db/activity-actions';
import { labels } from '../i18n/labels.ts';
import { workspaceStrings } from './strings.ts';

/** One entry of the proposal's timeline, as the API gives it. */
export interface ActivityEntry {
  action: string;
  actor: { displayName: string; unit: { shortName: string } } | null;
  /** Small JSON snapshots; their shape depends on the action (see the commands in server/src). */
  before: unknown;
  after: unknown;
}

/** A readable line for a timeline entry, with the reason or note it carried, if any. */
export interface ActivitySentence {
  text: string;
  detail: string | null;
}

export interface SentenceContext {
  /** The campaign vocabulary's label of a classification code. */
  classificationLabel(code: string): string;
}

/** A field of a JSON snapshot, if it is a string. */
function textField(snapshot: unknown, key: string): string | null {
  if (typeof snapshot !== 'object' || snapshot === null) return null;
  const value = (snapshot as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

function countField(snapshot: unknown, key: string): number | null {
  if (typeof snapshot !== 'object' || snapshot === null) return null;
  const value = (snapshot as Record<string, unknown>)[key];
  if (typeof value === 'number') return value;
  return Array.isArray(value) ? value.length : null;
}

/**
 * The label of a value the activity log stores as the database spells it (`initial_review`) in a
 * table keyed by the schema's enum (`INITIAL_REVIEW`); the raw value if the table lacks it.
 */
export function enumLabel(table: Record<string, string>, value: string | null): string {
  if (value === null) return workspaceStrings().none;
  return table[value.toUpperCase()] ?? value;
}

/**
 * The timeline's sentence for an activity entry, in the interface language: "杨家豪（市委编办）将
 * 意见执行“初审通过”…". Covers every action of the one catalogue (db/src/activity-actions.ts)
 * recorded about a proposal; anything else reads "actor: action".
 */
export function activitySentence(entry: ActivityEntry, context: SentenceContext): ActivitySentence {
  const t = workspaceStrings().activity;
  const l = labels();
  const actor = entry.actor
    ? workspaceStrings().person(entry.actor.displayName, entry.actor.unit.shortName)
    : entry.action === 'public_comment.received'
      ? t.public
      : t.system;
  const after = (key: string) => textField(entry.after, key);
  const before = (key: string) => textField(entry.before, key);
  const sentence = (text: string, detail: string | null = null): ActivitySentence => ({ text, detail });
  const classification = (code: string | null) => (code === null ? workspaceStrings().none : context.classificationLabel(code));

  const action = isActivityAction(entry.action) ? entry.action : null;
  switch (action) {
    case 'proposal.created':
      return sentence(t.created(actor, enumLabel(l.action, after('action'))));
    case 'proposal.updated':
      return sentence(t.updated(actor));
    case 'proposal.draft_deleted':
      return sentence(t.draftDeleted(actor));
    case 'proposal.transitioned':
      return sentence(
        t.transitioned(
          actor,
          enumLabel(l.transition, after('transition')),
          enumLabel(l.stage, after('stage')),
          enumLabel(l.status, after('status')),
        ),
        after('reason'),
      );
    case 'proposal.classified':
      return sentence(t.classified(actor, classification(after('classificationCode'))));
    case 'proposal.assigned':
      return sentence(t.assigned(actor, countField(entry.after, 'assigneeIds') ?? 0));
    case 'proposal.unassigned':
      return sentence(t.unassigned(actor));
    case 'classification.voted': {
      const was = before('code');
      const now = after('code');
      return sentence(
        was !== null && was !== now ? t.revoted(actor, classification(was), classification(now)) : t.voted(actor, classification(now)),
      );
    }
    case 'review.recorded': {
      const verdict = enumLabel(l.verdict, after('verdict'));
      const stage = after('stage');
      return sentence(stage === null ? t.recorded(actor, verdict) : t.recordedAt(actor, enumLabel(l.stage, stage), verdict));
    }
    case 'consultation.opened':
      return sentence(
        t.consultationOpened(actor, countField(entry.after, 'districtIds') ?? 0, countField(entry.after, 'departmentIds') ?? 0),
      );
    case 'consultation.closed':
      // The scheduled job closes a consultation whose deadline passed (server/src/jobs).
      return sentence(after('reason') === 'deadline' ? t.consultationExpired : t.consultationClosed(actor));
    case 'consultation.answered':
      return sentence(t.answered(actor, enumLabel(l.stance, after('stance'))));
    case 'comment_thread.started': {
      const anchor = after('anchor');
      return sentence(anchor === null ? t.threadStartedGeneral(actor) : t.threadStarted(actor, enumLabel(l.anchor, anchor)));
    }
    case 'comment.created':
      return sentence(t.commented(actor));
    case 'comment.edited':
      return sentence(t.commentEdited(actor));
    case 'comment_thread.resolved':
      return sentence(t.threadResolved(actor));
    case 'comment_thread.reopened':
      return sentence(t.threadReopened(actor));
    case 'handover.created':
      return sentence(t.handoverCreated(actor));
    case 'handover.updated': {
      const status = after('status');
      return sentence(status === null ? t.handoverEdited(actor) : t.handoverUpdated(actor, enumLabel(l.handoverStatus, status)));
    }
    case 'handover.commented':
      return sentence(t.handoverCommented(actor), after('note'));
    case 'power_item.changed':
      return sentence(t.itemChanged(enumLabel(l.powerItemStatus, after('status'))));
    case 'public_comment.received':
      return sentence(t.publicComment);
    case 'public_comment.accepted':
      // The public reply goes with the decision (shown under it); a dismissal has none.
      return sentence(t.publicCommentAccepted(actor), after('reply'));
    case 'public_comment.dismissed':
      return sentence(t.publicCommentDismissed(actor));
    default:
      return sentence(t.other(actor, entry.action));
  }
}
