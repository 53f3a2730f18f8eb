import { DatabaseStartupError, migrateDatabase, openDatabase, type OpenedDatabase } from '@devolve/db';
import { demoAccounts, demoPassword, isSeeded, seedDemoData } from './seed/index.ts';
import { Command, InvalidArgumentError } from 'commander';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { ConfigError, readConfig, type Config } from './config.ts';
import { createDevolveServer } from './http/app.ts';
import { statementCountingLogger } from './http/query-stats.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { DevolveError } from './errors.ts';
import { createEventBus } from './events/create.ts';
import type { ImportKind } from './imports/fields.ts';
import { type ImportFileResult, importFile, ImportSetupError } from './imports/run.ts';

/** How long a stopping server lets requests in flight finish before it cuts them. */
const shutdownGraceMs = 10_000;

const program = new Command()
  .name('devolve')
  .description('Devolve: the review of a city\'s administrative powers (简政放权), as a GraphQL service and web app.')
  .showHelpAfterError();

program
  .command('serve')
  .description('Apply migrations and serve GraphQL (/graphql), the web app (/) and /healthz.')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 4000)', parsePort)
  .option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)')
  .option('--seed-if-empty', 'load the demo data when the database has none')
  .action(async (options: { port?: number; host?: string; seedIfEmpty?: boolean }) => {
    const config = readConfig();
    if (options.port !== undefined) config.port = options.port;
    if (options.host !== undefined) config.host = options.host;
    const opened = await openConfigured(config);
    await migrateDatabase(opened);
    if (options.seedIfEmpty && !(await isSeeded(opened.db))) {
      const summary = await seedDemoData(opened.db);
      console.log(`Loaded the demo data (${summary.proposals} proposals, ${summary.powerItems} power items) in ${(summary.milliseconds / 1000).toFixed(1)} s.`);
    }
    const logger = pino({ level: config.logLevel });
    const devolve = await createDevolveServer(opened, config, logger);
    const port = await devolve.listen();
    printWelcome(config, opened, port);
    // On SIGTERM/SIGINT: refuse new connections, finish the mutations in flight (bounded), then
    // close the database. A second signal ends the process at once (the handlers run once).
    const stop = async () => {
      await devolve.close({ graceMs: shutdownGraceMs });
      await opened.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });

program
  .command('migrate')
  .description('Apply pending database migrations (all in one transaction) and exit.')
  .action(async () => {
    const opened = await openConfigured(readConfig());
    const { applied } = await migrateDatabase(opened);
    console.log(applied === 0 ? 'The database is up to date.' : `Applied ${applied} migration(s).`);
    await opened.close();
  });

program
  .command('seed')
  .description('Load the deterministic 2019 Guangzhou demo data.')
  .option('--reset', 'wipe every table first (destroys all data in this database)')
  .action(async (options: { reset?: boolean }) => {
    const opened = await openConfigured(readConfig());
    if (options.reset) {
      await opened.db.execute(sql`drop schema if exists public cascade`);
      await opened.db.execute(sql`drop schema if exists drizzle cascade`);
      await opened.db.execute(sql`create schema public`);
    }
    await migrateDatabase(opened);
    if (await isSeeded(opened.db)) {
      console.error('The database already has data; run `devolve seed --reset` to wipe it and load the demo data.');
      await opened.close();
      process.exitCode = 1;
      return;
    }
    const summary = await seedDemoData(opened.db);
    console.log(`Loaded the demo data in ${(summary.milliseconds / 1000).toFixed(1)} s:`, summary);
    await opened.close();
  });

program
  .command('import')
  .description('Import a spreadsheet (.xlsx, .xls, .csv): a unit\'s power list or its proposals for a campaign. Previews every row, then writes all of them or none.')
  .argument('<file>', 'the spreadsheet')
  .requiredOption('--kind <kind>', 'power-items or proposals', parseKind)
  .requiredOption('--unit <code>', 'the unit whose list or proposals the file holds, e.g. GZ-SCJGJ')
  .option('--campaign <year>', 'proposals: the campaign year, e.g. 2019', (v) => Number.parseInt(v, 10))
  .option('--sheet <name>', 'the sheet to read (default: the first with a recognisable header)')
  .option('--as <username>', "who acts (default: the unit's first active submitter)")
  .option('--dry-run', 'preview only: print the outcome and write nothing')
  .action(async (file: string, options: { kind: ImportKind; unit: string; campaign?: number; sheet?: string; as?: string; dryRun?: boolean }) => {
    const config = readConfig();
    const opened = await openConfigured(config);
    await migrateDatabase(opened);
    const logger = pino({ level: config.logLevel });
    // Live updates reach running servers (LISTEN/NOTIFY or Redis) as from any other writer.
    const events = await createEventBus(opened, logger, config.redisUrl);
    const bar = process.stdout.isTTY ? new SingleBar({ format: '写入 writing {bar} {value}/{total}', hideCursor: true }, Presets.shades_classic) : null;
    try {
      const result = await importFile(
        { db: opened.db, events },
        {
          kind: options.kind,
          unitCode: options.unit,
          campaignYear: options.campaign,
          sheet: options.sheet,
          username: options.as,
          dryRun: options.dryRun,
          fileName: path.basename(file),
          file: new Uint8Array(await readFile(file)),
          onProgress: bar
            ? (done, total) => {
                if (!bar.isActive) bar.start(total, done);
                bar.update(done);
              }
            : undefined,
        },
      );
      bar?.stop();
      printImport(result);
      if (result.counts.error > 0) process.exitCode = 1;
    } catch (error) {
      bar?.stop();
      if (error instanceof ImportSetupError || error instanceof DevolveError) {
        console.error(`devolve import: ${error instanceof DevolveError ? `${error.messageZh} ${error.messageEn}` : error.message} Nothing was written.`);
        process.exitCode = 1;
      } else throw error;
    } finally {
      await events.close();
      await opened.close();
    }
  });

function parseKind(value: string): ImportKind {
  if (value === 'power-items') return 'power_items';
  if (value === 'proposals') return 'proposals';
  throw new InvalidArgumentError('power-items or proposals');
}

function printImport(result: ImportFileResult): void {
  console.log(`Sheet: ${result.sheet}`);
  console.log('Columns (field ← column):');
  for (const [field, letter] of Object.entries(result.mapping)) console.log(`  ${field.padEnd(18)} ${letter}`);
  const c = result.counts;
  console.log(`Rows: ${c.new} new, ${c.update} update, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.error} error`);
  for (const row of result.errors) {
    for (const e of row.errors) console.log(`  ${e.cell}: ${e.zh} (${e.en})`);
  }
  if (result.counts.error > 0) console.log('Nothing was written: correct the rows above and import again.');
  else if (!result.committed) console.log('Dry run: nothing was written.');
  else console.log(`Written: ${result.committed.created} created, ${result.committed.updated} updated.`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

async function openConfigured(config: Config): Promise<OpenedDatabase> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    logger: config.queryStats ? statementCountingLogger : undefined,
  });
}

