import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, id, updatedAt, version } from './common.ts';

/**
 * A saved view of the review queue (视图): a person names a filter set to come back to; the
 * coordinator may share theirs with the review team. `filter` is the queue's address query string
 * as the web writes it (web/src/review/queue-url.ts), checked by server/src/saved-views/filter.ts.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filter: text('filter').notNull(),
    shared: boolean('shared').notNull().default(false),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A person's names are unique: createSavedView / updateSavedView report a CONFLICT from it.
    uniqueIndex('saved_views_owner_name_key').on(t.ownerId, t.name),
    index('saved_views_shared_idx').on(t.id).where(sql`${t.shared}`),
  ],
);
