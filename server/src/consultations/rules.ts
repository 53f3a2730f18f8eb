import type { districtStance } from '@devolve/db';
import { isLiaisonOf, isSubmitterOf, type UnitKind, type Viewer } from '../accounts/permissions.ts';

/** The consultation rules as plain data and functions: no GraphQL, no SQL. */
export type Stance = (typeof districtStance.enumValues)[number];

/** Only handing a power down or entrusting it asks the districts whether they can take it over. */
export const consultedActions = ['delegate', 'entrust'] as const;

export interface ConsultationState {
  /** Districts asked. */
  consulted: number;
  /** Districts that have given a stance. */
  answered: number;
  deadlinePassed: boolean;
}

/** Who opens a consultation: the lead office. */
export const consultationOpener = { role: 'coordinator', zh: '牵头单位', en: 'the coordinator' } as const;

/**
 * Why the proposal cannot be put to the districts now, or null: only a delegation or entrustment,
 * and only while it is active at the consultation stage.
 */
export function consultationRefusal(p: { action: string; stage: string; status: string }): { zh: string; en: string } | null {
  if (!(consultedActions as readonly string[]).includes(p.action)) {
    return { zh: '只有下放、委托类意见需要征求各区意见', en: 'Only delegate and entrust proposals are put to the districts' };
  }
  if (p.stage !== 'consultation' || p.status !== 'active') {
    return { zh: '意见须处于征求意见阶段且正在办理中', en: 'The proposal must be active at the consultation stage' };
  }
  return null;
}

/**
 * Whether the consultation has run its course, so the lifecycle may move the proposal on: every
 * consulted district has answered, or the deadline has passed (silence after the deadline is
 * itself an answer the team weighs; it does not hold the campaign up).
 */
export function consultationComplete({ consulted, answered, deadlinePassed }: ConsultationState): boolean {
  return deadlinePassed || answered >= consulted;
}

/** Agreeing with conditions or disagreeing must say why: the conditions, or what is missing. */
export const stanceNeedsReason = (stance: Stance): boolean => stance !== 'agree';

/**
 * The districts a consultation asks: the proposal's target districts, or the non-empty subset the
 * coordinator chose. Returns the district ids, or what is wrong with the choice.
 */
export function districtsToConsult(
  targetDistrictIds: readonly number[],
  requested: readonly number[] | undefined,
): { districtIds: number[] } | { problem: 'no_targets' | 'empty' | 'not_a_target' } {
  if (targetDistrictIds.length === 0) return { problem: 'no_targets' };
  if (requested === undefined) return { districtIds: [...targetDistrictIds] };
  const chosen = [...new Set(requested)];
  if (chosen.length === 0) return { problem: 'empty' };
  if (chosen.some((id) => !targetDistrictIds.includes(id))) return { problem: 'not_a_target' };
  return { districtIds: chosen };
}

/** How many other departments one consultation may ask besides the districts. */
export const maxConsultedDepartments = 20;

/**
 * The other municipal departments a consultation also asks (none unless chosen): departments only,
 * never the proposing department itself. Returns their ids, or what is wrong with the choice.
 */
export function departmentsToConsult(
  submittingUnitId: number,
  requested: readonly number[] | undefined,
  kindOf: (unitId: number) => UnitKind | undefined,
): { departmentIds: number[] } | { problem: 'too_many' | 'not_a_department' | 'own_department' } {
  // Counted as given: a list of thousands is refused even when it repeats one unit.
  if ((requested?.length ?? 0) > maxConsultedDepartments) return { problem: 'too_many' };
  const chosen = [...new Set(requested ?? [])];
  if (chosen.some((id) => kindOf(id) !== 'department')) return { problem: 'not_a_department' };
  if (chosen.includes(submittingUnitId)) return { problem: 'own_department' };
  return { departmentIds: chosen };
}

/** Who answers for a consulted unit: its district liaison, or its department's submitter. */
export const answersFor = (viewer: Viewer | null, unitId: number): boolean => isLiaisonOf(viewer, unitId) || isSubmitterOf(viewer, unitId);
