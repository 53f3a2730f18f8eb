import type { OpenedDatabase } from '@devolve/db';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createInProcessBus } from '../events/in-process.ts';
import { type Job, type JobDeps, JobRunner, type Leadership, leadershipFor, soleProcess } from './runner.ts';

/** The runner's log lines, parsed. */
function capturedLogger() {
  const lines: { level: number; msg: string; job?: string; failures?: number; retryInMs?: number }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
  return { logger, lines };
}

/** A leadership the test hands over and takes back. */
function switchableLeadership(leads = true) {
  const state = { leads, closed: false, failing: false };
  const leadership: Leadership = {
    lead: async () => {
      if (state.failing) throw new Error('connection terminated');
      return state.leads;
    },
    close: async () => {
      state.closed = true;
    },
  };
  return { state, leadership };
}

/** Time the test moves by hand: the runner's schedule, and the domain clock the jobs are given. */
function manualTime() {
  const time = { ms: 0 };
  const domainNow = new Date('2019-11-20T02:00:00.000Z');
  const deps: JobDeps = { db: null as never, events: createInProcessBus(), clock: () => new Date(domainNow.getTime() + time.ms) };
  return { time, deps, now: () => time.ms };
}

/** A job that records when it ran (by the domain clock it was given) and fails while told to. */
function recordingJob(name: string, everyMs: number) {
  const runs: string[] = [];
  const control = { failing: false };
  const job: Job = {
    name,
    everyMs,
    run: async (deps) => {
      runs.push(deps.clock().toISOString());
      if (control.failing) throw new Error(`${name} broke`);
    },
  };
  return { job, runs, control };
}

describe('JobRunner', () => {
  it('runs each job at once, then every everyMs, with the domain clock it was given', async () => {
    const { time, deps, now } = manualTime();
    const minutely = recordingJob('minutely', 60_000);
    const hourly = recordingJob('hourly', 3_600_000);
    const runner = new JobRunner([minutely.job, hourly.job], deps, soleProcess, capturedLogger().logger, { tickMs: 5_000, now });

    await runner.tick();
    expect(runner.leading).toBe(true);
    expect(minutely.runs).toEqual(['2019-11-20T02:00:00.000Z']);
    expect(hourly.runs).toHaveLength(1);

    time.ms = 59_999;
    await runner.tick();
    expect(minutely.runs).toHaveLength(1);
    time.ms = 60_000;
    await runner.tick();
    await runner.tick();
    expect(minutely.runs).toEqual(['2019-11-20T02:00:00.000Z', '2019-11-20T02:01:00.000Z']);
    expect(hourly.runs).toHaveLength(1);
    time.ms = 3_600_000;
    await runner.tick();
    expect(minutely.runs).toHaveLength(3);
    expect(hourly.runs).toHaveLength(2);
  });

  it('logs a failing run and tries it again at the next tick, then after doubling waits, without throwing; a success resets it', async () => {
    const { time, deps, now } = manualTime();
    const { logger, lines } = capturedLogger();
    const flaky = recordingJob('flaky', 60_000);
    const steady = recordingJob('steady', 60_000);
    const runner = new JobRunner([flaky.job, steady.job], deps, soleProcess, logger, { tickMs: 5_000, maxBackoffMs: 20_000, now });
    flaky.control.failing = true;

    await runner.tick();
    // The other job still ran in the same tick.
    expect(steady.runs).toHaveLength(1);
    const failures = () => lines.filter((line) => line.msg.includes('failed')).map((line) => [line.level, line.job, line.failures, line.retryInMs]);
    expect(failures()).toEqual([[50, 'flaky', 1, 5_000]]);

    // Tried again after 5 s, 10 s, then 20 s (the cap), 20 s.
    const attemptsAt = async (ms: number) => {
      time.ms = ms;
      await runner.tick();
      return flaky.runs.length;
    };
    expect(await attemptsAt(4_999)).toBe(1);
    expect(await attemptsAt(5_000)).toBe(2);
    expect(await attemptsAt(14_999)).toBe(2);
    expect(await attemptsAt(15_000)).toBe(3);
    expect(await attemptsAt(34_999)).toBe(3);
    expect(await attemptsAt(35_000)).toBe(4);
    expect(await attemptsAt(55_000)).toBe(5);
    expect(failures().map(([, , count, retryInMs]) => [count, retryInMs])).toEqual([
      [1, 5_000],
      [2, 10_000],
      [3, 20_000],
      [4, 20_000],
      [5, 20_000],
    ]);

    flaky.control.failing = false;
    expect(await attemptsAt(75_000)).toBe(6);
    // Back on its period.
    expect(await attemptsAt(134_999)).toBe(6);
    expect(await attemptsAt(135_000)).toBe(7);
    expect(failures()).toHaveLength(5);
  });

  it('runs nothing while another process leads, runs everything at once on taking the lead, and gives it up when stopped', async () => {
    const { time, deps, now } = manualTime();
    const { logger, lines } = capturedLogger();
    const { state, leadership } = switchableLeadership(false);
    const job = recordingJob('sweep', 60_000);
    const runner = new JobRunner([job.job], deps, leadership, logger, { tickMs: 5_000, now });

    await runner.tick();
    expect(runner.leading).toBe(false);
    expect(job.runs).toEqual([]);

    state.leads = true;
    time.ms = 5_000;
    await runner.tick();
    expect(job.runs).toHaveLength(1);
    expect(lines.map((line) => line.msg)).toContain('this process now runs the scheduled jobs');

    // Lost (its connection dropped and another process took the lock), then taken back: a new
    // leader cannot know when the last one ran, so it runs the job at once.
    state.leads = false;
    time.ms = 10_000;
    await runner.tick();
    state.leads = true;
    time.ms = 15_000;
    await runner.tick();
    expect(job.runs).toHaveLength(2);

    // The database unreachable: not leading, a warning, and no crash.
    state.failing = true;
    time.ms = 20_000;
    await runner.tick();
    expect(runner.leading).toBe(false);
    expect(lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual(['could not ask who leads the scheduled jobs']);

    await runner.stop();
    expect(state.closed).toBe(true);
    state.failing = false;
    await runner.tick();
    expect(job.runs).toHaveLength(2);
  });

  it('lets a run in progress finish when stopped, before giving up the lead', async () => {
    const { deps, now } = manualTime();
    const { state, leadership } = switchableLeadership(true);
    let finish!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const steps: string[] = [];
    const slow: Job = {
      name: 'slow',
      everyMs: 60_000,
      run: async () => {
        started();
        await new Promise<void>((resolve) => (finish = resolve));
        steps.push('run finished');
      },
    };
    const runner = new JobRunner([slow], deps, leadership, capturedLogger().logger, { now });
    runner.start();
    await running;
    const stopped = runner.stop().then(() => steps.push(state.closed ? 'stopped, lead given up' : 'stopped, still leading'));
    finish();
    await stopped;
    expect(steps).toEqual(['run finished', 'stopped, lead given up']);
  });

  it('lets the only process of an embedded database lead', async () => {
    // PGlite: no postgres.js client, one process.
    const embedded: OpenedDatabase = { db: null as never, engine: 'pglite', location: 'memory://', close: async () => {} };
    expect(leadershipFor(embedded)).toBe(soleProcess);
    expect(await soleProcess.lead()).toBe(true);
  });
});
