import type { EnumValue } from '../graphql.ts';
import type { ProposalSnapshot } from './snapshot.ts';

export type Transition = EnumValue<'ProposalTransition'>;
export type LegalityOpinion = EnumValue<'LegalityOpinion'>;

/**
 * An action the signed-in person has started on the proposal and not yet sent (or sent and had
 * refused): what they chose and typed. Kept apart from the live proposal, so that nothing they
 * typed is replaced while others change the proposal.
 */
export type Draft =
  | {
      kind: 'transition';
      transition: Transition;
      reason: string;
      /** Approving a delegation for some of its districts: the Unit ids chosen (of approvableDistrictIds). */
      districtIds?: readonly string[];
    }
  | { kind: 'vote'; code: string; note: string }
  | { kind: 'finalClassification'; code: string }
  | { kind: 'legality'; opinion: LegalityOpinion; reason: string };

/** The form fields a problem can be shown next to. */
export const draftFields = ['reason', 'note', 'code', 'districtIds'] as const;
export type DraftField = (typeof draftFields)[number];

export interface DraftProblem {
  field: DraftField;
  problem: 'required' | 'tooLong';
}

/** Returning, rejecting and contesting must say why (TransitionProposalInput.reason). */
const transitionsNeedingReason: ReadonlySet<Transition> = new Set<Transition>(['RETURN', 'REJECT', 'CONTEST']);

export function transitionNeedsReason(transition: Transition): boolean {
  return transitionsNeedingReason.has(transition);
}

/** Anything but a plain "lawful" must be explained (RecordLegalityOpinionInput.reason). */
export function opinionNeedsReason(opinion: LegalityOpinion): boolean {
  return opinion !== 'LAWFUL';
}

/** Whether the draft's reason must be filled in. */
export function reasonRequired(draft: Draft): boolean {
  if (draft.kind === 'transition') return transitionNeedsReason(draft.transition);
  if (draft.kind === 'legality') return opinionNeedsReason(draft.opinion);
  return false;
}

function textProblem(field: DraftField, text: string, required: boolean, limit: number | undefined): DraftProblem | null {
  const trimmed = text.trim();
  if (required && trimmed === '') return { field, problem: 'required' };
  if (limit !== undefined && trimmed.length > limit) return { field, problem: 'tooLong' };
  return null;
}

/**
 * What stops the draft from being sent, checked before asking the server (which checks again).
 * `reasonLimit` is the server's limit on reasons and notes (Query.textLimits.reason; characters
 * after trimming); unknown until loaded, when only the server checks the length.
 */
export function draftProblem(draft: Draft, reasonLimit: number | undefined): DraftProblem | null {
  switch (draft.kind) {
    case 'transition':
    case 'legality':
      return textProblem('reason', draft.reason, reasonRequired(draft), reasonLimit);
    case 'vote':
      return draft.code === '' ? { field: 'code', problem: 'required' } : textProblem('note', draft.note, false, reasonLimit);
    case 'finalClassification':
      return draft.code === '' ? { field: 'code', problem: 'required' } : null;
  }
}

/** Blank optional text is left out rather than sent as an empty string. */
function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The mutation a draft becomes, with its input. */
export type DraftRequest =
  | {
      mutation: 'transition';
      input: { proposalId: string; transition: Transition; expectedVersion: number; reason?: string; districtIds?: string[] };
    }
  | { mutation: 'vote'; input: { proposalId: string; code: string; note?: string; expectedVersion?: number } }
  | { mutation: 'finalClassification'; input: { proposalId: string; code: string; expectedVersion: number } }
  | {
      mutation: 'legality';
      input: { proposalId: string; opinion: LegalityOpinion; expectedVersion: number; reason?: string };
    };

/**
 * The version `draft` must name: the proposal's, or for a vote the person's own vote's (none when
 * casting a first vote).
 */
export function expectedVersionOf(draft: Draft, from: ProposalSnapshot): number | undefined {
  return draft.kind === 'vote' ? from.myVote?.version : from.version;
}

/**
 * The request for `draft`, made against `from`: the proposal version the person started from (or,
 * re-applying after a conflict, the current one). A vote names the version of the person's own
 * vote instead, and none when casting a first vote.
 */
export function requestFor(draft: Draft, proposalId: string, from: ProposalSnapshot): DraftRequest {
  switch (draft.kind) {
    case 'transition':
      return {
        mutation: 'transition',
        input: {
          proposalId,
          transition: draft.transition,
          expectedVersion: from.version,
          reason: optional(draft.reason),
          ...(draft.districtIds ? { districtIds: [...draft.districtIds] } : {}),
        },
      };
    case 'vote':
      return {
        mutation: 'vote',
        input: { proposalId, code: draft.code, note: optional(draft.note), expectedVersion: expectedVersionOf(draft, from) },
      };
    case 'finalClassification':
      return { mutation: 'finalClassification', input: { proposalId, code: draft.code, expectedVersion: from.version } };
    case 'legality':
      return {
        mutation: 'legality',
        input: { proposalId, opinion: draft.opinion, expectedVersion: from.version, reason: optional(draft.reason) },
      };
  }
}

/** How a transition's button looks: the way forward, a step back, or an end. */
export function transitionTone(transition: Transition): 'forward' | 'back' | 'end' {
  if (transition === 'REJECT' || transition === 'WITHDRAW') return 'end';
  if (transition === 'RETURN' || transition === 'CONTEST') return 'back';
  return 'forward';
}

const toneRank = { forward: 0, back: 1, end: 2 } as const;

/** The one order of decision buttons on every stage: the way forward, then a step back, then an end. */
export function orderTransitions(transitions: readonly Transition[]): Transition[] {
  return [...transitions].sort((a, b) => toneRank[transitionTone(a)] - toneRank[transitionTone(b)]);
}

/** Acts that cannot be undone (确认结果, 审定, 不予批准 / 不予通过): asked again in a dialog before sending. */
const irreversible: ReadonlySet<Transition> = new Set<Transition>(['CONFIRM', 'APPROVE', 'REJECT']);

export function transitionNeedsConfirmation(transition: Transition): boolean {
  return irreversible.has(transition);
}
