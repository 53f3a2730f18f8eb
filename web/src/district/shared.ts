import type { FormProblem } from './district-forms.ts';
import { strings } from './strings.ts';

/** A client-side problem in words (the language follows the switch). */
export function formProblemMessage(problem: FormProblem): () => string {
  return () => {
    const t = strings().problems;
    return problem.code === 'tooLong' ? t.tooLong(problem.max) : t[problem.code];
  };
}

/** The name a proposal goes by: its item's, or the item it proposes to add. */
export function itemName(p: { powerItem: { name: string } | null; proposedItemName: string | null }): string {
  return p.powerItem?.name ?? strings().addedItem(p.proposedItemName ?? '');
}

/** A proposal's target districts, by name. */
export function districtNames(districts: readonly { shortName: string }[]): string {
  return strings().joinNames(districts.map((d) => d.shortName));
}
