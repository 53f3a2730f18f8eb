import { createQuery } from '@urql/solid';
import { graphql, type ResultOf } from '../graphql.ts';

/** The server's text limits (public, the same for everyone): read once, then from the cache. */
export const TextLimitsQuery = graphql(`
  query TextLimits {
    textLimits {
      shortName
      reason
      comment
      freeText
      savedViewName
      publicCommentReply
      email
    }
  }
`);

export type TextLimits = ResultOf<typeof TextLimitsQuery>['textLimits'];

/**
 * The server's limits on text inputs (Query.textLimits), for counters and checks before sending;
 * undefined until loaded. The web keeps no copy of the numbers: the server checks anyway, so a form
 * whose limits have not arrived yet simply does not count.
 */
export function useTextLimits(): () => TextLimits | undefined {
  const [result] = createQuery({ query: TextLimitsQuery });
  return () => result.data?.textLimits;
}

/** Whether a text is longer than its limit, counted as the server counts (after trimming); never while the limit is unknown. */
export const overLimit = (text: string, limit: number | undefined): limit is number => limit !== undefined && text.trim().length > limit;
