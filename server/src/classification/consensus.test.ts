import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '../accounts/permissions.ts';
import { canClassify, canVote, consensusOf, hasDisagreement, isOpenForClassification, leadAfterClassifying, leadsClassification } from './consensus.ts';

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
  it('lets reviewers vote, and reviewers and the coordinator set final classifications, with a credential that writes', () => {
    expect(canVote(viewer(['reviewer']))).toBe(true);
    expect(canVote(viewer(['reviewer'], true))).toBe(false);
    expect(canVote(viewer(['coordinator']))).toBe(false);
    expect(canClassify(viewer(['coordinator']))).toBe(true);
    expect(canClassify(viewer(['reviewer']))).toBe(true);
    expect(canClassify(viewer(['legal_reviewer']))).toBe(false);
    expect(canClassify(viewer(['coordinator'], true))).toBe(false);
  });

  it('leaves a led proposal to its lead reviewer and the coordinator; the first reviewer to classify leads it', () => {
    expect(leadsClassification(viewer(['reviewer'], false, 7), { leadReviewerId: 7 })).toBe(true);
    expect(leadsClassification(viewer(['reviewer'], false, 8), { leadReviewerId: 7 })).toBe(false);
    expect(leadsClassification(viewer(['reviewer'], false, 8), { leadReviewerId: null })).toBe(true);
    expect(leadsClassification(viewer(['coordinator'], false, 9), { leadReviewerId: 7 })).toBe(true);
    expect(leadAfterClassifying(viewer(['reviewer'], false, 8), { leadReviewerId: null })).toBe(8);
    expect(leadAfterClassifying(viewer(['reviewer'], false, 8), { leadReviewerId: 7 })).toBe(7);
    expect(leadAfterClassifying(viewer(['coordinator'], false, 9), { leadReviewerId: null })).toBeNull();
  });
});
