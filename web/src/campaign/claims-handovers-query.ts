import { graphql, type ResultOf } from '../graphql.ts';
import { MutationErrorFields } from '../mutation-error.ts';

/** The claims (认领) and handover board (承接) tabs' documents. */

/** The departments (for assigning an item or chasing a unit), and the districts (for the board's filter). */
export const UnitsOfKindQuery = graphql(`
  query ConsoleUnitsOfKind($kind: UnitKind!) {
    units(kind: $kind) {
      id
      shortName
    }
  }
`);

/** Pending claims, an item's claims adjacent; `contested: true` keeps the conflicts to settle. */
export const PendingClaimsQuery = graphql(`
  query ConsolePendingClaims($contested: Boolean, $after: String, $first: Int!) {
    powerItemClaims(first: $first, after: $after, filter: { status: PENDING, contested: $contested }) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        version
        reason
        contested
        createdAt
        unit {
          id
          shortName
        }
        powerItem {
          id
          basicCode
          name
        }
      }
    }
  }
`);
export type PendingClaim = ResultOf<typeof PendingClaimsQuery>['powerItemClaims']['nodes'][number];

/** Items without an implementing unit, with every claim on them (the coordinator reads all). */
export const UnclaimedItemsQuery = graphql(`
  query ConsoleUnclaimedItems($after: String, $first: Int!) {
    powerItems(first: $first, after: $after, filter: { claimed: false }) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        version
        basicCode
        name
        claims {
          id
          status
          decisionNote
          unit {
            id
            shortName
          }
        }
      }
    }
  }
`);
export type UnclaimedItem = ResultOf<typeof UnclaimedItemsQuery>['powerItems']['nodes'][number];

export const SettleClaimMutation = graphql(
  `
    mutation ConsoleSettleClaim($input: SettleClaimInput!) {
      settleClaim(input: $input) {
        __typename
        ... on PowerItemClaim {
          id
          status
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

export const AssignPowerItemMutation = graphql(
  `
    mutation ConsoleAssignPowerItem($input: AssignPowerItemInput!) {
      assignPowerItem(input: $input) {
        __typename
        ... on PowerItem {
          id
          implementingUnit {
            id
            shortName
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);

/** 催办: one reminder per call here (one unit about one row). */
export const SendReminderMutation = graphql(
  `
    mutation ConsoleSendReminder($input: SendRemindersInput!) {
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

/** The board's figures for the whole campaign, whatever the list's filter. */
export const HandoverCountsQuery = graphql(`
  query ConsoleHandoverCounts($campaignId: ID!) {
    handoverCounts(filter: { campaignId: $campaignId }) {
      total
      overdue
      byStatus {
        key
        count
      }
      byDistrict {
        district {
          id
          shortName
        }
        total
        preparing
        ready
        takenOver
        blocked
        overdue
      }
    }
  }
`);
export type HandoverCounts = ResultOf<typeof HandoverCountsQuery>['handoverCounts'];

/** A page of the handovers the board's filter keeps. */
export const HandoverBoardQuery = graphql(`
  query ConsoleHandoverBoard($filter: HandoverFilter!, $after: String, $first: Int!) {
    handovers(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        version
        status
        staffingReady
        systemsReady
        trainingDone
        notes
        plannedOn
        takenOverAt
        overdue
        coordinatorNote
        coordinatorNoteAt
        districtGaps {
          stance
          staffingNeeds
          systemsNeeds
          trainingNeeds
          fundingNeeds
        }
        district {
          id
          shortName
        }
        powerItem {
          id
          name
        }
        proposal {
          id
          submittingUnit {
            id
            shortName
          }
        }
      }
    }
  }
`);
export type BoardHandover = ResultOf<typeof HandoverBoardQuery>['handovers']['nodes'][number];

export const CommentOnHandoverMutation = graphql(
  `
    mutation ConsoleCommentOnHandover($input: CommentOnHandoverInput!) {
      commentOnHandover(input: $input) {
        __typename
        ... on Handover {
          id
          version
          coordinatorNote
          coordinatorNoteAt
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFields],
);
