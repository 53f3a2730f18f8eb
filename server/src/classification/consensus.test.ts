import { describe, expect, it } from 'vitest';
import { consensusOf, hasDisagreement, isOpenForClassification } from './consensus.ts';

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
