import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase, powerItems } from '@devolve/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devolveCommand } from '../support/processes.ts';
import { pgliteTemplate } from '../support/templates.ts';

/** `devolve import` as an operator runs it (`pnpm devolve:dist`): a real process on a copy of the demo data. */
const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.resolve(here, '../fixtures/imports/power-list-gb18030.csv');
let dataDir: string;

async function devolve(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...devolveCommand(true), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DEVOLVE_DATA_DIR: dataDir },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function itemCount(): Promise<number> {
  const opened = await openDatabase({ url: '', dataDir });
  try {
    return await opened.db.$count(powerItems);
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'devolve-import-'));
  const opened = await openDatabase({ url: '', dataDir, loadDataDir: await pgliteTemplate('seeded') });
  await opened.close();
}, 120_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('devolve import', () => {
  it('previews with --dry-run, writes nothing, then imports, and a second run changes nothing', async () => {
    const before = await itemCount();
    const dry = await devolve(['import', fixture, '--kind', 'power-items', '--unit', 'GZ-SCJGJ', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('legalBasis');
    expect(dry.stdout).toContain('2 new, 0 update, 0 unchanged');
    expect(dry.stdout).toContain('Dry run');
    expect(dry.stdout).not.toContain('\x1b['); // no progress bar without a TTY
    expect(await itemCount()).toBe(before);

    const done = await devolve(['import', fixture, '--kind', 'power-items', '--unit', 'GZ-SCJGJ']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Written: 2 created, 0 updated.');
    expect(await itemCount()).toBe(before + 2);

    const again = await devolve(['import', fixture, '--kind', 'power-items', '--unit', 'GZ-SCJGJ']);
    expect(again.stdout).toContain('0 new, 0 update, 2 unchanged');
  }, 120_000);

  it('exits non-zero with the errors and writes nothing', async () => {
    const before = await itemCount();
    const other = await devolve(['import', fixture, '--kind', 'power-items', '--unit', 'GZ-ZJJ', '--as', 'gz-zjj']);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/A4: 该基本编码属于其他单位的事项/);
    expect(other.stdout).toContain('Nothing was written');
    const unknown = await devolve(['import', fixture, '--kind', 'power-items', '--unit', 'NOPE']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('devolve import: No unit has the code NOPE. Nothing was written.');
    expect(await itemCount()).toBe(before);
  }, 120_000);
});
