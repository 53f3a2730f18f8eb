import { activity, commentThreads, comments, isActivityAction, type Database, proposalDistricts, proposals, units, users } from '@devolve/db';
import { asc, inArray } from 'drizzle-orm';
import { canWriteAs, isSubmitterOf, type Role, type UnitKind, type Viewer } from '../accounts/permissions.ts';
import { canAssign, canBeAssigned, unassignableReason } from '../assignments/rules.ts';
import { finalClassificationRefusal, leadAfterClassifying, voteRefusal } from '../classification/consensus.ts';
import { canChangeThreadState, canPostInThread, type CommentVisibility, type ThreadAudience } from '../comments/rules.ts';
import { answersFor, consultationOpener, consultationRefusal } from '../consultations/rules.ts';
import { canUpdateHandover } from '../handovers/rules.ts';
import type { Tx } from './insert.ts';
import { legalityOpinionRefusal, planTransition, type ProposalFacts, type Stage, type Status, type Transition } from '../proposals/lifecycle.ts';

/** The actions the seed check walks: every one that moves a proposal or is work done on it. */
const walkedActions = [
  'proposal.created',
  'proposal.transitioned',
  'proposal.assigned',
  'proposal.classified',
  'classification.voted',
  'review.recorded',
  'consultation.opened',
  'consultation.answered',
  'consultation.closed',
  'comment_thread.started',
  'comment.created',
  'comment.edited',
  'comment_thread.resolved',
  'handover.updated',
] as const;

/**
 * The seed check: walks every proposal's activity, in id order, from `draft`. Each move goes
 * through the lifecycle's pure rules with the facts they need as the log stood at that step (final
 * classification, legality opinion, consultation answers), and each piece of work through the rule
 * its command asks, with the proposal as it stood then and the person who did it: who may create,
 * assign (and be assigned), vote, set the final classification and lead, record a legality
 * opinion, open and answer a consultation, start, reply in, edit and resolve a comment thread,
 * and report on a handover. Returns every step a command would refuse, and every proposal whose
 * row does not end where its walk ends. The demo data must give none.
 */
