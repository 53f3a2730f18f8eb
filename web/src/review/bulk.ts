import type { EnumValue } from '../graphql.ts';

/**
 * How the queue lists the bulk actions the server offers, and sums up their per-item outcomes. The
 * server checks every item again.
 */

export type Transition = EnumValue<'ProposalTransition'>;

/** Along the lifecycle, as the menu lists them (the decisions that end a proposal's path last). */
const transitionOrder: readonly Transition[] = [
  'START_REVIEW',
  'PASS_INITIAL_REVIEW',
  'COMPLETE_LEGALITY_REVIEW',
  'PASS_RECHECK',
  'CLOSE_CONSULTATION',
  'APPROVE',
  'RETURN',
  'REJECT',
];

/** The API refuses these without a reason. */
export const reasonRequired: ReadonlySet<Transition> = new Set(['RETURN', 'REJECT']);

/** What the queue offers the signed-in person in bulk: the server's `me.bulkActions`, from the rules the mutations check. */
export interface BulkAbilities {
  /** assignReviewers. */
  assign: boolean;
  /** setFinalClassification, item by item. */
  classify: boolean;
  /** bulkTransitionProposals, in menu order. */
  transitions: Transition[];
}

export const noBulkActions: BulkAbilities = { assign: false, classify: false, transitions: [] };

/** The server's answer, its transitions in the menu's order. */
export function bulkAbilities(actions: BulkAbilities): BulkAbilities {
  return { ...actions, transitions: transitionOrder.filter((transition) => actions.transitions.includes(transition)) };
}

export const hasBulkActions = (abilities: BulkAbilities) =>
  abilities.assign || abilities.classify || abilities.transitions.length > 0;

/** The API takes at most this many proposals per bulk call. */
const bulkLimit = 500;

export function inChunks<Item>(items: readonly Item[], size: number = bulkLimit): Item[][] {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** One proposal's outcome, as the summary lists it. */
export interface BulkOutcome {
  proposalId: string;
  /** What the reader knows it by: basic code and name. */
  label: string;
  /** Null when it succeeded. */
  error: string | null;
}

/** The failures first (they need the reader), then the rest, each group in the order given. */
export function summarize(outcomes: readonly BulkOutcome[]): { succeeded: number; failed: number; ordered: BulkOutcome[] } {
  const failed = outcomes.filter((outcome) => outcome.error !== null);
  const succeeded = outcomes.filter((outcome) => outcome.error === null);
  return { succeeded: succeeded.length, failed: failed.length, ordered: [...failed, ...succeeded] };
}

/**
 * Runs `task` for every item, `concurrency` at a time, and gives the results in the items' order
 * (for the per-proposal mutations that have no bulk form).
 */
export async function runEach<Item, Result>(
  items: readonly Item[],
  task: (item: Item) => Promise<Result>,
  concurrency = 4,
): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
