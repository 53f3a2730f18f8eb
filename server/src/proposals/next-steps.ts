import { hasRole, type Viewer } from '../accounts/permissions.ts';
import { builder } from '../builder.ts';
import { consultationOpener, consultationRefusal } from '../consultations/rules.ts';
import { enumValuesOf } from '../enums.ts';
import { mayMake, planTransition, type ProposalFacts, rules, type Transition, transitionNames } from './lifecycle.ts';
import { Proposal } from './proposals.ts';
import { ProposalTransition } from './transitions.ts';

/**
 * What moves a proposal on from where it stands, for one viewer: every transition that leaves
 * its current stage and status, and the acts that are not transitions (opening a consultation),
 * each available or not, and if not, who must act and why. Derived from the lifecycle's rules and
 * the consultation rules, so the web never shows a dead end nor copies a rule.
 */
export const nextStepKinds = ['transition', 'open_consultation'] as const;
export type NextStepKind = (typeof nextStepKinds)[number];

interface Text {
  zh: string;
  en: string;
}

export interface NextStep {
  kind: NextStepKind;
  /** For kind `transition`. */
  transition: Transition | null;
  /** The viewer may do it now (a reason aside, which the form asks for). */
  available: boolean;
  /** Who does it. */
  actor: Text;
  /** Why the viewer cannot do it now; null when available. */
  reason: Text | null;
}

const readOnly: Text = { zh: '只读凭据不能办理', en: 'A read-only credential cannot act' };

/** "由…办理", then what else holds it up: the whole story for someone who is not the one to act. */
function whyNot(mayAct: boolean, viewer: Viewer, actor: Text, blocker: Text | null): Text | null {
  if (mayAct) return blocker ?? (viewer.readOnly ? readOnly : null);
  const byActor = { zh: `由${actor.zh}办理`, en: `To be done by ${actor.en}` };
  return blocker ? { zh: `${byActor.zh}；${blocker.zh}`, en: `${byActor.en}; ${blocker.en}` } : byActor;
}

export function nextSteps(p: ProposalFacts, viewer: Viewer): NextStep[] {
  const steps: NextStep[] = transitionNames
    .filter((transition) => rules[transition].from(p))
    .map((transition) => {
      const rule = rules[transition];
      // Available exactly when the transition would be planned (as availableTransitions says).
      const available = !viewer.readOnly && planTransition(p, transition, viewer, 'reason').ok;
      const blocker = rule.precondition?.(p) ?? null;
      const reason = available ? null : whyNot(mayMake(rule, viewer, p), viewer, rule.whoText, blocker);
      return { kind: 'transition', transition, available, actor: rule.whoText, reason };
    });
  // At the consultation stage with no round open, the lead office puts the proposal to the districts.
  if (consultationRefusal(p) === null && !p.consultationOpen) {
    const mayAct = hasRole(viewer, consultationOpener.role);
    const available = mayAct && !viewer.readOnly;
    steps.unshift({
      kind: 'open_consultation',
      transition: null,
      available,
      actor: consultationOpener,
      reason: available ? null : whyNot(mayAct, viewer, consultationOpener, null),
    });
  }
  return steps;
}

const NextStepKindEnum = builder.enumType('ProposalNextStepKind', {
  description: 'TRANSITION: a move along the lifecycle (transitionProposal). OPEN_CONSULTATION: put the proposal to its districts (openConsultation).',
  values: enumValuesOf(nextStepKinds),
});

const NextStepRef = builder.objectRef<NextStep>('ProposalNextStep').implement({
  description: 'Something that moves the proposal on from where it stands: whether the viewer may do it now, and if not, who must and why.',
  fields: (t) => ({
    kind: t.field({ type: NextStepKindEnum, resolve: (step) => step.kind }),
    transition: t.field({ type: ProposalTransition, nullable: true, resolve: (step) => step.transition }),
    available: t.exposeBoolean('available', { description: 'The viewer may do it now.' }),
    actorZh: t.string({ description: 'Who does it (Chinese).', resolve: (step) => step.actor.zh }),
    actorEn: t.string({ description: 'Who does it (English).', resolve: (step) => step.actor.en }),
    reasonZh: t.string({ nullable: true, description: 'Why the viewer cannot do it now (Chinese); null when available.', resolve: (step) => step.reason?.zh ?? null }),
    reasonEn: t.string({ nullable: true, description: 'Why the viewer cannot do it now (English); null when available.', resolve: (step) => step.reason?.en ?? null }),
  }),
});

builder.drizzleObjectFields(Proposal, (t) => ({
  nextSteps: t.field({
    type: [NextStepRef],
    description:
      'Everything that moves the proposal on from its current stage and status, available to the viewer or not (with who must act and why): no stage is a dead end.',
    select: { columns: { id: true } },
    resolve: async (proposal, _args, ctx) => {
      if (!ctx.viewer) return [];
      const facts = await ctx.proposalFacts.load(proposal.id);
      return facts ? nextSteps(facts, ctx.viewer) : [];
    },
  }),
}));
