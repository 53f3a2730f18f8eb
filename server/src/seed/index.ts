/**
 * The deterministic demo seed: Guangzhou's 2019 round of cutting and handing down municipal powers
 * (任务20), with the seed page's own figures — 44 units, 7,580 proposals, 35 powers delegated.
 */
import { sql } from 'drizzle-orm';
import { type Database, hashPassword, publicPasswordParams, campaigns, domainClock, proposals, proposalSearchTexts, searchGrams } from '@devolve/db';
import { ActivityLog } from './activity.ts';
import { withIndexesBuiltAfter } from './insert.ts';
import { compactProposalTallies } from '../proposals/tallies.ts';
import { demoAccountsFrom, demoPassword, seedUsers, type DemoAccount } from './people.ts';
import { writeLicensingReports } from './licensing-reports.ts';
import { generatePowerList } from './power-items.ts';
import { planProposals } from './proposals.ts';
import { Rng } from './random.ts';
import { demoNow, iso } from './time.ts';
import { allUnits } from './units.ts';
import { writeReminders } from './reminders.ts';
import {
  writeActivity,
  writeCampaigns,
  writeDistrictWork,
  writeKeyTask,
  writeOrganisation,
  writePowerList,
  writeProposals,
  writePublicInput,
  writeThreads,
  type TableCounts,
} from './write.ts';

export { demoPassword, type DemoAccount };

/** The accounts to print at start; every seeded user has the same password. */
export const demoAccounts: DemoAccount[] = demoAccountsFrom(seedUsers(), new Map(allUnits().map((u) => [u.code, u.name])));

export interface SeedSummary {
  units: number;
  users: number;
  campaigns: number;
  classificationOptions: number;
  powerItems: number;
  powerItemChanges: number;
  powerItemClaims: number;
  proposals: number;
  /** Target districts of delegations and entrustments. */
  proposalDistricts: number;
  proposalAssignees: number;
  classificationVotes: number;
  reviewRecords: number;
  commentThreads: number;
  comments: number;
  commentRevisions: number;
  consultations: number;
  districtFeedback: number;
  handovers: number;
  publicComments: number;
  evaluations: number;
  keyTasks: number;
  keyTaskGoals: number;
  keyTaskProgress: number;
  activity: number;
  milliseconds: number;
}

/** The seed's phases in order, as its progress reports name them. */
export const seedPhases = [
  'planning the power list and proposals',
  'units and people',
  'campaigns',
  'power list',
  'proposals',
  'comment threads',
  'district consultations and handovers',
  'public input',
  'key task 20',
  'licensing reports',
  'reminders',
  'activity log',
  'planner statistics',
] as const;

/** Reported as each phase begins: `step` of `steps` (1-based). */
export interface SeedProgress {
  phase: (typeof seedPhases)[number];
  step: number;
  steps: number;
}

/** True once any campaign exists: the seed never runs over real data. */
export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.select({ id: campaigns.id }).from(campaigns).limit(1);
  return rows.length > 0;
}

/**
 * Writes the whole demo in one transaction (a failure leaves the database untouched). The same
 * `seed` gives the same rows; only the password hash differs, as its salt is random.
 */
export async function seedDemoData(
  db: Database,
  options: { seed?: number; onProgress?: (progress: SeedProgress) => void } = {},
): Promise<SeedSummary> {
  const started = performance.now();
  // The seed never prints: whoever runs it (the CLI: a bar or plain lines) decides how to show this.
  const phase = (name: SeedProgress['phase']) => options.onProgress?.({ phase: name, step: seedPhases.indexOf(name) + 1, steps: seedPhases.length });
  phase('planning the power list and proposals');
  const rng = new Rng(options.seed ?? 2019);
  // One hash reused for every user, at the light factor a printed password warrants (passwords.ts).
  const passwordHash = await hashPassword(demoPassword, publicPasswordParams);

  // Everything that needs no database id is planned before the transaction opens.
  const powerList = generatePowerList(rng.fork('power-items'));
  const planned = planProposals(rng.fork('proposals'), powerList.items, powerList.spareNames);

  const counts = await db.transaction(async (tx) => {
    const counts: TableCounts = {};
    const c = { tx, rng: rng.fork('write'), log: new ActivityLog(), counts };
    // The proposals go in by chunks of 5,000: their search index (migration search-grams) is built
    // once, in one statement, at the end rather than by the insert trigger chunk by chunk.
    await tx.execute(sql`select set_config('devolve.defer_search_index', 'on', true)`);
    phase('units and people');
    const org = await writeOrganisation(c, seedUsers(), passwordHash);
    phase('campaigns');
    const campaignId = await writeCampaigns(c, org);
    c.log.campaignId = campaignId;
    phase('power list');
    const itemIds = await writePowerList(c, org, powerList);
    phase('proposals');
    const written = await writeProposals(c, org, campaignId, planned, itemIds);
    phase('comment threads');
    await writeThreads(c, org, planned, written);
    phase('district consultations and handovers');
    await writeDistrictWork(c, org, planned, written, itemIds);
    phase('public input');
    await writePublicInput(c, org, campaignId, planned, written.proposalIds, powerList);
    phase('key task 20');
    await writeKeyTask(c, org, campaignId);
    phase('licensing reports');
    await writeLicensingReports(c);
    phase('reminders');
    await writeReminders(c, campaignId);
    phase('activity log');
    await writeActivity(c);
    await tx.execute(sql`select set_config('devolve.defer_search_index', 'off', true)`);
    await withIndexesBuiltAfter(tx, [searchGrams, proposalSearchTexts], () =>
      tx.execute(sql`select index_proposal_search(array(select id from proposals))`),
    );
    // The proposals went in by chunks, each adding its own tally rows: one row per group, as the
    // tallies' job would leave them.
    await compactProposalTallies(tx);
    // The demo's "now" is the story's end, and runs on from the real moment the demo was loaded.
    await tx.insert(domainClock).values({ storyAt: iso(demoNow), realAt: new Date().toISOString() });
    return counts as Omit<SeedSummary, 'milliseconds'>;
  });
  // Fresh planner statistics, so the first queries over 8,000 rows are planned for that size. The
  // proposals are vacuumed too, as autovacuum would (PGlite has none): until their pages are marked
  // all-visible, counts scan the table instead of the count index alone.
  phase('planner statistics');
  await db.execute(sql`vacuum ${proposals}`);
  await db.execute(sql`analyze`);
  return { ...counts, milliseconds: Math.round(performance.now() - started) };
}
