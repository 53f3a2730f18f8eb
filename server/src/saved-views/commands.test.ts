import { savedViews } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import type { Viewer } from '../accounts/permissions.ts';
import { createSavedView, deleteSavedView, maxSavedViewsPerPerson, setSavedViewShared, updateSavedView } from './commands.ts';
import { canReadSavedView, visibleSavedViews } from './visibility.ts';

let t: CommandTestDatabase;
let coordinator: Viewer;
let reviewer1: Viewer;
let reviewer2: Viewer;
let department: Viewer;

const clock = () => new Date('2019-10-08T03:00:00.000Z');
const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error));

beforeAll(async () => {
  t = await commandTestDatabase();
  coordinator = await t.viewer('coordinator');
  reviewer1 = await t.viewer('reviewer1');
  reviewer2 = await t.viewer('reviewer2');
  department = await t.viewer('gz-scjgj');
});
afterAll(() => t.dispose());

const row = async (id: number) => (await t.db.select().from(savedViews).where(eq(savedViews.id, id)))[0]!;

describe('saved views', () => {
  it('saves a filter in its canonical form, stamped with the domain clock, and logs it', async () => {
    const before = await t.lastActivityId();
    const { id } = await t.run(reviewer1, createSavedView, { name: ' 复核中的许可 ', filter: 'type=LICENSING&stage=recheck,initial_review&q=食品' }, clock);
    const view = await row(id);
    expect(view).toMatchObject({ ownerId: reviewer1.userId, name: '复核中的许可', shared: false, version: 1 });
    expect(view.filter).toBe(`stage=initial_review%2Crecheck&type=licensing&q=${encodeURIComponent('食品')}`);
    expect(new Date(view.createdAt).toISOString()).toBe(clock().toISOString());
    const logged = await t.activitySince(before);
    expect(logged.map((a) => [a.action, a.entityType, a.entityId, a.actorId])).toEqual([['saved_view.created', 'saved_view', id, reviewer1.userId]]);
  });

  it('refuses garbage filters and names', async () => {
    for (const filter of ['stage=nonsense', 'drop=table', 'unit=not-an-id', `unit=${encodeGlobalID('User', 1)}`, 'sort=sideways', 'mine=1&assignee=' + encodeGlobalID('User', 2), 'q=' + 'x'.repeat(101), 'x'.repeat(2_001)]) {
      expect(await code(t.run(reviewer1, createSavedView, { name: 'bad', filter }, clock)), filter).toBe('VALIDATION');
    }
    expect(await code(t.run(reviewer1, createSavedView, { name: '  ', filter: '' }, clock))).toBe('VALIDATION');
    expect(await code(t.run(reviewer1, createSavedView, { name: 'n'.repeat(61), filter: '' }, clock))).toBe('VALIDATION');
  });

  it('reports a duplicate name as a CONFLICT (the unique index decides), per person', async () => {
    const { id } = await t.run(reviewer1, createSavedView, { name: '我的', filter: 'mine=1' }, clock);
    const error = await t.run(reviewer1, createSavedView, { name: '我的', filter: '' }, clock).catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'CONFLICT', currentVersion: 1 }, entity: { typename: 'SavedView', id } });
    // Another person may use the same name.
    await t.run(reviewer2, createSavedView, { name: '我的', filter: 'mine=1' }, clock);
    // Renaming onto a taken name is refused too, and the view is unchanged.
    const other = await t.run(reviewer1, createSavedView, { name: '其他', filter: 'status=returned' }, clock);
    expect(await code(t.run(reviewer1, updateSavedView, { id: other.id, expectedVersion: 1, name: '我的' }, clock))).toBe('CONFLICT');
    expect((await row(other.id)).name).toBe('其他');
  });

  it('renames and refilters own views only, at the version read', async () => {
    const { id } = await t.run(reviewer1, createSavedView, { name: '退回', filter: 'status=returned' }, clock);
    await t.run(reviewer1, updateSavedView, { id, expectedVersion: 1, name: '已退回', filter: 'status=returned&sort=newest' }, clock);
    expect(await row(id)).toMatchObject({ name: '已退回', filter: 'status=returned&sort=newest', version: 2 });
    expect(await code(t.run(reviewer1, updateSavedView, { id, expectedVersion: 1, name: '旧' }, clock))).toBe('CONFLICT');
    // Not shared: another reviewer cannot even see it.
    expect(await code(t.run(reviewer2, updateSavedView, { id, expectedVersion: 2, name: '他人' }, clock))).toBe('NOT_FOUND');
    expect(await code(t.run(reviewer2, deleteSavedView, { id, expectedVersion: 2 }, clock))).toBe('NOT_FOUND');
    await t.run(reviewer1, deleteSavedView, { id, expectedVersion: 2 }, clock);
    expect(await t.db.$count(savedViews, eq(savedViews.id, id))).toBe(0);
  });

  it('lets only the coordinator share, and the team (not a department) read what is shared', async () => {
    const { id } = await t.run(coordinator, createSavedView, { name: '本周重点', filter: 'stage=recheck' }, clock);
    const own = await t.run(reviewer1, createSavedView, { name: '想共享', filter: '' }, clock);
    expect(await code(t.run(reviewer1, setSavedViewShared, { id: own.id, expectedVersion: 1, shared: true }, clock))).toBe('FORBIDDEN');

    const before = await t.lastActivityId();
    await t.run(coordinator, setSavedViewShared, { id, expectedVersion: 1, shared: true }, clock);
    expect((await t.activitySince(before)).map((a) => a.action)).toEqual(['saved_view.shared']);
    const shared = await row(id);
    expect(canReadSavedView(reviewer2, shared)).toBe(true);
    expect(canReadSavedView(department, shared)).toBe(false);
    // A teammate reads it but does not change it.
    expect(await code(t.run(reviewer2, updateSavedView, { id, expectedVersion: 2, name: '改' }, clock))).toBe('FORBIDDEN');

    for (const viewer of [reviewer2, department]) {
      const sqlIds = (await t.db.select({ id: savedViews.id }).from(savedViews).where(visibleSavedViews(savedViews, viewer))).map((v) => v.id);
      const all = await t.db.select().from(savedViews);
      expect(sqlIds.sort()).toEqual(all.filter((v) => canReadSavedView(viewer, v)).map((v) => v.id).sort());
    }
    await t.run(coordinator, setSavedViewShared, { id, expectedVersion: 2, shared: false }, clock);
    expect(canReadSavedView(reviewer2, await row(id))).toBe(false);
  });

  it('is the review team’s: a department keeps none', async () => {
    expect(await code(t.run(department, createSavedView, { name: '我的', filter: '' }, clock))).toBe('FORBIDDEN');
  });

  it(`keeps at most ${maxSavedViewsPerPerson} views per person`, async () => {
    const have = await t.db.$count(savedViews, eq(savedViews.ownerId, reviewer2.userId));
    for (let i = have; i < maxSavedViewsPerPerson; i++) await t.run(reviewer2, createSavedView, { name: `视图 ${i}`, filter: '' }, clock);
    expect(await code(t.run(reviewer2, createSavedView, { name: '再多一个', filter: '' }, clock))).toBe('VALIDATION');
  });
});
