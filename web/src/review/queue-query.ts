import { graphql, type ResultOf } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/** The campaigns to choose from, newest year first, with each one's classification vocabulary. */
export const CampaignsQuery = graphql(`
  query QueueCampaigns {
    campaigns(first: 20) {
      nodes {
        id
        year
        title
        proposalCount
        classificationOptions {
          code
          labelZh
          labelEn
        }
      }
    }
  }
`);

/** The departments that submit proposals, for the department filter. */
export const DepartmentsQuery = graphql(`
  query QueueDepartments {
    units(kind: DEPARTMENT) {
      id
      name
      shortName
    }
  }
`);

/**
 * The review team, for the assignee filter and bulk assignment. The API has no list of users; the
 * people who may read a proposal's internal threads are exactly the team, so any proposal of the
 * campaign serves to ask (open to the team's writers: coordinator, reviewers, legal reviewer).
 */
export const TeamQuery = graphql(`
  query QueueTeam($proposalId: ID!) {
    mentionableUsers(proposalId: $proposalId, visibility: INTERNAL) {
      id
      displayName
      roles
      unit {
        id
        shortName
      }
    }
  }
`);

/** Any one proposal of a campaign (for TeamQuery). */
export const AnyProposalQuery = graphql(`
  query QueueAnyProposal($campaignId: ID!) {
    proposals(first: 1, filter: { campaignId: $campaignId }) {
      nodes {
        id
      }
    }
  }
`);

/**
 * A page of the queue with its rows: 100, the API's largest page. The row fields are written out
 * here and in QueueChangedSubscription rather than shared as a fragment: the API's cost estimate
 * counts a fragment's fields twice, and a page of 100 rows through a fragment would exceed its
 * limit (23,900 of 20,000; written out, 11,500). The loader types each event's proposal as a
 * `QueueRow`, so a field missing from the subscription fails type-checking.
 */
export const QueuePageQuery = graphql(`
  query QueuePage($filter: ProposalFilter!, $orderBy: ProposalOrder!, $after: String) {
    logPosition
    proposals(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        cursor
      }
      nodes {
        id
        version
        action
        stage
        status
        powerType
        proposedItemName
        openThreadCount
        updatedAt
        submittedAt
        powerItem {
          id
          basicCode
          name
          subItemName
        }
        submittingUnit {
          id
          shortName
          name
        }
        targetDistricts {
          id
          shortName
        }
        assignees {
          id
          displayName
        }
      }
    }
  }
`);

/** One row of the queue, as a page and every live event give it. */
export type QueueRow = ResultOf<typeof QueuePageQuery>['proposals']['nodes'][number];

/** A page of the queue's cursors only: read to skip ahead when the reader jumps deep into the list. */
export const QueueCursorsQuery = graphql(`
  query QueueCursors($filter: ProposalFilter!, $orderBy: ProposalOrder!, $after: String) {
    proposals(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        cursor
        node {
          id
        }
      }
    }
  }
`);

/** The count alone, refetched after live events. */
export const QueueCountQuery = graphql(`
  query QueueCount($filter: ProposalFilter!) {
    proposals(first: 0, filter: $filter) {
      totalCount
    }
  }
`);

/** Every change to the campaign's proposals, and whether each matches the queue's filter now. */
export const QueueChangedSubscription = graphql(`
  subscription QueueChanged($campaignId: ID!, $filter: ProposalFilter, $since: Int) {
    queueChanged(campaignId: $campaignId, filter: $filter, since: $since) {
      inQueue
      event {
        sequence
        proposal {
          id
          version
          action
          stage
          status
          powerType
          proposedItemName
          openThreadCount
          updatedAt
          submittedAt
          powerItem {
            id
            basicCode
            name
            subItemName
          }
          submittingUnit {
            id
            shortName
            name
          }
          targetDistricts {
            id
            shortName
          }
          assignees {
            id
            displayName
          }
        }
      }
    }
  }
`);

/** Bulk assignment (coordinator): one outcome per proposal. */
export const AssignReviewersMutation = graphql(
  `
    mutation QueueAssignReviewers($input: AssignReviewersInput!) {
      assignReviewers(input: $input) {
        __typename
        ... on BulkAssignResult {
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

/** The same transition for many proposals: one outcome per proposal. */
export const BulkTransitionMutation = graphql(
  `
    mutation QueueBulkTransition($input: BulkTransitionProposalsInput!) {
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

/** One proposal's final classification (the API has no bulk form: the queue calls it per item). */
export const SetClassificationMutation = graphql(
  `
    mutation QueueSetClassification($input: SetFinalClassificationInput!) {
      setFinalClassification(input: $input) {
        __typename
        ... on Proposal {
          id
          classificationCode
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

/** What the queue may offer the signed-in person in bulk (the server's rules, not a copy). */
export const BulkActionsQuery = graphql(`
  query QueueBulkActions {
    me {
      bulkActions {
        assign
        classify
        transitions
      }
    }
  }
`);
