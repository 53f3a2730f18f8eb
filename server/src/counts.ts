import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * A correlated `count(*)` of child rows, as a drizzle `extras` entry the Pothos plan folds into
 * the parent's one SQL statement. (Used instead of Pothos' t.relatedCount, whose SQL for drizzle
 * 1.0.0-rc.5 comes out malformed: see the README's "Known issues".)
 */
export function childCount(child: PgTable, foreignKey: AnyPgColumn, where?: SQL) {
  return (parent: { id: AnyPgColumn }) =>
    sql<number>`(select count(*) from ${child} where ${and(sql`${foreignKey} = ${parent.id}`, where)})`.mapWith(Number);
}
