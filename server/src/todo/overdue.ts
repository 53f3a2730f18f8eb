import { units, users, type Database } from '@devolve/db';
import { and, eq, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { TodoKind } from './work.ts';
import { ownedKinds } from './work.ts';

/** One owner's overdue work of one kind in a campaign: the console's 督办 figures. */
export interface OverdueFigure {
  kind: TodoKind;
  unitId: number | null;
  userId: number | null;
  /** The unit's short name, or the person's display name. */
  name: string;
  unitKind: string | null;
  count: number;
  /** The earliest deadline passed, as an instant. */
  deadline: string;
}

/**
 * Overdue work per owner (departments, districts, reviewers) in one campaign at `now`, in one
 * statement: each owned kind's overdue items grouped by owner, most items first.
 */
export async function overdueFigures(db: Database, campaignId: number, now: Date): Promise<OverdueFigure[]> {
  const [first, second, ...rest] = ownedKinds.map((kind) => {
    const items = kind.items(db, null, now).as('items');
    return db
      .select({
        kind: sql<TodoKind>`${kind.kind}::text`.as('kind'),
        unitId: items.unitId,
        userId: items.userId,
        name: sql<string>`coalesce(${units.shortName}, ${users.displayName})`.as('name'),
        unitKind: sql<string | null>`${units.kind}::text`.as('unit_kind'),
        count: sql<number>`count(*)::int`.as('count'),
        deadline: sql<string>`min(${items.dueAt})`.as('deadline'),
      })
      .from(items)
      .leftJoin(units, eq(units.id, items.unitId))
      .leftJoin(users, eq(users.id, items.userId))
      .where(and(eq(items.campaignId, campaignId), sql`${items.dueAt} <= ${now.toISOString()}::timestamptz`))
      .groupBy(items.unitId, items.userId, units.shortName, users.displayName, units.kind);
  });
  // ownedKinds lists five kinds: at least two to unite.
  const rows = await unionAll(first!, second!, ...rest).orderBy(sql`count desc`, sql`name`);
  return rows.map((row) => ({ ...row, deadline: new Date(row.deadline).toISOString() }));
}
