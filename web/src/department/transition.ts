import { createMutation } from '@urql/solid';
import type { EnumValue } from '../graphql.ts';
import { outcomeOf } from '../mutation-outcome.ts';
import { TransitionProposalMutation } from './department-query.ts';

/** Moves the department's proposals along (submit, resubmit, withdraw, confirm, contest). */
export function createTransition() {
  const [state, execute] = createMutation(TransitionProposalMutation);
  return {
    busy: () => state.fetching,
    async run(
      proposal: { id: string; version: number },
      transition: EnumValue<'ProposalTransition'>,
      reason?: string,
    ) {
      const response = await execute({
        input: { proposalId: proposal.id, expectedVersion: proposal.version, transition, reason: reason?.trim() || null },
      });
      return outcomeOf(response, response.data?.transitionProposal, 'Proposal');
    },
  };
}
