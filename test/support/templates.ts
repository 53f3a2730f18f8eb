import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateDatabase, migrationsFolder, openDatabase } from '@devolve/db';
import { projectRoot } from '@devolve/db/project-root';
import { seedDemoData } from '@devolve/server/seed';
import postgres from 'postgres';

/**
 * Migrating and seeding a database costs seconds (the demo seed ~10 s), and most test files want
 * exactly the same one. So each kind is built once per engine — a template database on PostgreSQL,
 * a dumped data directory on PGlite — and every test file gets its own copy of it.
 */
export type TemplateKind = 'migrated' | 'seeded';

/**
 * Names a template by everything that shapes it: the db package's sources (schema), the server's
 * (the seed runs its commands), the migrations, the PGlite version (its dump format) and this file.
 * Edit any and a new one is built.
 */
export const templateKey: string = (() => {
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  // pnpm's store path of PGlite names its version (the package does not export its package.json).
  hash.update(realpathSync(createRequire(path.join(projectRoot, 'db', 'package.json')).resolve('@electric-sql/pglite')));
  for (const root of [path.join(projectRoot, 'db', 'src'), path.join(projectRoot, 'server', 'src'), migrationsFolder]) {
    for (const file of filesUnder(root)) {
      hash.update(path.relative(projectRoot, file));
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 12);
})();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return entry.name.endsWith('.test.ts') ? [] : [full];
    });
}

async function fill(opened: Awaited<ReturnType<typeof openDatabase>>, kind: TemplateKind): Promise<void> {
  await migrateDatabase(opened);
  if (kind === 'seeded') await seedDemoData(opened.db);
}

const pgliteFolder = path.join(tmpdir(), 'devolve-test-templates');

/**
 * Each kind's dump, read once per worker process: a worker keeps its modules from one test file to
 * the next (isolate: false), and reading the seeded dump (130 MB) cost each file about 0.25 s of CPU.
 * PGlite only reads a Blob it is given, so every file's database still starts from the same bytes.
 */
const pgliteDumps = new Map<TemplateKind, Promise<Blob>>();

/** The dumped PGlite data directory of this kind, built first if it is not there yet. */
export function pgliteTemplate(kind: TemplateKind): Promise<Blob> {
  let dump = pgliteDumps.get(kind);
  if (!dump) {
    dump = pgliteTemplateFile(kind).then((file) => new Blob([readFileSync(file)]));
    pgliteDumps.set(kind, dump);
  }
  return dump;
}

async function pgliteTemplateFile(kind: TemplateKind): Promise<string> {
  const file = path.join(pgliteFolder, `pglite-${kind}-${templateKey}.tar`);
  if (!existsSync(file)) {
    const opened = await openDatabase({ url: '', dataDir: 'memory://' });
    try {
      const client = opened.pgliteClient;
      if (!client) throw new Error('An in-memory database opened without PGlite');
      await fill(opened, kind);
      // A checkpoint first, so the dump carries data files rather than a long write-ahead log.
      await client.exec('checkpoint');
      const { rows } = await client.query<{ segment: string }>('select pg_walfile_name(pg_current_wal_lsn()) as segment');
      const dump = await client.dumpDataDir('none');
      mkdirSync(pgliteFolder, { recursive: true });
      // Written aside and renamed: a test file building the same template at once never reads half of it.
      const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
      writeFileSync(partial, withoutSpareWal(new Uint8Array(await dump.arrayBuffer()), rows[0]!.segment));
      renameSync(partial, file);
    } finally {
      await opened.close();
    }
  }
  return file;
}

/**
 * Leaves out of a PGlite dump (a ustar archive) every write-ahead log segment but `keep`: after a
 * checkpoint the others are spent or recycled for reuse, and they are over half the dump's size.
 */
function withoutSpareWal(tar: Uint8Array, keep: string): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    const name = new TextDecoder().decode(header.subarray(0, 100)).replace(/\0.*$/s, '');
    if (name === '') {
      parts.push(tar.subarray(offset)); // the end-of-archive blocks
      break;
    }
    const size = Number.parseInt(new TextDecoder().decode(header.subarray(124, 136)).replace(/\0.*$/s, '').trim() || '0', 8);
    const end = offset + 512 + Math.ceil(size / 512) * 512;
    const segment = /pg_wal\/([0-9A-F]{24})$/.exec(name)?.[1];
    if (segment === undefined || segment === keep) parts.push(tar.subarray(offset, end));
    offset = end;
  }
  return Buffer.concat(parts);
}

/** The name of this kind's template database on the PostgreSQL server at `adminUrl`, built first if missing. */
export async function postgresTemplate(adminUrl: string, kind: TemplateKind): Promise<string> {
  const name = `devolve_template_${kind}_${templateKey}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await admin`select 1 from pg_database where datname = ${name}`;
    if (existing) return name;
    const building = `${name}_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database ${building}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const opened = await openDatabase({ url: url.toString(), maxConnections: 2 }); // migrating holds one for its lock
      try {
        await fill(opened, kind);
      } finally {
        await opened.close();
      }
      // Built aside and renamed, so a concurrent run never clones half a template. No one may
      // connect to a template (PostgreSQL refuses to copy a database in use).
      await admin.unsafe(`alter database ${building} rename to ${name}`);
      await admin.unsafe(`alter database ${name} with allow_connections false`);
    } catch (error) {
      await admin.unsafe(`drop database if exists ${building} with (force)`);
      // Another run built the same template first: use theirs.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
    return name;
  } finally {
    await admin.end();
  }
}

/** Builds the templates a test project needs before its files start (vitest globalSetup). */
export async function prepareTemplates(engine: 'pglite' | 'postgres'): Promise<void> {
  const kinds: TemplateKind[] = ['migrated', 'seeded'];
  if (engine === 'pglite') {
    for (const kind of kinds) await pgliteTemplateFile(kind);
    return;
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DEVOLVE_TEST_ENGINE=postgres needs DATABASE_URL');
  for (const kind of kinds) await postgresTemplate(adminUrl, kind);
}
