import { handovers, units } from '@devolve/db';
import { and, asc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { commentOnHandover, updateHandover } from './commands.ts';

let t: CommandTestDatabase;
/** Two handovers still being prepared, not ready in anything, and their districts' liaisons. */
let first: { id: number; version: number };
let second: { id: number; version: number };
let liaison: Viewer;
let secondLiaison: Viewer;

const at = new Date('2020-03-02T01:00:00.000Z');
const clock = () => at;

beforeAll(async () => {
  t = await commandTestDatabase();
  const preparing = (otherThan = 0) =>
    t.db
      .select({ id: handovers.id, version: handovers.version, districtCode: units.code, districtId: handovers.districtId })
      .from(handovers)
      .innerJoin(units, eq(units.id, handovers.districtId))
      .where(
        and(
          eq(handovers.status, 'preparing'),
          eq(handovers.staffingReady, false),
          eq(handovers.systemsReady, false),
          eq(handovers.trainingDone, false),
          ne(handovers.districtId, otherThan),
        ),
      )
      .orderBy(asc(handovers.id))
      .limit(1);
  const [one] = await preparing();
  const [two] = await preparing(one!.districtId);
  first = one!;
  second = two!;
  liaison = await t.viewer(`district-${one!.districtCode}`);
  secondLiaison = await t.viewer(`district-${two!.districtCode}`);
});
afterAll(() => t.dispose());

const handover = async (id: number) => (await t.db.select().from(handovers).where(eq(handovers.id, id)))[0]!;

describe('updateHandover', () => {
  it("changes only the fields given, records before and after, and stamps the taking over by the domain clock", async () => {
    const before = await t.lastActivityId();
    const original = await handover(first.id);
    await t.run(liaison, updateHandover, { handoverId: first.id, staffingReady: true, notes: ' 已到位2人 ', plannedOn: '2020-04-01', expectedVersion: first.version }, clock);
    expect(await handover(first.id)).toMatchObject({
      status: 'preparing',
      staffingReady: true,
      systemsReady: false,
      notes: '已到位2人',
      plannedOn: '2020-04-01',
      takenOverAt: null,
      updatedById: liaison.userId,
      version: first.version + 1,
    });
    expect(new Date((await handover(first.id)).updatedAt).toISOString()).toBe(at.toISOString());

    const coordinator = await t.viewer('coordinator');
    await t.run(coordinator, updateHandover, { handoverId: first.id, status: 'taken_over', systemsReady: true, trainingDone: true, expectedVersion: first.version + 1 }, clock);
    const taken = await handover(first.id);
    expect(taken).toMatchObject({ status: 'taken_over', updatedById: coordinator.userId, version: first.version + 2 });
    expect(new Date(taken.takenOverAt!).toISOString()).toBe(at.toISOString());

    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.districtId, a.actorId, a.before, a.after])).toEqual([
      ['handover.updated', 'handover', first.id, liaison.unitId, liaison.userId, { staffingReady: false, notes: original.notes, plannedOn: original.plannedOn }, { staffingReady: true, notes: '已到位2人', plannedOn: '2020-04-01' }],
      [
        'handover.updated',
        'handover',
        first.id,
        liaison.unitId,
        coordinator.userId,
        { status: 'preparing', systemsReady: false, trainingDone: false },
        { status: 'taken_over', systemsReady: true, trainingDone: true },
      ],
    ]);
    for (const entry of logged) expect(new Date(entry.createdAt).toISOString()).toBe(at.toISOString());
  });

  it('refuses other districts, readers who may not report, nothing to change, an unready taking over, an unexplained block and a stale version, writing nothing', async () => {
    const input = { handoverId: second.id, expectedVersion: second.version };
    const before = await t.lastActivityId();
    const row = await handover(second.id);
    const reviewer = await t.viewer('reviewer1');
    const refusals: [() => Promise<unknown>, string][] = [
      [() => t.run(liaison, updateHandover, { ...input, notes: '越权' }), 'NOT_FOUND'],
      [() => t.run(reviewer, updateHandover, { ...input, notes: '审核' }), 'FORBIDDEN'],
      [() => t.run({ ...secondLiaison, readOnly: true }, updateHandover, { ...input, notes: '只读' }), 'FORBIDDEN'],
      [() => t.run(secondLiaison, updateHandover, { ...input, status: 'preparing', staffingReady: false }), 'VALIDATION'],
      [() => t.run(secondLiaison, updateHandover, { ...input, status: 'taken_over', staffingReady: true }), 'VALIDATION'],
      [() => t.run(secondLiaison, updateHandover, { ...input, status: 'blocked', notes: '   ' }), 'VALIDATION'],
      [() => t.run(secondLiaison, updateHandover, { ...input, notes: '字'.repeat(5001) }), 'VALIDATION'],
      [() => t.run(secondLiaison, updateHandover, { ...input, notes: '过期', expectedVersion: second.version + 1 }), 'CONFLICT'],
      [() => t.run(secondLiaison, updateHandover, { ...input, handoverId: 2_000_000_000, notes: '不存在' }), 'NOT_FOUND'],
    ];
    for (const [refused, code] of refusals) await expect(refused()).rejects.toMatchObject({ code });
    expect(await t.activitySince(before)).toEqual([]);
    expect(await handover(second.id)).toEqual(row);
  });
});

