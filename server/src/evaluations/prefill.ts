import { actionNamesZh } from '../proposals/action-names.ts';
import { handovers, proposals, type Database } from '@devolve/db';
import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { Viewer } from '../accounts/permissions.ts';
import { isSelfEvaluatingUnit } from './rules.ts';

/** How the form names each action's approved outcome, in the order it lists them. */
const approvedActions = (['cancel', 'delegate', 'entrust', 'merge', 'adjust', 'add', 'retain'] as const).map((action) => [action, actionNamesZh[action]] as const);

const handoverStates = [
  ['taken_over', '已承接'],
  ['ready', '具备承接条件'],
  ['preparing', '准备中'],
  ['blocked', '受阻'],
] as const;

/**
 * The first part of a unit's self-evaluation form (精简下放情况), written from the campaign's data
 * so the unit starts from the figures rather than typing them: a department's proposals and their
 * approved outcomes, a district's handovers by state. Null for a viewer whose unit has no form.
 */
export async function selfEvaluationPrefill(db: Database, viewer: Viewer | null, campaignId: number): Promise<string | null> {
  if (!viewer || !isSelfEvaluatingUnit(viewer)) return null;
  if (viewer.unitKind === 'district') {
    const [row] = await db
      .select({
        total: count(),
        ...Object.fromEntries(
          handoverStates.map(([status]) => [status, sql<number>`count(*) filter (where ${handovers.status} = ${status})`.mapWith(Number)]),
        ),
      })
      .from(handovers)
      .innerJoin(proposals, eq(proposals.id, handovers.proposalId))
      .where(and(eq(handovers.districtId, viewer.unitId), eq(proposals.campaignId, campaignId)));
    const counts = row as Record<string, number>;
    const parts = handoverStates.filter(([status]) => counts[status]! > 0).map(([status, label]) => `${label}${counts[status]}项`);
    return `本区承接市级下放、委托事项${counts.total}项${parts.length > 0 ? `：${parts.join('，')}` : ''}。`;
  }
  const [row] = await db
    .select({
      total: count(),
      ...Object.fromEntries(
        approvedActions.map(([action]) => [
          action,
          sql<number>`count(*) filter (where ${proposals.action} = ${action} and ${proposals.status} = 'approved')`.mapWith(Number),
        ]),
      ),
    })
    .from(proposals)
    .where(and(eq(proposals.campaignId, campaignId), eq(proposals.submittingUnitId, viewer.unitId), ne(proposals.stage, 'draft')));
  const counts = row as Record<string, number>;
  const parts = approvedActions.filter(([action]) => counts[action]! > 0).map(([action, label]) => `${label}${counts[action]}项`);
  return `本单位报送精简意见${counts.total}项${parts.length > 0 ? `，经审定${parts.join('、')}` : '，尚无经审定的事项'}。`;
}
