import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseStartupError, migrateDatabase, migrationsFolder } from '@devolve/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executedRows } from '../../server/src/json-rows.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** Migrations apply in one transaction: a failing one leaves the database exactly as it was. */
let database: TestDatabase;
let folder: string;

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return executedRows<T>(await database.opened.db.execute(query));
}

beforeAll(async () => {
  database = await createTestDatabase();
  folder = mkdtempSync(path.join(tmpdir(), 'devolve-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
});
afterAll(async () => {
  await database?.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are already applied and applying again changes nothing', async () => {
    expect(await migrateDatabase(database.opened)).toEqual({ applied: 0 });
    const [trgm] = await rows<{ n: number }>(sql`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`);
    expect(trgm!.n).toBe(1);
  });

  it('roll back entirely when one of them fails', async () => {
    // Two new migrations: the first would succeed, the second fails half-way.
    for (const [name, body] of [
      ['29990101000000_good', 'CREATE TABLE "probe_good" (id integer);'],
      ['29990101000001_bad', 'CREATE TABLE "probe_bad" (id integer);\n--> statement-breakpoint\nSELECT 1/0;'],
    ] as const) {
      mkdirSync(path.join(folder, name));
      writeFileSync(path.join(folder, name, 'migration.sql'), body);
    }
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const failure = await migrateDatabase(database.opened, folder).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseStartupError);
    expect((failure as DatabaseStartupError).toLine()).toMatch(/migration failed and nothing was changed/);
    const tables = await rows<{ name: string }>(
      sql`select table_name as name from information_schema.tables where table_name in ('probe_good', 'probe_bad')`,
    );
    expect(tables).toEqual([]);
    const after = await rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(after).toEqual(before);
  });
});
