import { proposals, type Database } from '@devolve/db';
import { sql } from 'drizzle-orm';

/**
 * Adds 1,300 proposals like `likeProposalId` (its campaign, type and unit) whose item name and
 * rationale say 许可, one in a hundred a draft: enough more matches in the demo's campaign that a
 * search of 许 walks the queue's order through its hashed matches (searchPlan 'hashed') instead of
 * looking them up, with drafts among them that the team's count leaves out.
 */
export async function addLicensingProposals(db: Database, likeProposalId: number): Promise<void> {
  await db.execute(sql`
    insert into ${proposals} (campaign_id, power_type_code, submitting_unit_id, action, proposed_item_name, rationale, stage)
    select campaign_id, power_type_code, submitting_unit_id, 'add', '许可新增事项' || n, '许可新增理由' || n, case when n % 100 = 0 then 'draft' else 'submitted' end::proposal_stage
    from ${proposals}, generate_series(1, 1300) as n where id = ${likeProposalId}`);
}
