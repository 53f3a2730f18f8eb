import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { devolveCommand } from '../support/processes.ts';

/** Operator mistakes stop start-up with one clear line, never a stack trace (the bundle, as `pnpm start` runs it). */
const run = promisify(execFile);

async function devolve(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...devolveCommand(true), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function expectOneClearLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^devolve: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('devolve CLI', () => {
  it('prints help for every command', async () => {
    const help = await devolve(['--help'], {});
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed']) expect(help.stdout).toContain(command);
    const serveHelp = await devolve(['serve', '--help'], {});
    expect(serveHelp.stdout).toContain('--seed-if-empty');
  });

  it('refuses a DATABASE_URL that is not a URL', async () => {
    const result = await devolve(['migrate'], { DATABASE_URL: 'not a url' });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, /DATABASE_URL is not a valid URL/);
  });

  it('refuses a DATABASE_URL of another kind of database', async () => {
    const result = await devolve(['migrate'], { DATABASE_URL: 'mysql://root@127.0.0.1/devolve' });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, /must start with postgres:\/\//);
  });

  it('says when PostgreSQL cannot be reached', async () => {
    const result = await devolve(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/devolve' });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, /Cannot reach PostgreSQL at 127\.0\.0\.1:1\/devolve.*Start PostgreSQL/);
  });

  it('says when the data directory cannot be written', async () => {
    // A folder below a regular file can never be created, whoever runs the test.
    const result = await devolve(['migrate'], { DEVOLVE_DATA_DIR: '/etc/hostname/devolve' });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, /Cannot write the data directory \/etc\/hostname\/devolve.*DEVOLVE_DATA_DIR/);
  });

  it('says when Redis cannot be reached', async () => {
    const result = await devolve(['serve', '--port', '0'], { DEVOLVE_DATA_DIR: 'memory://', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, /Cannot reach Redis at 127\.0\.0\.1:1: connection refused.*REDIS_URL/);
  });

  it('rejects a bad port before touching the database', async () => {
    const result = await devolve(['serve', '--port', 'eighty'], {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/port/);
  });
});
