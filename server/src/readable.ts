import {
  commentThreads,
  comments,
  districtFeedback,
  evaluations,
  handovers,
  imports,
  licensingReports,
  keyTaskProgress,
  powerItemClaims,
  proposals,
  publicComments,
  reminders,
  savedViews,
  type Database,
} from '@devolve/db';
import { and, exists, sql, type SQL } from 'drizzle-orm';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { AnyPgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { Viewer } from './accounts/permissions.ts';
import type { Tx } from './activity/mutate.ts';
import { visibleThreads } from './comments/visibility.ts';
import { visibleFeedback } from './consultations/visibility.ts';
import { NotFoundError } from './errors.ts';
import { visibleEvaluations } from './evaluations/visibility.ts';
import { visibleHandovers } from './handovers/visibility.ts';
import { visibleImports } from './imports/visibility.ts';
import { visibleLicensingReports } from './licensing-reports/visibility.ts';
import { visibleProgress } from './key-tasks/visibility.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { inIds } from './id-lists.ts';
import { visibleClaims } from './power-items/claims.ts';
import { visibleProposals } from './proposals/visibility.ts';
import { visiblePublicComments } from './public-comments/visibility.ts';
import { visibleReminders } from './reminders/visibility.ts';
import { visibleSavedViews } from './saved-views/visibility.ts';

interface ReadPolicy {
  table: PgTable;
  id: AnyPgColumn;
  what: { zh: string; en: string };
  /** The entity's read rule as SQL (its visibility module); undefined means every row. */
  visible(viewer: Viewer | null): SQL | undefined;
}

/**
 * The entities a mutation names by id, each with its read rule. Functions, not values: the
 * visibility modules import the schema builder, which may still be loading when this module is.
 */
const policies = {
  Proposal: {
    table: proposals,
    id: proposals.id,
    what: { zh: '精简意见', en: 'proposal' },
    visible: (viewer) => visibleProposals(proposals, viewer),
  },
  CommentThread: {
    table: commentThreads,
    id: commentThreads.id,
    what: { zh: '讨论', en: 'comment thread' },
    visible: (viewer) => visibleThreads(commentThreads, viewer),
  },
  Comment: {
    table: comments,
    id: comments.id,
    what: { zh: '评论', en: 'comment' },
    // A comment is read with its thread.
    visible: (viewer) =>
      exists(
        sql`(select 1 from ${commentThreads} where ${commentThreads.id} = ${comments.threadId} and ${visibleThreads(commentThreads, viewer)})`,
      ),
  },
  DistrictFeedback: {
    table: districtFeedback,
    id: districtFeedback.id,
    what: { zh: '区级意见', en: 'district feedback' },
    visible: (viewer) => visibleFeedback(districtFeedback, viewer),
  },
  Handover: {
    table: handovers,
    id: handovers.id,
    what: { zh: '承接记录', en: 'handover' },
    visible: (viewer) => visibleHandovers(handovers, viewer),
  },
  Import: {
    table: imports,
    id: imports.id,
    what: { zh: '导入', en: 'import' },
    visible: (viewer) => visibleImports(imports, viewer),
  },
  PowerItemClaim: {
    table: powerItemClaims,
    id: powerItemClaims.id,
    what: { zh: '认领申请', en: 'claim' },
    visible: (viewer) => visibleClaims(powerItemClaims, viewer),
  },
  Evaluation: {
    table: evaluations,
    id: evaluations.id,
    what: { zh: '成效评估', en: 'evaluation' },
    visible: (viewer) => visibleEvaluations(evaluations, viewer),
  },
  LicensingReport: {
    table: licensingReports,
    id: licensingReports.id,
    what: { zh: '行政许可年度报告', en: 'annual licensing report' },
    visible: (viewer) => visibleLicensingReports(licensingReports, viewer),
  },
  Reminder: {
    table: reminders,
    id: reminders.id,
    what: { zh: '催办', en: 'reminder' },
    visible: (viewer) => visibleReminders(reminders, viewer),
  },
  PublicComment: {
    table: publicComments,
    id: publicComments.id,
    what: { zh: '社会公众意见', en: 'public comment' },
    visible: (viewer) => visiblePublicComments(publicComments, viewer),
  },
  KeyTaskProgress: {
    table: keyTaskProgress,
    id: keyTaskProgress.id,
    what: { zh: '进展情况', en: 'progress entry' },
    visible: (viewer) => visibleProgress(keyTaskProgress, viewer),
  },
  SavedView: {
    table: savedViews,
    id: savedViews.id,
    what: { zh: '视图', en: 'saved view' },
    visible: (viewer) => visibleSavedViews(savedViews, viewer),
  },
} satisfies Record<string, ReadPolicy>;

export type ReadableEntity = keyof typeof policies;

/** The NOT_FOUND of an id that names no row of `typename`, or one the viewer may not read: the two are told apart by nobody. */
export const notFound = (typename: ReadableEntity, givenId: string): NotFoundError => new NotFoundError(policies[typename].what, givenId);

/** Of `ids`, those that name a row of `typename` the viewer may read, in one statement. */
export async function readableIds(db: Tx | Database, viewer: Viewer | null, typename: ReadableEntity, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const policy: ReadPolicy = policies[typename];
  const rows = await db
    .select({ id: sql<number>`${policy.id}`.mapWith(Number) })
    .from(policy.table)
    .where(and(inIds(policy.id, ids), policy.visible(viewer)));
  return new Set(rows.map((row) => row.id));
}

/**
 * A mutation's id argument (read by its `for`) naming row `id` of `typename`, returned if the
 * viewer may read that row (its entity's read rule). A row the viewer may not read answers exactly
 * as a missing one (NOT_FOUND), so a mutation never confirms that an id exists: a department's
 * draft, another district's feedback. Whether the viewer may do the act is the mutation's to say next.
 */
export async function readableIdOf(db: Tx | Database, viewer: Viewer | null, typename: ReadableEntity, id: number): Promise<number> {
  if (!(await readableIds(db, viewer, typename, [id])).has(id)) throw notFound(typename, encodeGlobalID(typename, id));
  return id;
}

/**
 * A command's check that the viewer may read the row `id` of `typename` it was given: NOT_FOUND
 * otherwise, exactly as for a missing row (the error names the id as clients know it).
 */
export function requireReadable(m: { tx: Tx; viewer: Viewer | null }, typename: ReadableEntity, id: number): Promise<void> {
  return requireAllReadable(m, typename, [id]);
}

/**
 * requireReadable for a list command's ids, in one statement: NOT_FOUND names the first id, in the
 * order given, that the viewer may not read.
 */
export async function requireAllReadable(m: { tx: Tx; viewer: Viewer | null }, typename: ReadableEntity, ids: readonly number[]): Promise<void> {
  const readable = await readableIds(m.tx, m.viewer, typename, [...new Set(ids)]);
  const unreadable = ids.find((id) => !readable.has(id));
  if (unreadable !== undefined) throw notFound(typename, encodeGlobalID(typename, unreadable));
}

/**
 * requireAllReadable and a command's read of those rows, in one statement (one round trip fewer):
 * `fields` of the rows `ids` of `typename` the viewer may read, by id. NOT_FOUND names the first id,
 * in the order given, that the viewer may not read. With `lock`, the rows read stay locked to
 * commit, taken in id order.
 */
export async function readableRows<F extends SelectedFields>(
  m: { tx: Tx; viewer: Viewer | null },
  typename: ReadableEntity,
  ids: readonly number[],
  fields: F,
  lock?: 'share' | 'no key update',
): Promise<Map<number, SelectResultFields<F>>> {
  const policy: ReadPolicy = policies[typename];
  const query = m.tx
    .select({ ...fields, readableId: sql<number>`${policy.id}`.mapWith(Number) })
    .from(policy.table)
    .where(and(inIds(policy.id, [...new Set(ids)]), policy.visible(m.viewer)))
    .orderBy(policy.id);
  // drizzle cannot type a select over the generic table: the row shape is F's and the id.
  const rows = (await (lock ? query.for(lock) : query)) as unknown as (SelectResultFields<F> & { readableId: number })[];
  const byId = new Map(rows.map(({ readableId, ...row }) => [readableId, row as unknown as SelectResultFields<F>]));
  const unreadable = ids.find((id) => !byId.has(id));
  if (unreadable !== undefined) throw notFound(typename, encodeGlobalID(typename, unreadable));
  return byId;
}
