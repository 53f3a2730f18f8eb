import { describe, expect, it } from 'vitest';
import { type Viewer, viewerFor } from '../accounts/permissions.ts';
import { canUpdateHandover, handoverProblem, type HandoverState } from './rules.ts';
import { canReadHandover } from './visibility.ts';

const ready: HandoverState = { status: 'taken_over', staffingReady: true, systemsReady: true, trainingDone: true, notes: null };
const viewer = (roles: Viewer['roles'], unitId: number) => viewerFor(roles, unitId);

describe('handover rules', () => {
  it('takes a power over only with staff, systems and training all in place', () => {
    expect(handoverProblem(ready)).toBeNull();
    expect(handoverProblem({ ...ready, staffingReady: false })).toBe('not_ready');
    expect(handoverProblem({ ...ready, systemsReady: false })).toBe('not_ready');
    expect(handoverProblem({ ...ready, trainingDone: false })).toBe('not_ready');
    expect(handoverProblem({ ...ready, status: 'ready', trainingDone: false })).toBeNull();
  });

  it('wants a reason for a blocked handover', () => {
    expect(handoverProblem({ ...ready, status: 'blocked', notes: null })).toBe('blocked_without_notes');
    expect(handoverProblem({ ...ready, status: 'blocked', notes: '编制未落实' })).toBeNull();
  });

  it('lets a district read and report only its own handovers', () => {
    expect(canReadHandover(viewer(['district_liaison'], 7), { districtId: 7, submittingUnitId: 30 })).toBe(true);
    expect(canReadHandover(viewer(['district_liaison'], 8), { districtId: 7, submittingUnitId: 30 })).toBe(false);
    expect(canReadHandover(viewer(['submitter'], 30), { districtId: 7, submittingUnitId: 30 })).toBe(true);
    expect(canReadHandover(viewer(['observer'], 2), { districtId: 7, submittingUnitId: 30 })).toBe(true);
    expect(canUpdateHandover(viewer(['district_liaison'], 7), 7)).toBe(true);
    expect(canUpdateHandover(viewer(['district_liaison'], 8), 7)).toBe(false);
    expect(canUpdateHandover(viewer(['coordinator'], 1), 7)).toBe(true);
    expect(canUpdateHandover(viewer(['reviewer'], 2), 7)).toBe(false);
  });
});
