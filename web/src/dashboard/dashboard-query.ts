import { graphql } from '../graphql.ts';

/** The campaigns to choose from, newest year first. */
export const DashboardCampaignsQuery = graphql(`
  query DashboardCampaigns {
    campaigns(first: 20) {
      nodes {
        id
        year
        title
        proposalCount
      }
    }
  }
`);

/**
 * What changes while the campaign runs: the headline figures and the proposal counts per stage,
 * status, action, type and unit, and the power list's unclaimed items. Refetched on live changes.
 */
export const CampaignLiveQuery = graphql(`
  query CampaignLive($campaignId: ID!) {
    unclaimedItems: powerItems(first: 1, filter: { claimed: false }) {
      totalCount
    }
    node(id: $campaignId) {
      id
      ... on Campaign {
        unansweredPublicCommentCount
        figures {
          proposalsSubmitted
          unitsSubmitting
          proposalsDecided
          delegationsApproved
          cancellationsApproved
          handoversTotal
          handoversTakenOver
        }
        progress {
          byStage {
            key
            count
          }
          byStatus {
            key
            count
          }
          byAction {
            key
            count
          }
          byPowerType {
            key
            count
          }
          byUnit {
            key
            count
          }
        }
      }
    }
  }
`);

/** A key task as the seed page lays it out: its text, units, quarterly goals and progress. */
export const KeyTaskQuery = graphql(`
  query DashboardKeyTask($year: Int!, $number: Int!) {
    keyTask(year: $year, number: $number) {
      id
      year
      number
      title
      leadUnit {
        id
        shortName
        nameEn
      }
      quarters {
        quarter
        goals
        progress {
          status
          items
          reportedAt
        }
      }
    }
  }
`);

/** Every unit (about 70), to name the departments of the unit chart and the cooperating units. */
export const DashboardUnitsQuery = graphql(`
  query DashboardUnits {
    units {
      id
      kind
      shortName
      nameEn
    }
  }
`);

/** Every change to the campaign the viewer may see; the page refetches its figures on each. */
export const CampaignActivitySubscription = graphql(`
  subscription DashboardActivity($campaignId: ID!) {
    activityStream(campaignId: $campaignId) {
      sequence
      action
      entityType
      entityId
    }
  }
`);
