import { seedDemoData } from '@devolve/db/seed';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';
import { signIn } from '../support/server.ts';

/**
 * A failover or a DBA's pg_terminate_backend must cost at most the requests whose connection was
 * killed: postgres.js 3.4.9 crashed the whole process instead (patches/postgres@3.4.9.patch).
 */
let database: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase({ engine: 'postgres' });
  await seedDemoData(database.opened.db);
  server = await startServerProcess({ DATABASE_URL: database.url! });
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
