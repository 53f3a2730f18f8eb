import { powerItemChanges, powerItemClaims, powerItems } from '@devolve/db';
import { and, asc, count, eq, inArray, isNotNull, isNull, notExists, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { assignPowerItem, claimPowerItem, settleClaim } from './commands.ts';
import { fillMissingInitials } from './initials.ts';

let t: CommandTestDatabase;
let coordinator: Viewer;
let market: Viewer;
let housing: Viewer;
/** Unclaimed items nobody has claimed yet. */
let free: { id: number; version: number }[];

const at = new Date('2019-09-12T02:00:00.000Z');
const later = new Date('2019-09-20T08:00:00.000Z');

beforeAll(async () => {
  t = await commandTestDatabase();
  coordinator = await t.viewer('coordinator');
  market = await t.viewer('gz-scjgj');
  housing = await t.viewer('gz-zjj');
  free = await t.db
    .select({ id: powerItems.id, version: powerItems.version })
    .from(powerItems)
    .where(
      and(
        isNull(powerItems.implementingUnitId),
        notExists(t.db.select({ one: sql`1` }).from(powerItemClaims).where(eq(powerItemClaims.powerItemId, powerItems.id))),
      ),
    )
    .orderBy(asc(powerItems.id))
    .limit(6);
  expect(free).toHaveLength(6);
});
afterAll(() => t.dispose());

const claimsOf = (powerItemId: number) => t.db.select().from(powerItemClaims).where(eq(powerItemClaims.powerItemId, powerItemId)).orderBy(asc(powerItemClaims.id));

async function state() {
  const n = async (table: typeof powerItemClaims | typeof powerItemChanges) => (await t.db.select({ n: count() }).from(table))[0]!.n;
  return { claims: await n(powerItemClaims), changes: await n(powerItemChanges), rows: await t.db.select().from(powerItemClaims).orderBy(asc(powerItemClaims.id)) };
}

/** Runs each refusal, expecting its code, then checks that none of them wrote anything. */
async function expectRefusals(refusals: [() => Promise<unknown>, string][]) {
  const before = await t.lastActivityId();
  const was = await state();
  for (const [refused, code] of refusals) await expect(refused()).rejects.toMatchObject({ code });
  expect(await t.activitySince(before)).toEqual([]);
  expect(await state()).toEqual(was);
}

describe('claimPowerItem', () => {
  it("takes a department's claim for its own unit, contested once another unit claims too", async () => {
    const item = free[0]!;
    const before = await t.lastActivityId();
    const first = await t.run(market, claimPowerItem, { powerItemId: item.id, reason: '  属于本局职责范围。 ' }, () => at);
    expect(first.contested).toBe(false);
    const second = await t.run(housing, claimPowerItem, { powerItemId: item.id, reason: '涉及建设工程管理。' }, () => at);
    expect(second.contested).toBe(true);
    const claims = await claimsOf(item.id);
    expect(claims.map((c) => [c.id, c.unitId, c.claimedById, c.reason, c.status, new Date(c.createdAt).toISOString()])).toEqual([
      [first.claimId, market.unitId, market.userId, '属于本局职责范围。', 'pending', at.toISOString()],
      [second.claimId, housing.unitId, housing.userId, '涉及建设工程管理。', 'pending', at.toISOString()],
    ]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.actorId, a.after])).toEqual([
      ['power_item.claimed', 'power_item_claim', first.claimId, market.userId, { powerItemId: item.id, unitId: market.unitId, contested: false }],
      ['power_item.claimed', 'power_item_claim', second.claimId, housing.userId, { powerItemId: item.id, unitId: housing.unitId, contested: true }],
    ]);
    for (const entry of logged) expect(new Date(entry.createdAt).toISOString()).toBe(at.toISOString());
  });

  it('refuses a second claim, claimed items, blank reasons, missing items and anyone but a department, writing nothing', async () => {
    const [claimed] = await t.db.select({ id: powerItems.id }).from(powerItems).where(isNotNull(powerItems.implementingUnitId)).limit(1);
    const input = { powerItemId: free[0]!.id, reason: '再次认领' };
    await expectRefusals([
      [() => t.run(market, claimPowerItem, input), 'VALIDATION'],
      [() => t.run(market, claimPowerItem, { ...input, powerItemId: claimed!.id }), 'VALIDATION'],
      [() => t.run(market, claimPowerItem, { powerItemId: free[1]!.id, reason: '   ' }), 'VALIDATION'],
      [() => t.run(market, claimPowerItem, { powerItemId: free[1]!.id, reason: '字'.repeat(2001) }), 'VALIDATION'],
      [() => t.run(market, claimPowerItem, { ...input, powerItemId: 2_000_000_000 }), 'NOT_FOUND'],
      [() => t.run(coordinator, claimPowerItem, { ...input, powerItemId: free[1]!.id }), 'FORBIDDEN'],
      [() => t.run({ ...market, readOnly: true }, claimPowerItem, { ...input, powerItemId: free[1]!.id }), 'FORBIDDEN'],
      // A district is no department, whatever its roles say.
      [() => t.run({ ...market, unitKind: 'district' }, claimPowerItem, { ...input, powerItemId: free[1]!.id }), 'FORBIDDEN'],
    ]);
  });
});

