import { campaigns, proposals } from '@devolve/db';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';

/**
 * The public consultation's one rule, as SQL: every list, the page and the submit command derive
 * from these expressions.
 *
 * A campaign's public consultation is open on the city's calendar day `today` (domain clock) from
 * its consultation stage's opening day to its deadline, both included. A stage without an opening
 * day of its own opens the day after the latest deadline scheduled before it (as the campaign's
 * stage standings read the schedule, campaigns/stages.ts); without a deadline it is never open.
 */
export function consultationOpensOn(table: typeof campaigns): SQL<string | null> {
  return sql<string | null>`coalesce(${table.consultationOpensOn}, coalesce(${table.legalityDeadline}, ${table.reviewDeadline}, ${table.submissionDeadline}) + 1)`;
}

export function consultationOpen(table: typeof campaigns, today: string): SQL<boolean> {
  return sql<boolean>`(${table.consultationDeadline} is not null and ${consultationOpensOn(table)} is not null and ${today}::date between ${consultationOpensOn(table)} and ${table.consultationDeadline})`;
}

/**
 * The proposals put to the public: a campaign's active proposals that passed the re-check and
 * are not yet confirmed, i.e. the preliminary list (初步清单) at stage `consultation` (delegations
 * and entrustments, also asked of the districts) or `unit_confirmation` (the others go straight
 * there). The public is asked about the whole list, cancellations included, not only about what
 * the districts are asked.
 */
export const publicStages = ['consultation', 'unit_confirmation'] as const;

export function putToPublic(table: typeof proposals): SQL {
  return and(eq(table.status, 'active'), inArray(table.stage, [...publicStages]))!;
}
