import { graphql, type ResultOf } from '../graphql.ts';

/** A campaign's evaluation as the signed-in viewer sees it: the window, their unit's form, the assessments they may read. */
export const CampaignEvaluationQuery = graphql(`
  query CampaignEvaluation($year: Int!) {
    campaign(year: $year) {
      id
      year
      title
      evaluationWindow { open reasonZh reasonEn canSelfEvaluate canAssess }
      selfEvaluationPrefill
      evaluations { id kind status score summary results applicantChanges problems suggestions submittedAt updatedAt version unit { id shortName kind } }
      evaluationParticipants { id shortName kind }
    }
  }
`);

export type CampaignEvaluation = NonNullable<ResultOf<typeof CampaignEvaluationQuery>['campaign']>;
export type EvaluationRow = CampaignEvaluation['evaluations'][number];

/** The campaigns there are, newest first: a unit's and the evaluator's pages pick the one being evaluated. */
export const EvaluationCampaignsQuery = graphql(`
  query EvaluationCampaigns {
    campaigns(first: 20) {
      nodes { id year title status evaluationWindow { open } }
    }
  }
`);

export const SaveSelfEvaluationMutation = graphql(`
  mutation SaveSelfEvaluation($input: SaveSelfEvaluationInput!) {
    saveSelfEvaluation(input: $input) { __typename ... on Error { messageZh messageEn } ... on ValidationError { field } ... on ConflictError { currentVersion } ... on Evaluation { id version status } }
  }
`);

export const SubmitSelfEvaluationMutation = graphql(`
  mutation SubmitSelfEvaluation($input: SubmitSelfEvaluationInput!) {
    submitSelfEvaluation(input: $input) { __typename ... on Error { messageZh messageEn } ... on ValidationError { field } ... on ConflictError { currentVersion } ... on Evaluation { id version status } }
  }
`);

export const RecordAssessmentMutation = graphql(`
  mutation RecordAssessment($input: RecordAssessmentInput!) {
    recordAssessment(input: $input) { __typename ... on Error { messageZh messageEn } ... on ValidationError { field } ... on ConflictError { currentVersion } ... on Evaluation { id version score } }
  }
`);

export const SendRemindersMutation = graphql(`
  mutation SendEvaluationReminders($input: SendRemindersInput!) {
    sendReminders(input: $input) { __typename ... on Error { messageZh messageEn } ... on ValidationError { field } ... on RemindersResult { reminders { id } } }
  }
`);

export const LicensingReportsQuery = graphql(`
  query LicensingReports($filter: LicensingReportFilter, $after: String) {
    licensingReports(first: 100, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id year deadline status link reference publishedOn publishedOnTime version unit { id shortName } }
    }
  }
`);

export type LicensingReportRow = ResultOf<typeof LicensingReportsQuery>['licensingReports']['nodes'][number];

export const LicensingReportTallyQuery = graphql(`
  query LicensingReportTally($year: Int!) {
    licensingReportTally(year: $year) { due published publishedOnTime pending overdue }
  }
`);

export const RequestLicensingReportsMutation = graphql(`
  mutation RequestLicensingReports($input: RequestLicensingReportsInput!) {
    requestLicensingReports(input: $input) { __typename ... on Error { messageZh messageEn } ... on ValidationError { field } ... on RequestLicensingReportsPayload { requested extended } }
  }
`);

export const PublishLicensingReportMutation = graphql(`
  mutation PublishLicensingReport($input: PublishLicensingReportInput!) {
    publishLicensingReport(input: $input) { __typename ... on Error { messageZh messageEn } ... on ValidationError { field } ... on ConflictError { currentVersion } ... on LicensingReport { id year deadline status link reference publishedOn publishedOnTime version unit { id shortName } } }
  }
`);
