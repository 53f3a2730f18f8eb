import { powerItemChanges, powerItemClaims, powerItems, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, ne } from 'drizzle-orm';
import { type Command, type Mutation, updateVersioned } from '../activity/mutate.ts';
import { hasRole, type Viewer } from '../accounts/permissions.ts';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { requireReadable } from '../readable.ts';
import { optionalText, requiredText, textLimits } from '../text-input.ts';

/**
 * 认领: the claim commands (architecture: one place per rule). Departments claim unclaimed power
 * items; when several units claim one item the coordinator settles it.
 */

const itemWhat = { zh: '权力事项', en: 'power item' };
const claimWhat = { zh: '认领申请', en: 'claim' };

/** Locks the item so claims and settlements of one item happen one at a time. */
async function lockItem(m: Mutation<Viewer>, powerItemId: number) {
  const [item] = await m.tx
    .select({ id: powerItems.id, implementingUnitId: powerItems.implementingUnitId, version: powerItems.version })
    .from(powerItems)
    .where(eq(powerItems.id, powerItemId))
    .for('update');
  if (!item) throw new NotFoundError(itemWhat, encodeGlobalID('PowerItem', powerItemId));
  return item;
}

export interface ClaimPowerItemInput {
  powerItemId: number;
  /** Why the unit should implement the item: raw, trimmed and limited here. */
  reason: string;
}

/**
 * A department claims an unclaimed item for its own unit. A unit whose claim was turned down may
 * claim again with a new reason (one row per unit and item). `contested` says whether other units'
 * claims are pending too, for the coordinator to settle.
 */
export const claimPowerItem: Command<ClaimPowerItemInput, { claimId: number; contested: boolean }> = async (m, input) => {
  const { viewer } = m;
  if (viewer.readOnly || !hasRole(viewer, 'submitter')) throw new ForbiddenError();
  const { powerItemId } = input;
  const reason = requiredText(input.reason, 'input.reason', textLimits.reason);
  if (viewer.unitKind !== 'department') {
    throw new ForbiddenError('只有市直部门可以认领事项', 'Only municipal departments claim power items');
  }
  const item = await lockItem(m, powerItemId);
  if (item.implementingUnitId !== null) {
    throw new ValidationError('input.powerItemId', '该事项已有实施主体，无需认领', 'The item already has an implementing unit');
  }
  const [earlier] = await m.tx
    .select({ id: powerItemClaims.id, status: powerItemClaims.status, version: powerItemClaims.version })
    .from(powerItemClaims)
    .where(and(eq(powerItemClaims.powerItemId, powerItemId), eq(powerItemClaims.unitId, viewer.unitId)));
  if (earlier && earlier.status !== 'rejected') {
    throw new ValidationError('input.powerItemId', '本单位已认领该事项，请等待统筹协调', 'Your unit has already claimed this item');
  }
  const claimed = { reason, claimedById: viewer.userId, status: 'pending' as const, decidedById: null, decisionNote: null };
  const claim = earlier
    ? await updateVersioned(
        m.tx,
        powerItemClaims,
        { id: earlier.id, expectedVersion: earlier.version, typename: 'PowerItemClaim', what: claimWhat },
        claimed,
      )
    : (await m.tx.insert(powerItemClaims).values({ powerItemId, unitId: viewer.unitId, ...claimed, createdAt: m.now.toISOString() }).returning())[0]!;
  const pending = await m.tx.$count(powerItemClaims, and(eq(powerItemClaims.powerItemId, powerItemId), eq(powerItemClaims.status, 'pending')));
  const contested = pending > 1;
  m.record({ action: 'power_item.claimed', entityId: claim.id, after: { powerItemId, unitId: viewer.unitId, contested } });
  return { claimId: claim.id, contested };
};

