import { createSignal } from 'solid-js';
import type { Client } from '@urql/core';
import { formField, type MutationOutcome, outcomeOf } from '../mutation-outcome.ts';
import {
  type Draft,
  type DraftField,
  type DraftProblem,
  draftFields,
  draftProblem,
  requestFor,
} from './decision.ts';
import type { ProposalSnapshot } from './snapshot.ts';
import {
  RecordLegalityOpinionMutation,
  SetFinalClassificationMutation,
  TransitionMutation,
  VoteClassificationMutation,
} from './workspace-query.ts';

/** A refusal to show with the form: in place beside `field` when the form has it, else above. */
export interface FormError {
  field: DraftField | null;
  message: () => string;
}

/**
 * The action the signed-in person is working on: what they typed (`draft`) and the proposal as
 * it was when they started (`base`, whose versions the request names). `conflict` means the
 * server answered that someone else changed the proposal first: the page then shows what changed
 * and offers to re-apply or discard. `refused` means the server refused it for a reason that
 * stands (`error` says which): the form shows it and offers only to close.
 */
export interface Editing {
  draft: Draft;
  base: ProposalSnapshot;
  phase: 'editing' | 'submitting' | 'conflict' | 'refused';
  problem: DraftProblem | null;
  error: FormError | null;
}

/** Sends `draft` against the versions of `from`. */
async function send(client: Client, draft: Draft, proposalId: string, from: ProposalSnapshot): Promise<MutationOutcome<unknown>> {
  const request = requestFor(draft, proposalId, from);
  switch (request.mutation) {
    case 'transition': {
      const result = await client.mutation(TransitionMutation, { input: request.input }).toPromise();
      return outcomeOf(result, result.data?.transitionProposal, 'Proposal');
    }
    case 'vote': {
      const result = await client.mutation(VoteClassificationMutation, { input: request.input }).toPromise();
      return outcomeOf(result, result.data?.voteClassification, 'ClassificationVote');
    }
    case 'finalClassification': {
      const result = await client.mutation(SetFinalClassificationMutation, { input: request.input }).toPromise();
      return outcomeOf(result, result.data?.setFinalClassification, 'Proposal');
    }
    case 'legality': {
      const result = await client.mutation(RecordLegalityOpinionMutation, { input: request.input }).toPromise();
      return outcomeOf(result, result.data?.recordLegalityOpinion, 'Proposal');
    }
  }
}

export interface EditingControls {
  editing(): Editing | null;
  /** Starts an action from the proposal as it is now (ignored while another one is open). */
  start(draft: Draft): void;
  /** The person typed or chose something. */
  change(draft: Draft): void;
  submit(): Promise<void>;
  /** After a conflict: the same action again, against the proposal as it is now. */
  reapply(): Promise<void>;
  /** Drops the action and what was typed for it. */
  discard(): void;
}

/**
 * The one action a person works on at a time, and the conflict flow around it. Live updates change
 * the proposal on screen but never the draft or its base: a request always names the version the
 * person started from, and a change made meanwhile comes back as a conflict to look at, never as a
 * silent overwrite in either direction.
 */
export function createEditing(options: {
  client: Client;
  proposalId: string;
  /** The proposal as it is now; undefined while loading. */
  current: () => ProposalSnapshot | undefined;
  /** Loads the proposal and its votes afresh (after a conflict, to show what changed). */
  reload: () => Promise<void>;
  /** Runs after an action went through. */
  done: () => void;
  /** The server's limit on reasons and notes (Query.textLimits.reason); undefined until loaded (or not given). */
  reasonLimit?: () => number | undefined;
}): EditingControls {
  const [editing, setEditing] = createSignal<Editing | null>(null);

  async function run(from: ProposalSnapshot): Promise<void> {
    const open = editing();
    if (!open) return;
    setEditing({ ...open, base: from, phase: 'submitting', problem: null, error: null });
    const outcome = await send(options.client, open.draft, options.proposalId, from);
    if (outcome.ok) {
      setEditing(null);
      options.done();
      return;
    }
    // Only a version conflict opens the conflict flow. A refusal that stands (no permission, a rule
    // of the proposal's state) says why and ends the action: sending it again cannot succeed. The
    // rest (a field to correct, a failed request) stays open to correct and send again.
    const field = formField(outcome, draftFields);
    if (outcome.conflict || outcome.refused) await options.reload();
    const phase = outcome.conflict ? 'conflict' : outcome.refused ? 'refused' : 'editing';
    setEditing((editing) => editing && { ...editing, phase, error: outcome.conflict ? null : { field, message: outcome.message } });
  }

  return {
    editing,
    start(draft) {
      const base = options.current();
      if (editing() || !base) return;
      setEditing({ draft, base, phase: 'editing', problem: null, error: null });
    },
    change(draft) {
      setEditing((now) => now && { ...now, draft, problem: null });
    },
    async submit() {
      const open = editing();
      if (!open || open.phase !== 'editing') return;
      const problem = draftProblem(open.draft, options.reasonLimit?.());
      if (problem) {
        setEditing({ ...open, problem });
        return;
      }
      await run(open.base);
    },
    async reapply() {
      const now = options.current();
      if (editing()?.phase !== 'conflict' || !now) return;
      await run(now);
    },
    discard() {
      setEditing(null);
    },
  };
}
