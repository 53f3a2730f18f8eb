import { savedViews } from '@devolve/db';
import { and, eq, sql } from 'drizzle-orm';
import { canWriteAs, teamRoles } from '../accounts/permissions.ts';
import type { Command, Mutation } from '../activity/mutate.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.ts';
import { readQueueQuery } from '../proposals/filter.ts';
import { notFound } from '../readable.ts';
import { requiredText } from '../text-input.ts';
import { canReadSavedView, canShareViews } from './visibility.ts';

/**
 * 视图: a reviewer names the queue's filter (its address query string) to come back to; the
 * coordinator shares theirs with the team. Each is its owner's alone to change.
 */

/** How many views one person keeps. */
export const maxSavedViewsPerPerson = 50;
/** A view's name, in characters. */
export const maxSavedViewNameLength = 60;

type SavedView = typeof savedViews.$inferSelect;

const uniqueName = 'saved_views_owner_name_key';

/** The team keeps views: those who open the review queue. */
function requireTeamWriter(m: Mutation): asserts m is Mutation & { viewer: NonNullable<Mutation['viewer']> } {
  if (!canWriteAs(m.viewer, ...teamRoles)) {
    throw new ForbiddenError('只有专项审查组成员可以保存视图', 'Only the review team keeps saved views');
  }
}

const readName = (name: string) => requiredText(name, 'input.name', maxSavedViewNameLength);

/**
 * Runs `write` in a savepoint: when the owner already has a view of that name (the unique index
 * decides, also between concurrent requests) the result is a CONFLICT naming that view.
 */
async function withUniqueName<T>(m: Mutation, ownerId: number, name: string, write: (tx: Mutation['tx']) => Promise<T>): Promise<T> {
  try {
    return await m.tx.transaction(write);
  } catch (error) {
    if (!violates(error, uniqueName)) throw error;
    const [holder] = await m.tx
      .select({ id: savedViews.id, version: savedViews.version })
      .from(savedViews)
      .where(and(eq(savedViews.ownerId, ownerId), eq(savedViews.name, name)));
    if (!holder) throw error;
    throw new ConflictError({ typename: 'SavedView', id: holder.id }, holder.version, {
      zh: `您已有名为“${name}”的视图`,
      en: `You already have a view named “${name}”`,
    });
  }
}

/** Whether a database error is a unique violation of `index` (postgres.js: constraint_name; PGlite: constraint). */
function violates(error: unknown, index: string): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code, constraint_name: postgresName, constraint: pgliteName } = e as Error & { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (code === '23505') return (postgresName ?? pgliteName) === index;
  }
  return false;
}

/** The view `id` for a change by its owner, locked; NOT_FOUND when the viewer may not read it. */
async function ownView(m: Mutation & { viewer: NonNullable<Mutation['viewer']> }, id: number): Promise<SavedView> {
  const [view] = await m.tx.select().from(savedViews).where(eq(savedViews.id, id)).for('update');
  if (!view || !canReadSavedView(m.viewer, view)) throw notFound('SavedView', encodeGlobalID('SavedView', id));
  if (view.ownerId !== m.viewer.userId) throw new ForbiddenError('只有视图的创建者可以修改它', 'Only the owner changes a saved view');
  return view;
}

function checkVersion(view: SavedView, expectedVersion: number) {
  if (view.version !== expectedVersion) throw new ConflictError({ typename: 'SavedView', id: view.id }, view.version);
}

/** Saves the queue's filter under a name of the viewer's. */
export const createSavedView: Command<{ name: string; filter: string }, { id: number }> = async (m, input) => {
  requireTeamWriter(m);
  const name = readName(input.name);
  const filter = readQueueQuery(input.filter, 'input.filter');
  const count = await m.tx.$count(savedViews, eq(savedViews.ownerId, m.viewer.userId));
  if (count >= maxSavedViewsPerPerson) {
    throw new ValidationError('input.name', `每人最多保存 ${maxSavedViewsPerPerson} 个视图`, `At most ${maxSavedViewsPerPerson} saved views per person`);
  }
  const at = m.now.toISOString();
  const [view] = await withUniqueName(m, m.viewer.userId, name, (tx) =>
    tx.insert(savedViews).values({ ownerId: m.viewer.userId, name, filter, createdAt: at, updatedAt: at }).returning({ id: savedViews.id }),
  );
  m.record({ action: 'saved_view.created', entityId: view!.id, after: { name, filter } });
  return { id: view!.id };
};

/** Renames a view of the viewer's and/or replaces its filter. */
export const updateSavedView: Command<{ id: number; expectedVersion: number; name?: string | null; filter?: string | null }, { id: number }> = async (
  m,
  input,
) => {
  requireTeamWriter(m);
  const view = await ownView(m, input.id);
  checkVersion(view, input.expectedVersion);
  const name = input.name == null ? view.name : readName(input.name);
  const filter = input.filter == null ? view.filter : readQueueQuery(input.filter, 'input.filter');
  if (name === view.name && filter === view.filter) {
    throw new ValidationError('input.name', '视图没有变化', 'Nothing changed');
  }
  await withUniqueName(m, view.ownerId, name, (tx) =>
    tx
      .update(savedViews)
      .set({ name, filter, version: sql`${savedViews.version} + 1`, updatedAt: m.now.toISOString() })
      .where(eq(savedViews.id, view.id)),
  );
  m.record({ action: 'saved_view.updated', entityId: view.id, before: { name: view.name, filter: view.filter }, after: { name, filter } });
  return { id: view.id };
};

/** Deletes a view of the viewer's (a shared one leaves the team's menus too). */
export const deleteSavedView: Command<{ id: number; expectedVersion: number }, { id: number }> = async (m, input) => {
  requireTeamWriter(m);
  const view = await ownView(m, input.id);
  checkVersion(view, input.expectedVersion);
  await m.tx.delete(savedViews).where(eq(savedViews.id, view.id));
  m.record({ action: 'saved_view.deleted', entityId: view.id, before: { name: view.name, filter: view.filter, shared: view.shared } });
  return { id: view.id };
};

/** Shares a view of the coordinator's with the review team, or stops sharing it. */
export const setSavedViewShared: Command<{ id: number; expectedVersion: number; shared: boolean }, { id: number }> = async (m, input) => {
  requireTeamWriter(m);
  if (!canShareViews(m.viewer)) throw new ForbiddenError('只有牵头单位可以共享视图', 'Only the lead office (coordinator) shares views');
  const view = await ownView(m, input.id);
  checkVersion(view, input.expectedVersion);
  if (view.shared === input.shared) {
    throw new ValidationError('input.shared', input.shared ? '该视图已共享' : '该视图未共享', input.shared ? 'The view is already shared' : 'The view is not shared');
  }
  await m.tx
    .update(savedViews)
    .set({ shared: input.shared, version: sql`${savedViews.version} + 1`, updatedAt: m.now.toISOString() })
    .where(eq(savedViews.id, view.id));
  m.record({ action: input.shared ? 'saved_view.shared' : 'saved_view.unshared', entityId: view.id, after: { name: view.name } });
  return { id: view.id };
};
