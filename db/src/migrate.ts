import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/pg-core';
import type { OpenedDatabase } from './open.ts';
import { projectRoot } from './project-root.ts';
import { DatabaseStartupError } from './startup-errors.ts';

export const migrationsFolder = path.join(projectRoot, 'db', 'drizzle');

/**
 * Applies the committed drizzle-kit migrations in-process. drizzle runs all pending migrations in
 * one transaction, so a failure leaves the database exactly as it was. Processes starting together
 * on one PostgreSQL database take turns (an advisory lock): the first migrates, the others find
 * nothing left to do.
 */
export async function migrateDatabase(
  opened: OpenedDatabase,
  folder: string = migrationsFolder,
): Promise<{ applied: number }> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  if (!opened.postgresClient) return applyMigrations(opened, migrations, folder);
  // A session-level lock, so it is held on one reserved connection while the pool migrates: with a
  // pool of one, the migration would wait for that connection forever.
  if (opened.postgresClient.options.max < 2) {
    throw new Error('migrateDatabase needs a PostgreSQL pool of at least 2 connections (one holds the migration lock)');
  }
  const session = await opened.postgresClient.reserve();
  try {
    await session`select pg_advisory_lock(hashtext(${migrationLockName}))`;
    return await applyMigrations(opened, migrations, folder);
  } finally {
    await session`select pg_advisory_unlock(hashtext(${migrationLockName}))`.catch(() => {});
    session.release();
  }
}

/** The advisory lock migrators of one database take turns on. */
const migrationLockName = 'devolve.migrate';

async function applyMigrations(
  opened: OpenedDatabase,
  migrations: ReturnType<typeof readMigrationFiles>,
  folder: string,
): Promise<{ applied: number }> {
  const before = await countApplied(opened);
  try {
    await migrate(migrations, opened.db, { migrationsFolder: folder });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new DatabaseStartupError(
      `A database migration failed and nothing was changed: ${cause}.`,
      'Fix the database (or the migration) and start again; the previous schema is intact.',
    );
  }
  return { applied: (await countApplied(opened)) - before };
}

async function countApplied(opened: OpenedDatabase): Promise<number> {
  const rows = (await opened.db.execute(
    `select count(*)::int as n from information_schema.tables where table_schema = 'drizzle' and table_name = '__drizzle_migrations'`,
  )) as unknown;
  const exists = firstNumber(rows) > 0;
  if (!exists) return 0;
  return firstNumber(await opened.db.execute('select count(*)::int as n from drizzle.__drizzle_migrations'));
}

/** postgres.js returns rows as an array, PGlite as { rows }: read the first `n` from either. */
function firstNumber(result: unknown): number {
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return Number((rows[0] as { n: number } | undefined)?.n ?? 0);
}
