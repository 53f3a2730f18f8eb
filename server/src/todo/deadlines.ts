import { sql, type SQL } from 'drizzle-orm';

/**
 * Deadlines and "overdue", once. A deadline is either an instant (a consultation's) or a day (the
 * campaign's stage deadlines, a handover's planned date), and a day's deadline runs to the end of
 * that day in Guangzhou (China Standard Time, UTC+8 all year). Work is overdue once its deadline's
 * instant is at or before the domain clock's now: nothing stores "overdue", so nothing drifts.
 */

/** The instant a day's deadline ends (24:00 in Guangzhou), as SQL timestamptz over a date column. */
export const dayDeadline = (day: unknown): SQL<string | null> =>
  sql<string | null>`((${day} + 1)::timestamp - interval '8 hours') at time zone 'UTC'`;

/** The day (in Guangzhou) an instant's deadline falls on, as SQL date over a timestamptz column. */
export const deadlineDay = (instant: unknown): SQL<string | null> => sql<string | null>`((${instant} at time zone 'UTC') + interval '8 hours')::date`;

/** Whether a deadline (an instant) has passed at `now`: the one definition of overdue. */
export const isOverdue = (deadline: Date | string | null, now: Date): boolean => deadline !== null && new Date(deadline).getTime() <= now.getTime();

/** isOverdue as SQL over a timestamptz expression. */
export const overdueAt = (deadline: unknown, now: Date): SQL<boolean> => sql<boolean>`(${deadline} <= ${now.toISOString()}::timestamptz)`;

/** How far ahead work counts as due soon: the scheduled job reminds its owners then. */
export const dueSoonMs = 2 * 24 * 3_600_000;
