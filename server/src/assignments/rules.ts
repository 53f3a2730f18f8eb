import type { proposals } from '@devolve/db';
import { canWriteAs, type Role, type Viewer } from '../accounts/permissions.ts';

/** The reviewer-assignment rules as plain data and functions: no GraphQL, no SQL. */
type Proposal = typeof proposals.$inferSelect;

/** Most proposals one call assigns, and most reviewers it assigns to each. */
export const assignLimits = { proposals: 500, reviewers: 10 } as const;

/** Who can be put on a proposal: the special team's reviewers and the justice bureau's legality reviewers. */
export const assignableRoles: readonly Role[] = ['reviewer', 'legal_reviewer'];

/** Assigning and unassigning reviewers is the coordinator's job, with a credential that writes. */
export const canAssign = (viewer: Viewer): boolean => canWriteAs(viewer, 'coordinator');

export const canBeAssigned = (roles: readonly Role[]): boolean => roles.some((role) => assignableRoles.includes(role));

/**
 * Why a proposal takes no reviewers, or null: a draft is still the department's, a withdrawn one
 * is gone and a decided one is done.
 */
export function unassignableReason(p: Pick<Proposal, 'stage' | 'status'>): 'draft' | 'withdrawn' | 'decided' | null {
  if (p.stage === 'draft') return 'draft';
  if (p.status === 'withdrawn') return 'withdrawn';
  if (p.stage === 'decided') return 'decided';
  return null;
}

/**
 * The assignee change: with `replace` the reviewers become the only assignees, otherwise they join
 * those already assigned.
 */
export function assigneeChange(
  current: readonly number[],
  reviewers: readonly number[],
  replace: boolean,
): { add: number[]; remove: number[]; after: number[] } {
  const add = reviewers.filter((id) => !current.includes(id));
  const remove = replace ? current.filter((id) => !reviewers.includes(id)) : [];
  const after = [...current.filter((id) => !remove.includes(id)), ...add].sort((a, b) => a - b);
  return { add, remove, after };
}
