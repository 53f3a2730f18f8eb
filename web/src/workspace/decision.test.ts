import { describe, expect, it } from 'vitest';
import type { EnumValue } from '../graphql.ts';
import { formField, inputField } from '../mutation-outcome.ts';
import {
  draftFields,
  draftProblem,
  reasonRequired,
  requestFor,
  type Transition,
  transitionNeedsReason,
} from './decision.ts';
import type { ProposalSnapshot } from './snapshot.ts';

const allTransitions: readonly Transition[] = [
  'SUBMIT',
  'WITHDRAW',
  'RESUBMIT',
  'START_REVIEW',
  'PASS_INITIAL_REVIEW',
  'COMPLETE_LEGALITY_REVIEW',
  'PASS_RECHECK',
  'CLOSE_CONSULTATION',
  'CONFIRM',
  'CONTEST',
  'APPROVE',
  'REJECT',
  'RETURN',
] satisfies readonly EnumValue<'ProposalTransition'>[];

const base: ProposalSnapshot = {
  version: 3,
  stage: 'INITIAL_REVIEW',
  status: 'ACTIVE',
  action: 'CANCEL',
  targetDistricts: [],
  rationale: '',
  changeLegalBasis: null,
  proposedItemName: null,
  mergeIntoItem: null,
  classificationCode: null,
  leadReviewer: null,
  assignees: [],
  myVote: null,
};

describe('which decisions need a reason', () => {
  it('asks for one exactly when returning, rejecting or contesting (TransitionProposalInput.reason)', () => {
    expect(allTransitions.filter(transitionNeedsReason)).toEqual(['CONTEST', 'REJECT', 'RETURN']);
  });

  it('asks for one with any legality opinion but a plain "lawful"', () => {
    expect(reasonRequired({ kind: 'legality', opinion: 'LAWFUL', reason: '' })).toBe(false);
    expect(reasonRequired({ kind: 'legality', opinion: 'LAWFUL_WITH_CONDITIONS', reason: '' })).toBe(true);
    expect(reasonRequired({ kind: 'legality', opinion: 'UNLAWFUL', reason: '' })).toBe(true);
    expect(reasonRequired({ kind: 'vote', code: 'retain', note: '' })).toBe(false);
  });
});

describe('draftProblem', () => {
  /** A limit as the server gives it (Query.textLimits.reason); the web keeps no copy of its own. */
  const reasonLimit = 50;

  it('refuses a blank or whitespace-only reason where one is required, before asking the server', () => {
    expect(draftProblem({ kind: 'transition', transition: 'RETURN', reason: '' }, reasonLimit)).toEqual({ field: 'reason', problem: 'required' });
    expect(draftProblem({ kind: 'transition', transition: 'REJECT', reason: ' \n\t ' }, reasonLimit)).toEqual({
      field: 'reason',
      problem: 'required',
    });
    expect(draftProblem({ kind: 'legality', opinion: 'UNLAWFUL', reason: '' }, reasonLimit)).toEqual({ field: 'reason', problem: 'required' });
    expect(draftProblem({ kind: 'transition', transition: 'CONTEST', reason: '分类有误' }, reasonLimit)).toBeNull();
  });

  it('lets optional notes stay empty', () => {
    expect(draftProblem({ kind: 'transition', transition: 'PASS_INITIAL_REVIEW', reason: '' }, reasonLimit)).toBeNull();
    expect(draftProblem({ kind: 'legality', opinion: 'LAWFUL', reason: '' }, reasonLimit)).toBeNull();
    expect(draftProblem({ kind: 'vote', code: 'retain', note: '' }, reasonLimit)).toBeNull();
  });

  it('refuses text over the server’s limit (counted after trimming)', () => {
    const long = '理'.repeat(reasonLimit + 1);
    expect(draftProblem({ kind: 'transition', transition: 'PASS_RECHECK', reason: long }, reasonLimit)).toEqual({ field: 'reason', problem: 'tooLong' });
    expect(draftProblem({ kind: 'vote', code: 'retain', note: long }, reasonLimit)).toEqual({ field: 'note', problem: 'tooLong' });
    expect(draftProblem({ kind: 'transition', transition: 'RETURN', reason: ` ${'理'.repeat(reasonLimit)} ` }, reasonLimit)).toBeNull();
  });

  it('leaves the length to the server while its limit is unknown', () => {
    expect(draftProblem({ kind: 'transition', transition: 'PASS_RECHECK', reason: '理'.repeat(5_000) }, undefined)).toBeNull();
  });

  it('needs a classification chosen for a vote or the final classification', () => {
    expect(draftProblem({ kind: 'vote', code: '', note: '很有道理' }, reasonLimit)).toEqual({ field: 'code', problem: 'required' });
    expect(draftProblem({ kind: 'finalClassification', code: '' }, reasonLimit)).toEqual({ field: 'code', problem: 'required' });
    expect(draftProblem({ kind: 'finalClassification', code: 'agree_cancel' }, reasonLimit)).toBeNull();
  });
});

describe('requestFor', () => {
  it('names the version the person started from, trims the reason and leaves a blank one out', () => {
    expect(requestFor({ kind: 'transition', transition: 'RETURN', reason: '  请补充法律依据 ' }, 'P1', base)).toEqual({
      mutation: 'transition',
      input: { proposalId: 'P1', transition: 'RETURN', expectedVersion: 3, reason: '请补充法律依据' },
    });
    expect(requestFor({ kind: 'transition', transition: 'PASS_INITIAL_REVIEW', reason: '  ' }, 'P1', base).input).toEqual({
      proposalId: 'P1',
      transition: 'PASS_INITIAL_REVIEW',
      expectedVersion: 3,
      reason: undefined,
    });
  });

  it('re-applied against the current proposal, sends the same action with the current version', () => {
    const draft = { kind: 'finalClassification', code: 'agree_cancel' } as const;
    expect(requestFor(draft, 'P1', base).input.expectedVersion).toBe(3);
    expect(requestFor(draft, 'P1', { ...base, version: 5 }).input).toEqual({ proposalId: 'P1', code: 'agree_cancel', expectedVersion: 5 });
    expect(requestFor({ kind: 'legality', opinion: 'UNLAWFUL', reason: '无上位法依据' }, 'P1', { ...base, version: 8 })).toEqual({
      mutation: 'legality',
      input: { proposalId: 'P1', opinion: 'UNLAWFUL', expectedVersion: 8, reason: '无上位法依据' },
    });
  });

  it('casts a first vote without a version and changes a vote by naming its own version', () => {
    const draft = { kind: 'vote', code: 'retain', note: '' } as const;
    expect(requestFor(draft, 'P1', base).input).toEqual({ proposalId: 'P1', code: 'retain', note: undefined, expectedVersion: undefined });
    expect(requestFor(draft, 'P1', { ...base, myVote: { code: 'agree_cancel', version: 2 } }).input.expectedVersion).toBe(2);
  });
});

describe('draftFields', () => {
  it('map the field a ValidationError names to the form field, if the form has it', () => {
    const draftFieldOf = (serverField: string) => formField({ inputField: inputField(serverField) }, draftFields);
    expect(draftFieldOf('input.reason')).toBe('reason');
    expect(draftFieldOf('input.note')).toBe('note');
    expect(draftFieldOf('input.code')).toBe('code');
    expect(draftFieldOf('input.expectedVersion')).toBeNull();
    expect(draftFieldOf('input.proposalId')).toBeNull();
  });
});