describe('settleClaim', () => {
  it("grants a claim: the unit implements the item, with a history row, and competing claims are turned down", async () => {
    const item = free[2]!;
    const mine = await t.run(market, claimPowerItem, { powerItemId: item.id, reason: '本局实施' });
    const theirs = await t.run(housing, claimPowerItem, { powerItemId: item.id, reason: '本局实施' });
    const before = await t.lastActivityId();
    await t.run(coordinator, settleClaim, { claimId: mine.claimId, grant: true, note: ' 职责更相符 ', expectedVersion: 1 }, () => later);

    const claims = await claimsOf(item.id);
    expect(claims.map((c) => [c.id, c.status, c.decidedById, c.version])).toEqual([
      [mine.claimId, 'granted', coordinator.userId, 2],
      [theirs.claimId, 'rejected', coordinator.userId, 2],
    ]);
    // The units turned down read why, and who implements the item now.
    expect(claims.map((c) => c.decisionNote)).toEqual(['职责更相符', '该事项已确定由广州市市场监督管理局实施：职责更相符']);
    const [granted] = await t.db.select().from(powerItems).where(eq(powerItems.id, item.id));
    expect(granted).toMatchObject({ implementingUnitId: market.unitId, version: item.version + 1 });
    expect(new Date(granted!.updatedAt).toISOString()).toBe(later.toISOString());
    const history = await t.db.select().from(powerItemChanges).where(and(eq(powerItemChanges.powerItemId, item.id), eq(powerItemChanges.kind, 'claimed')));
    expect(history.map((h) => [h.kind, h.version, h.actorId, h.after, new Date(h.createdAt).toISOString()])).toEqual([
      ['claimed', item.version + 1, coordinator.userId, { implementingUnitId: market.unitId, claimId: mine.claimId }, later.toISOString()],
    ]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityId, a.after])).toEqual([
      ['power_item.claim_settled', mine.claimId, { status: 'granted', powerItemId: item.id, unitId: market.unitId, note: '职责更相符' }],
      ['power_item.claim_settled', theirs.claimId, { status: 'rejected', powerItemId: item.id, unitId: housing.unitId, grantedClaimId: mine.claimId }],
    ]);
    for (const entry of logged) expect(new Date(entry.createdAt).toISOString()).toBe(later.toISOString());
  });

  it('turns a claim down, after which the unit may claim again', async () => {
    const item = free[3]!;
    const claim = await t.run(market, claimPowerItem, { powerItemId: item.id, reason: '初次认领' });
    await t.run(coordinator, settleClaim, { claimId: claim.claimId, grant: false, note: '请补充三定规定依据', expectedVersion: 1 });
    const [rejected] = await claimsOf(item.id);
    expect(rejected).toMatchObject({ status: 'rejected', decidedById: coordinator.userId, decisionNote: '请补充三定规定依据' });
    const [unchanged] = await t.db.select({ implementingUnitId: powerItems.implementingUnitId }).from(powerItems).where(eq(powerItems.id, item.id));
    expect(unchanged!.implementingUnitId).toBeNull();

    const again = await t.run(market, claimPowerItem, { powerItemId: item.id, reason: '补充理由后再次认领' });
    expect(again.claimId).toBe(claim.claimId);
    expect((await claimsOf(item.id))[0]).toMatchObject({ status: 'pending', reason: '补充理由后再次认领', decidedById: null, version: 3 });
  });

  it('refuses settled claims, stale versions, other units and anyone but the coordinator, writing nothing', async () => {
    const [settled] = await claimsOf(free[2]!.id);
    const [pending] = await claimsOf(free[0]!.id);
    const input = { claimId: pending!.id, grant: true, note: '职责相符', expectedVersion: pending!.version };
    const reviewer = await t.viewer('reviewer1');
    await expectRefusals([
      [() => t.run(coordinator, settleClaim, { ...input, claimId: settled!.id, expectedVersion: settled!.version }), 'INVALID_TRANSITION'],
      [() => t.run(coordinator, settleClaim, { ...input, expectedVersion: pending!.version + 1 }), 'CONFLICT'],
      [() => t.run(coordinator, settleClaim, { ...input, note: '字'.repeat(2001) }), 'VALIDATION'],
      [() => t.run(coordinator, settleClaim, { ...input, grant: false, note: '  ' }), 'VALIDATION'],
      [() => t.run(coordinator, settleClaim, { ...input, claimId: 2_000_000_000 }), 'NOT_FOUND'],
      [() => t.run({ ...coordinator, readOnly: true }, settleClaim, input), 'FORBIDDEN'],
      [() => t.run(reviewer, settleClaim, input), 'FORBIDDEN'],
      [() => t.run(market, settleClaim, input), 'FORBIDDEN'],
    ]);
  });
});

