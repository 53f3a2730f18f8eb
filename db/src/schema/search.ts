import { boolean, customType, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { proposalStage } from './proposals.ts';

/**
 * Text compared byte by byte: in UTF-8 that is code-point order, so every bigram starting with a
 * character lies in one index range after that character alone (a one-character search).
 */
const byteText = customType<{ data: string; notNull: true }>({ dataType: () => 'text collate "C"' });

/**
 * The review queue's search (issue 16): each distinct searched text once, keyed by its digest
 * (`search_text_key()`), with its grams in `search_grams`. Texts are shared: the demo's 7,580
 * rationales are 1,896 texts, and a power item's name serves every proposal about it. Kept by
 * triggers (migration search-grams); a text no longer used stays, which costs space but no wrong
 * answer (it maps to no proposal).
 */
export const searchTexts = pgTable('search_texts', {
  key: uuid('key').primaryKey(),
  /** The text as written: a search of three or more characters re-checks it. */
  body: text('body').notNull(),
  /** A power item's basic code, found by its prefix (LIKE 'q%') rather than anywhere in it (ILIKE '%q%'). */
  code: boolean('code').notNull(),
});

/**
 * A text's grams: every distinct bigram of its lower-cased form and its last character alone, so
 * that a two-character search is one key and a one-character search one range (see byteText); a
 * code's gram is its first two characters as written.
 */
export const searchGrams = pgTable(
  'search_grams',
  {
    gram: byteText('gram').notNull(),
    code: boolean('code').notNull(),
    textKey: uuid('text_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gram, t.code, t.textKey] })],
);

/**
 * Which texts a proposal is found by: its rationale, its proposed item name, its power item's name,
 * sub-item name (migration search-sub-items) and code. With the proposal's stage (kept by a trigger
 * as it moves, migration search-stage), so that the team's count of a search, whose read rule reads
 * only the stage, is read from this table's key alone (proposals/totals.ts).
 */
export const proposalSearchTexts = pgTable(
  'proposal_search_texts',
  {
    textKey: uuid('text_key').notNull(),
    campaignId: integer('campaign_id').notNull(),
    stage: proposalStage('stage').notNull(),
    proposalId: integer('proposal_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.textKey, t.campaignId, t.stage, t.proposalId] }),
    // The triggers replace a proposal's rows when its texts change.
    index('proposal_search_texts_proposal_idx').on(t.proposalId),
  ],
);
