import { activity, isActivityAction, type Database, proposals, users } from '@devolve/db';
import { asc, inArray } from 'drizzle-orm';
import type { Role, UnitKind, Viewer } from '../accounts/permissions.ts';
import { planTransition, type ProposalFacts, type Stage, type Status, type Transition } from '../proposals/lifecycle.ts';

/**
 * The seed check: walks every proposal's `proposal.transitioned` entries, in id order, through the
 * lifecycle's pure rules from `draft`, with the facts the rules need as the log stood at each step
 * (final classification, legality opinion, consultation answers). Returns every impossible step,
 * and every proposal whose row does not end where its walk ends. The demo data must give none.
 */
export async function impossibleSteps(db: Database): Promise<string[]> {
  const rows = await db
    .select({
      id: activity.id,
      action: activity.action,
      actorId: activity.actorId,
      proposalId: activity.proposalId,
      entityId: activity.entityId,
      after: activity.after,
      createdAt: activity.createdAt,
    })
    .from(activity)
    .where(inArray(activity.action, ['proposal.created', 'proposal.transitioned', 'proposal.classified', 'review.recorded', 'consultation.opened', 'consultation.answered', 'consultation.closed']))
    .orderBy(asc(activity.id));
  const people = new Map(
    (await db.select({ id: users.id, unitId: users.unitId, roles: users.roles }).from(users)).map((u) => [u.id, u]),
  );
  const rowsOf = new Map(
    (await db.select({ id: proposals.id, stage: proposals.stage, status: proposals.status, action: proposals.action, unitId: proposals.submittingUnitId }).from(proposals)).map((p) => [p.id, p]),
  );
  interface Walk {
    facts: ProposalFacts;
    consultation: { consulted: number; answered: number; deadline: number; open: boolean } | null;
  }
  const walks = new Map<number, Walk>();
  const problems: string[] = [];
  for (const row of rows) {
    const proposal = row.proposalId === null ? undefined : rowsOf.get(row.proposalId);
    if (!proposal) continue;
    const after = (row.after ?? {}) as Record<string, unknown>;
    if (row.action === 'proposal.created') {
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
    if (row.action === 'proposal.classified') walk.facts.classificationCode = (after.classificationCode as string | null) ?? null;
    else if (row.action === 'review.recorded') walk.facts.hasLegalityOpinion ||= walk.facts.stage === 'legality_review';
    else if (row.action === 'consultation.opened')
      walk.consultation = { consulted: (after.districtIds as number[]).length + ((after.departmentIds as number[] | undefined)?.length ?? 0), answered: 0, deadline: new Date(after.deadline as string).getTime(), open: true };
    else if (row.action === 'consultation.answered' && walk.consultation) walk.consultation.answered++;
    else if (row.action === 'consultation.closed' && walk.consultation) walk.consultation.open = false;
    else if (row.action === 'proposal.transitioned') {
      const transition = after.transition as Transition;
      const actor = row.actorId === null ? undefined : people.get(row.actorId);
      const viewer: Viewer = {
        userId: row.actorId ?? 0,
        unitId: actor?.unitId ?? 0,
        unitKind: 'department' as UnitKind,
        roles: (actor?.roles ?? []) as Role[],
        readOnly: false,
        credential: { kind: 'system', id: 0 },
      };
      // Delegations were submitted with their districts (the form refuses them otherwise).
      walk.facts.targetDistrictCount = proposal.action === 'delegate' || proposal.action === 'entrust' ? 1 : 0;
      const c = walk.consultation;
      walk.facts.consultation = c && { consulted: c.consulted, answered: c.answered, deadlinePassed: at > c.deadline };
      walk.facts.consultationOpen = c?.open ?? false;
      const plan = planTransition(walk.facts, transition, viewer, (after.reason as string | undefined) ?? null);
      if (!plan.ok) {
        problems.push(`proposal ${proposal.id}: ${transition} from ${walk.facts.stage}/${walk.facts.status} (activity ${row.id}): ${plan.refusal.en}`);
        continue;
      }
      walk.facts.stage = plan.outcome.stage;
      walk.facts.status = plan.outcome.status;
      if (after.stage !== plan.outcome.stage || after.status !== plan.outcome.status)
        problems.push(`proposal ${proposal.id}: ${transition} logged to ${String(after.stage)}/${String(after.status)}, the rules say ${plan.outcome.stage}/${plan.outcome.status}`);
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
