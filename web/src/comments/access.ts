import type { EnumValue } from '../graphql.ts';

type Role = EnumValue<'Role'>;
export type Visibility = EnumValue<'CommentVisibility'>;

/** The signed-in person, as far as the comment rules care. */
export interface Commenter {
  id: string;
  roles: readonly Role[];
  unit: { id: string };
}

/** What the signed-in person may do in a proposal's threads. */
export interface CommentAccess {
  /** The visibilities a new thread may have, the default first; empty: may not start threads. */
  startVisibilities: readonly Visibility[];
  /** May reply in (and edit own comments of) a thread of this visibility. */
  canPost(visibility: Visibility): boolean;
  /** May resolve and reopen this thread. */
  canChangeState(thread: { visibility: Visibility; author: { id: string } }): boolean;
}

const teamWriters: readonly Role[] = ['COORDINATOR', 'REVIEWER', 'LEGAL_REVIEWER'];

/**
 * The API's rules (server/src/comments/rules.ts), so the page offers only what the server will
 * accept: the team writes anywhere and chooses the visibility (internal by default, so nothing
 * reaches a department by accident); the proposal's own department writes in shared threads only;
 * approvers and observers read. Resolving is for the thread's author, reviewers and the coordinator.
 */
export function commentAccess(me: Commenter | null | undefined, submittingUnitId: string | undefined): CommentAccess {
  const holds = (roles: readonly Role[]) => me?.roles.some((role) => roles.includes(role)) ?? false;
  const team = holds(teamWriters);
  const ownDepartment = holds(['SUBMITTER']) && me?.unit.id === submittingUnitId;
  const canPost = (visibility: Visibility) => team || (ownDepartment && visibility === 'SHARED');
  return {
    startVisibilities: team ? ['INTERNAL', 'SHARED'] : ownDepartment ? ['SHARED'] : [],
    canPost,
    canChangeState: (thread) =>
      canPost(thread.visibility) && (thread.author.id === me?.id || holds(['REVIEWER', 'COORDINATOR'])),
  };
}
