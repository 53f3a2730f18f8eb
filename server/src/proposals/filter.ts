import { powerItems, proposalAssignees, proposalDistricts, proposals, type PowerTypeCode } from '@devolve/db';
import { and, eq, exists, ilike, inArray, isNull, like, not, or, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { containsPattern, prefixPattern } from '../filters.ts';
import { hasUnansweredPublicComments } from '../public-comments/visibility.ts';

type Proposal = typeof proposals.$inferSelect;

export interface ProposalFilterValues {
  campaignId?: number | undefined;
  stages?: Proposal['stage'][] | undefined;
  statuses?: Proposal['status'][] | undefined;
  unitId?: number | undefined;
  actions?: Proposal['action'][] | undefined;
  typeCodes?: PowerTypeCode[] | undefined;
  /** A classification code, or null for "not yet classified". */
  classificationCode?: string | null | undefined;
  assigneeId?: number | undefined;
  /** A district the proposal would hand powers to. */
  targetDistrictId?: number | undefined;
  search?: string | undefined;
  /** true: only proposals with public comments awaiting an answer that `reader` may read; false: none. */
  unansweredPublicComments?: { value: boolean; reader: Viewer | null } | undefined;
}

/**
 * The review queue's filter as SQL over `table` (see rawWhere for why it takes the table).
 * Every filter here is served by an index: (campaign_id, <column>, id) on proposals, or the join
 * tables' (user_id / district_id, proposal_id).
 */
export function proposalConditions(table: typeof proposals, filter: ProposalFilterValues): SQL | undefined {
  const search = filter.search?.trim();
  return and(
    filter.campaignId !== undefined ? eq(table.campaignId, filter.campaignId) : undefined,
    filter.stages?.length ? inArray(table.stage, filter.stages) : undefined,
    filter.statuses?.length ? inArray(table.status, filter.statuses) : undefined,
    filter.unitId !== undefined ? eq(table.submittingUnitId, filter.unitId) : undefined,
    filter.actions?.length ? inArray(table.action, filter.actions) : undefined,
    filter.typeCodes?.length ? inArray(table.powerTypeCode, filter.typeCodes) : undefined,
    filter.classificationCode === null ? isNull(table.classificationCode) : undefined,
    typeof filter.classificationCode === 'string' ? eq(table.classificationCode, filter.classificationCode) : undefined,
    filter.assigneeId !== undefined
      ? exists(
          sql`(select 1 from ${proposalAssignees} where ${proposalAssignees.proposalId} = ${table.id} and ${proposalAssignees.userId} = ${filter.assigneeId})`,
        )
      : undefined,
    filter.targetDistrictId !== undefined
      ? exists(
          sql`(select 1 from ${proposalDistricts} where ${proposalDistricts.proposalId} = ${table.id} and ${proposalDistricts.districtId} = ${filter.targetDistrictId})`,
        )
      : undefined,
    filter.unansweredPublicComments === undefined
      ? undefined
      : filter.unansweredPublicComments.value
        ? hasUnansweredPublicComments(table, filter.unansweredPublicComments.reader)
        : not(hasUnansweredPublicComments(table, filter.unansweredPublicComments.reader)),
    search
      ? or(
          ilike(table.rationale, containsPattern(search)),
          ilike(table.proposedItemName, containsPattern(search)),
          exists(
            sql`(select 1 from ${powerItems} where ${powerItems.id} = ${table.powerItemId} and (${or(
              ilike(powerItems.name, containsPattern(search)),
              like(powerItems.basicCode, prefixPattern(search)),
            )}))`,
          ),
        )
      : undefined,
  );
}
