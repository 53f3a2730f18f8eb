import {
  campaigns,
  consultations,
  districtFeedback,
  evaluations,
  handovers,
  powerItemClaims,
  proposalAssignees,
  proposals,
  reminders,
  units,
  type Database,
} from '@devolve/db';
import { and, eq, inArray, isNull, ne, notExists, or, sql, type SQL } from 'drizzle-orm';
import { alias, type SubqueryWithSelection } from 'drizzle-orm/pg-core';
import { hasRole, type Role, type Viewer } from '../accounts/permissions.ts';
import type { Tx } from '../activity/mutate.ts';
import { visibleFeedback } from '../consultations/visibility.ts';
import { participatingUnits } from '../evaluations/participants.ts';
import { evaluableStatuses } from '../evaluations/rules.ts';
import { visibleEvaluations } from '../evaluations/visibility.ts';
import { visibleHandovers } from '../handovers/visibility.ts';
import { visibleClaims } from '../power-items/claims.ts';
import { visibleProposals } from '../proposals/visibility.ts';
import type { ReminderSubject } from '../reminders/commands.ts';
import { sentToViewer, visibleReminders } from '../reminders/visibility.ts';
import { dayDeadline, deadlineDay, overdueAt } from './deadlines.ts';

/**
 * The work that waits for someone, one kind at a time: each kind selects its open items (one row
 * each) with the campaign, who owes it (a unit or a person), the row it is about and its deadline.
 * The to-do (todo.ts) counts a viewer's share, the console's figures count the overdue ones per
 * owner, and the scheduled job (reminders/automatic.ts) chases owners of work due soon or overdue:
 * all three read the same definitions. Adding a kind is one entry in `workKinds`.
 */

export const todoKinds = [
  'review',
  'legality',
  'approval',
  'open_consultation',
  'close_consultation',
  'settle_claim',
  'revise',
  'confirm',
  'claim',
  'answer',
  'handover',
  'self_evaluate',
  'assess',
  'reminder',
] as const;
export type TodoKind = (typeof todoKinds)[number];

type Db = Database | Tx;

/** The columns every kind's items have. */
function itemColumns(columns: {
  campaignId: unknown;
  unitId?: unknown;
  userId?: unknown;
  subjectId: unknown;
  /** A day's deadline (a date column), or else an instant's (`dueAt`); neither when there is none. */
  dueOn?: unknown;
  dueAt?: unknown;
}) {
  const dueAt: SQL<string | null> =
    columns.dueAt !== undefined ? sql<string | null>`${columns.dueAt}` : columns.dueOn !== undefined ? dayDeadline(columns.dueOn) : sql<string | null>`null::timestamptz`;
  const dueOn: SQL<string | null> =
    columns.dueOn !== undefined ? sql<string | null>`${columns.dueOn}` : columns.dueAt !== undefined ? deadlineDay(columns.dueAt) : sql<string | null>`null::date`;
  return {
    campaignId: sql<number | null>`${columns.campaignId ?? sql`null`}::integer`.as('campaign_id'),
    unitId: sql<number | null>`${columns.unitId ?? sql`null`}::integer`.as('unit_id'),
    userId: sql<number | null>`${columns.userId ?? sql`null`}::integer`.as('user_id'),
    subjectId: sql<number>`${columns.subjectId}::integer`.as('subject_id'),
    dueOn: sql<string | null>`${dueOn}::date::text`.as('due_on'),
    dueAt: sql<string | null>`${dueAt}`.as('due_at'),
  };
}
export type WorkItemColumns = ReturnType<typeof itemColumns>;

/** A kind's items: a select of `WorkItemColumns`, to read as a subquery. */
export interface WorkItems {
  as<Alias extends string>(alias: Alias): SubqueryWithSelection<WorkItemColumns, Alias>;
}

