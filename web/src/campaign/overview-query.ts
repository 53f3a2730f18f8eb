import { graphql, type ResultOf } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/** The campaign's header facts, schedule, units and where every stage stands; and the departments to choose from. */
export const CampaignOverviewQuery = graphql(`
  query CampaignOverview($id: ID!) {
    domainNow
    node(id: $id) {
      ... on Campaign {
        id
        year
        title
        noticeNumber
        status
        version
        publishedOn
        leadUnit { id name }
        units { id shortName }
        submissionOpensOn
        submissionDeadline
        reviewOpensOn
        reviewDeadline
        legalityOpensOn
        legalityDeadline
        consultationOpensOn
        consultationDeadline
        confirmationOpensOn
        confirmationDeadline
        approvalOpensOn
        approvalDeadline
        stages { stage opensOn deadline state daysLeft pending }
      }
    }
  }
`);

export type OverviewCampaign = Extract<NonNullable<ResultOf<typeof CampaignOverviewQuery>['node']>, { stages: unknown }>;

/** The departments a campaign may ask to take part. */
export const DepartmentsQuery = graphql(`
  query CampaignDepartments {
    departments: units(kind: DEPARTMENT) { id shortName }
  }
`);

export type Department = ResultOf<typeof DepartmentsQuery>['departments'][number];

export const CreateCampaignMutation = graphql(
  `
    mutation CreateCampaign($input: CreateCampaignInput!) {
      createCampaign(input: $input) {
        __typename
        ... on Campaign { id year }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const UpdateCampaignMutation = graphql(
  `
    mutation UpdateCampaign($input: UpdateCampaignInput!) {
      updateCampaign(input: $input) {
        __typename
        ... on Campaign { id status version }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);
