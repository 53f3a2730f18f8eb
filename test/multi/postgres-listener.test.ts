import { activity } from '@devolve/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../server/src/events/change-event.ts';
import { notifyChannel } from '../../server/src/events/postgres.ts';
import { startTestServer, type SignedInClient, type TestServer } from '../support/server.ts';
import { logPosition, subscribe } from '../support/sse.ts';

/**
 * The PostgreSQL event bus (LISTEN/NOTIFY) when its listener connection drops: what was logged
 * while it was away is read back from the activity log once postgres.js has listened again, in
 * order, once each.
 */
let server: TestServer;
let coordinator: SignedInClient;
/** A connection of the test's own, to end the server's listener as a failover or restart would. */
let admin: postgres.Sql;

beforeAll(async () => {
  server = await startTestServer({ seed: true, engine: 'postgres' });
  coordinator = await server.signIn('coordinator');
  admin = postgres(server.database.url!, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await admin?.end();
  await server?.close();
});

/** Logs a row and NOTIFYs it as the server's listener receives a change: the subscriber has it live. */
async function loggedAndNotified(n: number) {
  const row = await loggedSilently(n);
  await admin`select pg_notify(${notifyChannel}, ${encodeEvent({ ...row, draft: false })})`;
  return row;
}

/** An activity row written with no NOTIFY: only a read of the log can deliver it. */
async function loggedSilently(n: number) {
  const [row] = await server.database.opened.db
    .insert(activity)
    .values({ action: 'comment.created', entityType: 'comment', entityId: 800_000 + n, internal: false })
    .returning();
  return row!;
}

describe('the PostgreSQL event bus', () => {
  it('catches up from the activity log after its listener connection is killed', async () => {
    const stream = subscribe<{ activityStream: { sequence: number; entityId: number } }>(
      server.url,
      'subscription($since: Int) { activityStream(since: $since) { sequence entityId } }',
      { since: await logPosition(server.database.opened.db) },
      coordinator.cookie,
    );
    // Live once the first change arrives (read from the log if the subscription started late).
    const ready = await loggedAndNotified(0);
    expect((await stream.next()).activityStream.sequence).toBe(ready.id);
    const missed = [await loggedSilently(1), await loggedSilently(2), await loggedSilently(3)];
    // No later change may go out before the listener is killed (the gap read would deliver them),
    // so this looks only at what has come so far: nothing, with no NOTIFY.
    expect(stream.pending()).toEqual([]);

    // The server's listener is the connection of this database that last ran LISTEN.
    const ended = await admin<{ ended: boolean }[]>`
      select pg_terminate_backend(pid) as ended from pg_stat_activity
      where datname = current_database() and query ilike 'listen%'`;
    expect(ended.length).toBeGreaterThan(0);
    expect(ended.every((row) => row.ended)).toBe(true);

    const received = [];
    for (let i = 0; i < missed.length; i += 1) received.push((await stream.next(15_000)).activityStream);
    expect(received).toEqual(missed.map((row, i) => ({ sequence: row.id, entityId: 800_001 + i })));

    // Listening again: a NOTIFY now arrives live, and nothing comes twice: the next one is a later marker.
    const live = await loggedAndNotified(4);
    expect((await stream.next()).activityStream.sequence).toBe(live.id);
    const marker = await loggedAndNotified(5);
    expect((await stream.next()).activityStream.sequence).toBe(marker.id);
    stream.close();
  });
});

describe("the server's PostgreSQL sessions", () => {
  it('run without JIT (its compile time was most of a large list query, issue 16)', async () => {
    const [row] = (await server.database.opened.db.execute(sql`select current_setting('jit') as jit`)) as unknown as { jit: string }[];
    expect(row!.jit).toBe('off');
  });

  it('price random reads as cached ones (at the default the province queue scanned every unit per row, issue 16)', async () => {
    const [row] = (await server.database.opened.db.execute(sql`select current_setting('random_page_cost') as cost`)) as unknown as { cost: string }[];
    expect(row!.cost).toBe('1.1');
  });

  it('plan without parallel workers (short statements on few cores, issue 16)', async () => {
    const [row] = (await server.database.opened.db.execute(sql`select current_setting('max_parallel_workers_per_gather') as workers`)) as unknown as { workers: string }[];
    expect(row!.workers).toBe('0');
  });
});
