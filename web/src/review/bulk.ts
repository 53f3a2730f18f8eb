import type { EnumValue } from '../graphql.ts';

/**
 * Which bulk actions the queue offers whom, and how their per-item outcomes are summed up. The
 * server checks every item again; this only keeps people from being offered what they may not do.
 */

type Role = EnumValue<'Role'>;
export type Transition = EnumValue<'ProposalTransition'>;

/** The transitions each role makes in bulk (departments' own moves are made one by one, in their portal). */
const bulkTransitionsOf: Partial<Record<Role, readonly Transition[]>> = {
  COORDINATOR: ['START_REVIEW', 'PASS_INITIAL_REVIEW', 'COMPLETE_LEGALITY_REVIEW', 'PASS_RECHECK', 'CLOSE_CONSULTATION'],
  REVIEWER: ['START_REVIEW', 'PASS_INITIAL_REVIEW', 'PASS_RECHECK', 'RETURN', 'REJECT'],
  LEGAL_REVIEWER: ['COMPLETE_LEGALITY_REVIEW'],
  APPROVER: ['APPROVE', 'REJECT'],
};

/** Along the lifecycle, as the menu lists them. */
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

export interface BulkAbilities {
  /** assignReviewers: the coordinator's. */
  assign: boolean;
  /** setFinalClassification, item by item: reviewers and the coordinator. */
  classify: boolean;
  /** bulkTransitionProposals. */
  transitions: Transition[];
}

export function bulkAbilities(roles: readonly Role[]): BulkAbilities {
  const transitions = new Set(roles.flatMap((role) => bulkTransitionsOf[role] ?? []));
  return {
    assign: roles.includes('COORDINATOR'),
    classify: roles.includes('REVIEWER') || roles.includes('COORDINATOR'),
    transitions: transitionOrder.filter((transition) => transitions.has(transition)),
  };
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
