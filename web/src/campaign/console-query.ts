import { graphql, type ResultOf } from '../graphql.ts';

/** The campaigns the console can run, newest first; the chosen one's fields every tab starts from. */
export const ConsoleCampaignsQuery = graphql(`
  query ConsoleCampaigns {
    campaigns(first: 20) {
      nodes {
        id
        year
        title
        status
        version
      }
    }
  }
`);

export type ConsoleCampaign = ResultOf<typeof ConsoleCampaignsQuery>['campaigns']['nodes'][number];
