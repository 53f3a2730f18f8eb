import { sql } from 'drizzle-orm';
import { check, pgTable, smallint } from 'drizzle-orm/pg-core';
import { timestamptz } from './common.ts';

/**
 * The domain clock's anchor (server/src/clock.ts): at the real moment `real_at`, the story stood
 * at `story_at`. The demo seed writes it, so the demo's "now" is a date in its own story (late
 * December 2019) and moves on with real time; without a row, the domain clock is the real time.
 * One row at most.
 */
export const domainClock = pgTable(
  'domain_clock',
  {
    id: smallint('id').primaryKey().default(1),
    storyAt: timestamptz('story_at').notNull(),
    realAt: timestamptz('real_at').notNull(),
  },
  (t) => [check('domain_clock_one_row', sql`${t.id} = 1`)],
);
