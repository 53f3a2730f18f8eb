import { graphql } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/** The campaigns, newest first, to find the one departments are working in now. */
export const DepartmentCampaignsQuery = graphql(`
  query DepartmentCampaigns {
    logPosition
    campaigns(first: 10) {
      nodes {
        id
        year
        title
        status
        proposalCount
        viewerCan {
          propose
        }
        submissionDeadline
        classificationOptions {
          code
          labelZh
          labelEn
        }
      }
    }
  }
`);

/** How many of the unit's proposals each group holds (one filter per group; see groups.ts). */
export const GroupCountsQuery = graphql(`
  query DepartmentGroupCounts(
    $drafts: ProposalFilter!
    $returned: ProposalFilter!
    $confirm: ProposalFilter!
    $inReview: ProposalFilter!
    $decided: ProposalFilter!
    $withdrawn: ProposalFilter!
  ) {
    drafts: proposals(first: 0, filter: $drafts) {
      totalCount
    }
    returned: proposals(first: 0, filter: $returned) {
      totalCount
    }
    confirm: proposals(first: 0, filter: $confirm) {
      totalCount
    }
    inReview: proposals(first: 0, filter: $inReview) {
      totalCount
    }
    decided: proposals(first: 0, filter: $decided) {
      totalCount
    }
    withdrawn: proposals(first: 0, filter: $withdrawn) {
      totalCount
    }
  }
`);

/** What a review record shows: who decided what, when and why. */
const ReviewRecordFields = graphql(`
  fragment DepartmentReviewRecord on ReviewRecord @_unmask {
    stage
    verdict
    reason
    createdAt
    reviewer {
      id
      displayName
      unit {
        id
        shortName
      }
    }
  }
`);

/** One page of a group of the unit's proposals, most recently changed first. */
export const GroupProposalsQuery = graphql(
  `
    query DepartmentGroupProposals($filter: ProposalFilter!, $after: String) {
      proposals(first: 20, after: $after, filter: $filter, orderBy: RECENTLY_UPDATED) {
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
          status
          proposedItemName
          classificationCode
          updatedAt
          openThreadCount
          availableTransitions
          viewerCan {
            edit
            deleteDraft
          }
          powerItem {
            id
            basicCode
            name
          }
          targetDistricts {
            id
            shortName
          }
          reviewRecords(last: 10) {
            nodes {
              ...DepartmentReviewRecord
            }
          }
          consultations(first: 1) {
            nodes {
              id
              consultedCount
              answeredCount
            }
          }
        }
      }
    }
  `,
  [ReviewRecordFields],
);

/** A proposal as the editor needs it, with what the reviewers said when they returned it. */
export const EditProposalQuery = graphql(
  `
    query DepartmentEditProposal($id: ID!) {
      node(id: $id) {
        __typename
        ... on Proposal {
          id
          version
          action
          powerType
          stage
          status
          rationale
          changeLegalBasis
          proposedItemName
          availableTransitions
          viewerCan {
            edit
            deleteDraft
          }
          powerItem {
            id
            basicCode
            name
            typeNameZh
            typeNameEn
          }
          mergeIntoItem {
            id
            basicCode
            name
          }
          targetDistricts {
            id
          }
          reviewRecords(last: 10) {
            nodes {
              ...DepartmentReviewRecord
            }
          }
        }
      }
    }
  `,
  [ReviewRecordFields],
);

/** The item a new proposal is about. */
export const PowerItemQuery = graphql(`
  query DepartmentPowerItem($id: ID!) {
    node(id: $id) {
      __typename
      ... on PowerItem {
        id
        basicCode
        name
        typeNameZh
        typeNameEn
      }
    }
  }
`);

/** The 11 districts a power can be handed down to. */
export const DistrictsQuery = graphql(`
  query DepartmentDistricts {
    units(kind: DISTRICT) {
      id
      shortName
      name
    }
  }
`);

/** A page of power items: the unit's own (`unitId`) or the unclaimed ones (`claimed: false`). */
export const PowerItemsQuery = graphql(`
  query DepartmentPowerItems($filter: PowerItemFilter!, $after: String, $first: Int!) {
    powerItems(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        basicCode
        name
        subItemName
        typeNameZh
        typeNameEn
        status
        claims {
          id
          status
          contested
        }
      }
    }
  }
`);

/** The unit's claims (a department sees only its own). */
export const ClaimsQuery = graphql(`
  query DepartmentClaims($status: ClaimStatus) {
    powerItemClaims(first: 50, filter: { status: $status }) {
      totalCount
      nodes {
        id
        status
        contested
        reason
        decisionNote
        createdAt
        powerItem {
          id
          basicCode
          name
        }
      }
    }
  }
`);

/** What every proposal mutation returns: the proposal as the lists and the editor show it. */
const ProposalResultFields = graphql(
  `
    fragment DepartmentProposalResult on Proposal @_unmask {
      id
      version
      action
      powerType
      stage
      status
      rationale
      changeLegalBasis
      proposedItemName
      availableTransitions
      viewerCan {
        edit
        deleteDraft
      }
      updatedAt
      powerItem {
        id
        name
      }
      mergeIntoItem {
        id
        basicCode
        name
      }
      targetDistricts {
        id
        shortName
      }
    }
  `,
);

export const CreateProposalMutation = graphql(
  `
    mutation DepartmentCreateProposal($input: CreateProposalInput!) {
      createProposal(input: $input) {
        __typename
        ...DepartmentProposalResult
        ...MutationError
      }
    }
  `,
  [ProposalResultFields, MutationErrorFields],
);

export const UpdateProposalMutation = graphql(
  `
    mutation DepartmentUpdateProposal($input: UpdateProposalInput!) {
      updateProposal(input: $input) {
        __typename
        ...DepartmentProposalResult
        ...MutationError
      }
    }
  `,
  [ProposalResultFields, MutationErrorFields],
);

export const TransitionProposalMutation = graphql(
  `
    mutation DepartmentTransitionProposal($input: TransitionProposalInput!) {
      transitionProposal(input: $input) {
        __typename
        ...DepartmentProposalResult
        ...MutationError
      }
    }
  `,
  [ProposalResultFields, MutationErrorFields],
);

export const DeleteDraftProposalMutation = graphql(
  `
    mutation DepartmentDeleteDraftProposal($input: DeleteDraftProposalInput!) {
      deleteDraftProposal(input: $input) {
        __typename
        ... on ProposalDeleted {
          deletedId
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const ClaimPowerItemMutation = graphql(
  `
    mutation DepartmentClaimPowerItem($input: ClaimPowerItemInput!) {
      claimPowerItem(input: $input) {
        __typename
        ... on PowerItemClaim {
          id
          status
          contested
          reason
          createdAt
          powerItem {
            id
            claims {
              id
              status
              contested
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

/**
 * The unit's own proposals changing (a department sees only the shared events of its own
 * proposals): reviewers returning, passing or deciding them. Ids only; the lists refetch.
 */
export const DepartmentActivitySubscription = graphql(`
  subscription DepartmentActivity($campaignId: ID!, $since: Int) {
    activityStream(campaignId: $campaignId, since: $since) {
      sequence
      action
      entityType
    }
  }
`);