function printWelcome(config: Config, opened: OpenedDatabase, port: number): void {
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const engine = opened.engine === 'pglite' ? `embedded PGlite at ${opened.location}` : `PostgreSQL at ${opened.location}`;
  console.log(`\nDevolve is running at ${base}/  (GraphQL: ${base}/graphql) on ${engine}.`);
  console.log(`\nDemo accounts, all with the password "${demoPassword}":`);
  for (const account of demoAccounts) {
    console.log(`  ${account.username.padEnd(18)} ${account.displayName} · ${account.unitName} · ${account.description}`);
  }
  console.log('');
}

/** Operator mistakes end with one line saying what is wrong and what to do; bugs keep their stack. */
function reportAndExit(error: unknown): never {
  if (error instanceof DatabaseStartupError) {
    console.error(`devolve: ${error.toLine()}`);
  } else if (error instanceof ConfigError) {
    console.error(`devolve: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error('devolve: the port is already in use. Stop the other process or choose another with --port or PORT.');
  } else if ((error as NodeJS.ErrnoException).code === 'EACCES' && (error as { syscall?: string }).syscall === 'listen') {
    console.error('devolve: not allowed to listen on that port. Choose a port above 1024 with --port or PORT.');
  } else {
    console.error(error);
  }
  process.exit(1);
}

program.parseAsync(process.argv).catch(reportAndExit);
