import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '../accounts/permissions.ts';
import { assigneeChange, canAssign, canBeAssigned, unassignableReason } from './rules.ts';

const viewer = (roles: Role[], readOnly = false): Viewer => ({
  userId: 1,
  unitId: 1,
  unitKind: 'review_body',
  roles,
  readOnly,
  credential: { kind: 'system', id: 0 },
});

describe('assignment rules', () => {
  it('adds reviewers, or replaces the assignees with them', () => {
    expect(assigneeChange([2, 5], [5, 7], false)).toEqual({ add: [7], remove: [], after: [2, 5, 7] });
    expect(assigneeChange([2, 5], [5, 7], true)).toEqual({ add: [7], remove: [2], after: [5, 7] });
    expect(assigneeChange([5], [5], true)).toEqual({ add: [], remove: [], after: [5] });
  });

  it('assigns only to proposals under review', () => {
    expect(unassignableReason({ stage: 'draft', status: 'active' })).toBe('draft');
    expect(unassignableReason({ stage: 'initial_review', status: 'withdrawn' })).toBe('withdrawn');
    expect(unassignableReason({ stage: 'decided', status: 'approved' })).toBe('decided');
    expect(unassignableReason({ stage: 'recheck', status: 'returned' })).toBeNull();
  });

  it('puts only reviewers and legality reviewers on proposals', () => {
    expect(canBeAssigned(['reviewer'])).toBe(true);
    expect(canBeAssigned(['legal_reviewer'])).toBe(true);
    expect(canBeAssigned(['coordinator'])).toBe(false);
    expect(canBeAssigned(['submitter'])).toBe(false);
  });

  it('lets only the coordinator, with a credential that writes, assign', () => {
    expect(canAssign(viewer(['coordinator']))).toBe(true);
    expect(canAssign(viewer(['coordinator'], true))).toBe(false);
    expect(canAssign(viewer(['reviewer']))).toBe(false);
  });
});
