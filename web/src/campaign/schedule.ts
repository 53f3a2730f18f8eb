import type { EnumValue } from '../graphql.ts';

/**
 * The campaign's schedule as the forms hold it: each stage's opening day and deadline
 * (`<stage>OpensOn`, `<stage>Deadline`, the API's field names), blank when unset.
 */
export const stages = ['submission', 'review', 'legality', 'consultation', 'confirmation', 'approval'] as const;
export type Stage = (typeof stages)[number];
export type WindowField = `${Stage}OpensOn` | `${Stage}Deadline`;
export type Windows = Record<WindowField, string>;

export const windowFields: readonly WindowField[] = stages.flatMap((stage) => [`${stage}OpensOn`, `${stage}Deadline`] as const);

/** The API's stage value of a schedule stage. */
export const stageValue = (stage: Stage): EnumValue<'CampaignStage'> => stage.toUpperCase() as EnumValue<'CampaignStage'>;

/** The form's schedule from a campaign's fields (nulls become blanks). */
export function windowsOf(campaign: Partial<Record<WindowField, string | null>>): Windows {
  return Object.fromEntries(windowFields.map((field) => [field, campaign[field] ?? ''])) as Windows;
}

/** The fields of `windows` that differ from `before`, as the API takes them (blank clears one). */
export function changedWindows(windows: Windows, before: Windows): Partial<Record<WindowField, string | null>> {
  return Object.fromEntries(windowFields.filter((field) => windows[field] !== before[field]).map((field) => [field, windows[field] || null]));
}

/** The campaign's path in order (the API's CampaignStatus); it only moves forward. */
export const campaignPath: readonly EnumValue<'CampaignStatus'>[] = [
  'PLANNING',
  'SUBMISSION',
  'REVIEW',
  'CONSULTATION',
  'APPROVAL',
  'PUBLISHED',
  'HANDOVER',
  'EVALUATION',
  'CLOSED',
];

/** The status after `status` on the path, or null at its end. */
export function nextStatus(status: EnumValue<'CampaignStatus'>): EnumValue<'CampaignStatus'> | null {
  return campaignPath[campaignPath.indexOf(status) + 1] ?? null;
}
