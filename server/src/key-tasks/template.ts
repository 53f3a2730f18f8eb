import type { CampaignFigures } from '../campaigns/figures.ts';

/**
 * The figures a progress entry may quote, and the small template syntax that quotes them: pure
 * rules, no SQL or GraphQL. A text names a figure as `{proposalsSubmitted}`; it is stored as
 * written and filled from the campaign's live figures whenever it is read. Braces have no other
 * use (Chinese texts bracket with 〔〕 and （）), so a brace that does not open or close a known
 * figure's name is refused when the entry is saved. A draft is filled with the figures of the
 * moment; a published entry with those of its publication, kept with it.
 */

export type FigureName = keyof CampaignFigures;

/** Every figure an entry may quote, in the order the UI lists them, with what it counts. */
export const figureCatalogue: readonly { name: FigureName; zh: string; en: string }[] = [
  { name: 'unitsSubmitting', zh: '报送意见的单位数', en: 'Units that submitted proposals' },
  { name: 'proposalsSubmitted', zh: '报送的精简意见数', en: 'Proposals submitted' },
  { name: 'proposalsDecided', zh: '已办结的意见数', en: 'Proposals decided' },
  { name: 'cancellationsApproved', zh: '审定取消的事项数', en: 'Cancellations approved' },
  { name: 'delegationsApproved', zh: '审定下放的事项数', en: 'Delegations approved' },
  { name: 'handoversTotal', zh: '承接任务数', en: 'Handovers' },
  { name: 'handoversTakenOver', zh: '已承接的任务数', en: 'Handovers taken over' },
];

const figureNames: ReadonlySet<string> = new Set(figureCatalogue.map((figure) => figure.name));

/** A placeholder, or a brace that opens or closes none. */
const token = /\{([A-Za-z]*)\}|[{}]/g;

/** Why a text is not a valid template (in Chinese and English), or null when every brace names a figure. */
export function templateFault(text: string): { zh: string; en: string } | null {
  for (const match of text.matchAll(token)) {
    const name = match[1];
    if (name === undefined) {
      return { zh: '花括号只用于插入数据，如 {proposalsSubmitted}', en: 'Braces only insert figures, as in {proposalsSubmitted}' };
    }
    if (!figureNames.has(name)) {
      return { zh: `没有名为 {${name}} 的数据`, en: `There is no figure named {${name}}` };
    }
  }
  return null;
}

/** The text with each placeholder replaced by its figure's value (a figure missing from `figures` stays a placeholder). */
export function fillTemplate(text: string, figures: Partial<Record<string, number>>): string {
  return text.replace(token, (whole, name: string | undefined) => {
    const value = name === undefined ? undefined : figures[name];
    return value === undefined ? whole : String(value);
  });
}
