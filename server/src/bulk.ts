import { builder } from './builder.ts';
import { asErrorValue, ErrorInterface } from './error-types.ts';
import { DevolveError } from './errors.ts';

/** One item's outcome in a bulk operation: applied in full, or not at all for the reason given. */
export interface BulkOutcome {
  /** The proposal id as the client gave it. */
  proposalId: string;
  error: DevolveError | null;
}

/**
 * Applies `apply` to each item in order, each on its own (the caller runs every item through
 * `mutate`, so each is one transaction with its own activity): an item that fails with a typed
 * error leaves no rows and does not stop the others. Anything unexpected ends the whole call,
 * masked like any other failure, with the items before it committed.
 */
export async function eachOnItsOwn<T>(
  items: readonly T[],
  proposalIdOf: (item: T) => string,
  apply: (item: T, index: number) => Promise<unknown>,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const [index, item] of items.entries()) {
    try {
      await apply(item, index);
      outcomes.push({ proposalId: proposalIdOf(item), error: null });
    } catch (error) {
      if (!(error instanceof DevolveError)) throw error;
      outcomes.push({ proposalId: proposalIdOf(item), error });
    }
  }
  return outcomes;
}

const BulkItemResult = builder.objectRef<BulkOutcome>('BulkItemResult').implement({
  description: 'The outcome for one proposal of a bulk operation: applied in full, or not at all.',
  fields: (t) => ({
    proposalId: t.id({ resolve: (outcome) => outcome.proposalId }),
    ok: t.boolean({ resolve: (outcome) => outcome.error === null }),
    error: t.field({ type: ErrorInterface, nullable: true, resolve: (outcome) => outcome.error && asErrorValue(outcome.error) }),
  }),
});

/**
 * The result of a bulk mutation: one shape for all of them. Each mutation names its own type only
 * because clients select it by name in the mutation's result union (`... on BulkAssignResult`).
 */
export function bulkResultType(name: string) {
  return builder.objectRef<BulkOutcome[]>(name).implement({
    description: 'One outcome per proposal, in the order given; each succeeded or failed on its own.',
    fields: (t) => ({
      results: t.field({ type: [BulkItemResult], description: 'One per proposal, in the order given.', resolve: (outcomes) => outcomes }),
      succeeded: t.int({ resolve: (outcomes) => outcomes.filter((o) => o.error === null).length }),
      failed: t.int({ resolve: (outcomes) => outcomes.filter((o) => o.error !== null).length }),
    }),
  });
}
