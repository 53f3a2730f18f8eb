import { overLimit } from '../forms/text-limits.ts';
import type { EnumValue, VariablesOf } from '../graphql.ts';
import type { AnswerConsultationMutation, UpdateHandoverMutation } from './district-query.ts';

/**
 * The district portal's two forms as pure functions: what is wrong with them (mirroring the
 * server's checks in server/src/consultations and server/src/handovers), and the inputs they send.
 * Their texts are free text: `freeTextLimit` is the server's (Query.textLimits.freeText), checked
 * once known.
 */

export type Stance = EnumValue<'DistrictStance'>;
export type HandoverStatus = EnumValue<'HandoverStatus'>;

export type FormProblem =
  | { code: 'stanceRequired' }
  | { code: 'reasonNeeded' }
  | { code: 'notReady' }
  | { code: 'blockedNeedsNotes' }
  | { code: 'nothingChanged' }
  | { code: 'tooLong'; max: number };

const tooLong = (text: string, limit: number | undefined): FormProblem | null => (overLimit(text, limit) ? { code: 'tooLong', max: limit } : null);
const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

// ── Answering a consultation (征求意见答复) ─────────────────────────────────────────────────

export const answerTexts = ['comments', 'capacityNotes', 'staffingNeeds', 'systemsNeeds', 'trainingNeeds', 'fundingNeeds'] as const;
export type AnswerText = (typeof answerTexts)[number];
export type AnswerDraft = { stance: Stance | null } & Record<AnswerText, string>;
export type AnswerField = keyof AnswerDraft;

/**
 * An answer needs a stance; agreeing with conditions or disagreeing must say what the conditions
 * or the reasons are, in the comments or the capacity notes (the server names `comments`).
 */
export function answerProblems(draft: AnswerDraft, freeTextLimit: number | undefined): Partial<Record<AnswerField, FormProblem>> {
  const problems: Partial<Record<AnswerField, FormProblem>> = {};
  if (draft.stance === null) problems.stance = { code: 'stanceRequired' };
  for (const field of answerTexts) {
    const problem = tooLong(draft[field], freeTextLimit);
    if (problem) problems[field] = problem;
  }
  const explained = draft.comments.trim() !== '' || draft.capacityNotes.trim() !== '';
  if (draft.stance !== null && draft.stance !== 'AGREE' && !explained) problems.comments = { code: 'reasonNeeded' };
  return problems;
}

type AnswerInput = VariablesOf<typeof AnswerConsultationMutation>['input'];

/** answerConsultation's input: the whole answer (answering again replaces it), blanks as null. */
export function answerInput(draft: AnswerDraft & { stance: Stance }, feedbackId: string, expectedVersion: number): AnswerInput {
  const texts = Object.fromEntries(answerTexts.map((field) => [field, blankToNull(draft[field])])) as Record<AnswerText, string | null>;
  return { feedbackId, expectedVersion, stance: draft.stance, ...texts };
}

/** The form's starting values: the district's current answer, or an empty one. */
export function answerDraftOf(feedback: { stance: Stance | null } & Record<AnswerText, string | null>): AnswerDraft {
  const texts = Object.fromEntries(answerTexts.map((field) => [field, feedback[field] ?? ''])) as Record<AnswerText, string>;
  return { stance: feedback.stance, ...texts };
}

// ── Reporting a handover's readiness (承接) ──────────────────────────────────────────────────

export interface HandoverDraft {
  status: HandoverStatus;
  staffingReady: boolean;
  systemsReady: boolean;
  trainingDone: boolean;
  /** YYYY-MM-DD, or '' for none. */
  plannedOn: string;
  notes: string;
}
export type HandoverField = keyof HandoverDraft | 'form';

/** The handover as loaded, in the form's terms. */
export function handoverDraftOf(h: {
  status: HandoverStatus;
  staffingReady: boolean;
  systemsReady: boolean;
  trainingDone: boolean;
  plannedOn: string | null;
  notes: string | null;
}): HandoverDraft {
  return {
    status: h.status,
    staffingReady: h.staffingReady,
    systemsReady: h.systemsReady,
    trainingDone: h.trainingDone,
    plannedOn: h.plannedOn ?? '',
    notes: h.notes ?? '',
  };
}

/**
 * 放得下、接得住、管得好: a power is taken over only once staffing, systems and training are all
 * ready; a blocked handover says why in the notes; and a report must change something. A planned
 * date cannot be removed, only moved (the server keeps the date when none is sent).
 */
export function handoverProblems(
  draft: HandoverDraft,
  current: HandoverDraft,
  freeTextLimit: number | undefined,
): Partial<Record<HandoverField, FormProblem>> {
  const problems: Partial<Record<HandoverField, FormProblem>> = {};
  if (draft.status === 'TAKEN_OVER' && !(draft.staffingReady && draft.systemsReady && draft.trainingDone)) {
    problems.status = { code: 'notReady' };
  }
  const notesProblem = tooLong(draft.notes, freeTextLimit);
  if (notesProblem) problems.notes = notesProblem;
  else if (draft.status === 'BLOCKED' && draft.notes.trim() === '') problems.notes = { code: 'blockedNeedsNotes' };
  const next = { ...draft, notes: draft.notes.trim(), plannedOn: draft.plannedOn || current.plannedOn };
  const changed = (Object.keys(next) as (keyof HandoverDraft)[]).some((key) => next[key] !== current[key]);
  if (!changed) problems.form = { code: 'nothingChanged' };
  return problems;
}

type HandoverInput = VariablesOf<typeof UpdateHandoverMutation>['input'];

/** updateHandover's input: every field (the server changes only what differs); empty notes clear them. */
export function handoverInput(draft: HandoverDraft, handoverId: string, expectedVersion: number): HandoverInput {
  return {
    handoverId,
    expectedVersion,
    status: draft.status,
    staffingReady: draft.staffingReady,
    systemsReady: draft.systemsReady,
    trainingDone: draft.trainingDone,
    notes: draft.notes.trim(),
    ...(draft.plannedOn ? { plannedOn: draft.plannedOn } : {}),
  };
}
