import { graphql, type ResultOf } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/** A page of the consultation board: each proposal with its current round, who answered how, who has not. */
export const ConsultationBoardQuery = graphql(`
  query ConsultationBoard($campaignId: ID!, $filter: ConsultationBoardFilter, $after: String) {
    consultationBoard(campaignId: $campaignId, filter: $filter, first: 20, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        version
        action
        stage
        proposedItemName
        availableTransitions
        nextSteps {
          kind
          available
        }
        powerItem {
          id
          basicCode
          name
        }
        submittingUnit {
          id
          shortName
        }
        targetDistricts {
          id
          shortName
        }
        consultations(first: 1) {
          nodes {
            id
            status
            deadline
            deadlinePassed
            closedAt
            consultedCount
            answeredCount
            feedback {
              id
              stance
              unit {
                id
                kind
                shortName
              }
            }
            missingDistricts {
              id
              shortName
            }
          }
        }
      }
    }
  }
`);

export type BoardRow = ResultOf<typeof ConsultationBoardQuery>['consultationBoard']['nodes'][number];

/** The units the filters and the open form choose from. */
export const ConsultationUnitsQuery = graphql(`
  query ConsultationUnits {
    districts: units(kind: DISTRICT) {
      id
      shortName
    }
    departments: units(kind: DEPARTMENT) {
      id
      shortName
    }
  }
`);

export const OpenConsultationsMutation = graphql(
  `
    mutation ConsoleOpenConsultations($input: OpenConsultationsInput!) {
      openConsultations(input: $input) {
        __typename
        ... on MutationOpenConsultationsSuccess {
          data {
            id
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const CloseConsultationsMutation = graphql(
  `
    mutation ConsoleCloseConsultations($input: BulkTransitionProposalsInput!) {
      bulkTransitionProposals(input: $input) {
        __typename
        ... on BulkTransitionResult {
          succeeded
          failed
          results {
            proposalId
            ok
            error {
              ...MutationError
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const RemindConsultationsMutation = graphql(
  `
    mutation ConsoleRemindConsultations($input: SendRemindersInput!) {
      sendReminders(input: $input) {
        __typename
        ... on RemindersResult {
          reminders {
            id
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);
