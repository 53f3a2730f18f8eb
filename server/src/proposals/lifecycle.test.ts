import { proposalStage, proposalStatus } from '@devolve/db';
import { describe, expect, it } from 'vitest';
import { type Role, viewerFor } from '../accounts/permissions.ts';
import {
  availableTransitions,
  planTransition,
  type ProposalFacts,
  type Stage,
  type Status,
  type Transition,
  transitionNames,
} from './lifecycle.ts';

const ownUnit = 7;
const otherUnit = 8;

const viewer = (role: Role, unitId = 1) => viewerFor([role], unitId);

/** Every kind of actor the rules distinguish. */
const actors = {
  coordinator: viewer('coordinator'),
  reviewer: viewer('reviewer'),
  legal: viewer('legal_reviewer'),
  approver: viewer('approver'),
  observer: viewer('observer'),
  ownDepartment: viewer('submitter', ownUnit),
  otherDepartment: viewer('submitter', otherUnit),
  district: viewer('district_liaison', 440106),
} as const;
type Actor = keyof typeof actors;

const tianhe = { zh: '天河区', en: 'Tianhe' };

/** Facts under which every precondition holds. */
const ready: Omit<ProposalFacts, 'stage' | 'status'> = {
  action: 'delegate',
  submittingUnitId: ownUnit,
  classificationCode: 'agree_delegate',
  targetDistrictCount: 2,
  hasLegalityOpinion: true,
  consultation: { consulted: 2, answered: 2, deadlinePassed: false },
  consultationOpen: true,
  waitingDistricts: [],
};

/**
 * The specification, written out as a table independent of lifecycle.ts: from which stage and
 * status each transition starts, and who may make it.
 */
const spec: Record<Transition, { from: [Stage, Status][]; who: Actor[] }> = {
  submit: { from: [['draft', 'active']], who: ['ownDepartment'] },
  withdraw: {
    // A draft never submitted is deleted (删除草稿), not withdrawn.
    from: [
      ['submitted', 'active'],
      ['initial_review', 'active'],
      ...(['draft', 'submitted', 'initial_review', 'legality_review', 'recheck', 'consultation', 'unit_confirmation', 'approval'] as const).map(
        (stage): [Stage, Status] => [stage, 'returned'],
      ),
    ],
    who: ['ownDepartment'],
  },
  start_review: { from: [['submitted', 'active']], who: ['coordinator', 'reviewer'] },
  pass_initial_review: { from: [['initial_review', 'active']], who: ['coordinator', 'reviewer'] },
  return: { from: [['initial_review', 'active'], ['recheck', 'active']], who: ['reviewer'] },
  resubmit: {
    from: (['draft', 'submitted', 'initial_review', 'legality_review', 'recheck', 'consultation', 'unit_confirmation', 'approval'] as const).map(
      (stage): [Stage, Status] => [stage, 'returned'],
    ),
    who: ['ownDepartment'],
  },
  reject: { from: [['initial_review', 'active'], ['recheck', 'active'], ['approval', 'active']], who: ['reviewer', 'approver'] },
  complete_legality_review: { from: [['legality_review', 'active']], who: ['legal', 'coordinator'] },
  pass_recheck: { from: [['recheck', 'active']], who: ['coordinator', 'reviewer'] },
  close_consultation: { from: [['consultation', 'active']], who: ['coordinator'] },
  confirm: { from: [['unit_confirmation', 'active']], who: ['ownDepartment'] },
  contest: { from: [['unit_confirmation', 'active']], who: ['ownDepartment'] },
  approve: { from: [['approval', 'active']], who: ['approver'] },
};

/** Who may make a transition; rejection is the approver's at approval and the reviewer's before. */
function specWho(transition: Transition, stage: Stage, actor: Actor): boolean {
  if (transition === 'reject') return stage === 'approval' ? actor === 'approver' : actor === 'reviewer';
  return spec[transition].who.includes(actor);
}

const specFrom = (transition: Transition, stage: Stage, status: Status) =>
  spec[transition].from.some(([s, st]) => s === stage && st === status);

