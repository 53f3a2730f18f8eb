import { describe, expect, it } from 'vitest';
import { type Viewer, viewerFor } from '../accounts/permissions.ts';
import { canChangeThreadState, canPostInThread, matchMentions, mentionTokens } from './rules.ts';
import { canReadThread } from './visibility.ts';

const viewer = (userId: number, unitId: number, ...roles: Viewer['roles']) => viewerFor(roles, unitId, userId);

const internal = { visibility: 'internal', submittingUnitId: 10, proposalIsDraft: false } as const;
const shared = { visibility: 'shared', submittingUnitId: 10, proposalIsDraft: false } as const;
const sharedOnDraft = { ...shared, proposalIsDraft: true } as const;

describe('who reads and writes threads', () => {
  it('lets the team read every thread and the own department only shared ones', () => {
    for (const role of ['coordinator', 'reviewer', 'legal_reviewer', 'approver', 'observer'] as const) {
      expect(canReadThread(viewer(1, 2, role), internal)).toBe(true);
    }
    expect(canReadThread(viewer(1, 10, 'submitter'), shared)).toBe(true);
    expect(canReadThread(viewer(1, 10, 'submitter'), internal)).toBe(false);
    expect(canReadThread(viewer(1, 11, 'submitter'), shared)).toBe(false);
    expect(canReadThread(viewer(1, 10, 'district_liaison'), shared)).toBe(false);
    expect(canReadThread(null, shared)).toBe(false);
  });

  it("keeps a department's draft's threads from the team until it is submitted", () => {
    expect(canReadThread(viewer(1, 2, 'observer'), sharedOnDraft)).toBe(false);
    expect(canPostInThread(viewer(1, 2, 'reviewer'), sharedOnDraft)).toBe(false);
    expect(canReadThread(viewer(1, 10, 'submitter'), sharedOnDraft)).toBe(true);
    expect(canPostInThread(viewer(1, 10, 'submitter'), sharedOnDraft)).toBe(true);
  });

  it('lets approvers and observers read but not write', () => {
    expect(canPostInThread(viewer(1, 2, 'observer'), shared)).toBe(false);
    expect(canPostInThread(viewer(1, 2, 'approver'), internal)).toBe(false);
    expect(canPostInThread(viewer(1, 2, 'legal_reviewer'), internal)).toBe(true);
    expect(canPostInThread(viewer(1, 10, 'submitter'), shared)).toBe(true);
    expect(canPostInThread(viewer(1, 10, 'submitter'), internal)).toBe(false);
  });

  it("lets the thread's author, reviewers and the coordinator resolve it", () => {
    expect(canChangeThreadState(viewer(7, 10, 'submitter'), { ...shared, authorId: 7 })).toBe(true);
    expect(canChangeThreadState(viewer(8, 10, 'submitter'), { ...shared, authorId: 7 })).toBe(false);
    expect(canChangeThreadState(viewer(8, 2, 'reviewer'), { ...internal, authorId: 7 })).toBe(true);
    expect(canChangeThreadState(viewer(8, 2, 'coordinator'), { ...internal, authorId: 7 })).toBe(true);
    expect(canChangeThreadState(viewer(8, 2, 'legal_reviewer'), { ...internal, authorId: 7 })).toBe(false);
    expect(canChangeThreadState(viewer(7, 2, 'legal_reviewer'), { ...internal, authorId: 7 })).toBe(true);
  });
});

describe('@mentions', () => {
  it('reads usernames and display names up to whitespace or punctuation, once each', () => {
    expect(mentionTokens('@reviewer2 请核对，@陈志伟，还有@district-440106。@reviewer2')).toEqual(['reviewer2', '陈志伟', 'district-440106']);
    expect(mentionTokens('请@欧阳晓燕 看一下')).toEqual(['欧阳晓燕']);
    expect(mentionTokens('sentence ends with @gz-scjgj.')).toEqual(['gz-scjgj']);
  });

  it('leaves e-mail addresses and a lone @ as plain text', () => {
    expect(mentionTokens('写信给 someone@example.com 或 a.b@c.org')).toEqual([]);
    expect(mentionTokens('@ 空格 @')).toEqual([]);
  });

  it('matches usernames regardless of case, display names only when unambiguous', () => {
    const people = [
      { id: 1, username: 'reviewer2', displayName: '陈志伟', roles: ['reviewer' as const], unitId: 2 },
      { id: 2, username: 'reviewer3', displayName: '李敏', roles: ['reviewer' as const], unitId: 2 },
      { id: 3, username: 'gz-zjj', displayName: '李敏', roles: ['submitter' as const], unitId: 11 },
    ];
    expect(matchMentions(['Reviewer2', '陈志伟', 'nobody'], people)).toEqual({ mentioned: [people[0]], ambiguous: [] });
    expect(matchMentions(['李敏'], people)).toEqual({ mentioned: [], ambiguous: ['李敏'] });
    expect(matchMentions(['reviewer3', 'gz-zjj'], people).mentioned.map((p) => p.id)).toEqual([2, 3]);
  });
});