describe('assignPowerItem', () => {
  it('names the implementing unit of an item nobody claimed, with the reason in its history and the log', async () => {
    const item = free[4]!;
    const before = await t.lastActivityId();
    await t.run(coordinator, assignPowerItem, { powerItemId: item.id, unitId: housing.unitId, reason: ' 三定规定明确由该局实施 ', expectedVersion: item.version }, () => later);
    const [assigned] = await t.db.select().from(powerItems).where(eq(powerItems.id, item.id));
    expect(assigned).toMatchObject({ implementingUnitId: housing.unitId, version: item.version + 1 });
    expect(new Date(assigned!.updatedAt).toISOString()).toBe(later.toISOString());
    const history = await t.db.select().from(powerItemChanges).where(and(eq(powerItemChanges.powerItemId, item.id), eq(powerItemChanges.kind, 'assigned')));
    expect(history.map((h) => [h.version, h.actorId, h.summary, h.after])).toEqual([
      [item.version + 1, coordinator.userId, '指定实施主体为广州市住房和城乡建设局：三定规定明确由该局实施', { implementingUnitId: housing.unitId, reason: '三定规定明确由该局实施' }],
    ]);
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.after, new Date(a.createdAt).toISOString()])).toEqual([
      [
        'power_item.assigned',
        'power_item',
        item.id,
        { implementingUnitId: housing.unitId, unitName: '广州市住房和城乡建设局', reason: '三定规定明确由该局实施' },
        later.toISOString(),
      ],
    ]);
  });

  it('refuses claimed items, items with pending claims, districts, stale versions, blank reasons and anyone but the coordinator, writing nothing', async () => {
    const item = free[5]!;
    const [pendingClaim] = await claimsOf(free[0]!.id);
    const district = await t.viewer('district-440106');
    const input = { powerItemId: item.id, unitId: market.unitId, reason: '职责相符', expectedVersion: item.version };
    await expectRefusals([
      [() => t.run(coordinator, assignPowerItem, { ...input, powerItemId: free[4]!.id, expectedVersion: item.version + 1 }), 'INVALID_TRANSITION'],
      [() => t.run(coordinator, assignPowerItem, { ...input, powerItemId: pendingClaim!.powerItemId }), 'INVALID_TRANSITION'],
      [() => t.run(coordinator, assignPowerItem, { ...input, unitId: district.unitId }), 'VALIDATION'],
      [() => t.run(coordinator, assignPowerItem, { ...input, reason: ' ' }), 'VALIDATION'],
      [() => t.run(coordinator, assignPowerItem, { ...input, expectedVersion: item.version + 1 }), 'CONFLICT'],
      [() => t.run(coordinator, assignPowerItem, { ...input, powerItemId: 2_000_000_000 }), 'NOT_FOUND'],
      [() => t.run({ ...coordinator, readOnly: true }, assignPowerItem, input), 'FORBIDDEN'],
      [() => t.run(market, assignPowerItem, input), 'FORBIDDEN'],
    ]);
  });
});

describe('the power-item-initials job', () => {
  it('fills the initials an item lacks, as the seed writes them, and leaves nothing to do after', async () => {
    const rows = await t.db.select({ id: powerItems.id }).from(powerItems).orderBy(asc(powerItems.id)).limit(3);
    const ids = rows.map((row) => row.id);
    const before = await t.db.select({ id: powerItems.id, initials: powerItems.nameInitials }).from(powerItems).where(inArray(powerItems.id, ids)).orderBy(asc(powerItems.id));
    await t.db.update(powerItems).set({ nameInitials: null }).where(inArray(powerItems.id, ids));
    expect(await fillMissingInitials(t.db)).toBe(3);
    const after = await t.db.select({ id: powerItems.id, initials: powerItems.nameInitials }).from(powerItems).where(inArray(powerItems.id, ids)).orderBy(asc(powerItems.id));
    expect(after).toEqual(before);
    expect(before.every((row) => row.initials !== null && /^[a-z]/.test(row.initials))).toBe(true);
    expect(await fillMissingInitials(t.db)).toBe(0);
  });
});
