import { proposals, publicComments } from '@devolve/db';
import { and, eq, exists, sql, type SQL } from 'drizzle-orm';
import { isTeam, type Viewer } from '../accounts/permissions.ts';

/**
 * Who reads a public comment, in memory; visiblePublicComments below is the same rule as SQL
 * (test/api/read-policies.test.ts checks they agree). The team reads every comment (its contact
 * too); everyone else, anonymous included, the accepted ones: accepted comments and their replies
 * are public at once (README, "Public consultation").
 */
export function canReadPublicComment(viewer: Viewer | null, comment: { status: string }): boolean {
  return isTeam(viewer) || comment.status === 'accepted';
}

/** canReadPublicComment as SQL over `table`; undefined means every row (the team). */
export function visiblePublicComments(table: typeof publicComments, viewer: Viewer | null): SQL | undefined {
  return isTeam(viewer) ? undefined : eq(table.status, 'accepted');
}

/** Received and not yet answered, of what `viewer` may read: the dashboard's count and the queue's filter. */
export const unanswered = (table: typeof publicComments, viewer: Viewer | null): SQL =>
  and(eq(table.status, 'received'), visiblePublicComments(table, viewer))!;

/** The review queue's filter: the proposal has comments awaiting an answer that the viewer may read. */
export const hasUnansweredPublicComments = (table: typeof proposals, viewer: Viewer | null): SQL =>
  exists(sql`(select 1 from ${publicComments} where ${publicComments.proposalId} = ${table.id} and ${unanswered(publicComments, viewer)})`);
