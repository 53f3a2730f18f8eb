import { notifications } from '@devolve/db';
import { sql, type SQL } from 'drizzle-orm';
import { type EntryFacts, mayNotify, notificationRecipients } from './rules.ts';

/**
 * The notifications of a mutation's activity rows `rows` (the rows its statement just inserted), as
 * a data-modifying CTE's body returning (user_id, activity_id): mutate() writes them in the same
 * statement as the rows and puts each entry's recipients on its event, so the inbox subscription
 * needs no lookup. Undefined when no entry can notify anyone (see mayNotify): the statement then
 * leaves it out, and PGlite does not plan it.
 */
export function notificationsInsert(entries: readonly EntryFacts[], rows: SQL, now: Date): SQL | undefined {
  if (!entries.some((entry) => mayNotify(entry, entries))) return undefined;
  return sql`insert into ${notifications} (user_id, activity_id, kind, proposal_id, thread_id, created_at)
    select r.user_id, r.activity_id, r.kind, r.proposal_id, r.thread_id, ${now.toISOString()}::timestamptz
      from (${notificationRecipients(rows, entries)}) r
    on conflict do nothing
    returning user_id, activity_id`;
}
