import { and, sql, type SQL } from 'drizzle-orm';
import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { Database } from '@devolve/db';
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

/** Whether the connection field `info` resolves asks for its `totalCount` directly (not inside a fragment). */
function asksTotalCount(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node) => node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'totalCount'));
}

const pageCountKey = 'pageTotalCount' as const;

/** `count` (a scalar subquery) as a statement of its own, answering one row `{ n }`. */
export const countStatement = (db: Database, count: SQL<number>) => db.select({ n: count }).from(sql`(values (1)) as one (x)`);

/**
 * A connection's `totalCount` counted in the page's own statement rather than in a statement of
 * its own after the page: the count is an uncorrelated scalar subquery in the page's select list,
 * which PostgreSQL evaluates once (an InitPlan) and repeats on every row. It saves the count's
 * round trip (PGlite runs statements one at a time, so running the count beside the page would
 * not overlap there) and the count statement's own building and decoding in Node.
 *
 * `extras` adds the subquery `count` (a scalar `(select …)`) when the client asks for
 * `totalCount`; `remember` reads the count off the page's rows; `totalCount` answers from them, or
 * runs `count` alone when the page came back empty (a cursor past the end) or the count was asked
 * inside a fragment.
 *
 * `beside` instead starts `count` as a statement of its own, on another connection, before the
 * page's: for a page found long before the count has read every row it counts (on PostgreSQL the
 * two overlap, and Node builds the page's answer while the count runs).
 */
export function countInPage() {
  const counts = new WeakMap<GraphQLResolveInfo, number | Promise<number>>();
  const countAlone = async (db: Database, count: SQL<number>) => {
    const [row] = await countStatement(db, count);
    return row!.n;
  };
  return {
    extras(info: GraphQLResolveInfo, count: () => SQL<number>): { [pageCountKey]: SQL<number> } | undefined {
      return asksTotalCount(info) ? { [pageCountKey]: count() } : undefined;
    },
    beside(info: GraphQLResolveInfo, db: Database, count: () => SQL<number>): void {
      if (!asksTotalCount(info)) return;
      const counted = countAlone(db, count());
      // totalCount awaits it and reports a failure; without it (the page failed), nothing waits.
      counted.catch(() => undefined);
      counts.set(info, counted);
    },
    remember<Row extends object>(info: GraphQLResolveInfo, rows: Row[]): Row[] {
      const first = rows[0] as Record<string, unknown> | undefined;
      if (first && typeof first[pageCountKey] === 'number') counts.set(info, first[pageCountKey]);
      return rows;
    },
    async totalCount(info: GraphQLResolveInfo, db: Database, count: () => Promise<SQL<number>>): Promise<number> {
      return counts.get(info) ?? countAlone(db, await count());
    },
  };
}
