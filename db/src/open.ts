import { constants, accessSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger } from 'drizzle-orm';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { projectRoot } from './project-root.ts';
import { relations, type Relations } from './relations.ts';
import { DatabaseStartupError, describePostgresFailure } from './startup-errors.ts';

/** The engine-blind database everything above @devolve/db uses (architecture decision 1). */
export type Database = PgAsyncDatabase<PgQueryResultHKT, Relations>;

export type Engine = 'pglite' | 'postgres';

export interface OpenedDatabase {
  db: Database;
  engine: Engine;
  /** Where the data lives, for log lines: a folder for PGlite, host/database for PostgreSQL. */
  location: string;
  /** The raw postgres.js client (PostgreSQL only): LISTEN/NOTIFY needs it. */
  postgresClient?: postgres.Sql;
  /** The raw PGlite client (PGlite only): tests dump a seeded one to clone it per test file. */
  pgliteClient?: PGlite;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; defaults to DATABASE_URL. Empty or absent means PGlite (tests pass '' to ignore the environment). */
  url?: string | undefined;
  /** PGlite data directory, or 'memory://' for a throwaway database. Defaults to DEVOLVE_DATA_DIR or <project>/.data/pglite. */
  dataDir?: string | undefined;
  /** Sees every SQL statement; used for request statistics. */
  logger?: Logger | undefined;
  /** PostgreSQL pool size (default 10; at least 2: migrating holds one for its lock). */
  maxConnections?: number | undefined;
  /** PGlite only: start from this dumped data directory (`dumpDataDir()`) instead of an empty one. */
  loadDataDir?: Blob | undefined;
}

export const defaultDataDir = path.join(projectRoot, '.data', 'pglite');

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) return openPostgres(url, options);
  return openPglite(options.dataDir ?? process.env.DEVOLVE_DATA_DIR ?? defaultDataDir, options);
}

async function openPglite(dataDir: string, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) ensureWritableDirectory(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? dataDir : path.resolve(dataDir), {
      extensions: { pg_trgm },
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    throw new DatabaseStartupError(
      `Cannot open the embedded database in ${dataDir} (${(error as Error).message}).`,
      'Another Devolve process may be using it, or it was written by another PGlite version; stop that process or set DEVOLVE_DATA_DIR to another folder.',
    );
  }
  const db = drizzlePglite({ client, relations, logger: options.logger ?? false }) as unknown as Database;
  return {
    db,
    engine: 'pglite',
    location: inMemory ? dataDir : path.resolve(dataDir),
    pgliteClient: client,
    close: () => client.close(),
  };
}

function ensureWritableDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DatabaseStartupError(
      `Cannot write the data directory ${path.resolve(dir)} (${code}).`,
      'Set DEVOLVE_DATA_DIR to a folder this user can write, or fix its permissions.',
    );
  }
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseStartupError(
      'DATABASE_URL is not a valid URL.',
      'Use the form postgres://user:password@host:5432/database, or unset it to use the embedded database.',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseStartupError(
      `DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//.`,
      'Use the form postgres://user:password@host:5432/database.',
    );
  }
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    // No JIT: its compile cost (hundreds of ms at province scale, measured in issue 16) is paid by
    // the very list and count queries it should speed up, which an index already makes short.
    // Random reads priced near sequential ones (PostgreSQL's default, 4, prices a spinning disk):
    // Devolve's working set is cached, and at 4 the planner joined the queue's target districts by
    // scanning all 1,181 province units once per row (bench/province.ts: that page 16–22 → 6 ms).
    // No parallel workers: Devolve's statements are many and short, and at 21 cities even its
    // largest counts ran as fast or faster in one process, quiet (the assignee count merge-joins
    // in 22 ms instead of a parallel hash join's 33–41 ms), while under load workers only add
    // processes to the same cores.
    connection: { jit: 'off', random_page_cost: '1.1', max_parallel_workers_per_gather: '0' },
  });
  const where = `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw describePostgresFailure(error, where);
  }
  const db = drizzlePostgres({ client, relations, logger: options.logger ?? false }) as unknown as Database;
  return {
    db,
    engine: 'postgres',
    location: where,
    postgresClient: client,
    close: () => client.end({ timeout: 5 }),
  };
}
