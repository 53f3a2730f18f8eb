import { randomBytes } from 'node:crypto';
import { openDatabase, type OpenedDatabase } from '@devolve/db';
import type { Logger } from 'drizzle-orm';
import postgres from 'postgres';
import { pgliteTemplate, postgresTemplate } from './templates.ts';

export type TestEngine = 'pglite' | 'postgres';

/** The engine this vitest project runs on (see vitest.config.ts). */
export const testEngine: TestEngine = process.env.DEVOLVE_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  opened: OpenedDatabase;
  /** The database's URL on PostgreSQL (for server processes started against it); undefined on PGlite. */
  url: string | undefined;
  /** Closes the database and, on PostgreSQL, drops it. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file (with the demo data when `seed` is set): an
 * in-memory PGlite, or a PostgreSQL database created on the server DATABASE_URL points at and
 * dropped afterwards. Either is a copy of a template built once per run (see templates.ts).
 */
export async function createTestDatabase(
  options: { logger?: Logger; engine?: TestEngine; seed?: boolean } = {},
): Promise<TestDatabase> {
  const { logger, engine = testEngine } = options;
  const kind = options.seed ? 'seeded' : 'migrated';
  if (engine === 'pglite') {
    const opened = await openDatabase({ url: '', dataDir: 'memory://', logger, loadDataDir: await pgliteTemplate(kind) });
    return { opened, url: undefined, dispose: () => opened.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DEVOLVE_TEST_ENGINE=postgres needs DATABASE_URL');
  const template = await postgresTemplate(adminUrl, kind);
  const name = `devolve_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ url: url.toString(), logger });
  return {
    opened,
    url: url.toString(),
    async dispose() {
      await opened.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** An existing PostgreSQL database opened as it is; `dispose` closes it and leaves it in place. */
export async function existingDatabase(url: string, logger?: Logger): Promise<TestDatabase> {
  const opened = await openDatabase({ url, logger });
  return { opened, url, dispose: () => opened.close() };
}
