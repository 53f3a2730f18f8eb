import { activity, type ActivityAction, activityActions, commitAhead, type Database } from '@devolve/db';
import { and, eq, sql, type InferInsertModel, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Viewer } from '../accounts/permissions.ts';
import type { Context } from '../context.ts';
import type { ChangeEvent } from '../events/change-event.ts';
import { eventFields } from '../events/log.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { executedRows, jsonRows } from '../json-rows.ts';
import { notificationsInsert } from '../notifications/fan-out.ts';
import { uniqueRuleError } from './unique-rules.ts';

/** A transaction handle: everything a mutation writes goes through it. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface ActivityEntry {
  /** From the one catalogue (db/src/activity-actions.ts), which also names the entity type. */
  action: ActivityAction;
  entityId: number;
  campaignId?: number | null;
  proposalId?: number | null;
  /** Set for entries about one district's feedback or handover: only its liaisons see them. */
  districtId?: number | null;
  /** The review team's internal work (internal threads, votes): hidden from departments and districts. */
  internal?: boolean;
  before?: unknown;
  after?: unknown;
  /** Defaults to the viewer; login names the user it signs in. */
  actorId?: number | null;
}

/** What a mutation's work is given: its transaction, who acts, when, and where its activity goes. */
export interface Mutation<V extends Viewer | null = Viewer | null> {
  tx: Tx;
  viewer: V;
  /** The domain clock's time for this mutation: every timestamp it writes, activity included. */
  now: Date;
  /** Appends an activity row, written in this transaction before it commits. */
  record(entry: ActivityEntry): void;
}

/**
 * A domain operation (architecture: one place per rule): checks, writes and records through the
 * mutation it is given, whoever calls it — a GraphQL resolver, a job, an import, the seed or a test.
 * It never opens its own transaction, so a caller can run several in one (all or nothing).
 */
export type Command<Input, Result> = (m: Mutation<Viewer>, input: Input) => Promise<Result>;

/** What running a mutation needs: a subset of the request context, so jobs, imports and the seed can build it. */
export interface MutationDeps {
  db: Context['db'];
  viewer: Viewer | null;
  events: Pick<Context['events'], 'notifyChannel' | 'publishAfterCommit'>;
  /** The domain clock (see clock.ts); the real time when not given. */
  clock?: () => Date;
}

/**
 * Reads what a mutation answers (the rows the client selected) in its transaction, from what its
 * work returned. mutate() sends it together with the activity statement and ahead of it: it costs
 * no round trip of its own (rather than one after the commit) and runs before the commit-order lock
 * is taken. It sees the mutation's own writes, as a read after the commit would.
 */
export type ReadBack<T, A> = (tx: Tx, value: T) => A | Promise<A>;

/**
 * Runs a mutation's writes in one transaction together with its activity rows (architecture
 * decision 2): either the change and its log commit together or neither does, and only then are
 * its events published (decision 3). A mutation that records no activity is a bug and rolls back.
 *
 * Inside `work`, use `m.tx`, never `ctx.db`: on PGlite the transaction holds the only connection.
 */
export function mutate<T>(ctx: MutationDeps, work: (m: Mutation) => Promise<T>): Promise<T> {
  return mutateAndRead(ctx, work, (_tx, value) => value);
}

