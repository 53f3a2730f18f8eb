import { publicRequest } from './request.ts';

export type CampaignStatus = 'PLANNING' | 'SUBMISSION' | 'REVIEW' | 'CONSULTATION' | 'APPROVAL' | 'PUBLISHED' | 'HANDOVER' | 'EVALUATION' | 'CLOSED';

export interface CampaignRow {
  year: number;
  title: string;
  status: CampaignStatus;
}

/** The statuses from which a campaign's results are public (as the server's results read rule). */
const publishedStatuses: readonly CampaignStatus[] = ['PUBLISHED', 'HANDOVER', 'EVALUATION', 'CLOSED'];

export const isPublished = (campaign: CampaignRow) => publishedStatuses.includes(campaign.status);

/** The campaigns, newest first (a city has one a year). */
export async function loadCampaigns(): Promise<CampaignRow[]> {
  const data = await publicRequest<{ campaigns: { nodes: CampaignRow[] } }>('query PublicCampaigns { campaigns(first: 20) { nodes { year title status } } }');
  return data.campaigns.nodes;
}