describe('commentOnHandover', () => {
  it("puts the lead office's note on the handover, stamped by the domain clock, and logs it for the district", async () => {
    const coordinator = await t.viewer('coordinator');
    const row = await handover(second.id);
    const before = await t.lastActivityId();
    await t.run(coordinator, commentOnHandover, { handoverId: second.id, note: ' 请于1月10日前落实编制 ', expectedVersion: row.version }, clock);
    const after = await handover(second.id);
    expect(after).toMatchObject({ coordinatorNote: '请于1月10日前落实编制', coordinatorNoteById: coordinator.userId, status: row.status, notes: row.notes, version: row.version + 1 });
    expect(new Date(after.coordinatorNoteAt!).toISOString()).toBe(at.toISOString());
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.districtId, a.before, a.after, new Date(a.createdAt).toISOString()])).toEqual([
      ['handover.commented', 'handover', second.id, row.districtId, { note: null }, { note: '请于1月10日前落实编制' }, at.toISOString()],
    ]);
  });

  it('refuses anyone but the coordinator, blank or long notes, stale versions and missing handovers, writing nothing', async () => {
    const coordinator = await t.viewer('coordinator');
    const row = await handover(second.id);
    const input = { handoverId: second.id, note: '请尽快', expectedVersion: row.version };
    const reviewer = await t.viewer('reviewer1');
    const before = await t.lastActivityId();
    const refusals: [() => Promise<unknown>, string][] = [
      [() => t.run(secondLiaison, commentOnHandover, input), 'FORBIDDEN'],
      [() => t.run(reviewer, commentOnHandover, input), 'FORBIDDEN'],
      [() => t.run({ ...coordinator, readOnly: true }, commentOnHandover, input), 'FORBIDDEN'],
      [() => t.run(coordinator, commentOnHandover, { ...input, note: '  ' }), 'VALIDATION'],
      [() => t.run(coordinator, commentOnHandover, { ...input, note: '字'.repeat(2001) }), 'VALIDATION'],
      [() => t.run(coordinator, commentOnHandover, { ...input, expectedVersion: row.version + 1 }), 'CONFLICT'],
      [() => t.run(coordinator, commentOnHandover, { ...input, handoverId: 2_000_000_000 }), 'NOT_FOUND'],
    ];
    for (const [refused, code] of refusals) await expect(refused()).rejects.toMatchObject({ code });
    expect(await t.activitySince(before)).toEqual([]);
    expect(await handover(second.id)).toEqual(row);
  });
});
