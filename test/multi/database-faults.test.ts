import { randomBytes } from 'node:crypto';
import { commitAhead, migrateDatabase, migrationsFolder, openDatabase, users } from '@devolve/db';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';
import { signIn } from '../support/server.ts';

/**
 * PostgreSQL under faults and restarts: a failover or a DBA's pg_terminate_backend costs at most
 * the requests whose connection was killed (postgres.js 3.4.9 crashed the whole process instead:
 * patches/postgres@3.4.9.patch); a stopping server finishes its mutations in flight; processes
 * starting together on an empty database migrate it once.
 */
let database: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase({ engine: 'postgres', seed: true });
  server = await startServerProcess({ DATABASE_URL: database.url! }, { bundle: true });
});
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

describe('backends terminated while mutations are in flight', () => {
  it('keeps the server up, fails only the affected requests cleanly, and leaves no partial rows', async () => {
    const author = await signIn(server.url, 'reviewer1');
    const listed = await author.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const proposalId = listed.data!.proposals.nodes[0]!.id;
    const [before] = await database.opened.postgresClient!<{ id: number }[]>`select coalesce(max(id), 0)::int as id from comment_threads`;
    const threadsBefore = before!.id;
    const startThread = (body: string) =>
      author
        .graphql<{ startCommentThread: { __typename: string } | null }>(
          'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
          { input: { proposalId, visibility: 'SHARED', body } },
        )
        .catch((error: unknown) => {
          // A dropped HTTP connection: if the process died, say so with what it printed.
          server.usage();
          throw error;
        });

    // The killer has its own connection to the test database and terminates every other one,
    // over and over, until the writers are done.
    const killer = postgres(database.url!, { max: 1, onnotice: () => {} });
    let writing = true;
    let kills = 0;
    const killing = (async () => {
      while (writing) {
        const killed = await killer<{ n: number }[]>`
          select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`;
        kills += killed[0]!.n;
      }
    })();

    const outcomes: string[] = [];
    try {
      // Rounds of parallel writers until at least one round ran into a kill.
      for (let round = 0; round < 40 && (round < 5 || !outcomes.includes('error')); round += 1) {
        const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => startThread(`断线测试 ${round}-${i}`)));
        for (const response of responses) {
          expect(response.status).toBe(200);
          if (response.data?.startCommentThread?.__typename === 'CommentThread') {
            outcomes.push('ok');
          } else {
            // A clean, masked GraphQL error: no stack, no SQL, no dropped connection.
            expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL');
            outcomes.push('error');
          }
        }
      }
    } finally {
      writing = false;
      await killing;
      await killer.end();
    }
    expect(kills).toBeGreaterThan(0);
    expect(outcomes).toContain('error');

    // The process is still up and serves the next requests.
    server.usage();
    const after = await startThread('断线之后');
    expect(after.data?.startCommentThread?.__typename).toBe('CommentThread');

    // Every thread written during the test has its first comment and its activity rows: nothing
    // half-written.
    const check = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      const [row] = await check<{ threads: number; halfWritten: number }[]>`
        select count(*)::int as threads,
               count(*) filter (where not exists (select 1 from comments c where c.thread_id = t.id)
                                   or not exists (select 1 from activity a where a.action = 'comment_thread.started' and a.entity_id = t.id)
                                   or not exists (select 1 from activity a where a.action = 'comment.created' and a.proposal_id = t.proposal_id
                                                  and a.entity_id in (select id from comments c where c.thread_id = t.id)))::int as "halfWritten"
        from comment_threads t where t.id > ${threadsBefore}`;
      expect(row!.halfWritten).toBe(0);
      // A kill during COMMIT may leave the client unsure whether it committed: never fewer than succeeded.
      expect(row!.threads).toBeGreaterThanOrEqual(outcomes.filter((o) => o === 'ok').length + 1);
      expect(row!.threads).toBeLessThanOrEqual(outcomes.length + 1);
    } finally {
      await check.end();
    }
  });
});

