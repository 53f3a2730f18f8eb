import type { handoverStatus } from '@devolve/db';
import { hasRole, isLiaisonOf, type Viewer } from '../accounts/permissions.ts';

/** The handover (承接) rules as plain data and functions: no GraphQL, no SQL. */
export type HandoverStatus = (typeof handoverStatus.enumValues)[number];

export interface HandoverState {
  status: HandoverStatus;
  staffingReady: boolean;
  systemsReady: boolean;
  trainingDone: boolean;
  notes: string | null;
}

/**
 * What is wrong with a handover's state, or null. 放得下、接得住、管得好: a district has taken a
 * power over only once staff, systems and training are all in place; a blocked handover says why.
 */
export function handoverProblem(state: HandoverState): 'not_ready' | 'blocked_without_notes' | null {
  if (state.status === 'taken_over' && !(state.staffingReady && state.systemsReady && state.trainingDone)) {
    return 'not_ready';
  }
  if (state.status === 'blocked' && !state.notes) return 'blocked_without_notes';
  return null;
}

/** Who reports on a handover: the coordinator, or the liaison of the district taking the power over. */
export function canUpdateHandover(viewer: Viewer | null, districtId: number): boolean {
  return hasRole(viewer, 'coordinator') || isLiaisonOf(viewer, districtId);
}

/** China's calendar day (UTC+8 all year, no summer time) at `now`, as YYYY-MM-DD: the day deadlines are counted in. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
