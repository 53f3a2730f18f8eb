import { graphql } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/**
 * Everything the workspace shows about the proposal itself and its power item. The page's query and
 * the live event select the same fields, so each event brings the whole entity up to date in the
 * cache. Unmasked: components read the fields directly.
 */
export const WorkspaceProposalFields = graphql(`
  fragment WorkspaceProposal on Proposal @_unmask {
    id
    version
    action
    stage
    status
    powerType
    rationale
    changeLegalBasis
    proposedItemName
    createdAt
    submittedAt
    updatedAt
    decidedAt
    classificationCode
    classificationConsensus
    classificationDisagreement
    classificationCheck {
      unanimous
      codesAgainstVotes
      codesAgainstAction
    }
    classificationOpen
    voteCount
    availableTransitions
    approvableDistrictIds
    nextSteps {
      kind
      transition
      available
      actorZh
      actorEn
      reasonZh
      reasonEn
    }
    viewerCan {
      startThread
      readThreads
      readVotes
      vote
      finalizeClassification
      recordOpinion
    }
    submittingUnit {
      id
      name
      shortName
    }
    targetDistricts {
      id
      shortName
    }
    mergeIntoItem {
      id
      basicCode
      name
    }
    leadReviewer {
      id
      displayName
      unit {
        id
        shortName
      }
    }
    assignees {
      id
      displayName
      unit {
        id
        shortName
      }
    }
    campaign {
      id
      year
      title
      classificationOptions {
        code
        labelZh
        labelEn
      }
    }
    powerItem {
      id
      version
      basicCode
      name
      subItemName
      typeCode
      typeNameZh
      typeNameEn
      source
      level
      status
      legalBasis
      handlingDivision
      coImplementers
      implementingUnit {
        id
        name
        shortName
      }
      history(first: 20) {
        pageInfo {
          hasNextPage
        }
        nodes {
          version
          kind
          summary
          createdAt
          actor {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const WorkspaceQuery = graphql(
  `
    query Workspace($id: ID!) {
      logPosition
      node(id: $id) {
        __typename
        id
        ...WorkspaceProposal
      }
    }
  `,
  [WorkspaceProposalFields],
);

/**
 * The lists that change beside the proposal: votes, decisions, the districts' answers. Refetched
 * from the network on every live event (new rows never reach the cache on their own).
 */
export const DeliberationQuery = graphql(`
  query WorkspaceDeliberation($id: ID!) {
    textLimits {
      reason
    }
    node(id: $id) {
      __typename
      id
      ... on Proposal {
        classificationVotes {
          id
          code
          labelZh
          labelEn
          note
          version
          updatedAt
          reviewer {
            id
            displayName
            unit {
              id
              shortName
            }
          }
        }
        reviewRecords(last: 50) {
          pageInfo {
            hasPreviousPage
          }
          nodes {
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
        }
        consultations(first: 10) {
          pageInfo {
            hasNextPage
          }
          nodes {
            id
            status
            createdAt
            deadline
            deadlinePassed
            closedAt
            consultedCount
            answeredCount
            everyoneAnswered
            openedBy {
              id
              displayName
            }
            missingDistricts {
              id
              shortName
            }
            feedback {
              id
              stance
              capacityNotes
              staffingNeeds
              systemsNeeds
              trainingNeeds
              fundingNeeds
              comments
              respondedAt
              district {
                id
                shortName
              }
              respondedBy {
                id
                displayName
              }
            }
          }
        }
      }
    }
  }
`);

/** One page of the proposal's timeline, newest first. */
export const ActivityQuery = graphql(`
  query WorkspaceActivity($id: ID!, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Proposal {
        activity(first: 10, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            sequence
            action
            entityType
            createdAt
            before
            after
            actor {
              id
              displayName
              unit {
                id
                shortName
              }
            }
          }
        }
      }
    }
  }
`);

/**
 * The threads' anchors and states, for the count of open threads beside each field. The same
 * field as the threads panel's query: when that panel refetches on its live events, graphcache
 * brings these counts along.
 */
export const ThreadAnchorsQuery = graphql(`
  query WorkspaceThreadAnchors($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Proposal {
        commentThreads(last: 20) {
          nodes {
            id
            anchor
            resolved
          }
        }
      }
    }
  }
