import { campaigns, proposalDistricts, proposals } from '@devolve/db';
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  districtStages,
  hasRole,
  isTeam,
  publishedCampaignStatuses,
  type Viewer,
} from '../accounts/permissions.ts';

/**
 * canReadProposal (accounts/permissions.ts) as SQL over `table`, so lists and their counts only
 * ever contain what the viewer may read. Undefined means "everything" (the review team).
 */
export function visibleProposals(table: typeof proposals, viewer: Viewer | null): SQL | undefined {
  if (isTeam(viewer)) return undefined;
  const published = and(
    eq(table.status, 'approved'),
    exists(
      sql`(select 1 from ${campaigns} where ${campaigns.id} = ${table.campaignId} and ${inArray(campaigns.status, [...publishedCampaignStatuses])})`,
    ),
  );
  return or(
    hasRole(viewer, 'submitter') ? eq(table.submittingUnitId, viewer!.unitId) : undefined,
    hasRole(viewer, 'district_liaison')
      ? and(
          inArray(table.stage, [...districtStages]),
          exists(
            sql`(select 1 from ${proposalDistricts} where ${proposalDistricts.proposalId} = ${table.id} and ${proposalDistricts.districtId} = ${viewer!.unitId})`,
          ),
        )
      : undefined,
    published,
  );
}