describe('a COMMIT written ahead of the answers (commitAhead, as every mutation ends)', () => {
  const lockKey = 160_016;
  /** Takes and gives back the lock in one statement, so on one pooled connection. */
  const lockIsFree = async () => {
    const [row] = await database.opened.postgresClient!<{ free: boolean }[]>`
      select case when pg_try_advisory_lock(${lockKey}) then pg_advisory_unlock(${lockKey}) else false end as free`;
    return row!.free;
  };

  it('releases the transaction\'s locks once PostgreSQL has run its statements, before the transaction returns', async () => {
    let freeInside = false;
    await database.opened.db.transaction(async (tx) => {
      await Promise.all([tx.execute(sql`select pg_advisory_xact_lock(${lockKey})`), commitAhead(tx)]);
      // Still inside the transaction's callback: without the COMMIT written ahead, the lock would be
      // held until it returns, and this poll would time out.
      await expect.poll(lockIsFree, { timeout: 10_000 }).toBe(true);
      freeInside = true;
    });
    expect(freeInside).toBe(true);
  });

  it('commits what was written before it', async () => {
    const name = `提前提交 ${randomBytes(3).toString('hex')}`;
    await database.opened.db.transaction(async (tx) => {
      await Promise.all([tx.update(users).set({ displayName: name }).where(eq(users.username, 'reviewer3')), commitAhead(tx)]);
    });
    const [row] = await database.opened.db.select({ displayName: users.displayName }).from(users).where(eq(users.username, 'reviewer3'));
    expect(row!.displayName).toBe(name);
  });

  it('becomes a rollback when a statement before it fails: nothing is written and the error is the statement\'s', async () => {
    const [before] = await database.opened.db.select({ displayName: users.displayName }).from(users).where(eq(users.username, 'reviewer4'));
    const failing = database.opened.db.transaction(async (tx) => {
      await Promise.all([
        tx.update(users).set({ displayName: '不应写入' }).where(eq(users.username, 'reviewer4')),
        tx.execute(sql`select 1 / 0`),
        commitAhead(tx),
      ]);
    });
    // drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
    await expect(failing).rejects.toMatchObject({ cause: { message: 'division by zero' } });
    const [after] = await database.opened.db.select({ displayName: users.displayName }).from(users).where(eq(users.username, 'reviewer4'));
    expect(after!.displayName).toBe(before!.displayName);
    // The connection went back to the pool outside any transaction: the next transaction works.
    await database.opened.db.transaction((tx) => tx.execute(sql`select 1`));
  });

  it('refuses a statement issued after it, which would run outside the transaction', async () => {
    const late = database.opened.db.transaction(async (tx) => {
      await commitAhead(tx);
      await tx.execute(sql`select pg_advisory_lock(${lockKey})`);
    });
    await expect(late).rejects.toMatchObject({ cause: { message: expect.stringMatching(/after its transaction's COMMIT was written/) } });
    expect(await lockIsFree()).toBe(true);
  });
});

describe('migrators starting together on an empty database', () => {
  it('migrate it once: one applies every migration, the others find nothing to do', async () => {
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const name = `devolve_test_${randomBytes(6).toString('hex')}`;
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const migrators = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ url: url.toString(), maxConnections: 2 })));
    try {
      const results = await Promise.all(migrators.map((opened) => migrateDatabase(opened)));
      const total = readMigrationFiles({ migrationsFolder }).length;
      expect(results.map((r) => r.applied).sort((a, b) => b - a)).toEqual([total, 0, 0, 0]);
    } finally {
      await Promise.all(migrators.map((opened) => opened.close()));
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

describe('stopping a server with a mutation in flight', () => {
  it('lets the mutation finish and answer, then exits', async () => {
    const stopping = await startServerProcess({ DATABASE_URL: database.url! }, { bundle: true });
    const db = database.opened.db;
    const author = await signIn(stopping.url, 'reviewer2');
    const listed = await author.graphql<{ proposals: { nodes: { id: string }[] } }>('{ proposals(first: 1) { nodes { id } } }');
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'reviewer2'));
    // reviewer2's new threads sleep in a trigger between writing their activity and committing.
    await db.execute(sql.raw(`create function drain_hook() returns trigger language plpgsql as $$ begin perform pg_sleep(1); return null; end $$`));
    await db.execute(
      sql.raw(`create trigger drain_hook after insert on activity for each row
        when (new.action = 'comment_thread.started' and new.actor_id = ${user!.id}) execute function drain_hook()`),
    );
    try {
      const posting = author.graphql<{ startCommentThread: { __typename: string } | null }>(
        'mutation($input: StartCommentThreadInput!) { startCommentThread(input: $input) { __typename } }',
        { input: { proposalId: listed.data!.proposals.nodes[0]!.id, visibility: 'SHARED', body: '停机前提交' } },
      );
      const sleeping = async () =>
        (await database.opened.postgresClient!<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`)[0]!.n;
      await expect.poll(sleeping, { timeout: 10_000 }).toBe(1);
      const exited = stopping.stop('SIGTERM');
      const response = await posting;
      expect(response.data?.startCommentThread?.__typename).toBe('CommentThread');
      await exited;
      const [row] = await database.opened.postgresClient!<{ n: number }[]>`
        select count(*)::int as n from comments where body = '停机前提交'`;
      expect(row!.n).toBe(1);
    } finally {
      await db.execute(sql`drop trigger if exists drain_hook on activity`);
      await db.execute(sql`drop function if exists drain_hook`);
      await stopping.stop('SIGKILL');
    }
  });
});
