import type { BoardRow } from './consultations-query.ts';

/**
 * What the consultation board's bulk actions send, from the rows selected: plain functions, so the
 * tab stays markup. Who may open or close a round, and when, is the server's answer for each row
 * (nextSteps, availableTransitions); the server checks every item again.
 */

export const currentRound = (row: BoardRow) => row.consultations.nodes[0] ?? null;

/** What the reader knows a proposal by: its power item's name, or the name of the item it adds. */
export const itemName = (row: BoardRow): string => row.powerItem?.name ?? row.proposedItemName ?? row.id;

/** The server offers the viewer to open a round (at the consultation stage with none open, for the coordinator). */
export const mayOpen = (row: BoardRow): boolean => row.nextSteps.some((step) => step.kind === 'OPEN_CONSULTATION' && step.available);

/** An open round with units still silent: they may be reminded. */
export const mayRemind = (row: BoardRow): boolean => currentRound(row)?.status === 'OPEN' && currentRound(row)!.missingDistricts.length > 0;

/** The server offers the viewer close_consultation: a round has run its course (every unit answered, or the deadline passed). */
export const mayClose = (row: BoardRow): boolean => row.availableTransitions.includes('CLOSE_CONSULTATION');

export interface OpenItem {
  proposalId: string;
  districtIds: string[];
  departmentIds: string[];
}

/**
 * One item per proposal: its target districts among those chosen, and the departments chosen
 * (never the proposing one). A proposal left with no district is the problem, named.
 */
export function openItems(
  rows: readonly BoardRow[],
  chosenDistrictIds: ReadonlySet<string>,
  departmentIds: readonly string[],
): { items: OpenItem[] } | { problem: BoardRow } {
  const items: OpenItem[] = [];
  for (const row of rows) {
    const districtIds = row.targetDistricts.filter((d) => chosenDistrictIds.has(d.id)).map((d) => d.id);
    if (districtIds.length === 0) return { problem: row };
    items.push({ proposalId: row.id, districtIds, departmentIds: departmentIds.filter((id) => id !== row.submittingUnit.id) });
  }
  return { items };
}

/** The target districts of the rows, once each, in the order first met. */
export function targetDistrictsOf(rows: readonly BoardRow[]): BoardRow['targetDistricts'] {
  const seen = new Map<string, BoardRow['targetDistricts'][number]>();
  for (const row of rows) for (const district of row.targetDistricts) if (!seen.has(district.id)) seen.set(district.id, district);
  return [...seen.values()];
}

/** One reminder per silent unit of each open round, about that consultation. */
export function remindTargets(rows: readonly BoardRow[]): { recipientId: string; subjectId: string }[] {
  return rows.filter(mayRemind).flatMap((row) => {
    const round = currentRound(row)!;
    return round.missingDistricts.map((unit) => ({ recipientId: unit.id, subjectId: round.id }));
  });
}