export interface WorkKind {
  kind: TodoKind;
  /**
   * Who owes the work: a unit (department or district) or one person, whom the console counts and
   * the job chases; null when whoever holds a role does it, or it is a reminder itself.
   */
  owner: 'unit' | 'user' | null;
  /** What the job's reminder is about: each item, or the campaign (one reminder for all its items with one deadline). */
  chase: ReminderSubject;
  /** Whether the viewer does this kind of work at all. */
  doneBy(viewer: Viewer): boolean;
  /**
   * The open items; with a viewer, only their share (theirs or their unit's, or all of it when the
   * kind is a role's) among the rows their read rules let them read.
   */
  items(db: Db, viewer: Viewer | null, now: Date): WorkItems;
}

const roles =
  (...allowed: Role[]) =>
  (viewer: Viewer) =>
    hasRole(viewer, ...allowed);

/** The proposal-read rule and an owner condition, only when a viewer is given. */
const share = (viewer: Viewer | null, ...conditions: ((viewer: Viewer) => SQL | undefined)[]): SQL | undefined =>
  viewer ? and(...conditions.map((condition) => condition(viewer))) : undefined;
const readsProposals = (viewer: Viewer) => visibleProposals(proposals, viewer);

/** Proposals of `stages`, active, with the campaign's deadline `deadline`: the team's stage work. */
type CampaignDeadline = keyof typeof campaigns.$inferSelect & `${string}Deadline`;

function atStage(stages: (typeof proposals.stage.enumValues)[number][], deadline: CampaignDeadline) {
  return (db: Db, viewer: Viewer | null) =>
    db
      .select(itemColumns({ campaignId: proposals.campaignId, subjectId: proposals.id, dueOn: campaigns[deadline] }))
      .from(proposals)
      .innerJoin(campaigns, eq(campaigns.id, proposals.campaignId))
      .where(and(inArray(proposals.stage, stages), eq(proposals.status, 'active'), share(viewer, readsProposals)));
}

/** A department's own proposals in `condition`, owed by the department by the campaign's deadline `deadline`. */
function unitProposals(condition: SQL, deadline: CampaignDeadline) {
  return (db: Db, viewer: Viewer | null) =>
    db
      .select(itemColumns({ campaignId: proposals.campaignId, unitId: proposals.submittingUnitId, subjectId: proposals.id, dueOn: campaigns[deadline] }))
      .from(proposals)
      .innerJoin(campaigns, eq(campaigns.id, proposals.campaignId))
      .where(and(condition, share(viewer, (v) => eq(proposals.submittingUnitId, v.unitId), readsProposals)));
}

/** The evaluator's assessments, beside the self-evaluations they assess. */
const assessments = alias(evaluations, 'assessments');

/** A consultation still open: districts may answer it. */
const openConsultation = eq(consultations.status, 'open');

