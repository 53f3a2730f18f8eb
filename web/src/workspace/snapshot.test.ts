import { describe, expect, it } from 'vitest';
import { diffSnapshots, type ProposalSnapshot, snapshotOf, type SnapshotSource } from './snapshot.ts';

const proposal: SnapshotSource = {
  version: 4,
  stage: 'INITIAL_REVIEW',
  status: 'ACTIVE',
  action: 'DELEGATE',
  targetDistricts: [{ shortName: '天河区' }, { shortName: '南沙区' }],
  rationale: '办件主要在区内。',
  changeLegalBasis: null,
  proposedItemName: null,
  mergeIntoItem: null,
  classificationCode: null,
  leadReviewer: null,
  assignees: [{ displayName: '杨家豪' }, { displayName: '徐卓' }],
};

const votes = [
  { code: 'agree_delegate', version: 1, reviewer: { id: 'u-1' } },
  { code: 'retain', version: 3, reviewer: { id: 'u-2' } },
];

describe('snapshotOf', () => {
  it('takes the fields a decision rests on, names for people and places, and the reader’s own vote', () => {
    const snapshot = snapshotOf(proposal, votes, 'u-2');
    expect(snapshot).toEqual({
      version: 4,
      stage: 'INITIAL_REVIEW',
      status: 'ACTIVE',
      action: 'DELEGATE',
      targetDistricts: ['天河区', '南沙区'],
      rationale: '办件主要在区内。',
      changeLegalBasis: null,
      proposedItemName: null,
      mergeIntoItem: null,
      classificationCode: null,
      leadReviewer: null,
      assignees: ['杨家豪', '徐卓'],
      myVote: { code: 'retain', version: 3 },
    });
  });

  it('has no vote of the reader’s own when they have not voted or are not signed in', () => {
    expect(snapshotOf(proposal, votes, 'u-9').myVote).toBeNull();
    expect(snapshotOf(proposal, votes, undefined).myVote).toBeNull();
  });
});

describe('diffSnapshots', () => {
  const base: ProposalSnapshot = snapshotOf(proposal, votes, 'u-1');

  it('finds nothing between equal snapshots, and ignores a version that moved on alone', () => {
    expect(diffSnapshots(base, { ...base })).toEqual([]);
    expect(diffSnapshots(base, { ...base, version: 5 })).toEqual([]);
  });

  it('lists each changed field with its value before and after, in reading order', () => {
    const now: ProposalSnapshot = {
      ...base,
      version: 6,
      classificationCode: 'agree_delegate',
      leadReviewer: '杨家豪',
      stage: 'LEGALITY_REVIEW',
    };
    expect(diffSnapshots(base, now)).toEqual([
      { field: 'stage', before: 'INITIAL_REVIEW', after: 'LEGALITY_REVIEW' },
      { field: 'classificationCode', before: null, after: 'agree_delegate' },
      { field: 'leadReviewer', before: null, after: '杨家豪' },
    ]);
  });

  it('compares lists element by element: a new list with the same names is no change, a reordering is', () => {
    expect(diffSnapshots(base, { ...base, targetDistricts: ['天河区', '南沙区'] })).toEqual([]);
    expect(diffSnapshots(base, { ...base, targetDistricts: ['南沙区', '天河区'] })).toEqual([
      { field: 'targetDistricts', before: ['天河区', '南沙区'], after: ['南沙区', '天河区'] },
    ]);
    expect(diffSnapshots(base, { ...base, assignees: ['杨家豪'] })).toEqual([
      { field: 'assignees', before: ['杨家豪', '徐卓'], after: ['杨家豪'] },
    ]);
  });

  it('tells text that was emptied from text that changed', () => {
    const withBasis = { ...base, changeLegalBasis: '《行政许可法》第二十五条' };
    expect(diffSnapshots(withBasis, base)).toEqual([
      { field: 'changeLegalBasis', before: '《行政许可法》第二十五条', after: null },
    ]);
    expect(diffSnapshots(base, { ...base, rationale: '办件主要在区内，且区里已具备条件。' })).toEqual([
      { field: 'rationale', before: '办件主要在区内。', after: '办件主要在区内，且区里已具备条件。' },
    ]);
  });

  it('compares the reader’s own vote by its classification', () => {
    expect(diffSnapshots(base, { ...base, myVote: { code: 'agree_delegate', version: 2 } })).toEqual([]);
    expect(diffSnapshots(base, { ...base, myVote: { code: 'retain', version: 2 } })).toEqual([
      { field: 'myVote', before: 'agree_delegate', after: 'retain' },
    ]);
    expect(diffSnapshots({ ...base, myVote: null }, base)).toEqual([{ field: 'myVote', before: null, after: 'agree_delegate' }]);
  });
});
