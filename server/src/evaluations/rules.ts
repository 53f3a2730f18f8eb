import type { campaignStatus, evaluationKind } from '@devolve/db';
import { canWriteAs, hasRole, type Viewer } from '../accounts/permissions.ts';

/** The evaluation (成效评估) rules as plain data and functions: no GraphQL, no SQL. */
export type EvaluationKind = (typeof evaluationKind.enumValues)[number];
type CampaignStatus = (typeof campaignStatus.enumValues)[number];

export interface Text {
  zh: string;
  en: string;
}

/**
 * When a campaign's results can be evaluated: from handover on, while it is not closed. Before the
 * list is approved and handed over there is nothing cut or handed down to evaluate (what changed
 * for applicants shows only once the districts exercise the powers); a closed year is archived.
 */
export const evaluableStatuses: readonly CampaignStatus[] = ['handover', 'evaluation'];

/** Why a campaign of `status` cannot be evaluated now, or null when it can. */
export function evaluationClosedReason(status: CampaignStatus): Text | null {
  if (evaluableStatuses.includes(status)) return null;
  if (status === 'closed') {
    return { zh: '本年度精简工作已结束，成效评估已归档，不再修改', en: "The campaign is closed: its evaluation is archived and can no longer change" };
  }
  return {
    zh: '成效评估自承接阶段开始：精简清单经审定公布、各区开始承接下放事项后，方可评估精简成效',
    en: 'Evaluation opens at the handover stage: results can be evaluated only once the list is approved, published and the districts take the powers over',
  };
}

/** A self-evaluation is written for a department by its submitter, for a district by its liaison. */
export function canSelfEvaluate(viewer: Viewer | null): viewer is Viewer {
  if (viewer === null) return false;
  return (
    (viewer.unitKind === 'department' && canWriteAs(viewer, 'submitter')) ||
    (viewer.unitKind === 'district' && canWriteAs(viewer, 'district_liaison'))
  );
}

/** Assessments are the third-party evaluator's. */
export const canAssess = (viewer: Viewer | null): boolean => canWriteAs(viewer, 'observer');

/** Whether the viewer's unit is one that self-evaluates (it then has a form to fill). */
export const isSelfEvaluatingUnit = (viewer: Viewer | null): boolean =>
  hasRole(viewer, 'submitter', 'district_liaison') && (viewer!.unitKind === 'department' || viewer!.unitKind === 'district');

/** The form's parts; all must be filled in before a self-evaluation is submitted. */
export const selfEvaluationFields = ['results', 'applicantChanges', 'problems', 'suggestions'] as const;
export type SelfEvaluationField = (typeof selfEvaluationFields)[number];
export type SelfEvaluationForm = Record<SelfEvaluationField, string | null>;

export const selfEvaluationFieldNames: Record<SelfEvaluationField, Text> = {
  results: { zh: '精简下放情况', en: 'What was cut or handed down' },
  applicantChanges: { zh: '企业群众办事变化', en: 'What changed for applicants' },
  problems: { zh: '存在问题', en: 'Problems' },
  suggestions: { zh: '意见建议', en: 'Suggestions' },
};

/** The parts of the form still blank. */
export const blankFields = (form: SelfEvaluationForm): SelfEvaluationField[] => selfEvaluationFields.filter((field) => !form[field]);

/** Scores run 1 (poor) to 5 (excellent). */
export const scoreRange = { min: 1, max: 5 } as const;
export const isScore = (score: number): boolean => Number.isInteger(score) && score >= scoreRange.min && score <= scoreRange.max;
