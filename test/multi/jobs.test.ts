import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderLock } from '../../server/src/jobs/runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';

/**
 * Scheduled jobs with two `devolve serve` processes on one PostgreSQL database: one of them leads
 * (holds the advisory lock) and closes each expired consultation once; when it dies, the other
 * takes the lead and runs the jobs. The servers run on the demo's story clock (domain_clock), by
 * which the seeded open consultations are still running: the test moves some deadlines before it.
 */
let database: TestDatabase;
let processes: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ engine: 'postgres', seed: true });
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await database?.dispose();
});

const client = () => database.opened.postgresClient!;

/** The pid of the process holding the leader lock, from its connection's name (devolve-jobs-<pid>); one row per holder. */
async function leaders(): Promise<number[]> {
  const rows = await client()<{ name: string }[]>`
    select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())
      and l.classid = ${leaderLock.space}::int::oid and l.objid = ${leaderLock.key}::int::oid and l.objsubid = 2`;
  return rows.map((row) => Number(/^devolve-jobs-(\d+)$/.exec(row.name)?.[1]));
}

/** consultation.closed entries per consultation since activity id `after`: how many, how many had a user as actor, and their reasons. */
async function closings(after: number): Promise<Map<number, { count: number; byUsers: number; reasons: string[] }>> {
  const rows = await client()<{ id: number; count: number; byUsers: number; reasons: string[] }[]>`
    select entity_id as id, count(*)::int as count, count(actor_id)::int as "byUsers", array_agg(after ->> 'reason') as reasons
    from activity where action = 'consultation.closed' and id > ${after} group by entity_id`;
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

/** The domain clock's now as the servers compute it (clock.ts): the story's time, moving with the real one. */
const domainNow = `coalesce((select story_at + (now() - real_at) from domain_clock), now())`;

const expiredOpen = async () =>
  (await client().unsafe<{ id: number }[]>(`select id from consultations where status = 'open' and deadline < ${domainNow} order by id`)).map((row) => row.id);

describe('scheduled jobs on two server processes sharing one database', () => {
  it('run in exactly one of them, which closes each expired consultation once; when it dies, the other takes over', async () => {
    await client().unsafe(
      `update consultations set deadline = ${domainNow} - interval '1 day' where id in (select id from consultations where status = 'open' order by id limit 3)`,
    );
    const expired = await expiredOpen();
    expect(expired).toHaveLength(3);
    const [{ last } = { last: 0 }] = await client()<{ last: number }[]>`select coalesce(max(id), 0)::int as last from activity`;

    processes = await Promise.all([1, 2].map(() => startServerProcess({ DATABASE_URL: database.url!, DEVOLVE_JOBS: 'on' }, { bundle: true })));
    const pids = processes.map((p) => p.pid);

    await expect.poll(expiredOpen, { timeout: 30_000 }).toEqual([]);
    const leading = await leaders();
    expect(leading).toHaveLength(1);
    expect(pids).toContain(leading[0]);
    // Both processes take part in the election, each on its own connection (to this file's database:
    // other files' server processes elect their own leaders at the same time). The follower opens its
    // connection at its first tick, which on a loaded machine may come after the leader's work.
    const electing = async () =>
      (
        await client()<{ name: string }[]>`select application_name as name from pg_stat_activity
          where application_name like 'devolve-jobs-%' and datname = current_database() order by 1`
      ).map((row) => row.name);
    await expect.poll(electing, { timeout: 30_000 }).toEqual(pids.map((pid) => `devolve-jobs-${pid}`).sort());

    const closed = await closings(last);
    expect([...closed.keys()].sort((x, y) => x - y)).toEqual(expired);
    for (const entry of closed.values()) expect(entry).toEqual({ count: 1, byUsers: 0, reasons: ['deadline'] });

    // A new round whose deadline has passed, then the leader dies (SIGKILL: its connection, and
    // with it the lock, goes away without a word). The other process takes the lead and closes it.
    const [round] = await client().unsafe<{ id: number }[]>(
      `insert into consultations (proposal_id, opened_by_id, deadline, created_at)
      select c.proposal_id, c.opened_by_id, ${domainNow} - interval '1 minute', ${domainNow} from consultations c where c.id = $1
      returning id`,
      [expired[0]!],
    );
    const leader = processes.find((p) => p.pid === leading[0])!;
    const follower = processes.find((p) => p !== leader)!;
    await leader.stop('SIGKILL');
    await expect.poll(leaders, { timeout: 30_000 }).toEqual([follower.pid]);
    await expect.poll(async () => (await closings(last)).get(round!.id), { timeout: 30_000 }).toEqual({ count: 1, byUsers: 0, reasons: ['deadline'] });
    expect(await expiredOpen()).toEqual([]);
  });
});