/** mutate(), answering what `readBack` reads of the result in the same transaction. */
async function mutateAndRead<T, A>(ctx: MutationDeps, work: (m: Mutation) => Promise<T>, readBack: ReadBack<T, A>): Promise<A> {
  let events: ChangeEvent[] = [];
  let answer: A;
  try {
    answer = await ctx.db.transaction(async (tx) => {
      const entries: ActivityEntry[] = [];
      const now = ctx.clock?.() ?? new Date();
      const value = await work({ tx, viewer: ctx.viewer, now, record: (entry) => entries.push(entry) });
      // Both statements issued at once, the read first, and COMMIT written behind them: postgres.js
      // pipelines all three (one round trip), and the commit-order lock the activity statement takes
      // is released when PostgreSQL has run it, not after its answer has come back to Node. A read
      // that fails in JavaScript after its statement succeeded fails the request of a committed
      // write; readBacks only map the rows their one statement returns.
      const [[answer, appended]] = await Promise.all([
        Promise.all([readBack(tx, value), appendActivity(tx, entries, ctx.viewer, now, ctx.events.notifyChannel)]),
        commitAhead(tx),
      ]);
      events = appended;
      return answer;
    });
  } catch (error) {
    // A concurrent request got there first: the unique index decided, the client gets the rule.
    throw uniqueRuleError(error) ?? error;
  }
  ctx.events.publishAfterCommit(events);
  return answer;
}

/**
 * Runs one command as `viewer` in its own transaction: what a resolver does after parsing its
 * arguments. A command needs someone to act: anonymous callers were refused by the field's scopes.
 */
export function runCommand<Input, Result>(
  ctx: MutationDeps,
  viewer: Viewer,
  command: Command<Input, Result>,
  input: Input,
): Promise<Result> {
  return runCommandAndRead(ctx, viewer, command, input, (_tx, result) => result);
}

/** runCommand(), answering what `readBack` reads of the command's result (see ReadBack): a resolver's answer. */
export function runCommandAndRead<Input, Result, Answer>(
  ctx: MutationDeps,
  viewer: Viewer,
  command: Command<Input, Result>,
  input: Input,
  readBack: ReadBack<Result, Answer>,
): Promise<Answer> {
  return mutateAndRead({ ...ctx, viewer }, (m) => command({ ...m, viewer }, input), readBack);
}

const activityColumns = {
  n: 'integer',
  action: 'text',
  entity_type: 'text',
  entity_id: 'integer',
  campaign_id: 'integer',
  proposal_id: 'integer',
  district_id: 'integer',
  internal: 'boolean',
  before: 'jsonb',
  after: 'jsonb',
  actor_id: 'integer',
};

// The parts of the activity statement that do not change between mutations, built once: drizzle
// rebuilt them (an insert builder, a select builder, the event's fields) on every write.

/** Every column of the given rows but their order `n` is the activity column of that name. */
const insertedColumns = Object.keys(activityColumns).filter((column) => column !== 'n');
const intoColumns = sql.raw(insertedColumns.join(', '));
const fromGiven = sql.raw(insertedColumns.map((column) => `given.${column}`).join(', '));

/** The insert of the given rows (`given`, jsonRows' shape), ids drawn in the order the command recorded its entries. */
const insertGiven = (given: SQL, now: Date) =>
  sql`insert into ${activity} (${intoColumns}, created_at)
    select ${fromGiven}, ${now.toISOString()}::timestamptz from ${given} order by given.n
    returning *`;

