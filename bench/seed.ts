/**
 * How long the demo seed takes to load, per engine: PGlite in memory, PGlite on disk, and
 * PostgreSQL when DATABASE_URL is set. Each run loads into a fresh, migrated database.
 *
 *   pnpm --filter @devolve/bench seed [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateDatabase, openDatabase, type OpenedDatabase } from '@devolve/db';
import { seedDemoData } from '@devolve/server/seed';
import { createTestDatabase } from '@devolve/test/support/database';
import { Command } from 'commander';

const { runs } = new Command()
  .option('--runs <n>', 'loads per engine', (v) => Number.parseInt(v, 10), 3)
  .parse()
  .opts<{ runs: number }>();

async function timeSeed(open: () => Promise<{ opened: OpenedDatabase; dispose(): Promise<void> }>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const { opened, dispose } = await open();
    const started = performance.now();
    await seedDemoData(opened.db);
    times.push(performance.now() - started);
    await dispose();
  }
  return times;
}

const engines: [string, () => Promise<{ opened: OpenedDatabase; dispose(): Promise<void> }>][] = [
  [
    'PGlite, in memory',
    async () => {
      const opened = await openDatabase({ url: '', dataDir: 'memory://' });
      await migrateDatabase(opened);
      return { opened, dispose: () => opened.close() };
    },
  ],
  [
    'PGlite, on disk',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'devolve-bench-'));
      const opened = await openDatabase({ url: '', dataDir: dir });
      await migrateDatabase(opened);
      return {
        opened,
        dispose: async () => {
          await opened.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];
if (process.env.DATABASE_URL) {
  engines.push(['PostgreSQL', () => createTestDatabase({ engine: 'postgres' })]);
}

console.log(`Seed load time, ${runs} run(s) per engine (ms):`);
for (const [name, open] of engines) {
  const times = await timeSeed(open);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`  ${name.padEnd(20)} median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)}  runs ${times.map(Math.round).join(', ')}`);
}