`);

/** The proposal's changes (fields, stage, votes, decisions, consultations), with the proposal as it is now. */
export const ProposalChangedSubscription = graphql(
  `
    subscription WorkspaceProposalChanged($id: ID!, $since: Int) {
      proposalChanged(proposalId: $id, since: $since) {
        sequence
        action
        proposal {
          ...WorkspaceProposal
        }
      }
    }
  `,
  [WorkspaceProposalFields],
);

export const TransitionMutation = graphql(
  `
    mutation WorkspaceTransition($input: TransitionProposalInput!) {
      transitionProposal(input: $input) {
        __typename
        ...WorkspaceProposal
        ...MutationError
      }
    }
  `,
  [WorkspaceProposalFields, MutationErrorFields],
);

export const OpenConsultationMutation = graphql(
  `
    mutation WorkspaceOpenConsultation($input: OpenConsultationInput!) {
      openConsultation(input: $input) {
        __typename
        ... on Consultation {
          id
          proposal {
            ...WorkspaceProposal
          }
        }
        ...MutationError
      }
    }
  `,
  [WorkspaceProposalFields, MutationErrorFields],
);

export const SetFinalClassificationMutation = graphql(
  `
    mutation WorkspaceSetFinalClassification($input: SetFinalClassificationInput!) {
      setFinalClassification(input: $input) {
        __typename
        ...WorkspaceProposal
        ...MutationError
      }
    }
  `,
  [WorkspaceProposalFields, MutationErrorFields],
);

export const RecordLegalityOpinionMutation = graphql(
  `
    mutation WorkspaceRecordLegalityOpinion($input: RecordLegalityOpinionInput!) {
      recordLegalityOpinion(input: $input) {
        __typename
        ...WorkspaceProposal
        ...MutationError
      }
    }
  `,
  [WorkspaceProposalFields, MutationErrorFields],
);

export const VoteClassificationMutation = graphql(
  `
    mutation WorkspaceVoteClassification($input: VoteClassificationInput!) {
      voteClassification(input: $input) {
        __typename
        ... on ClassificationVote {
          id
          # Aliased: the vote's code (a classification) and an error's code (ErrorCode) cannot share a name.
          classification: code
          labelZh
          labelEn
          note
          version
          updatedAt
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

const PublicCommentFields = graphql(`
  fragment WorkspacePublicComment on PublicComment @_unmask {
    id
    status
    authorName
    body
    contact
    reply
    receivedAt
    moderatedAt
    moderatedBy {
      id
      displayName
    }
  }
`);

/** 公众意见: the team reads every public comment on the proposal, contact included (100 at most: oldest first). */
export const PublicCommentsQuery = graphql(
  `
    query WorkspacePublicComments($id: ID!) {
      node(id: $id) {
        __typename
        ... on Proposal {
          id
          unansweredPublicCommentCount
          viewerCan {
            moderatePublicComments
          }
          publicComments(first: 100) {
            nodes {
              ...WorkspacePublicComment
            }
            pageInfo {
              hasNextPage
            }
          }
        }
      }
    }
  `,
  [PublicCommentFields],
);

export const ModeratePublicCommentsMutation = graphql(
  `
    mutation WorkspaceModeratePublicComments($input: ModeratePublicCommentsInput!) {
      moderatePublicComments(input: $input) {
        __typename
        ... on ModeratePublicCommentsPayload {
          comments {
            ...WorkspacePublicComment
          }
        }
        ...MutationError
      }
    }
  `,
  [PublicCommentFields, MutationErrorFields],
);

/** A readable address (/2019/440101070002): the proposal it names, if the viewer may read it. */
export const ProposalByCodeQuery = graphql(`
  query ProposalByCode($code: String!, $year: Int) {
    proposalByCode(code: $code, year: $year) {
      id
      campaign {
        id
        year
      }
      powerItem {
        id
        basicCode
      }
    }
  }
`);

/**
 * The proposals before and after one in the queue it was opened from: the server's own paging
 * under the queue's filter and order, from the row's cursor (the web never applies a filter itself).
 */
export const QueueNeighboursQuery = graphql(`
  query QueueNeighbours($filter: ProposalFilter!, $orderBy: ProposalOrder!, $at: String!) {
    next: proposals(first: 1, after: $at, filter: $filter, orderBy: $orderBy) {
      edges {
        cursor
        node {
          id
          campaign {
            id
            year
          }
          powerItem {
            id
            basicCode
          }
        }
      }
    }
    previous: proposals(last: 1, before: $at, filter: $filter, orderBy: $orderBy) {
      edges {
        cursor
        node {
          id
          campaign {
            id
            year
          }
          powerItem {
            id
            basicCode
          }
        }
      }
    }
  }
`);
