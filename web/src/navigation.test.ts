import { describe, expect, it } from 'vitest';
import { homeFor, sectionsFor } from './navigation.ts';

describe('navigation by role', () => {
  it('sends the review team to the queue, units and districts to their portals', () => {
    expect(homeFor(['REVIEWER'])).toBe('/queue');
    expect(homeFor(['SUBMITTER'])).toBe('/department');
    expect(homeFor(['DISTRICT_LIAISON'])).toBe('/district');
    expect(homeFor([])).toBe('/dashboard');
  });

  it('shows each section once, in the bar order, with progress for everyone', () => {
    expect(sectionsFor(['APPROVER', 'COORDINATOR'])).toEqual(['queue', 'campaign', 'dashboard']);
    expect(sectionsFor(['DISTRICT_LIAISON', 'SUBMITTER'])).toEqual(['department', 'district', 'dashboard']);
  });
});
