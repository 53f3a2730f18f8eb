import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '../accounts/permissions.ts';
import {
  consensusOf,
  contradictsAction,
  contradictsVotes,
  finalClassificationRefusal,
  hasDisagreement,
  isOpenForClassification,
  isUnanimous,
  leadAfterClassifying,
  voteRefusal,
} from './consensus.ts';

const viewer = (roles: Role[], readOnly = false, userId = 7): Viewer => ({
  userId,
  unitId: 1,
  unitKind: 'review_body',
  roles,
  readOnly,
  credential: { kind: 'system', id: 0 },
});

describe('classification consensus', () => {
  it('is the code a strict majority of votes agree on', () => {
    expect(consensusOf(['agree_cancel', 'agree_cancel', 'retain'])).toBe('agree_cancel');
    expect(consensusOf(['retain'])).toBe('retain');
    expect(consensusOf(['merge', 'merge', 'merge', 'retain', 'adjust'])).toBe('merge');
  });

  it('is null without votes, on a tie and for a mere plurality', () => {
    expect(consensusOf([])).toBeNull();
    expect(consensusOf(['agree_cancel', 'retain'])).toBeNull();
    expect(consensusOf(['merge', 'merge', 'retain', 'retain'])).toBeNull();
    expect(consensusOf(['merge', 'merge', 'retain', 'adjust'])).toBeNull();
  });
});

describe('classification disagreement', () => {
  it('is flagged when votes exist and are not all the same', () => {
    expect(hasDisagreement(['agree_cancel', 'agree_cancel', 'retain'])).toBe(true);
    expect(hasDisagreement(['agree_cancel', 'agree_cancel'])).toBe(false);
    expect(hasDisagreement(['retain'])).toBe(false);
    expect(hasDisagreement([])).toBe(false);
  });
});

describe('unanimity and contradictions', () => {
  it('calls votes unanimous only when two or more all agree', () => {
    expect(isUnanimous(['retain', 'retain'])).toBe(true);
    expect(isUnanimous(['retain'])).toBe(false);
    expect(isUnanimous([])).toBe(false);
    expect(isUnanimous(['retain', 'retain', 'merge'])).toBe(false);
  });

  it('finds a final classification against the votes: not the majority, or without one, named by no vote', () => {
    expect(contradictsVotes([], 'retain')).toBe(false);
    expect(contradictsVotes(['merge', 'merge', 'retain'], 'merge')).toBe(false);
    expect(contradictsVotes(['merge', 'merge', 'retain'], 'retain')).toBe(true);
    expect(contradictsVotes(['merge', 'retain'], 'retain')).toBe(false);
    expect(contradictsVotes(['merge', 'retain'], 'adjust')).toBe(true);
  });

  it("finds a final classification against the proposal's action: agreeing with another action", () => {
    expect(contradictsAction('cancel', 'agree_cancel')).toBe(false);
    expect(contradictsAction('cancel', 'agree_delegate')).toBe(true);
    expect(contradictsAction('delegate', 'retain')).toBe(true);
    expect(contradictsAction('cancel', 'not_adopted')).toBe(false);
    expect(contradictsAction('cancel', 'needs_material')).toBe(false);
  });
});

describe('classification window', () => {
  it('is open at the initial review and the re-check while the proposal is active', () => {
    expect(isOpenForClassification({ stage: 'initial_review', status: 'active' })).toBe(true);
    expect(isOpenForClassification({ stage: 'recheck', status: 'active' })).toBe(true);
    expect(isOpenForClassification({ stage: 'recheck', status: 'returned' })).toBe(false);
    expect(isOpenForClassification({ stage: 'legality_review', status: 'active' })).toBe(false);
    expect(isOpenForClassification({ stage: 'decided', status: 'approved' })).toBe(false);
  });
});

describe('who classifies', () => {
  const open = { stage: 'initial_review', status: 'active', leadReviewerId: null };
  const code = (refusal: { code: string } | null) => refusal?.code ?? null;

  it('lets reviewers vote, and reviewers and the coordinator set final classifications, with a credential that writes', () => {
    expect(voteRefusal(viewer(['reviewer']), open)).toBeNull();
    expect(code(voteRefusal(viewer(['reviewer'], true), open))).toBe('FORBIDDEN');
    expect(code(voteRefusal(viewer(['coordinator']), open))).toBe('FORBIDDEN');
    expect(code(voteRefusal(null))).toBe('FORBIDDEN');
    expect(finalClassificationRefusal(viewer(['coordinator']), open)).toBeNull();
    expect(finalClassificationRefusal(viewer(['reviewer']), open)).toBeNull();
    expect(code(finalClassificationRefusal(viewer(['legal_reviewer']), open))).toBe('FORBIDDEN');
    expect(code(finalClassificationRefusal(viewer(['coordinator'], true), open))).toBe('FORBIDDEN');
  });

  it('refuses both while classifying is closed', () => {
    const closed = { ...open, stage: 'legality_review' };
    expect(code(voteRefusal(viewer(['reviewer']), closed))).toBe('INVALID_TRANSITION');
    expect(code(finalClassificationRefusal(viewer(['coordinator']), closed))).toBe('INVALID_TRANSITION');
  });

  it('leaves a led proposal to its lead reviewer and the coordinator; the first reviewer to classify leads it', () => {
    const led = { ...open, leadReviewerId: 7 };
    expect(finalClassificationRefusal(viewer(['reviewer'], false, 7), led)).toBeNull();
    expect(code(finalClassificationRefusal(viewer(['reviewer'], false, 8), led))).toBe('FORBIDDEN');
    expect(finalClassificationRefusal(viewer(['reviewer'], false, 8), open)).toBeNull();
    expect(finalClassificationRefusal(viewer(['coordinator'], false, 9), led)).toBeNull();
    expect(leadAfterClassifying(viewer(['reviewer'], false, 8), { leadReviewerId: null })).toBe(8);
    expect(leadAfterClassifying(viewer(['reviewer'], false, 8), { leadReviewerId: 7 })).toBe(7);
    expect(leadAfterClassifying(viewer(['coordinator'], false, 9), { leadReviewerId: null })).toBeNull();
  });
});
