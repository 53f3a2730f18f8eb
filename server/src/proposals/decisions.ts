import { handovers, powerItemChanges, powerItems, proposalDistricts } from '@devolve/db';
import { sql } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import type { ActivityEntry, Mutation } from '../activity/mutate.ts';
import { inIds } from '../id-lists.ts';
import { jsonRows } from '../json-rows.ts';
import type { LoadedProposal } from './facts.ts';

/** What an approved proposal does to the power list. */
const itemStatusAfter = {
  cancel: 'cancelled',
  delegate: 'delegated',
  merge: 'merged',
} as const;

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
      .where(sql`${powerItems.id} = changed.item_id`)
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
      .where(inIds(proposalDistricts.proposalId, [...handedOver.keys()]))
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
