import { type DevolveError, InvalidTransitionError, ValidationError } from '../errors.ts';

/**
 * The uniqueness rules a request can run into, by the name of the unique index that enforces each
 * one in the database (db/src/schema). Concurrent requests cannot both pass a check made in code,
 * so the index decides and its violation reaches the client as the rule's typed error.
 */
const uniqueRules: Record<string, () => DevolveError> = {
  campaigns_year_key: () => new ValidationError('input.year', '该年度已有工作年度', 'There is already a campaign for this year'),
  key_tasks_year_number_key: () => new ValidationError('input.number', '该年度已有此编号的重点工作', 'There is already a key task with this number this year'),
  key_task_progress_task_quarter_key: () =>
    new ValidationError('input.quarter', '本季度已有进展，请刷新后修改', 'This quarter already has a progress entry: reload and edit it'),
  proposals_open_per_item_key: () =>
    new ValidationError('input.powerItemId', '该事项本年度已有精简意见', 'This item already has a proposal in this campaign'),
  api_tokens_active_name_key: () =>
    new ValidationError('input.name', '您已有同名的有效令牌', 'You already have an active token with this name'),
  consultations_open_per_proposal_key: () =>
    new InvalidTransitionError('该意见已有进行中的征求意见', 'A consultation is already open for this proposal'),
  power_item_claims_item_unit_key: () =>
    new ValidationError('input.powerItemId', '本单位已认领该事项，请等待统筹协调', 'Your unit has already claimed this item'),
  power_item_claims_granted_per_item_key: () =>
    new InvalidTransitionError('该事项已有实施主体', 'The item already has an implementing unit'),
  evaluations_self_per_unit_key: () =>
    new ValidationError('input.expectedVersion', '本单位已有本年度自评，请刷新后修改', 'Your unit already has a self-evaluation of this campaign: reload it and edit that'),
  evaluations_assessment_per_unit_key: () =>
    new ValidationError('input.expectedVersion', '已有对该单位的评估，请刷新后修改', 'This unit is already assessed: reload the assessment and edit it'),
  evaluations_overall_assessment_key: () =>
    new ValidationError('input.expectedVersion', '已有总体评估，请刷新后修改', 'The overall assessment exists: reload it and edit it'),
  proposal_assignees_proposal_user_key: () =>
    new ValidationError('input.reviewerIds', '该人员已被分派到此意见', 'This person is already assigned to the proposal'),
};

/** SQLSTATE unique_violation. */
const uniqueViolation = '23505';

/**
 * The typed error for a database error that broke one of the rules above, or null. drizzle wraps
 * the driver's error as `cause`; postgres.js names the index `constraint_name`, PGlite `constraint`.
 */
export function uniqueRuleError(error: unknown): DevolveError | null {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code, constraint_name: postgresName, constraint: pgliteName } = e as Error & {
      code?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
    };
    if (code !== uniqueViolation) continue;
    const rule = uniqueRules[String(postgresName ?? pgliteName)];
    return rule ? rule() : null;
  }
  return null;
}