export const workKinds: readonly WorkKind[] = [
  {
    // A reviewer's assigned proposals waiting for their vote or decision, by the review deadline.
    kind: 'review',
    owner: 'user',
    chase: 'campaign',
    doneBy: roles('reviewer'),
    items: (db, viewer) =>
      db
        .select(
          itemColumns({ campaignId: proposals.campaignId, userId: proposalAssignees.userId, subjectId: proposals.id, dueOn: campaigns.reviewDeadline }),
        )
        .from(proposalAssignees)
        .innerJoin(proposals, eq(proposals.id, proposalAssignees.proposalId))
        .innerJoin(campaigns, eq(campaigns.id, proposals.campaignId))
        .where(
          and(
            inArray(proposals.stage, ['submitted', 'initial_review', 'recheck']),
            eq(proposals.status, 'active'),
            share(viewer, (v) => eq(proposalAssignees.userId, v.userId), readsProposals),
          ),
        ),
  },
  // The justice bureau's legality review runs to the review deadline; the approvers' to the approval deadline.
  { kind: 'legality', owner: null, chase: 'proposal', doneBy: roles('legal_reviewer'), items: atStage(['legality_review'], 'reviewDeadline') },
  { kind: 'approval', owner: null, chase: 'proposal', doneBy: roles('approver'), items: atStage(['approval'], 'approvalDeadline') },
  {
    // Delegations and entrustments at the consultation stage with no round open: the lead office puts them to the districts.
    kind: 'open_consultation',
    owner: null,
    chase: 'proposal',
    doneBy: roles('coordinator'),
    items: (db, viewer) =>
      db
        .select(itemColumns({ campaignId: proposals.campaignId, subjectId: proposals.id, dueOn: campaigns.consultationDeadline }))
        .from(proposals)
        .innerJoin(campaigns, eq(campaigns.id, proposals.campaignId))
        .where(
          and(
            eq(proposals.stage, 'consultation'),
            eq(proposals.status, 'active'),
            notExists(db.select({ one: sql`1` }).from(consultations).where(and(eq(consultations.proposalId, proposals.id), openConsultation))),
            share(viewer, readsProposals),
          ),
        ),
  },
  {
    // Open rounds every district has answered, or whose deadline passed: the lead office closes them.
    kind: 'close_consultation',
    owner: null,
    chase: 'consultation',
    doneBy: roles('coordinator'),
    items: (db, viewer, now) =>
      db
        .select(itemColumns({ campaignId: proposals.campaignId, subjectId: consultations.id, dueAt: consultations.deadline }))
        .from(consultations)
        .innerJoin(proposals, eq(proposals.id, consultations.proposalId))
        .where(
          and(
            openConsultation,
            or(
              overdueAt(consultations.deadline, now),
              notExists(
                db
                  .select({ one: sql`1` })
                  .from(districtFeedback)
                  .where(and(eq(districtFeedback.consultationId, consultations.id), isNull(districtFeedback.stance))),
              ),
            ),
            share(viewer, readsProposals),
          ),
        ),
  },
  {
    // Pending claims: the lead office grants one unit the item (contested ones first in its tab).
    kind: 'settle_claim',
    owner: null,
    chase: 'claim',
    doneBy: roles('coordinator'),
    items: (db, viewer) =>
      db
        .select(itemColumns({ campaignId: null, subjectId: powerItemClaims.id }))
        .from(powerItemClaims)
        .where(and(eq(powerItemClaims.status, 'pending'), share(viewer, (v) => visibleClaims(powerItemClaims, v)))),
  },
  // A department's returned proposals to revise and resubmit, by the review deadline.
  { kind: 'revise', owner: 'unit', chase: 'campaign', doneBy: roles('submitter'), items: unitProposals(and(eq(proposals.status, 'returned'), ne(proposals.stage, 'decided'))!, 'reviewDeadline') },
  // A department's outcomes to confirm or contest before they go to approval, by the approval deadline.
  {
    kind: 'confirm',
    owner: 'unit',
    chase: 'campaign',
    doneBy: roles('submitter'),
    items: unitProposals(and(eq(proposals.stage, 'unit_confirmation'), eq(proposals.status, 'active'))!, 'approvalDeadline'),
  },
  {
    // A department's own claims still pending: the lead office settles them (shown so the unit can follow them).
    kind: 'claim',
    owner: null,
    chase: 'claim',
    doneBy: roles('submitter'),
    items: (db, viewer) =>
      db
        .select(itemColumns({ campaignId: null, unitId: powerItemClaims.unitId, subjectId: powerItemClaims.id }))
        .from(powerItemClaims)
        .where(
          and(
            eq(powerItemClaims.status, 'pending'),
            share(viewer, (v) => eq(powerItemClaims.unitId, v.unitId), (v) => visibleClaims(powerItemClaims, v)),
          ),
        ),
  },
  {
    // A district's open consultations it has not answered, by each consultation's deadline.
    kind: 'answer',
    owner: 'unit',
    chase: 'consultation',
    doneBy: roles('district_liaison'),
    items: (db, viewer) =>
      db
        .select(
          itemColumns({ campaignId: proposals.campaignId, unitId: districtFeedback.districtId, subjectId: consultations.id, dueAt: consultations.deadline }),
        )
        .from(districtFeedback)
        .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
        .innerJoin(proposals, eq(proposals.id, consultations.proposalId))
        .where(
          and(
            isNull(districtFeedback.stance),
            openConsultation,
            share(viewer, (v) => eq(districtFeedback.districtId, v.unitId), (v) => visibleFeedback(districtFeedback, v)),
          ),
        ),
  },
  {
    // A district's handovers not yet ready (preparing or blocked), by their planned date.
    kind: 'handover',
    owner: 'unit',
    chase: 'handover',
    doneBy: roles('district_liaison'),
    items: (db, viewer) =>
      db
        .select(itemColumns({ campaignId: proposals.campaignId, unitId: handovers.districtId, subjectId: handovers.id, dueOn: handovers.plannedOn }))
        .from(handovers)
        .innerJoin(proposals, eq(proposals.id, handovers.proposalId))
        .where(
          and(
            inArray(handovers.status, ['preparing', 'blocked']),
            share(viewer, (v) => eq(handovers.districtId, v.unitId), (v) => visibleHandovers(handovers, v)),
          ),
        ),
  },
  {
    // A participating unit's self-evaluation (自评) not yet submitted, while the campaign is evaluated (from handover on).
    kind: 'self_evaluate',
    owner: 'unit',
    chase: 'campaign',
    doneBy: roles('submitter', 'district_liaison'),
    items: (db, viewer) =>
      db
        .select(itemColumns({ campaignId: campaigns.id, unitId: units.id, subjectId: campaigns.id }))
        .from(campaigns)
        .innerJoin(units, sql`${units.id} in ${participatingUnits(campaigns.id)}`)
        .where(
          and(
            inArray(campaigns.status, [...evaluableStatuses]),
            inArray(units.kind, ['department', 'district']),
            notExists(
              db
                .select({ one: sql`1` })
                .from(evaluations)
                .where(and(eq(evaluations.campaignId, campaigns.id), eq(evaluations.unitId, units.id), eq(evaluations.kind, 'self'), eq(evaluations.status, 'submitted'))),
            ),
            share(viewer, (v) => eq(units.id, v.unitId)),
          ),
        ),
  },
  {
    // Submitted self-evaluations the third-party evaluator has not yet assessed.
    kind: 'assess',
    owner: null,
    chase: 'evaluation',
    doneBy: roles('observer'),
    items: (db, viewer) =>
      db
        .select(itemColumns({ campaignId: evaluations.campaignId, subjectId: evaluations.id }))
        .from(evaluations)
        .innerJoin(campaigns, eq(campaigns.id, evaluations.campaignId))
        .where(
          and(
            eq(evaluations.kind, 'self'),
            eq(evaluations.status, 'submitted'),
            inArray(campaigns.status, [...evaluableStatuses]),
            notExists(
              db
                .select({ one: sql`1` })
                .from(assessments)
                .where(and(eq(assessments.campaignId, evaluations.campaignId), eq(assessments.unitId, evaluations.unitId), eq(assessments.kind, 'third_party'))),
            ),
            share(viewer, (v) => visibleEvaluations(evaluations, v)),
          ),
        ),
  },
  {
    // Reminders to the viewer or their unit not yet marked seen, by the date they chase.
    kind: 'reminder',
    owner: null,
    chase: 'campaign',
    doneBy: () => true,
    items: (db, viewer) =>
      db
        .select(
          itemColumns({ campaignId: reminders.campaignId, unitId: reminders.recipientUnitId, userId: reminders.recipientUserId, subjectId: reminders.id, dueOn: reminders.dueOn }),
        )
        .from(reminders)
        .where(and(isNull(reminders.acknowledgedAt), share(viewer, (v) => sentToViewer(reminders, v), (v) => visibleReminders(reminders, v)))),
  },
];

/** The kinds someone owes, whom the console counts and the job chases. */
export const ownedKinds = workKinds.filter((kind): kind is WorkKind & { owner: 'unit' | 'user' } => kind.owner !== null);
