/** A comment as far as noticing new ones goes. */
interface Arrival {
  id: string;
  author: { id: string; displayName: string };
}

/**
 * The comments in `now` that were not in `known` and were written by someone else: what arrived
 * live, to highlight and announce. (One's own comments arrive as answers to one's own sending.)
 */
export function arrivalsFromOthers<Comment extends Arrival>(
  known: ReadonlySet<string>,
  now: readonly Comment[],
  myUserId: string,
): Comment[] {
  return now.filter((comment) => !known.has(comment.id) && comment.author.id !== myUserId);
}

/** Their authors, each once, in order. */
export function authorsOf(comments: readonly Arrival[]): string[] {
  return [...new Set(comments.map((comment) => comment.author.displayName))];
}