export async function impossibleSteps(db: Database | Tx): Promise<string[]> {
  const rows = await db
    .select({
      id: activity.id,
      action: activity.action,
      actorId: activity.actorId,
      proposalId: activity.proposalId,
      districtId: activity.districtId,
      entityId: activity.entityId,
      after: activity.after,
      createdAt: activity.createdAt,
    })
    .from(activity)
    .where(inArray(activity.action, [...walkedActions]))
    .orderBy(asc(activity.id));
  const kindOf = new Map((await db.select({ id: units.id, kind: units.kind }).from(units)).map((u) => [u.id, u.kind as UnitKind]));
  // Everyone as the commands see them when they act (a system credential, which writes).
  const viewers = new Map(
    (await db.select({ id: users.id, unitId: users.unitId, roles: users.roles }).from(users)).map((u): [number, Viewer] => [
      u.id,
      { userId: u.id, unitId: u.unitId, unitKind: kindOf.get(u.unitId)!, roles: u.roles as Role[], readOnly: false, credential: { kind: 'system', id: 0 } },
    ]),
  );
  const nobody: Viewer = { userId: 0, unitId: 0, unitKind: 'department', roles: [], readOnly: false, credential: { kind: 'system', id: 0 } };
  const rowsOf = new Map(
    (await db.select({ id: proposals.id, stage: proposals.stage, status: proposals.status, action: proposals.action, unitId: proposals.submittingUnitId }).from(proposals)).map((p) => [p.id, p]),
  );
  const targetsOf = new Map<number, Set<number>>();
  for (const t of await db.select({ proposalId: proposalDistricts.proposalId, districtId: proposalDistricts.districtId }).from(proposalDistricts)) {
    targetsOf.set(t.proposalId, (targetsOf.get(t.proposalId) ?? new Set()).add(t.districtId));
  }
  const threads = new Map(
    (await db.select({ id: commentThreads.id, visibility: commentThreads.visibility, authorId: commentThreads.authorId }).from(commentThreads)).map((t) => [t.id, t]),
  );
  const commentAuthors = new Map((await db.select({ id: comments.id, authorId: comments.authorId }).from(comments)).map((c) => [c.id, c.authorId]));
  interface Walk {
    facts: ProposalFacts;
    leadReviewerId: number | null;
    consultation: { consulted: number; answered: number; deadline: number; open: boolean } | null;
  }
  const walks = new Map<number, Walk>();
  const problems: string[] = [];
  for (const row of rows) {
    const proposal = row.proposalId === null ? undefined : rowsOf.get(row.proposalId);
    if (!proposal) continue;
    const after = (row.after ?? {}) as Record<string, unknown>;
    const actor = (row.actorId === null ? undefined : viewers.get(row.actorId)) ?? nobody;
    const refuse = (why: string) => problems.push(`proposal ${proposal.id}: ${row.action} by user ${row.actorId} (activity ${row.id}): ${why}`);
    if (row.action === 'proposal.created') {
      if (!isSubmitterOf(actor, proposal.unitId)) refuse("not a submitter of the proposal's department");
      walks.set(proposal.id, {
        facts: {
          stage: 'draft',
          status: 'active',
          action: proposal.action,
          submittingUnitId: proposal.unitId,
          classificationCode: null,
          targetDistrictCount: 0,
          hasLegalityOpinion: false,
          consultation: null,
          consultationOpen: false,
          // Only named in refusals' wording, which the check does not read.
          waitingDistricts: [],
        },
        leadReviewerId: null,
        consultation: null,
      });
      continue;
    }
    const walk = walks.get(proposal.id);
    if (!walk) {
      problems.push(`proposal ${proposal.id}: ${row.action} (activity ${row.id}) before proposal.created`);
      continue;
    }
    const at = new Date(row.createdAt).getTime();
    const now = walk.facts;
    const thread = (threadId: number): (ThreadAudience & { authorId: number }) | null => {
      const t = threads.get(threadId);
      return t ? { visibility: t.visibility as CommentVisibility, submittingUnitId: proposal.unitId, proposalIsDraft: now.stage === 'draft', authorId: t.authorId } : null;
    };
    switch (row.action) {
      case 'proposal.assigned': {
        const assignees = (after.assigneeIds as number[] | undefined) ?? [];
        if (!canAssign(actor)) refuse('only the coordinator assigns');
        const why = unassignableReason(now);
        if (why) refuse(`the proposal takes no reviewers (${why})`);
        for (const id of assignees) if (!canBeAssigned(viewers.get(id)?.roles ?? [])) refuse(`user ${id} cannot be assigned`);
        break;
      }
      case 'classification.voted': {
        const refusal = voteRefusal(actor, now);
        if (refusal) refuse(refusal.en);
        break;
      }
      case 'proposal.classified': {
        const refusal = finalClassificationRefusal(actor, { ...now, leadReviewerId: walk.leadReviewerId });
        if (refusal) refuse(refusal.en);
        const lead = leadAfterClassifying(actor, { leadReviewerId: walk.leadReviewerId });
        if (after.leadReviewerId !== lead) refuse(`logged lead ${String(after.leadReviewerId)}, the rules make ${String(lead)} the lead`);
        walk.leadReviewerId = lead;
        now.classificationCode = (after.classificationCode as string | null) ?? null;
        break;
      }
      case 'review.recorded': {
        // The only review record with an entry of its own is the legality opinion.
        const refusal = legalityOpinionRefusal(actor, now);
        if (refusal) refuse(refusal.en);
        now.hasLegalityOpinion = true;
        break;
      }
      case 'consultation.opened': {
        const districtIds = (after.districtIds as number[] | undefined) ?? [];
        if (!canWriteAs(actor, consultationOpener.role)) refuse(`only ${consultationOpener.en} opens consultations`);
        const refusal = consultationRefusal({ action: proposal.action, stage: now.stage, status: now.status });
        if (refusal) refuse(refusal.en);
        if (districtIds.length === 0 || districtIds.some((id) => !targetsOf.get(proposal.id)?.has(id))) refuse('consults districts the proposal does not hand its power to');
        walk.consultation = { consulted: districtIds.length + ((after.departmentIds as number[] | undefined)?.length ?? 0), answered: 0, deadline: new Date(after.deadline as string).getTime(), open: true };
        break;
      }
      case 'consultation.answered':
        if (row.districtId === null || !answersFor(actor, row.districtId)) refuse("answers for a unit that is not the actor's");
        if (!walk.consultation?.open) refuse('the consultation is not open');
        else walk.consultation.answered++;
        break;
      case 'consultation.closed':
        if (!walk.consultation?.open) refuse('no consultation is open');
        else walk.consultation.open = false;
        break;
      case 'comment_thread.started':
      case 'comment.created': {
        const t = thread(row.action === 'comment.created' ? (after.threadId as number) : row.entityId);
        if (!t || !canPostInThread(actor, t)) refuse('may not post in this thread');
        break;
      }
      case 'comment.edited': {
        const t = thread(after.threadId as number);
        if (commentAuthors.get(row.entityId) !== row.actorId || !t || !canPostInThread(actor, t)) refuse('may edit only their own comments');
        break;
      }
      case 'comment_thread.resolved': {
        const t = thread(row.entityId);
        if (!t || !canChangeThreadState(actor, t)) refuse("may not change the thread's state");
        break;
      }
      case 'handover.updated':
        if (row.districtId === null || !canUpdateHandover(actor, row.districtId)) refuse("reports on another district's handover");
        break;
      case 'proposal.transitioned': {
        const transition = after.transition as Transition;
        // Delegations were submitted with their districts (the form refuses them otherwise).
        now.targetDistrictCount = targetsOf.get(proposal.id)?.size ?? 0;
        const c = walk.consultation;
        now.consultation = c && { consulted: c.consulted, answered: c.answered, deadlinePassed: at > c.deadline };
        now.consultationOpen = c?.open ?? false;
        const plan = planTransition(now, transition, actor, (after.reason as string | undefined) ?? null);
        if (!plan.ok) {
          problems.push(`proposal ${proposal.id}: ${transition} from ${now.stage}/${now.status} (activity ${row.id}): ${plan.refusal.en}`);
          break;
        }
        now.stage = plan.outcome.stage;
        now.status = plan.outcome.status;
        if (after.stage !== plan.outcome.stage || after.status !== plan.outcome.status)
          problems.push(`proposal ${proposal.id}: ${transition} logged to ${String(after.stage)}/${String(after.status)}, the rules say ${plan.outcome.stage}/${plan.outcome.status}`);
        break;
      }
    }
  }
  for (const [id, p] of rowsOf) {
    const walk = walks.get(id);
    const ended: [Stage, Status] = walk ? [walk.facts.stage, walk.facts.status] : ['draft', 'active'];
    if (ended[0] !== p.stage || ended[1] !== p.status) problems.push(`proposal ${id}: row at ${p.stage}/${p.status}, its activity ends at ${ended.join('/')}`);
  }
  return problems;
}

/** Activity actions in the log that the catalogue does not list. */
export async function unknownActions(db: Database): Promise<string[]> {
  const actions = await db.selectDistinct({ action: activity.action }).from(activity);
  return actions.map((a) => a.action).filter((a) => !isActivityAction(a));
}
