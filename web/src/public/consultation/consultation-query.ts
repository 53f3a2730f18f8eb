import type { EnumValue } from '../../graphql.ts';
import { publicRequest } from '../request.ts';

/**
 * What the consultation page reads, and nothing more (the API gives anonymous readers exactly
 * this): the campaign's window, a page of the proposals put to the public with their accepted
 * comments and replies, and the campaign-level thread. Plain strings, not gql.tada documents:
 * the public pages stay small and do without the graphql parser.
 */
export const pageSize = 20;
/** Accepted comments shown per proposal and on the campaign (the newest beyond this wait for a later page). */
const commentsShown = 50;

export interface PublicCommentView {
  id: string;
  body: string;
  authorName: string | null;
  reply: string | null;
  receivedAt: string;
}

export interface PublicProposalView {
  proposalId: string;
  itemCode: string | null;
  itemName: string;
  subItemName: string | null;
  action: EnumValue<'ProposalAction'>;
  targetDistricts: string[];
  rationale: string;
  basis: string | null;
  comments: { nodes: PublicCommentView[] };
}

interface ProposalsPage {
  nodes: PublicProposalView[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface ConsultationView {
  campaignId: string;
  year: number;
  title: string;
  opensOn: string | null;
  deadline: string | null;
  open: boolean;
  proposals: ProposalsPage;
}

const commentFields = 'id body authorName reply receivedAt';

const consultationQuery = `query PublicConsultation($year: Int, $after: String) {
  publicConsultation(year: $year) {
    campaignId year title opensOn deadline open
    proposals(first: ${pageSize}, after: $after) {
      nodes {
        proposalId itemCode itemName subItemName action targetDistricts rationale basis
        comments(first: ${commentsShown}) { nodes { ${commentFields} } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const campaignCommentsQuery = `query PublicCampaignComments($campaignId: ID!) {
  publicComments(campaignId: $campaignId, first: ${commentsShown}) { nodes { ${commentFields} } }
}`;

/** A year's consultation (or, without a year, the one open now) with its first page of proposals, or the page after `after`. */
export async function fetchConsultation(year: number | null, after: string | null = null): Promise<ConsultationView | null> {
  const data = await publicRequest<{ publicConsultation: ConsultationView | null }>(consultationQuery, { year, after });
  return data.publicConsultation;
}

export async function fetchCampaignComments(campaignId: string): Promise<PublicCommentView[]> {
  const data = await publicRequest<{ publicComments: { nodes: PublicCommentView[] } }>(campaignCommentsQuery, { campaignId });
  return data.publicComments.nodes;
}

/** The window of the latest consultation that has opened by the server's today (open or closed): what the page names when none is open. */
export type LatestConsultationView = Pick<ConsultationView, 'year' | 'opensOn' | 'deadline' | 'open'>;

export async function fetchLatestConsultation(): Promise<LatestConsultationView | null> {
  const data = await publicRequest<{ latestPublicConsultation: LatestConsultationView | null }>(
    'query LatestPublicConsultation { latestPublicConsultation { year opensOn deadline open } }',
  );
  return data.latestPublicConsultation;
}
