/**
 * What one command call costs on PGlite (in memory, over the demo data): SQL statements and time
 * per call, run as a resolver does (its own transaction through `runCommand`), as a story runner
 * would (many calls in one transaction), and as one list call.
 *
 *   pnpm --filter @devolve/bench command-cost [--calls 200]
 */
import { campaigns, migrateDatabase, openDatabase } from '@devolve/db';
import { seedDemoData } from '@devolve/server/seed';
import { Command as Cli } from 'commander';
import type { Viewer } from '../server/src/accounts/permissions.ts';
import { systemViewer } from '../server/src/accounts/credentials.ts';
import { type ActivityEntry, type Command, type MutationDeps, runCommand, type Tx } from '../server/src/activity/mutate.ts';
import { createProposals, transitionProposals } from '../server/src/proposals/commands.ts';

const { calls } = new Cli()
  .option('--calls <n>', 'calls per measure', (v) => Number.parseInt(v, 10), 200)
  .parse()
  .opts<{ calls: number }>();

let statements = 0;
const opened = await openDatabase({ url: '', dataDir: 'memory://', logger: { logQuery: () => (statements += 1) } });
await migrateDatabase(opened);
await seedDemoData(opened.db);
const { db } = opened;
const deps: MutationDeps = { db, viewer: null, events: { publishAfterCommit: () => {} } };
const submitter = (await systemViewer(db, 'gz-wglj'))!;
const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).orderBy(campaigns.id).limit(1);
const campaignId = campaign!.id;
const draft = (n: number) => ({ action: 'add' as const, powerType: '10' as const, proposedItemName: `测算新增事项${n}`, rationale: '测算' });

async function measure(label: string, run: () => Promise<void>): Promise<void> {
  const before = statements;
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const count = statements - before;
  console.log(`  ${label.padEnd(58)} ${(ms / calls).toFixed(2).padStart(7)} ms/proposal  ${(count / calls).toFixed(2).padStart(6)} statements/proposal`);
}

/** The story runner's shape: a command in the caller's transaction, its entries collected. */
function inTransaction<I, R>(tx: Tx, viewer: Viewer, entries: ActivityEntry[], command: Command<I, R>, input: I): Promise<R> {
  return command({ tx, viewer, now: new Date(), record: (entry) => entries.push(entry) }, input);
}

let serial = 0;
console.log(`Command cost on PGlite over the demo data, ${calls} proposals each:`);
let ids: number[] = [];
await measure('createProposals, one per call, runCommand each', async () => {
  ids = [];
  for (let i = 0; i < calls; i += 1) ids.push(...(await runCommand(deps, submitter, createProposals, { campaignId, items: [draft(serial++)] })).proposalIds);
});
await measure('submit, one per call, runCommand each', async () => {
  for (const id of ids) await runCommand(deps, submitter, transitionProposals, { transition: 'submit', items: [{ proposalId: id, expectedVersion: 1 }] });
});
await measure('createProposals, one per call, one transaction', async () => {
  ids = [];
  await db.transaction(async (tx) => {
    const entries: ActivityEntry[] = [];
    for (let i = 0; i < calls; i += 1) ids.push(...(await inTransaction(tx, submitter, entries, createProposals, { campaignId, items: [draft(serial++)] })).proposalIds);
  });
});
await measure('submit, one per call, one transaction', async () => {
  await db.transaction(async (tx) => {
    const entries: ActivityEntry[] = [];
    for (const id of ids) await inTransaction(tx, submitter, entries, transitionProposals, { transition: 'submit', items: [{ proposalId: id, expectedVersion: 1 }] });
  });
});
await measure('createProposals, one list call', async () => {
  ids = (await runCommand(deps, submitter, createProposals, { campaignId, items: Array.from({ length: calls }, () => draft(serial++)) })).proposalIds;
});
await measure('submit, one list call', async () => {
  await runCommand(deps, submitter, transitionProposals, { transition: 'submit', items: ids.map((proposalId) => ({ proposalId, expectedVersion: 1 })) });
});
await opened.close();
