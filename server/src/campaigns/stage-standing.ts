import { campaignUnits, proposals, type Database } from '@devolve/db';
import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { builder } from '../builder.ts';
import { dayInChina } from '../dates.ts';
import { enumValuesOf } from '../enums.ts';
import { visibleProposals } from '../proposals/visibility.ts';
import {
  pendingProposalStages,
  scheduledStages,
  stageStates,
  standingsOf,
  type StageStanding,
  type StageWindows,
} from './stages.ts';

/**
 * Every scheduled stage of a campaign against its deadline on the domain clock's day, with its
 * remaining work: two statements (the proposals still at each stage, and the units taking part
 * that have submitted nothing), counted over what the viewer may read.
 */
export async function stageStandings(db: Database, viewer: Viewer | null, campaignId: number, windows: StageWindows, now: Date): Promise<StageStanding[]> {
  const [atStage, [silent]] = await Promise.all([
    db
      .select({ stage: proposals.stage, count: count() })
      .from(proposals)
      .where(and(eq(proposals.campaignId, campaignId), eq(proposals.status, 'active'), visibleProposals(proposals, viewer)))
      .groupBy(proposals.stage),
    db
      .select({ count: count() })
      .from(campaignUnits)
      .where(
        and(
          eq(campaignUnits.campaignId, campaignId),
          sql`not exists (select 1 from ${proposals} where ${and(
            eq(proposals.campaignId, campaignId),
            sql`${proposals.submittingUnitId} = ${campaignUnits.unitId}`,
            ne(proposals.stage, 'draft'),
            visibleProposals(proposals, viewer),
          )})`,
        ),
      ),
  ]);
  const byStage = new Map(atStage.map((row) => [row.stage as string, row.count]));
  return standingsOf(windows, dayInChina(now), (stage) =>
    stage === 'submission' ? (silent?.count ?? 0) : pendingProposalStages[stage].reduce((sum, s) => sum + (byStage.get(s) ?? 0), 0),
  );
}

const ScheduledStageRef = builder.enumType('CampaignStage', {
  description: 'A stage the lead office schedules: 报送 submission, 审核 review, 合法性审查 legality, 征求意见 consultation, 单位确认 confirmation, 审定 approval.',
  values: enumValuesOf(scheduledStages),
});

const StageStateRef = builder.enumType('CampaignStageState', {
  description: '未排期 unscheduled, 未开始 upcoming, 进行中 open, 已结束 closed, 已逾期 overdue (past its deadline with work left).',
  values: enumValuesOf(stageStates),
});

export const StageStandingRef = builder.objectRef<StageStanding>('CampaignStageStanding').implement({
  description: "Where one stage of the campaign stands against its deadline, on the domain clock's day in the city.",
  fields: (t) => ({
    stage: t.expose('stage', { type: ScheduledStageRef }),
    opensOn: t.expose('opensOn', { type: 'Date', nullable: true, description: 'Its own opening day, or the day after the deadline scheduled before it.' }),
    deadline: t.expose('deadline', { type: 'Date', nullable: true }),
    state: t.expose('state', { type: StageStateRef }),
    daysLeft: t.exposeInt('daysLeft', { nullable: true, description: 'Days until the deadline (0 on its day); negative once it has passed.' }),
    pending: t.exposeInt('pending', {
      description: 'The remaining work: active proposals still at this stage the viewer may read; for submission, units taking part that have submitted nothing.',
    }),
  }),
});
