import { graphql } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/** The district's answer and what it answers. */
const FeedbackFields = graphql(`
  fragment DistrictFeedbackFields on DistrictFeedback @_unmask {
    id
    version
    stance
    comments
    capacityNotes
    staffingNeeds
    systemsNeeds
    trainingNeeds
    fundingNeeds
    respondedAt
    respondedBy {
      id
      displayName
    }
  }
`);

/**
 * A page of the consultations asking the signed-in unit (open or closed, waiting for its answer or
 * answered), newest first: a district's, or a consulted department's (the department portal shows
 * the same list).
 */
export const DistrictConsultationsQuery = graphql(
  `
    query DistrictConsultations($filter: DistrictConsultationFilter!, $after: String) {
      unitConsultations(first: 20, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...DistrictFeedbackFields
          consultation {
            id
            deadline
            deadlinePassed
            status
            proposal {
              id
              action
              rationale
              powerItem {
                id
                basicCode
                name
              }
              proposedItemName
              submittingUnit {
                id
                shortName
              }
              targetDistricts {
                id
                shortName
              }
            }
          }
        }
      }
    }
  `,
  [FeedbackFields],
);

export const AnswerConsultationMutation = graphql(
  `
    mutation DistrictAnswerConsultation($input: AnswerConsultationInput!) {
      answerConsultation(input: $input) {
        __typename
        ...DistrictFeedbackFields
        ...MutationError
      }
    }
  `,
  [FeedbackFields, MutationErrorFields],
);

/**
 * The delegations and entrustments proposed to the district (`districtId`: the liaison's own).
 * Filtered by the district rather than left to visibility: once results are published, a liaison
 * may read other districts' delegations too. The district sees them from the consultation onwards.
 */
export const DistrictProposalsQuery = graphql(`
  query DistrictProposals($districtId: ID!, $after: String) {
    proposals(
      first: 20
      after: $after
      filter: { actions: [DELEGATE, ENTRUST], targetDistrictId: $districtId }
      orderBy: RECENTLY_UPDATED
    ) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        action
        stage
        status
        updatedAt
        proposedItemName
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
      }
    }
  }
`);

const HandoverFields = graphql(`
  fragment DistrictHandoverFields on Handover @_unmask {
    id
    version
    status
    staffingReady
    systemsReady
    trainingDone
    plannedOn
    notes
    takenOverAt
    updatedAt
  }
`);

/** A page of the district's handovers (承接), newest first, optionally of one status. */
export const HandoversQuery = graphql(
  `
    query DistrictHandovers($status: HandoverStatus, $after: String) {
      handovers(first: 20, after: $after, filter: { status: $status }) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...DistrictHandoverFields
          coordinatorNote
          coordinatorNoteAt
          powerItem {
            id
            basicCode
            name
          }
          proposal {
            id
            action
            submittingUnit {
              id
              shortName
            }
          }
        }
      }
    }
  `,
  [HandoverFields],
);

/** The lead office's reminders (催办) to the district about its handovers that it has not marked seen, newest first. */
export const HandoverRemindersQuery = graphql(`
  query DistrictHandoverReminders {
    reminders(first: 100, filter: { subject: HANDOVER, acknowledged: false }) {
      nodes {
        id
        subjectId
        channel
        message
        dueOn
        sentAt
      }
    }
  }
`);

export const UpdateHandoverMutation = graphql(
  `
    mutation DistrictUpdateHandover($input: UpdateHandoverInput!) {
      updateHandover(input: $input) {
        __typename
        ...DistrictHandoverFields
        ...MutationError
      }
    }
  `,
  [HandoverFields, MutationErrorFields],
);

/** The district's consultations and handovers changing. Ids only; the lists refetch. */
export const DistrictChangedSubscription = graphql(`
  subscription DistrictChanged($since: Int) {
    districtChanged(since: $since) {
      sequence
      action
      entityType
    }
  }
`);