export interface SettleClaimInput {
  claimId: number;
  /** true: the unit becomes the item's implementing body and competing claims are turned down. */
  grant: boolean;
  /** The decision, for the departments: raw, trimmed and limited here. */
  note?: string | null;
  /** The claim's version. */
  expectedVersion: number;
}

/** The coordinator grants or turns down a pending claim. */
export const settleClaim: Command<SettleClaimInput, { claimId: number }> = async (m, input) => {
  if (m.viewer.readOnly || !hasRole(m.viewer, 'coordinator')) throw new ForbiddenError();
  const { claimId } = input;
  await requireReadable(m, 'PowerItemClaim', claimId);
  const note = optionalText(input.note, 'input.note', textLimits.reason);
  const [found] = await m.tx
    .select({ powerItemId: powerItemClaims.powerItemId, unitId: powerItemClaims.unitId, status: powerItemClaims.status })
    .from(powerItemClaims)
    .where(eq(powerItemClaims.id, claimId));
  if (!found) throw new NotFoundError(claimWhat, encodeGlobalID('PowerItemClaim', claimId));
  const item = await lockItem(m, found.powerItemId);
  if (found.status !== 'pending') {
    throw new InvalidTransitionError('该认领申请已处理', 'This claim has already been settled');
  }
  if (input.grant && item.implementingUnitId !== null) {
    throw new InvalidTransitionError('该事项已有实施主体', 'The item already has an implementing unit');
  }
  const status = input.grant ? 'granted' : 'rejected';
  await updateVersioned(
    m.tx,
    powerItemClaims,
    { id: claimId, expectedVersion: input.expectedVersion, typename: 'PowerItemClaim', what: claimWhat },
    { status, decidedById: m.viewer.userId, decisionNote: note },
  );
  m.record({
    action: 'power_item.claim_settled',
    entityId: claimId,
    before: { status: 'pending' },
    after: { status, powerItemId: found.powerItemId, unitId: found.unitId },
  });
  if (input.grant) await grantItem(m, item, found.unitId, claimId);
  return { claimId };
};

/**
 * Makes the granted claim's unit the item's implementing body, with a history row, and turns down
 * every other pending claim for the item. Those claims are read under the item's lock, so the
 * versions they are updated at are current.
 */
async function grantItem(m: Mutation<Viewer>, item: { id: number; version: number }, unitId: number, claimId: number): Promise<void> {
  const actorId = m.viewer.userId;
  const now = m.now.toISOString();
  const [unit] = await m.tx.select({ name: units.name }).from(units).where(eq(units.id, unitId));
  const updated = await updateVersioned(
    m.tx,
    powerItems,
    { id: item.id, expectedVersion: item.version, typename: 'PowerItem', what: itemWhat },
    { implementingUnitId: unitId, updatedAt: now },
  );
  await m.tx.insert(powerItemChanges).values({
    powerItemId: item.id,
    version: updated.version,
    kind: 'claimed',
    actorId,
    summary: `认领：实施主体确定为${unit!.name}`,
    before: { implementingUnitId: null },
    after: { implementingUnitId: unitId, claimId },
    createdAt: now,
  });
  const competing = await m.tx
    .select({ id: powerItemClaims.id, unitId: powerItemClaims.unitId, version: powerItemClaims.version })
    .from(powerItemClaims)
    .where(and(eq(powerItemClaims.powerItemId, item.id), eq(powerItemClaims.status, 'pending'), ne(powerItemClaims.id, claimId)));
  for (const other of competing) {
    await updateVersioned(
      m.tx,
      powerItemClaims,
      { id: other.id, expectedVersion: other.version, typename: 'PowerItemClaim', what: claimWhat },
      { status: 'rejected', decidedById: actorId, decisionNote: `该事项已确定由${unit!.name}实施` },
    );
    m.record({
      action: 'power_item.claim_settled',
      entityId: other.id,
      before: { status: 'pending' },
      after: { status: 'rejected', powerItemId: item.id, unitId: other.unitId, grantedClaimId: claimId },
    });
  }
}
