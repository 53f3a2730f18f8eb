import { describe, expect, it } from 'vitest';
import { homeFor, isTeam, sectionsFor } from './navigation.ts';

describe('navigation by role', () => {
  it('sends everyone to their own to-do', () => {
    for (const roles of [['REVIEWER'], ['SUBMITTER'], ['DISTRICT_LIAISON'], []] as const) expect(homeFor(roles)).toBe('/todo');
  });

  it('shows each section once, in the bar order, with the to-do and progress for everyone', () => {
    expect(sectionsFor(['APPROVER', 'COORDINATOR'])).toEqual(['todo', 'queue', 'campaign', 'dashboard']);
    expect(sectionsFor(['DISTRICT_LIAISON', 'SUBMITTER'])).toEqual(['todo', 'department', 'district', 'dashboard']);
    expect(sectionsFor([])).toEqual(['todo', 'dashboard']);
    expect(sectionsFor(['OBSERVER'])).toEqual(['todo', 'queue', 'evaluation', 'dashboard']);
  });

  it('counts the roles that work in the queue as the review team, as the API does (teamRoles)', () => {
    for (const role of ['COORDINATOR', 'REVIEWER', 'LEGAL_REVIEWER', 'APPROVER', 'OBSERVER'] as const) expect(isTeam([role])).toBe(true);
    expect(isTeam(['SUBMITTER', 'DISTRICT_LIAISON'])).toBe(false);
    expect(isTeam([])).toBe(false);
  });
});
