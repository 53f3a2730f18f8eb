import { graphql } from '../graphql.ts';

/** The campaigns to choose from, newest year first. */
export const CampaignsQuery = graphql(`
  query Campaigns {
    campaigns(first: 10) {
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
 * One page of a campaign's review queue, oldest first. The cache merges the
 * pages fetched with `after` into one list (see `relayPagination` in main.tsx).
 */
export const ProposalQueueQuery = graphql(`
  query ProposalQueue($campaignId: ID!, $after: String) {
    proposals(first: 50, after: $after, filter: { campaignId: $campaignId }, orderBy: OLDEST) {
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
        powerType
        proposedItemName
        threadCount
        powerItem {
          id
          basicCode
          name
          typeNameZh
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
