import { campaigns, type Database } from '@devolve/db';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { eq, sql } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { isOverdue } from './deadlines.ts';
import { type TodoKind, type WorkKind, workKinds } from './work.ts';

/** One line of a viewer's to-do: a kind of work in one campaign, how much, by when, and where to do it. */
export interface TodoEntry {
  kind: TodoKind;
  campaignId: number | null;
  campaignYear: number | null;
  count: number;
  overdueCount: number;
  /** The earliest deadline among the items, as an instant; null when none has one. */
  deadline: string | null;
  overdue: boolean;
  href: string;
}

/** Where each kind's work is done: the queue or a portal filtered to it, the console's tab, or the to-do itself. */
const hrefOf: Record<TodoKind, (campaign: { id: number; year: number } | null, viewer: Viewer) => string> = {
  review: (c) => queue(c, 'mine=1&stage=submitted&stage=initial_review&stage=recheck&status=active'),
  legality: (c) => queue(c, 'stage=legality_review&status=active'),
  approval: (c) => queue(c, 'stage=approval&status=active'),
  open_consultation: (c) => queue(c, 'stage=consultation&status=active'),
  close_consultation: (c) => (c ? `/campaign?year=${c.year}&tab=consultations` : '/campaign?tab=consultations'),
  settle_claim: () => '/campaign?tab=claims',
  revise: () => '/department?tab=proposals&group=returned',
  confirm: () => '/department?tab=proposals&group=confirm',
  claim: () => '/department?tab=claims',
  answer: () => '/district?tab=consultations',
  handover: () => '/district?tab=handovers',
  self_evaluate: (_c, viewer) => (viewer.unitKind === 'district' ? '/district?tab=evaluation' : '/department?tab=evaluation'),
  assess: () => '/evaluation',
  reminder: () => '/todo#reminders',
};

const queue = (campaign: { id: number } | null, filter: string) =>
  `/queue?${campaign ? `campaign=${encodeURIComponent(encodeGlobalID('Campaign', campaign.id))}&` : ''}${filter}`;

/** One kind's share for the viewer, per campaign, in one statement. */
async function entriesOf(db: Database, viewer: Viewer, kind: WorkKind, now: Date): Promise<TodoEntry[]> {
  const items = kind.items(db, viewer, now).as('items');
  const rows = await db
    .select({
      campaignId: items.campaignId,
      campaignYear: campaigns.year,
      count: sql<number>`count(*)::int`,
      overdueCount: sql<number>`(count(*) filter (where ${items.dueAt} <= ${now.toISOString()}::timestamptz))::int`,
      deadline: sql<string | null>`min(${items.dueAt})`,
    })
    .from(items)
    .leftJoin(campaigns, eq(campaigns.id, items.campaignId))
    .groupBy(items.campaignId, campaigns.year);
  return rows.map((row) => {
    const deadline = row.deadline === null ? null : new Date(row.deadline).toISOString();
    const campaign = row.campaignId === null || row.campaignYear === null ? null : { id: row.campaignId, year: row.campaignYear };
    return { kind: kind.kind, ...row, deadline, overdue: isOverdue(deadline, now), href: hrefOf[kind.kind](campaign, viewer) };
  });
}

/** Overdue first, then the earliest deadline (none last), then the kinds' order. */
function byUrgency(a: TodoEntry, b: TodoEntry): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.deadline !== b.deadline) return a.deadline === null ? 1 : b.deadline === null ? -1 : a.deadline.localeCompare(b.deadline);
  return workKinds.findIndex((k) => k.kind === a.kind) - workKinds.findIndex((k) => k.kind === b.kind);
}

/** What waits for the viewer, one statement per kind of work they do, overdue first. */
export async function todoOf(db: Database, viewer: Viewer, now: Date): Promise<TodoEntry[]> {
  const kinds = workKinds.filter((kind) => kind.doneBy(viewer));
  const entries = (await Promise.all(kinds.map((kind) => entriesOf(db, viewer, kind, now)))).flat();
  return entries.filter((entry) => entry.count > 0).sort(byUrgency);
}
