import type { commentVisibility } from '@devolve/db';
import type { Role, Viewer } from '../accounts/permissions.ts';

/**
 * Who reads and writes comment threads, and how @mentions are written. Pure rules: no GraphQL,
 * no SQL (visibility.ts holds the read rule, in memory and as SQL).
 */
export type CommentVisibility = (typeof commentVisibility.enumValues)[number];

/**
 * What the rules need to know about a thread: its visibility, its proposal's department and
 * whether that proposal is still the department's draft (the team neither reads nor writes there).
 */
export interface ThreadAudience {
  visibility: CommentVisibility;
  submittingUnitId: number;
  proposalIsDraft: boolean;
}

/** Someone the rules are asked about: the viewer, or a user being @mentioned. */
export type Person = Pick<Viewer, 'roles' | 'unitId'>;

/** The review team members who discuss proposals (approvers and observers read but do not write). */
export const teamWriterRoles: readonly Role[] = ['coordinator', 'reviewer', 'legal_reviewer'];

/** Everyone who may write comments somewhere: the team writers and department submitters. */
export const commentWriterRoles: readonly Role[] = [...teamWriterRoles, 'submitter'];

export const holds = (person: Person, roles: readonly Role[]) => person.roles.some((role) => roles.includes(role));

export const isOwnDepartment = (person: Person, thread: ThreadAudience) =>
  person.roles.includes('submitter') && person.unitId === thread.submittingUnitId;

/**
 * Starting a thread or replying: a team writer anywhere but in a department's draft, the
 * proposal's own department in shared threads.
 */
export function canPostInThread(person: Person | null, thread: ThreadAudience): boolean {
  if (!person) return false;
  return (
    (holds(person, teamWriterRoles) && !thread.proposalIsDraft) ||
    (thread.visibility === 'shared' && isOwnDepartment(person, thread))
  );
}

/**
 * The visibilities `viewer` may start a thread with on a proposal, the default first: internal
 * for the team, so nothing reaches a department by accident. None for a read-only token.
 */
export function startableVisibilities(
  viewer: Viewer | null,
  proposal: Omit<ThreadAudience, 'visibility'>,
): CommentVisibility[] {
  if (!viewer || viewer.readOnly) return [];
  return (['internal', 'shared'] as const).filter((visibility) => canPostInThread(viewer, { ...proposal, visibility }));
}

/** Resolving and reopening: the thread's author, or a reviewer or the coordinator. */
export function canChangeThreadState(
  viewer: Viewer | null,
  thread: ThreadAudience & { authorId: number },
): boolean {
  if (!viewer || !canPostInThread(viewer, thread)) return false;
  return viewer.userId === thread.authorId || holds(viewer, ['reviewer', 'coordinator']);
}

/**
 * The @mention tokens of a comment body, in order of first appearance, without duplicates.
 *
 * A mention is `@` followed by a username (`@reviewer2`, `@gz-scjgj`) or a display name
 * (`@陈志伟`), and ends at whitespace, punctuation or the end of the text: `@陈志伟 请核对` and
 * `@陈志伟，请核对` mention 陈志伟, while `@陈志伟请核对` is read as the name "陈志伟请核对". An `@`
 * right after an ASCII letter or digit is not a mention, so e-mail addresses stay plain text.
 */
export function mentionTokens(body: string): string[] {
  const tokens = new Set<string>();
  for (const match of body.matchAll(/(?<![A-Za-z0-9_.+-])@([\p{L}\p{M}\p{N}_-]+(?:\.[\p{L}\p{M}\p{N}_-]+)*)/gu)) {
    tokens.add(match[1]!);
  }
  return [...tokens];
}

/** A user a token may name. */
export interface MentionCandidate extends Person {
  id: number;
  username: string;
  displayName: string;
}

/**
 * Which users the tokens name. A username matches regardless of case and wins over a display
 * name; a display name matches only when exactly one user has it (`ambiguous` lists the others,
 * to be written as usernames). Tokens naming nobody are plain text, not mentions.
 */
export function matchMentions<U extends MentionCandidate>(
  tokens: readonly string[],
  candidates: readonly U[],
): { mentioned: U[]; ambiguous: string[] } {
  const mentioned = new Map<number, U>();
  const ambiguous: string[] = [];
  for (const token of tokens) {
    const byUsername = candidates.find((user) => user.username.toLowerCase() === token.toLowerCase());
    const byDisplayName = candidates.filter((user) => user.displayName === token);
    if (byUsername) mentioned.set(byUsername.id, byUsername);
    else if (byDisplayName.length === 1) mentioned.set(byDisplayName[0]!.id, byDisplayName[0]!);
    else if (byDisplayName.length > 1) ambiguous.push(token);
  }
  return { mentioned: [...mentioned.values()], ambiguous };
}
