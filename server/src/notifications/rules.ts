import { notificationKinds, type ActivityAction } from '@devolve/db';
import { sql, type SQL } from 'drizzle-orm';
import { teamRoles, type Viewer } from '../accounts/permissions.ts';
import type { ChangeEvent } from '../events/change-event.ts';

/**
 * The notification rules, in one place: who is told about which activity entry, and as what kind.
 * mutate() runs `notificationRecipients` in the statement that writes the entry (a fan-out on write
 * into `notifications`) and puts the recipients on the published event, so the live check
 * (`changesInbox`) reads the same decision instead of deciding again.
 *
 * | kind               | entry                                       | who                                           |
 * |--------------------|---------------------------------------------|-----------------------------------------------|
 * | mention            | comment.created                             | the users it @mentions                        |
 * | reply              | comment.created                             | who wrote in the thread before, or started it |
 * | department_comment | comment.created in a shared thread          | the proposal's department (its submitters)    |
 * | assignment         | proposal.assigned                           | the reviewers newly assigned                  |
 * | proposal_returned  | proposal.transitioned: return               | the proposal's department                     |
 * | proposal_decided   | proposal.transitioned: reject, pass_recheck, approve | the proposal's department            |
 * | proposal_contested | proposal.transitioned: contest              | the proposal's assignees                      |
 * | consultation       | consultation.opened                         | the liaisons of each district it asks         |
 * | reminder           | reminder.sent (by a person)                 | the person chased, or everyone of the unit    |
 * | deadline           | reminder.sent (automatic: due soon/overdue) | the person chased, or everyone of the unit    |
 *
 * Never the actor, never an inactive account, never a kind the person muted, one notification per
 * person and entry (the first kind above wins), and an internal entry (internal threads) only ever
 * reaches the review team. Deadlines are not stored as such: the automatic-reminders job already
 * chases due-soon and overdue work once per deadline, and each of its reminders is a `deadline`.
 */
export type NotificationKind = (typeof notificationKinds)[number];

export const decidingTransitions = ['reject', 'pass_recheck', 'approve'] as const;

/** The transitions that tell the department (a submission or a move within review notifies no one). */
const returnOrDecision: readonly string[] = ['return', ...decidingTransitions];

/** An activity entry as the rules' in-memory checks read it (before it is written). */
export interface EntryFacts {
  action: ActivityAction;
  after?: unknown;
  entityId?: number;
  /** Who acts; null for the system, undefined when not known (then nothing is ruled out by it). */
  actorId?: number | null;
  internal?: boolean;
}

/**
 * Whether some rule below can give `entry` a recipient, among the entries of its mutation:
 * mutate() adds the fan-out to its activity statement only when some entry may, built from those
 * rules alone. Planning the whole query costs PGlite 10–70 ms, more than all the rest of a transition.
 */
export function mayNotify(entry: EntryFacts, entries: readonly EntryFacts[] = [entry]): boolean {
  return candidateRules.some((rule) => rule.action === entry.action && (rule.may?.(entry, entries) ?? true));
}

const textArray = (values: readonly string[]) => sql.raw(`array[${values.map((v) => `'${v}'`).join(', ')}]`);

const department = (unit: SQL) => sql`select u.id from users u where u.unit_id = ${unit} and 'submitter' = any(u.roles)`;

const after = (entry: EntryFacts) => (entry.after ?? {}) as { mentionedUserIds?: unknown[]; threadId?: number; transition?: unknown };

/**
 * A comment's thread was started in this very mutation, and everyone who wrote in it here is the
 * comment's author: its reply rule (the thread's author and writers) then finds only the author.
 */
function onlyAuthorInNewThread(entry: EntryFacts, entries: readonly EntryFacts[]): boolean {
  const threadId = after(entry).threadId;
  const started = entries.find((e) => e.action === 'comment_thread.started' && e.entityId === threadId);
  if (!started || entry.actorId == null) return false;
  const writers = entries.filter((e) => e.action === 'comment.created' && after(e).threadId === threadId);
  return [started, ...writers].every((e) => e.actorId === entry.actorId);
}

/**
 * Each rule's candidates (user_id, activity_id, kind, rank, proposal_id, thread_id) over the entries
 * `a`, by the action it reads; `may`, beside it, says in memory when the rule surely gives an entry
 * no one (absent: it may always).
 */