/** The event as JSON (a ChangeEvent, encodeEvent's shape) over the inserted rows named as the table, with or without notifications' recipients. */
const eventJson = (recipients: SQL) =>
  sql`json_build_object(${sql.join(
    Object.entries(eventFields).map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`),
    sql`, `,
  )}, 'recipients', ${recipients})::text`;
const eventWithRecipients = eventJson(
  sql`coalesce((select json_agg(n.user_id order by n.user_id) from notified n where n.activity_id = ${activity.id}), '[]')`,
);
const eventWithoutRecipients = eventJson(sql`'[]'::json`);
/** In id order, so NOTIFY sends the events in it. */
const eventsInIdOrder = (event: SQL) => sql`(select ${event} as event from inserted as ${activity} order by ${activity.id}) e`;
const eventsWithRecipients = eventsInIdOrder(eventWithRecipients);
const eventsWithoutRecipients = eventsInIdOrder(eventWithoutRecipients);

/**
 * Appends a mutation's activity rows, stamped `now`, writes their notifications (fan-out.ts) and,
 * given the bus's channel, NOTIFYs each event, all in one statement: it is one round trip under the
 * lock below, and returns the events. Last in a mutation, because the insert takes the log's
 * commit-order lock (the activity_commit_order trigger) and holds it to commit: ids become visible
 * in id order, so a client resuming after id N, or a fanout filling a gap below N, finds every
 * earlier event. Nothing after it waits for another transaction's row locks (its foreign key checks
 * share-lock a user and a campaign, rows no mutation locks for update), so the wait is short and
 * cannot deadlock.
 */
async function appendActivity(
  tx: Tx,
  entries: ActivityEntry[],
  viewer: Viewer | null,
  now: Date,
  notifyChannel: string | undefined,
): Promise<ChangeEvent[]> {
  if (entries.length === 0) throw new Error('A mutation must record its activity');
  // One parameter for all rows (json-rows.ts) rather than ~11 per row: list commands record thousands.
  const rows = entries.map((entry, n) => ({
    n,
    action: entry.action,
    entity_type: activityActions[entry.action],
    entity_id: entry.entityId,
    campaign_id: entry.campaignId ?? null,
    proposal_id: entry.proposalId ?? null,
    district_id: entry.districtId ?? null,
    internal: entry.internal ?? false,
    before: entry.before ?? null,
    after: entry.after ?? null,
    actor_id: entry.actorId === undefined ? (viewer?.userId ?? null) : entry.actorId,
  }));
  const inserted = insertGiven(jsonRows('given', activityColumns, rows), now);
  const notified = notificationsInsert(
    rows.map((row) => ({ action: row.action, after: row.after, entityId: row.entity_id, actorId: row.actor_id, internal: row.internal })),
    sql`select * from inserted`,
    now,
  );
  const result = await tx.execute(sql`
    with inserted as (${inserted})${notified ? sql`, notified as (${notified})` : sql``}
    select e.event${notifyChannel ? sql`, pg_notify(${notifyChannel}, e.event)` : sql``}
      from ${notified ? eventsWithRecipients : eventsWithoutRecipients}`);
  return executedRows<{ event: string }>(result).map((row) => JSON.parse(row.event) as ChangeEvent);
}

type VersionedTable = PgTable & { id: AnyPgColumn; version: AnyPgColumn };

/**
 * Optimistic concurrency (architecture decision 4): updates row `id` only if it is still at
 * `expectedVersion`, bumping the version. Otherwise: NotFoundError, or ConflictError carrying the
 * current version so the client can show what changed.
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: Tx,
  table: T,
  target: { id: number; expectedVersion: number; typename: string; what: { zh: string; en: string } },
  values: Partial<InferInsertModel<T>>,
): Promise<InferSelectModel<T>> {
  // drizzle's update builder cannot be typed over a generic table; the row shape is T's.
  const rows = (await tx
    .update(table as PgTable)
    .set({ ...values, version: sql`${table.version} + 1` })
    .where(and(eq(table.id, target.id), eq(table.version, target.expectedVersion)))
    .returning()) as InferSelectModel<T>[];
  const [row] = rows;
  if (row) return row;
  const [current] = await tx
    .select({ version: table.version })
    .from(table)
    .where(eq(table.id, target.id));
  if (!current) throw new NotFoundError(target.what, String(target.id));
  throw new ConflictError({ typename: target.typename, id: target.id }, Number(current.version));
}

/**
 * Records that a change elsewhere (assignees, a consultation) changed row `id` as a whole, so a
 * client holding an older version gets a conflict (architecture decision 4). Returns the new version.
 */
export async function bumpVersion<T extends VersionedTable>(tx: Tx, table: T, id: number): Promise<number> {
  // As in updateVersioned, drizzle's builder cannot be typed over a generic table.
  const [row] = (await tx
    .update(table as PgTable)
    .set({ version: sql`${table.version} + 1` } as never)
    .where(eq(table.id, id))
    .returning({ version: table.version })) as { version: number }[];
  return Number(row!.version);
}
