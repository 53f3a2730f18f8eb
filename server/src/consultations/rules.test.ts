import { describe, expect, it } from 'vitest';
import { type Viewer, viewerFor } from '../accounts/permissions.ts';
import { consultationComplete, districtsToConsult, stanceNeedsReason } from './rules.ts';
import { canReadConsultation, canReadFeedback } from './visibility.ts';

const viewer = (roles: Viewer['roles'], unitId: number) => viewerFor(roles, unitId);

describe('consultation rules', () => {
  it('is complete once every district answered or the deadline passed', () => {
    expect(consultationComplete({ consulted: 2, answered: 1, deadlinePassed: false })).toBe(false);
    expect(consultationComplete({ consulted: 2, answered: 2, deadlinePassed: false })).toBe(true);
    expect(consultationComplete({ consulted: 2, answered: 0, deadlinePassed: true })).toBe(true);
  });

  it('wants reasons for conditional agreement and disagreement only', () => {
    expect(stanceNeedsReason('agree')).toBe(false);
    expect(stanceNeedsReason('agree_with_conditions')).toBe(true);
    expect(stanceNeedsReason('disagree')).toBe(true);
  });

  it('consults the target districts, or a non-empty subset of them', () => {
    expect(districtsToConsult([3, 5, 7], undefined)).toEqual({ districtIds: [3, 5, 7] });
    expect(districtsToConsult([3, 5, 7], [7, 3, 7])).toEqual({ districtIds: [7, 3] });
    expect(districtsToConsult([3, 5, 7], [])).toEqual({ problem: 'empty' });
    expect(districtsToConsult([3, 5, 7], [3, 9])).toEqual({ problem: 'not_a_target' });
    expect(districtsToConsult([], undefined)).toEqual({ problem: 'no_targets' });
  });

  it('never shows a district another district’s answer', () => {
    const answer = { districtId: 7, submittingUnitId: 30 };
    expect(canReadFeedback(viewer(['district_liaison'], 7), answer)).toBe(true);
    expect(canReadFeedback(viewer(['district_liaison'], 8), answer)).toBe(false);
    expect(canReadFeedback(viewer(['submitter'], 30), answer)).toBe(true);
    expect(canReadFeedback(viewer(['submitter'], 31), answer)).toBe(false);
    expect(canReadFeedback(viewer(['reviewer'], 2), answer)).toBe(true);
    expect(canReadFeedback(null, answer)).toBe(false);
    const consultation = { submittingUnitId: 30, consultedUnitIds: [7, 9] };
    expect(canReadConsultation(viewer(['district_liaison'], 9), consultation)).toBe(true);
    expect(canReadConsultation(viewer(['district_liaison'], 8), consultation)).toBe(false);
    expect(canReadConsultation(null, consultation)).toBe(false);
  });
});
