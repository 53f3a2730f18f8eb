import { consultations, districtFeedback, handovers, powerItemChanges, powerItems, proposalDistricts, proposals } from '@devolve/db';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@devolve/db';
import type { Viewer } from '../accounts/permissions.ts';
import type { ActivityEntry, Mutation, Tx } from '../activity/mutate.ts';
import { ValidationError } from '../errors.ts';
import { inIds } from '../id-lists.ts';
import { joinedById, jsonRows } from '../json-rows.ts';
import type { LoadedProposal } from './facts.ts';

/** What an approved proposal does to the power list. */
const itemStatusAfter = {
  cancel: 'cancelled',
  delegate: 'delegated',
  merge: 'merged',
} as const;

/**
 * The target districts the approver may approve a delegation or entrustment for, as a JSON array
 * of unit ids (SQL over the proposal id column): those that agreed, with or without conditions, in
 * the proposal's latest consultation. A district not asked, not yet answered or that disagreed is
 * not among them. The one definition, for the command's check and the field the web asks.
 */
export const approvableDistrictIdsSql = (proposalId: SQL | AnyPgColumn): SQL<number[]> =>
  sql<number[]>`coalesce((select json_agg(${proposalDistricts.districtId} order by ${proposalDistricts.id}) from ${proposalDistricts} join ${districtFeedback} on ${districtFeedback.districtId} = ${proposalDistricts.districtId} and ${districtFeedback.consultationId} = (select max(${consultations.id}) from ${consultations} where ${consultations.proposalId} = ${proposalId}) where ${proposalDistricts.proposalId} = ${proposalId} and ${districtFeedback.stance} in ('agree', 'agree_with_conditions')), '[]'::json)`;

/** The approvable districts of many proposals: one statement. */
export async function approvableDistricts(db: Tx | Database, proposalIds: readonly number[]): Promise<Map<number, number[]>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db
    .select({ id: proposals.id, districtIds: approvableDistrictIdsSql(proposals.id) })
    .from(proposals)
    .where(inIds(proposals.id, proposalIds));
  return new Map(rows.map((row) => [row.id, row.districtIds]));
}

/** One approval of a delegation or entrustment for only some of its target districts. */
export interface PartialApproval {
  proposal: LoadedProposal;
  districtIds: readonly number[];
  /** Where the districts are in the mutation's arguments, for the error. */
  field: string;
}

/**
 * Checks partial approvals (each chosen district agreed; at least one) and marks every other target
 * district excluded, so that `applyApprovals` opens handovers for the chosen ones only. Returns the
 * approved districts of each proposal, for its activity entry.
 */
export async function excludeUnapprovedDistricts(m: Mutation<Viewer>, partial: readonly PartialApproval[]): Promise<Map<number, number[]>> {
  const approved = new Map<number, number[]>();
  if (partial.length === 0) return approved;
  const approvable = await approvableDistricts(m.tx, partial.map((a) => a.proposal.id));
  for (const { proposal, districtIds, field } of partial) {
    if (proposal.action !== 'delegate' && proposal.action !== 'entrust') {
      throw new ValidationError(field, '只有下放或委托的意见可按区批准', 'Only a delegation or entrustment is approved by district');
    }
    const chosen = [...new Set(districtIds)];
    if (chosen.length === 0) throw new ValidationError(field, '请至少选择一个区', 'Choose at least one district');
    const allowed = new Set(approvable.get(proposal.id));
    if (chosen.some((id) => !allowed.has(id))) {
      throw new ValidationError(field, '只能为征求意见中同意（含附条件同意）的目标区批准', 'Only target districts that agreed in the consultation can be approved');
    }
    approved.set(proposal.id, chosen);
  }
  const chosen = [...approved].flatMap(([proposalId, districts]) => districts.map((districtId) => ({ proposal_id: proposalId, district_id: districtId })));
  await m.tx
    .update(proposalDistricts)
    .set({
      excluded: sql`not exists (select 1 from ${jsonRows('chosen', { proposal_id: 'integer', district_id: 'integer' }, chosen)} where chosen.proposal_id = ${proposalDistricts.proposalId} and chosen.district_id = ${proposalDistricts.districtId})`,
    })
    .where(inIds(proposalDistricts.proposalId, [...approved.keys()]));
  return approved;
}

