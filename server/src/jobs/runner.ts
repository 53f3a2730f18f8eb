import type { Database, OpenedDatabase } from '@devolve/db';
import postgres from 'postgres';
import type { Logger } from 'pino';
import type { MutationDeps } from '../activity/mutate.ts';
import type { Clock } from '../clock.ts';

/** What a job's run is given: it calls domain commands through `mutate`/`runCommand` with these. */
export interface JobDeps {
  db: Database;
  events: MutationDeps['events'];
  /** The domain clock: deadlines are passed or not by it, and the job's writes are stamped with it. */
  clock: Clock;
}

/** A periodic sweep: idempotent, so a run repeated (after a failure, by a new leader) does no harm. */
export interface Job {
  name: string;
  everyMs: number;
  run(deps: JobDeps): Promise<void>;
}

/** Which process of those sharing one database runs the jobs. */
export interface Leadership {
  /** Whether this process leads now: takes the lead when nobody holds it, keeps it while it does. */
  lead(): Promise<boolean>;
  /** Gives the lead up, for another process to take at its next tick. */
  close(): Promise<void>;
}

/** PGlite: one process owns the database, so it always leads. */
export const soleProcess: Leadership = { lead: async () => true, close: async () => {} };

/**
 * The two-key advisory lock the leader holds: its first key is a lock space of its own (1001 and
 * 1002 are the login attempts', accounts/password-attempts.ts; one-key locks never collide).
 */
export const leaderLock = { space: 1003, key: 1 } as const;

/**
 * PostgreSQL: the leader holds a session-level `pg_try_advisory_lock` on a connection of its own.
 * Chosen over a job queue table because the jobs are periodic, idempotent sweeps, not work items
 * to hand out once each: one process sweeping is all that is needed, and a lock needs no table, no
 * claim rows to expire and no clean-up. When the leader dies its connection closes, PostgreSQL
 * releases the lock, and another process takes it at its next tick.
 *
 * Each tick asks, in one statement on that connection, whether this session holds the lock (and
 * tries to take it if not): a connection that dropped and reconnected holds nothing, so a leader
 * that lost its lock knows at its next tick. Between the check and a run another process may
 * take over; the sweeps are idempotent (their UPDATEs skip rows already done), so that is harmless.
 */
export function advisoryLockLeadership(client: postgres.Sql): Leadership {
  const { host, port, path, database, user, pass, ssl, target_session_attrs } = client.options;
  // Its own client, not a connection reserved from the pool: postgres.js hands a reserved connection
  // back to the pool when it drops, and recycles pooled connections (max_lifetime), which would
  // move or end the session that holds the lock behind our back.
  const sessionOptions: postgres.Options<Record<string, never>> = {
    // "host:port,host:port", which postgres.js parses back into the same lists.
    host: host.map((name, index) => `${name}:${port[index]}`).join(','),
    path: path || undefined,
    database,
    user,
    // ParsedOptions types it null, but it holds the password (or the function giving it).
    pass: pass as unknown as postgres.Options<Record<string, never>>['pass'],
    ssl,
    target_session_attrs,
    max: 1,
    max_lifetime: null,
    connect_timeout: 10,
    onnotice: () => {},
    // Which process leads is visible in pg_stat_activity (and joined to pg_locks, in the tests).
    connection: { application_name: `devolve-jobs-${process.pid}` },
  };
  const session = postgres(sessionOptions);
  return {
    async lead() {
      const [row] = await session<{ leads: boolean }[]>`
        select case
          when exists (
            select 1 from pg_locks
            where locktype = 'advisory' and pid = pg_backend_pid() and granted
              and classid = ${leaderLock.space}::int::oid and objid = ${leaderLock.key}::int::oid and objsubid = 2
          ) then true
          else pg_try_advisory_lock(${leaderLock.space}::int, ${leaderLock.key}::int)
        end as leads`;
      return row!.leads;
    },
    // Ending the session releases the lock at once.
    close: () => session.end({ timeout: 5 }),
  };
}

/** The leadership for this database: an advisory lock on PostgreSQL, always on PGlite. */
export function leadershipFor(opened: OpenedDatabase): Leadership {
  return opened.postgresClient ? advisoryLockLeadership(opened.postgresClient) : soleProcess;
}

export interface JobRunnerOptions {
  /** How often the runner wakes to take the lead when it is free and run the jobs that are due. */
  tickMs?: number;
  /** The longest wait before a failing job is tried again. */
  maxBackoffMs?: number;
  /**
   * Monotonic milliseconds for when jobs are due. Not the domain clock: that one may stand still
   * or jump (a demo set to 2019); job periods are real time.
   */
  now?: () => number;
}

/**
 * Runs each job every `everyMs` in the process that leads. A new leader runs every job at once.
 * A run that throws is logged and tried again at the next tick, then with a doubling wait (up to
 * `maxBackoffMs`); it never reaches the server. `tick()` is one round, for tests to drive;
 * `start()` ticks on a timer until `stop()`.
 */
export class JobRunner {
  private readonly tickMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private readonly schedule = new Map<string, { dueAt: number; failures: number }>();
  private leads = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly deps: JobDeps,
    private readonly leadership: Leadership,
    private readonly logger: Logger,
    options: JobRunnerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 15 * 60_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether this process led at the last tick. */
  get leading(): boolean {
    return this.leads;
  }

  start(): void {
    const loop = () => {
      this.ticking = this.tick()
        // tick() handles its own failures; this only keeps a bug in it from ending the process.
        .catch((error: unknown) => this.logger.error({ err: error }, 'the scheduled jobs runner failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.tickMs);
        });
    };
    loop();
  }

  /** Stops ticking, waits for a run in progress to finish, and gives the lead up. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await this.leadership.close().catch((error: unknown) => this.logger.warn({ err: error }, 'could not give up leading the scheduled jobs'));
  }

  async tick(): Promise<void> {
    if (this.stopped) return;
    const leads = await this.leadership.lead().catch((error: unknown) => {
      // The database is unreachable: nobody can run the jobs anyway. The next tick asks again.
      this.logger.warn({ err: error }, 'could not ask who leads the scheduled jobs');
      return false;
    });
    if (leads !== this.leads) {
      this.logger.info({ pid: process.pid }, leads ? 'this process now runs the scheduled jobs' : 'this process no longer runs the scheduled jobs');
      // A new leader does not know when the last one ran its jobs: it runs them all now.
      if (leads) this.schedule.clear();
      this.leads = leads;
    }
    if (!leads) return;
    for (const job of this.jobs) {
      if (this.stopped) return;
      const started = this.now();
      const state = this.schedule.get(job.name) ?? { dueAt: started, failures: 0 };
      if (started < state.dueAt) continue;
      try {
        await job.run(this.deps);
        this.schedule.set(job.name, { dueAt: started + job.everyMs, failures: 0 });
      } catch (error) {
        const failures = state.failures + 1;
        const retryInMs = Math.min(this.tickMs * 2 ** (failures - 1), this.maxBackoffMs);
        this.schedule.set(job.name, { dueAt: started + retryInMs, failures });
        this.logger.error({ err: error, job: job.name, failures, retryInMs }, 'a scheduled job failed; it will be tried again');
      }
    }
  }
}