const candidateRules: readonly { action: ActivityAction; may?: (entry: EntryFacts, entries: readonly EntryFacts[]) => boolean; candidates: SQL }[] = [
  {
    action: 'comment.created',
    may: (entry) => (after(entry).mentionedUserIds?.length ?? 0) > 0,
    candidates: sql`select m.uid::int, a.id, 'mention', 1, a.proposal_id, (a.after->>'threadId')::int
        from a cross join lateral jsonb_array_elements_text(a.after->'mentionedUserIds') m(uid)
        where a.action = 'comment.created'`,
  },
  {
    action: 'comment.created',
    may: (entry, entries) => !onlyAuthorInNewThread(entry, entries),
    candidates: sql`select w.user_id, a.id, 'reply', 2, a.proposal_id, t.id
        from a join comment_threads t on t.id = (a.after->>'threadId')::int
        cross join lateral (select t.author_id union select c.author_id from comments c where c.thread_id = t.id) w(user_id)
        where a.action = 'comment.created'`,
  },
  {
    action: 'comment.created',
    may: (entry) => entry.internal !== true,
    candidates: sql`select d.id, a.id, 'department_comment', 3, a.proposal_id, (a.after->>'threadId')::int
        from a join proposals p on p.id = a.proposal_id
        cross join lateral (${department(sql`p.submitting_unit_id`)}) d
        where a.action = 'comment.created' and not a.internal`,
  },
  {
    action: 'proposal.assigned',
    candidates: sql`select n.uid::int, a.id, 'assignment', 4, a.proposal_id, null::int
        from a cross join lateral (
          select jsonb_array_elements_text(a.after->'assigneeIds')
          except select jsonb_array_elements_text(coalesce(a.before->'assigneeIds', '[]'))
        ) n(uid)
        where a.action = 'proposal.assigned'`,
  },
  {
    action: 'proposal.transitioned',
    may: (entry) => returnOrDecision.includes(after(entry).transition as string),
    candidates: sql`select d.id, a.id,
          case a.after->>'transition' when 'return' then 'proposal_returned' else 'proposal_decided' end,
          5, a.proposal_id, null::int
        from a join proposals p on p.id = a.proposal_id
        cross join lateral (${department(sql`p.submitting_unit_id`)}) d
        where a.action = 'proposal.transitioned' and a.after->>'transition' = any(${textArray(returnOrDecision)})`,
  },
  {
    action: 'proposal.transitioned',
    may: (entry) => after(entry).transition === 'contest',
    candidates: sql`select pa.user_id, a.id, 'proposal_contested', 6, a.proposal_id, null::int
        from a join proposal_assignees pa on pa.proposal_id = a.proposal_id
        where a.action = 'proposal.transitioned' and a.after->>'transition' = 'contest'`,
  },
  {
    action: 'consultation.opened',
    candidates: sql`select u.id, a.id, 'consultation', 7, a.proposal_id, null::int
        from a join district_feedback f on f.consultation_id = a.entity_id
        join users u on u.unit_id = f.district_id and 'district_liaison' = any(u.roles)
        where a.action = 'consultation.opened'`,
  },
  {
    action: 'reminder.sent',
    candidates: sql`select u.id, a.id, case r.channel when 'automatic' then 'deadline' else 'reminder' end, 8, a.proposal_id, null::int
        from a join reminders r on r.id = a.entity_id
        join users u on u.id = r.recipient_user_id or u.unit_id = r.recipient_unit_id
        where a.action = 'reminder.sent'`,
  },
];

/**
 * Every (user, entry, kind) the rules give for the activity rows `rows` (a query of whole activity
 * rows, the ones `entries` describe), as one SELECT over them as `a`: the candidates of the rules
 * that may give some entry someone (mayNotify), ranked by kind, filtered by the recipients' accounts
 * and settings. Each rule reads only the entries it is about, so other rows among `rows` give no one.
 */
export function notificationRecipients(rows: SQL, entries: readonly EntryFacts[]): SQL {
  const rules = candidateRules.filter((rule) => entries.some((entry) => entry.action === rule.action && (rule.may?.(entry, entries) ?? true)));
  if (rules.length === 0) throw new Error('notificationRecipients needs an entry some rule may notify of');
  return sql`
    with a as (${rows}),
    candidate(user_id, activity_id, kind, rank, proposal_id, thread_id) as (
      ${sql.join(
        rules.map((rule) => rule.candidates),
        sql`
      union all
      `,
      )}
    )
    select distinct on (c.user_id, c.activity_id)
        c.user_id, c.activity_id, c.kind::notification_kind as kind, c.proposal_id, c.thread_id
      from candidate c
      join a on a.id = c.activity_id
      join users u on u.id = c.user_id and u.active
      left join notification_settings s on s.user_id = c.user_id
      where c.user_id is distinct from a.actor_id
        and (not a.internal or u.roles && ${textArray(teamRoles)}::role[])
        and not (c.kind::notification_kind = any(coalesce(s.muted_kinds, '{}')))
      order by c.user_id, c.activity_id, c.rank`;
}

/**
 * The live check: whether an event changes the viewer's inbox. Its recipients were decided by the
 * rules above when it was written; marking read and changing settings are the viewer's own.
 */
export function changesInbox(viewer: Viewer, event: ChangeEvent): boolean {
  if (event.recipients?.includes(viewer.userId)) return true;
  return event.actorId === viewer.userId && inboxActions.has(event.action);
}

const inboxActions: ReadonlySet<string> = new Set<ActivityAction>(['notifications.read']);