/**
 * Applies approved proposals: each power item's status and history change, and each target
 * district gets a handover to track (承接: readiness is tracked, not assumed). Set-based: a few
 * statements for any number of proposals. Returns the activity entries, each naming its proposal.
 */
export async function applyApprovals(m: Mutation<Viewer>, approved: readonly LoadedProposal[]): Promise<ActivityEntry[]> {
  const now = m.now.toISOString();
  const entries: ActivityEntry[] = [];
  const itemChanges = approved.flatMap((p) => {
    const status = itemStatusAfter[p.action as keyof typeof itemStatusAfter];
    return p.powerItemId !== null && status ? [{ p, powerItemId: p.powerItemId, status }] : [];
  });
  // Two approvals of one item (in different campaigns) change it one after the other: each round
  // changes an item at most once, so every history row gets its own version.
  for (let pending = itemChanges; pending.length > 0; ) {
    const round = pending.filter((c, i) => pending.findIndex((o) => o.powerItemId === c.powerItemId) === i);
    pending = pending.filter((c) => !round.includes(c));
    const changed = await m.tx
      .update(powerItems)
      .set({ status: sql`changed.status`, version: sql`${powerItems.version} + 1`, updatedAt: now })
      .from(jsonRows('changed', { item_id: 'integer', status: 'power_item_status' }, round.map((c) => ({ item_id: c.powerItemId, status: c.status }))))
      .where(joinedById(powerItems.id, 'changed.item_id', round.map((c) => c.powerItemId)))
      .returning({ id: powerItems.id, version: powerItems.version });
    const versionOf = new Map(changed.map((item) => [item.id, item.version]));
    await m.tx.insert(powerItemChanges).values(
      round.map(({ p, powerItemId, status }) => ({
        powerItemId,
        version: versionOf.get(powerItemId)!,
        kind: status,
        actorId: m.viewer.userId,
        proposalId: p.id,
        summary: `Approved proposal ${p.id}: ${p.action}`,
        after: { status },
        createdAt: now,
      })),
    );
    for (const { p, powerItemId, status } of round) {
      entries.push({
        action: 'power_item.changed',
        entityId: powerItemId,
        campaignId: p.campaignId,
        proposalId: p.id,
        after: { status, version: versionOf.get(powerItemId) },
      });
    }
  }

  const handedOver = new Map(
    approved.filter((p) => (p.action === 'delegate' || p.action === 'entrust') && p.powerItemId !== null).map((p) => [p.id, p]),
  );
  if (handedOver.size > 0) {
    const districts = await m.tx
      .select({ proposalId: proposalDistricts.proposalId, districtId: proposalDistricts.districtId })
      .from(proposalDistricts)
      .where(and(inIds(proposalDistricts.proposalId, [...handedOver.keys()]), eq(proposalDistricts.excluded, false)))
      .orderBy(proposalDistricts.proposalId, proposalDistricts.id);
    if (districts.length > 0) {
      const created = await m.tx
        .insert(handovers)
        .values(
          districts.map(({ proposalId, districtId }) => ({
            proposalId,
            powerItemId: handedOver.get(proposalId)!.powerItemId!,
            districtId,
            updatedById: m.viewer.userId,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: handovers.id, proposalId: handovers.proposalId, districtId: handovers.districtId });
      for (const handover of created) {
        entries.push({
          action: 'handover.created',
          entityId: handover.id,
          campaignId: handedOver.get(handover.proposalId)!.campaignId,
          proposalId: handover.proposalId,
          districtId: handover.districtId,
          after: { status: 'preparing' },
        });
      }
    }
  }
  return entries;
}
