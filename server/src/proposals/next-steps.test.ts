import { describe, expect, it } from 'vitest';
import { viewerFor } from '../accounts/permissions.ts';
import type { ProposalFacts } from './lifecycle.ts';
import { nextSteps } from './next-steps.ts';

const atConsultation: ProposalFacts = {
  stage: 'consultation',
  status: 'active',
  action: 'delegate',
  submittingUnitId: 7,
  classificationCode: 'agree_delegate',
  targetDistrictCount: 2,
  hasLegalityOpinion: true,
  consultation: null,
  consultationOpen: false,
  waitingDistricts: [],
};
const coordinator = viewerFor(['coordinator'], 1);

describe('next steps', () => {
  it('offers the coordinator a new round when the last one closed, and closing the stage once it is complete', () => {
    const closedRound = { ...atConsultation, consultation: { consulted: 2, answered: 1, deadlinePassed: true } };
    expect(nextSteps(closedRound, coordinator).map((step) => [step.kind, step.transition, step.available])).toEqual([
      ['open_consultation', null, true],
      ['transition', 'close_consultation', true],
    ]);
  });

  it('offers no new round while one is open, and nothing that is not a consulted action', () => {
    const openRound = { ...atConsultation, consultationOpen: true, consultation: { consulted: 2, answered: 2, deadlinePassed: false } };
    expect(nextSteps(openRound, coordinator).map((step) => step.kind)).toEqual(['transition']);
    expect(nextSteps({ ...atConsultation, action: 'cancel' }, coordinator).some((step) => step.kind === 'open_consultation')).toBe(false);
  });

  it('tells a read-only credential of the right person why it may not act', () => {
    const [open] = nextSteps(atConsultation, { ...coordinator, readOnly: true });
    expect(open).toMatchObject({ kind: 'open_consultation', available: false, reason: { zh: '只读凭据不能办理' } });
  });
});
