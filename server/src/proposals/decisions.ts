import { handovers, powerItemChanges, powerItems, proposalDistricts } from '@devolve/db';
import { eq, sql } from 'drizzle-orm';
import type { ActivityEntry, Tx } from '../activity/mutate.ts';
import type { LoadedProposal } from './facts.ts';

/** What an approved proposal does to the power list. */
const itemStatusAfter = {
  cancel: 'cancelled',
  delegate: 'delegated',
  merge: 'merged',
} as const;

/**
 * Applies an approved proposal: the power item's status and history change, and each target
 * district gets a handover to track (承接: readiness is tracked, not assumed).
 */
export async function applyApproval(tx: Tx, p: LoadedProposal, actorId: number): Promise<ActivityEntry[]> {
  const entries: ActivityEntry[] = [];
  const newStatus = itemStatusAfter[p.action as keyof typeof itemStatusAfter];
  if (p.powerItemId !== null && newStatus) {
    const [item] = await tx
      .update(powerItems)
      .set({ status: newStatus, version: sql`${powerItems.version} + 1`, updatedAt: sql`now()` })
      .where(eq(powerItems.id, p.powerItemId))
      .returning({ id: powerItems.id, version: powerItems.version });
    await tx.insert(powerItemChanges).values({
      powerItemId: item!.id,
      version: item!.version,
      kind: newStatus,
      actorId,
      proposalId: p.id,
      summary: `Approved proposal ${p.id}: ${p.action}`,
      after: { status: newStatus },
    });
    entries.push({
      action: 'power_item.changed',
      entityId: item!.id,
      campaignId: p.campaignId,
      proposalId: p.id,
      after: { status: newStatus, version: item!.version },
    });
  }
  if ((p.action === 'delegate' || p.action === 'entrust') && p.powerItemId !== null) {
    const districts = await tx
      .select({ districtId: proposalDistricts.districtId })
      .from(proposalDistricts)
      .where(eq(proposalDistricts.proposalId, p.id));
    if (districts.length > 0) {
      const created = await tx
        .insert(handovers)
        .values(districts.map(({ districtId }) => ({ proposalId: p.id, powerItemId: p.powerItemId!, districtId, updatedById: actorId })))
        .onConflictDoNothing()
        .returning({ id: handovers.id, districtId: handovers.districtId });
      for (const handover of created) {
        entries.push({
          action: 'handover.created',
          entityId: handover.id,
          campaignId: p.campaignId,
          proposalId: p.id,
          districtId: handover.districtId,
          after: { status: 'preparing' },
        });
      }
    }
  }
  return entries;
}
