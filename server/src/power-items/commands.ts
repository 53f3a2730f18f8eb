import { powerItemChanges, powerItemClaims, powerItems, units } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq } from 'drizzle-orm';
import { type Command, type Mutation, updateVersioned } from '../activity/mutate.ts';
import { hasRole, type Viewer } from '../accounts/permissions.ts';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { requireReadable } from '../readable.ts';
import { requiredText, textLimits } from '../text-input.ts';

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
  /** The reason, shown to the departments (the claimant and, on a grant, the units turned down): raw, trimmed and limited here. */
  note: string;
  /** The claim's version. */
  expectedVersion: number;
}

/** The coordinator grants or turns down a pending claim, with a reason the departments read. */
export const settleClaim: Command<SettleClaimInput, { claimId: number }> = async (m, input) => {
  if (m.viewer.readOnly || !hasRole(m.viewer, 'coordinator')) throw new ForbiddenError();
  const { claimId } = input;
  await requireReadable(m, 'PowerItemClaim', claimId);
  const note = requiredText(input.note, 'input.note', textLimits.reason);
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
    after: { status, powerItemId: found.powerItemId, unitId: found.unitId, note },
  });
  if (input.grant) {
    const unitName = await setImplementingUnit(m, item, found.unitId, 'claimed', (name) => `认领：实施主体确定为${name}`, { claimId });
    await turnDownPendingClaims(m, item.id, `该事项已确定由${unitName}实施：${note}`, { grantedClaimId: claimId });
  }
  return { claimId };
};

export interface AssignPowerItemInput {
  powerItemId: number;
  /** The department to implement the item. */
  unitId: number;
  /** Why this unit, for the department and the log: raw, trimmed and limited here. */
  reason: string;
  /** The item's version. */
  expectedVersion: number;
}

/**
 * The coordinator names the implementing unit of an unclaimed item nobody has a pending claim on
 * (an item with pending claims is settled through them, so no claimant is passed over unheard).
 */
export const assignPowerItem: Command<AssignPowerItemInput, { powerItemId: number }> = async (m, input) => {
  if (m.viewer.readOnly || !hasRole(m.viewer, 'coordinator')) throw new ForbiddenError();
  const reason = requiredText(input.reason, 'input.reason', textLimits.reason);
  const item = await lockItem(m, input.powerItemId);
  if (item.implementingUnitId !== null) {
    throw new InvalidTransitionError('该事项已有实施主体', 'The item already has an implementing unit');
  }
  if (item.version !== input.expectedVersion) throw new ConflictError({ typename: 'PowerItem', id: item.id }, item.version);
  const [unit] = await m.tx.select({ kind: units.kind }).from(units).where(eq(units.id, input.unitId));
  if (unit?.kind !== 'department') {
    throw new ValidationError('input.unitId', '实施主体须为市直部门', 'The implementing unit must be a municipal department');
  }
  const pending = await m.tx.$count(powerItemClaims, and(eq(powerItemClaims.powerItemId, item.id), eq(powerItemClaims.status, 'pending')));
  if (pending > 0) {
    throw new InvalidTransitionError('该事项有待处理的认领申请，请先处理认领申请', 'The item has pending claims: settle them instead');
  }
  const unitName = await setImplementingUnit(m, item, input.unitId, 'assigned', (name) => `指定实施主体为${name}：${reason}`, { reason });
  m.record({
    action: 'power_item.assigned',
    entityId: item.id,
    before: { implementingUnitId: null },
    after: { implementingUnitId: input.unitId, unitName, reason },
  });
  return { powerItemId: item.id };
};

/** Makes `unitId` the item's implementing body, with a history row; returns the unit's name. */
async function setImplementingUnit(
  m: Mutation<Viewer>,
  item: { id: number; version: number },
  unitId: number,
  kind: 'claimed' | 'assigned',
  summary: (unitName: string) => string,
  after: Record<string, unknown>,
): Promise<string> {
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
    kind,
    actorId: m.viewer.userId,
    summary: summary(unit!.name),
    before: { implementingUnitId: null },
    after: { implementingUnitId: unitId, ...after },
    createdAt: now,
  });
  return unit!.name;
}

/**
 * Turns down every pending claim for the item with `note`. They are read under the item's lock,
 * so the versions they are updated at are current.
 */
async function turnDownPendingClaims(m: Mutation<Viewer>, powerItemId: number, note: string, after: Record<string, unknown>): Promise<void> {
  const competing = await m.tx
    .select({ id: powerItemClaims.id, unitId: powerItemClaims.unitId, version: powerItemClaims.version })
    .from(powerItemClaims)
    .where(and(eq(powerItemClaims.powerItemId, powerItemId), eq(powerItemClaims.status, 'pending')));
  for (const other of competing) {
    await updateVersioned(
      m.tx,
      powerItemClaims,
      { id: other.id, expectedVersion: other.version, typename: 'PowerItemClaim', what: claimWhat },
      { status: 'rejected', decidedById: m.viewer.userId, decisionNote: note },
    );
    m.record({
      action: 'power_item.claim_settled',
      entityId: other.id,
      before: { status: 'pending' },
      after: { status: 'rejected', powerItemId, unitId: other.unitId, ...after },
    });
  }
}