describe('proposal lifecycle', () => {
  it('allows exactly the specified transitions for every stage, status, actor and transition', () => {
    let checked = 0;
    for (const stage of proposalStage.enumValues) {
      for (const status of proposalStatus.enumValues) {
        for (const transition of transitionNames) {
          for (const actor of Object.keys(actors) as Actor[]) {
            const plan = planTransition({ ...ready, stage, status }, transition, actors[actor], 'a reason');
            const from = specFrom(transition, stage, status);
            const who = specWho(transition, stage, actor);
            const allowed = from && who;
            expect(plan.ok, `${transition} at ${stage}/${status} by ${actor}`).toBe(allowed);
            if (!plan.ok) {
              // The refusal names the first thing wrong: the person, then the stage.
              if (!who) expect(plan.refusal.code, `${transition} by ${actor}`).toBe('FORBIDDEN');
              else if (!from) expect(plan.refusal.code).toBe('INVALID_TRANSITION');
              expect(plan.refusal.zh.length).toBeGreaterThan(0);
              expect(plan.refusal.en.length).toBeGreaterThan(0);
              // Chinese words only: no stage or status reaches the message as its enum value (returned).
              expect(plan.refusal.zh, `${transition} at ${stage}/${status}`).not.toMatch(/[a-z]{3,}/);
            }
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBe(9 * 5 * 13 * 8);
  });

  it('moves proposals to the right place', () => {
    const go = (transition: Transition, stage: Stage, status: Status, actor: Actor, facts: Partial<ProposalFacts> = {}) => {
      const plan = planTransition({ ...ready, ...facts, stage, status }, transition, actors[actor], 'reason');
      if (!plan.ok) throw new Error(plan.refusal.en);
      return plan.outcome;
    };
    expect(go('submit', 'draft', 'active', 'ownDepartment')).toEqual({ stage: 'submitted', status: 'active', verdict: null });
    expect(go('start_review', 'submitted', 'active', 'reviewer')).toEqual({ stage: 'initial_review', status: 'active', verdict: null });
    expect(go('pass_initial_review', 'initial_review', 'active', 'reviewer')).toEqual({ stage: 'legality_review', status: 'active', verdict: 'approve' });
    expect(go('return', 'recheck', 'active', 'reviewer')).toEqual({ stage: 'recheck', status: 'returned', verdict: 'return' });
    expect(go('resubmit', 'recheck', 'returned', 'ownDepartment')).toEqual({ stage: 'recheck', status: 'active', verdict: null });
    expect(go('withdraw', 'submitted', 'active', 'ownDepartment')).toEqual({ stage: 'submitted', status: 'withdrawn', verdict: null });
    expect(go('complete_legality_review', 'legality_review', 'active', 'legal')).toEqual({ stage: 'recheck', status: 'active', verdict: null });
    // Only delegations and entrustments go to the districts.
    expect(go('pass_recheck', 'recheck', 'active', 'reviewer', { action: 'delegate' }).stage).toBe('consultation');
    expect(go('pass_recheck', 'recheck', 'active', 'reviewer', { action: 'entrust' }).stage).toBe('consultation');
    for (const action of ['cancel', 'merge', 'adjust', 'retain', 'add'] as const) {
      expect(go('pass_recheck', 'recheck', 'active', 'reviewer', { action }).stage).toBe('unit_confirmation');
    }
    expect(go('close_consultation', 'consultation', 'active', 'coordinator')).toEqual({ stage: 'unit_confirmation', status: 'active', verdict: null });
    expect(go('confirm', 'unit_confirmation', 'active', 'ownDepartment')).toEqual({ stage: 'approval', status: 'active', verdict: 'confirmed' });
    expect(go('contest', 'unit_confirmation', 'active', 'ownDepartment')).toEqual({ stage: 'recheck', status: 'active', verdict: 'contested' });
    expect(go('approve', 'approval', 'active', 'approver')).toEqual({ stage: 'decided', status: 'approved', verdict: 'approve' });
    expect(go('reject', 'approval', 'active', 'approver')).toEqual({ stage: 'decided', status: 'rejected', verdict: 'reject' });
    expect(go('reject', 'initial_review', 'active', 'reviewer')).toEqual({ stage: 'decided', status: 'rejected', verdict: 'reject' });
  });

  it('never produces an impossible state', () => {
    for (const stage of proposalStage.enumValues) {
      for (const status of proposalStatus.enumValues) {
        for (const transition of transitionNames) {
          for (const actor of Object.values(actors)) {
            const plan = planTransition({ ...ready, stage, status }, transition, actor, 'reason');
            if (!plan.ok) continue;
            const { stage: to, status: toStatus } = plan.outcome;
            expect(to === 'decided', `${transition} from ${stage}`).toBe(toStatus === 'approved' || toStatus === 'rejected');
          }
        }
      }
    }
  });

  it('ends at decided and withdrawn: nobody can move those on', () => {
    for (const [stage, status] of [['decided', 'approved'], ['decided', 'rejected'], ['initial_review', 'withdrawn'], ['draft', 'withdrawn']] as const) {
      for (const actor of Object.values(actors)) {
        expect(availableTransitions({ ...ready, stage, status }, actor)).toEqual([]);
      }
    }
  });

  it('requires a reason to return, reject or contest', () => {
    for (const [transition, stage, actor] of [
      ['return', 'initial_review', 'reviewer'],
      ['reject', 'recheck', 'reviewer'],
      ['reject', 'approval', 'approver'],
      ['contest', 'unit_confirmation', 'ownDepartment'],
    ] as const) {
      for (const reason of [null, '', '   ']) {
        const plan = planTransition({ ...ready, stage, status: 'active' }, transition, actors[actor], reason);
        expect(plan.ok).toBe(false);
        if (!plan.ok) expect(plan.refusal.code).toBe('VALIDATION');
      }
    }
    // Other transitions need none.
    expect(planTransition({ ...ready, stage: 'approval', status: 'active' }, 'approve', actors.approver, null).ok).toBe(true);
  });

  it('checks the conditions beyond the stage', () => {
    const refuse = (facts: Partial<ProposalFacts>, stage: Stage, transition: Transition, actor: Actor) => {
      const plan = planTransition({ ...ready, ...facts, stage, status: 'active' }, transition, actors[actor], null);
      return plan.ok ? null : plan.refusal.code;
    };
    // A legality opinion exists before the re-check.
    expect(refuse({ hasLegalityOpinion: false }, 'legality_review', 'complete_legality_review', 'legal')).toBe('INVALID_TRANSITION');
    // A final classification before passing a review stage.
    expect(refuse({ classificationCode: null }, 'initial_review', 'pass_initial_review', 'reviewer')).toBe('INVALID_TRANSITION');
    expect(refuse({ classificationCode: null }, 'recheck', 'pass_recheck', 'coordinator')).toBe('INVALID_TRANSITION');
    // Every consulted district answered, or the deadline passed.
    expect(refuse({ consultation: null }, 'consultation', 'close_consultation', 'coordinator')).toBe('INVALID_TRANSITION');
    expect(refuse({ consultation: { consulted: 3, answered: 2, deadlinePassed: false }, waitingDistricts: [tianhe] }, 'consultation', 'close_consultation', 'coordinator')).toBe('INVALID_TRANSITION');
    expect(refuse({ consultation: { consulted: 3, answered: 2, deadlinePassed: true }, waitingDistricts: [tianhe] }, 'consultation', 'close_consultation', 'coordinator')).toBeNull();
    expect(refuse({ consultation: { consulted: 3, answered: 3, deadlinePassed: false } }, 'consultation', 'close_consultation', 'coordinator')).toBeNull();
    // A delegation names its districts before it is submitted.
    expect(refuse({ targetDistrictCount: 0 }, 'draft', 'submit', 'ownDepartment')).toBe('VALIDATION');
    expect(refuse({ targetDistrictCount: 0, action: 'cancel' }, 'draft', 'submit', 'ownDepartment')).toBeNull();
    // …and the refusal names the proposal's districts, not the transition's reason.
    const noDistricts = planTransition({ ...ready, targetDistrictCount: 0, stage: 'draft', status: 'active' }, 'submit', actors.ownDepartment, null);
    expect(noDistricts.ok ? null : noDistricts.refusal.field).toBe('proposal.targetDistrictIds');
  });

  it('offers each actor exactly the transitions planTransition allows', () => {
    const facts: ProposalFacts = { ...ready, stage: 'unit_confirmation', status: 'active' };
    expect(availableTransitions(facts, actors.ownDepartment).sort()).toEqual(['confirm', 'contest']);
    expect(availableTransitions(facts, actors.otherDepartment)).toEqual([]);
    expect(availableTransitions({ ...ready, stage: 'recheck', status: 'active' }, actors.reviewer).sort()).toEqual(
      ['pass_recheck', 'reject', 'return'],
    );
    expect(availableTransitions({ ...ready, stage: 'recheck', status: 'active' }, actors.observer)).toEqual([]);
  });
});
