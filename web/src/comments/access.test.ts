import { describe, expect, it } from 'vitest';
import { commentAccess, type Commenter } from './access.ts';

const person = (id: string, roles: Commenter['roles'], unitId = 'unit-x'): Commenter => ({ id, roles, unit: { id: unitId } });
const thread = (visibility: 'INTERNAL' | 'SHARED', authorId: string) => ({ visibility, author: { id: authorId } });

describe('who may do what in a proposal’s threads', () => {
  it('lets the team write anywhere and choose the visibility, internal first', () => {
    for (const role of ['REVIEWER', 'COORDINATOR', 'LEGAL_REVIEWER'] as const) {
      const access = commentAccess(person('u1', [role]), 'dept');
      expect(access.startVisibilities).toEqual(['INTERNAL', 'SHARED']);
      expect(access.canPost('INTERNAL')).toBe(true);
      expect(access.canPost('SHARED')).toBe(true);
    }
  });

  it('lets the proposal’s own department write in shared threads only, and other departments nowhere', () => {
    const own = commentAccess(person('d1', ['SUBMITTER'], 'dept'), 'dept');
    expect(own.startVisibilities).toEqual(['SHARED']);
    expect(own.canPost('SHARED')).toBe(true);
    expect(own.canPost('INTERNAL')).toBe(false);
    const other = commentAccess(person('d2', ['SUBMITTER'], 'other'), 'dept');
    expect(other.startVisibilities).toEqual([]);
    expect(other.canPost('SHARED')).toBe(false);
  });

  it('lets approvers, observers and the signed-out only read', () => {
    for (const me of [person('a', ['APPROVER']), person('o', ['OBSERVER']), null]) {
      const access = commentAccess(me, 'dept');
      expect(access.startVisibilities).toEqual([]);
      expect(access.canPost('SHARED')).toBe(false);
      expect(access.canChangeState(thread('SHARED', 'a'))).toBe(false);
    }
  });

  it('lets a thread’s author, reviewers and the coordinator resolve it, but not a legal reviewer’s colleague', () => {
    const legal = commentAccess(person('l1', ['LEGAL_REVIEWER']), 'dept');
    expect(legal.canChangeState(thread('INTERNAL', 'l1'))).toBe(true);
    expect(legal.canChangeState(thread('INTERNAL', 'r1'))).toBe(false);
    expect(commentAccess(person('r2', ['REVIEWER']), 'dept').canChangeState(thread('INTERNAL', 'r1'))).toBe(true);
    expect(commentAccess(person('c', ['COORDINATOR']), 'dept').canChangeState(thread('SHARED', 'd1'))).toBe(true);
    const department = commentAccess(person('d1', ['SUBMITTER'], 'dept'), 'dept');
    expect(department.canChangeState(thread('SHARED', 'd1'))).toBe(true);
    expect(department.canChangeState(thread('SHARED', 'r1'))).toBe(false);
  });
});
