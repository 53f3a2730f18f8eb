/**
 * The deterministic demo seed: Guangzhou's 2019 round of cutting and handing down municipal powers
 * (任务20), with the seed page's own figures — 44 units, 7,580 proposals, 35 powers delegated.
 */
import { sql } from 'drizzle-orm';
import { type Database, hashPassword, campaigns, domainClock } from '@devolve/db';
import { ActivityLog } from './activity.ts';
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

/** True once any campaign exists: the seed never runs over real data. */
export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.select({ id: campaigns.id }).from(campaigns).limit(1);
  return rows.length > 0;
}

/**
 * Writes the whole demo in one transaction (a failure leaves the database untouched). The same
 * `seed` gives the same rows; only the password hash differs, as its salt is random.
 */
export async function seedDemoData(db: Database, options: { seed?: number } = {}): Promise<SeedSummary> {
  const started = performance.now();
  const rng = new Rng(options.seed ?? 2019);
  // One scrypt hash (~50 ms) reused for every user: hashing ~65 users one by one would cost seconds.
  const passwordHash = await hashPassword(demoPassword);

  // Everything that needs no database id is planned before the transaction opens.
  const powerList = generatePowerList(rng.fork('power-items'));
  const planned = planProposals(rng.fork('proposals'), powerList.items, powerList.spareNames);

  const counts = await db.transaction(async (tx) => {
    const counts: TableCounts = {};
    const c = { tx, rng: rng.fork('write'), log: new ActivityLog(), counts };
    const org = await writeOrganisation(c, seedUsers(), passwordHash);
    const campaignId = await writeCampaigns(c, org);
    c.log.campaignId = campaignId;
    const itemIds = await writePowerList(c, org, powerList);
    const written = await writeProposals(c, org, campaignId, planned, itemIds);
    await writeThreads(c, org, planned, written);
    await writeDistrictWork(c, org, planned, written, itemIds);
    await writePublicInput(c, org, campaignId, planned, written.proposalIds, powerList);
    await writeKeyTask(c, org, campaignId);
    await writeLicensingReports(c);
    await writeReminders(c, campaignId);
    await writeActivity(c);
    // The demo's "now" is the story's end, and runs on from the real moment the demo was loaded.
    await tx.insert(domainClock).values({ storyAt: iso(demoNow), realAt: new Date().toISOString() });
    return counts as Omit<SeedSummary, 'milliseconds'>;
  });
  // Fresh planner statistics, so the first queries over 8,000 rows are planned for that size.
  await db.execute(sql`analyze`);
  return { ...counts, milliseconds: Math.round(performance.now() - started) };
}
