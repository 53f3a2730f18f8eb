/**
 * The campaign's scheduled stages and where each stands against its deadline: pure rules, no SQL
 * or GraphQL. The table behind them is `campaigns` (a window of two date columns per stage); the
 * live counts come from the caller (`stage-standing.ts`).
 */

/** The stages the lead office schedules, in the order the round runs them. */
export const scheduledStages = ['submission', 'review', 'legality', 'consultation', 'confirmation', 'approval'] as const;
export type ScheduledStage = (typeof scheduledStages)[number];

/** The campaign columns holding a stage's window, named `<stage>OpensOn` and `<stage>Deadline`. */
export type WindowField = `${ScheduledStage}${'OpensOn' | 'Deadline'}`;
export const windowFields: readonly WindowField[] = scheduledStages.flatMap((stage) => [`${stage}OpensOn`, `${stage}Deadline`] as const);

export type StageWindows = Partial<Record<WindowField, string | null>>;

/**
 * The proposal stages whose proposals are the stage's remaining work: while any are there after
 * the deadline, the stage is overdue. Submission's remaining work is the units taking part that
 * have sent nothing yet (not a proposal stage), so it lists none.
 */
export const pendingProposalStages: Record<ScheduledStage, readonly string[]> = {
  submission: [],
  review: ['submitted', 'initial_review', 'recheck'],
  legality: ['legality_review'],
  consultation: ['consultation'],
  confirmation: ['unit_confirmation'],
  approval: ['approval'],
};

/**
 * 未排期 no window set, 未开始 not yet open, 进行中 open, 已结束 closed with nothing left,
 * 已逾期 past its deadline with work left.
 */
export const stageStates = ['unscheduled', 'upcoming', 'open', 'closed', 'overdue'] as const;
export type StageState = (typeof stageStates)[number];

export interface StageStanding {
  stage: ScheduledStage;
  /** Its own opening day, or the day after the deadline scheduled before it. */
  opensOn: string | null;
  deadline: string | null;
  state: StageState;
  /** Days from today to the deadline: negative once it has passed; null without a deadline. */
  daysLeft: number | null;
  /** The stage's remaining work: proposals still at it (units yet to submit, for submission). */
  pending: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / dayMs);
}

/**
 * Where every stage stands on `today`, given each one's remaining work. A deadline's day is still
 * open, the day after it is late. A stage without an opening day of its own opens the day after
 * the latest deadline scheduled before it (the round runs its stages in order), or is open
 * already when none is.
 */
export function standingsOf(windows: StageWindows, today: string, pendingOf: (stage: ScheduledStage) => number): StageStanding[] {
  let previousDeadline: string | null = null;
  return scheduledStages.map((stage) => {
    const ownOpening = windows[`${stage}OpensOn`] ?? null;
    const deadline = windows[`${stage}Deadline`] ?? null;
    const opensOn = ownOpening ?? (deadline !== null && previousDeadline !== null ? dayAfter(previousDeadline) : null);
    previousDeadline = deadline ?? previousDeadline;
    const pending = pendingOf(stage);
    const daysLeft = deadline === null ? null : daysBetween(today, deadline);
    const state: StageState =
      opensOn === null && deadline === null
        ? 'unscheduled'
        : opensOn !== null && today < opensOn
          ? 'upcoming'
          : daysLeft === null || daysLeft >= 0
            ? 'open'
            : pending > 0
              ? 'overdue'
              : 'closed';
    return { stage, opensOn, deadline, state, daysLeft, pending };
  });
}

const dayAfter = (day: string) => new Date(Date.parse(day) + dayMs).toISOString().slice(0, 10);

/**
 * The first window field that closes before it opens, or that opens before the previous stage
 * opened: the schedule must run in the round's order. Null when the schedule is consistent.
 */
export function scheduleFault(windows: StageWindows): { field: WindowField; zh: string; en: string } | null {
  let previousOpening: string | null = null;
  for (const stage of scheduledStages) {
    const opensOn = windows[`${stage}OpensOn`] ?? null;
    const deadline = windows[`${stage}Deadline`] ?? null;
    if (opensOn !== null && deadline !== null && deadline < opensOn) {
      return { field: `${stage}Deadline`, zh: '截止日期不能早于开始日期', en: 'The deadline cannot be before the stage opens' };
    }
    if (opensOn !== null && previousOpening !== null && opensOn < previousOpening) {
      return { field: `${stage}OpensOn`, zh: '各阶段应按顺序开始', en: 'Stages must open in the order the round runs them' };
    }
    previousOpening = opensOn ?? previousOpening;
  }
  return null;
}
