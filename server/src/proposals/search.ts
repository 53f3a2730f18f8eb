import { type Database, proposals, proposalSearchTexts, proposalTallies, proposalUnitTallies, searchGrams, searchTexts } from '@devolve/db';
import { and, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { containsPattern, prefixPattern } from '../filters.ts';

/** Bigrams a search of three or more characters intersects before it re-checks the texts. */
const maxGrams = 4;

/** Grams from `low` to `low` followed by the last code point: `low` alone and every gram it starts (byte order). */
const gramsFrom = (low: SQL) => and(sql`${searchGrams.gram} >= ${low}`, sql`${searchGrams.gram} <= ${low} || chr(1114111)`);

/**
 * The keys of the searched texts (search_texts) `search` finds: a text holding lower(search) (what
 * ILIKE '%search%' finds), a code starting with search (LIKE 'search%'). The grams are cut from
 * lower(search) in SQL, so the folding is PostgreSQL's on both sides; lower() keeps the number of
 * characters (libc lower-cases one character at a time, on both engines), so the shape follows
 * `search`'s own length. One or two characters: the grams answer exactly. More: the texts holding
 * up to four of its bigrams (the first, the last, some between), re-checked.
 */
function textsFound(search: string): SQL {
  const length = [...search].length;
  const text = sql`not ${searchGrams.code}`;
  const code = sql`${searchGrams.code}`;
  const keys = (where: SQL | undefined) => sql`select ${searchGrams.textKey} from ${searchGrams} where ${where}`;
  if (length === 1) return keys(or(and(text, gramsFrom(sql`lower(${search})`)), and(code, gramsFrom(sql`${search}::text`))));
  const codeGram = and(code, eq(searchGrams.gram, sql`left(${search}, 2)`));
  const bigram = (start: number) => or(and(text, eq(searchGrams.gram, sql`substr(lower(${search}), ${start}, 2)`)), codeGram);
  if (length === 2) return keys(bigram(1));
  const count = Math.min(length - 1, maxGrams);
  const starts = new Set(Array.from({ length: count }, (_, i) => 1 + Math.round((i * (length - 2)) / (count - 1))));
  // INTERSECT reads each bigram's keys once; as one IN per bigram PostgreSQL re-read a bigram's
  // keys for every text of another (at 10 cities 食品经营 took 6-7 ms against 1 ms).
  const shared = sql.join(
    [...starts].map((start) => keys(bigram(start))),
    sql` intersect `,
  );
  return sql`select ${searchTexts.key} from ${searchTexts} where ${and(
    inArray(searchTexts.key, sql`(${shared})`),
    sql`case when ${searchTexts.code} then ${searchTexts.body} like ${prefixPattern(search)} else ${searchTexts.body} ilike ${containsPattern(search)} end`,
  )}`;
}

/**
 * How the queue finds a search's proposals, chosen by how many match (`searchPlan`):
 * - `lookup`: few matches, looked up by id and sorted;
 * - `hashed`: the matches read once into a hash, through which the queue walks its order until a
 *   page is found;
 * - `probed`: so many matches that a page is found after a few hundred proposals of the walk, each
 *   probed for a matching text, without reading the matches at all.
 */
export type SearchPlan = 'lookup' | 'hashed' | 'probed';

/**
 * Up to this many matching rows of proposal_search_texts (a proposal once per matching text), the
 * queue looks the matches up by id and sorts them. The lookup costs about 2.5 µs a match; the walk's
 * count probed every proposal of the campaign. Measured at 21 cities (159,180 proposals): 消防's
 * 2,415 matches 6 ms looked up against 25 ms walked, 许可's 32,172 83 against 45 ms, so they cross
 * near 12,000 there, near 6,000 at 10 cities and near 600 in the demo's 7,580, where either costs
 * a few milliseconds. A rare search (126 matches) walked 130,000 rows.
 */
const fewMatches = 4_000;

/**
 * Above `fewMatches`, a walk probes each proposal rather than hashing the matches when
 * matches² > `probedAbove` × the campaign's proposals. A page of 100 is found after about
 * 100 × proposals / matches proposals, each probe costing about 8 µs, where hashing costs about
 * 0.3 µs a match plus 0.3 µs a proposal walked: probing wins once matches² exceeds about 2,700 ×
 * proposals. Measured at 38 cities (288,040 proposals), the page's statement without its count:
 * 4,028 matches 17.8 ms hashed against 41.7 ms probed, 21,000 13.7 against 14.8, 28,500 15.9 against
 * 12.3, 58,216 (许可) 23.8 against 4.6: a crossover near 24,000, where 2,000 puts it. Probing is
 * slow only for a page far into a search whose matches cluster elsewhere.
 */
const probedAbove = 2_000;

/** The plan for `matches` matching rows (counted up to `fewMatches` + 1 at least) among `proposals`. */
export function searchPlanFor(matches: number, proposals: number): SearchPlan {
  if (matches <= fewMatches) return 'lookup';
  return matches * matches > probedAbove * proposals ? 'probed' : 'hashed';
}

/**
 * The proposals `search` finds in `campaignId` (or every campaign), and at a stage `where` holds
 * for when given, as SQL returning their ids (a proposal once per matching text).
 */
function matchingProposals(search: string, campaignId: number | undefined, where?: SQL): SQL {
  return sql`select ${proposalSearchTexts.proposalId} from ${proposalSearchTexts} where ${and(
    campaignId !== undefined ? eq(proposalSearchTexts.campaignId, campaignId) : undefined,
    inArray(proposalSearchTexts.textKey, sql`(${textsFound(search)})`),
    where,
  )}`;
}

/**
 * The plans searches took, per database, campaign and search, for a minute: a reviewer's pages,
 * the live refetches and the count ask again and again. A stale choice can only pick a slower
 * plan, never other rows (every plan finds the same proposals).
 */
const planChoices = new WeakMap<Database, LRUCache<string, SearchPlan>>();

/**
 * How the queue finds `search`'s proposals (see `SearchPlan`): one index-only statement counts the
 * matches, stopping once the count decides (`searchPlanFor`), beside the proposals the walk would
 * pass, summed from their tallies, unless the same search was asked within the minute
 * (`planChoices`). Under a unit filter (报送单位, a department's list) the walk passes only the unit's
 * proposals, a few hundred, so every search past the lookup probes them, and so does its count
 * (`forCounting`).
 */
export async function searchPlan(db: Database, search: string, campaignId: number | undefined, unitId?: number): Promise<SearchPlan> {
  let choices = planChoices.get(db);
  if (!choices) planChoices.set(db, (choices = new LRUCache({ max: 5_000, ttl: 60_000 })));
  const key = `${campaignId ?? ''} ${unitId ?? ''} ${search}`;
  const known = choices.get(key);
  if (known !== undefined) return known;
  const tallies = unitId === undefined ? proposalTallies : proposalUnitTallies;
  const walked = and(
    campaignId !== undefined ? eq(tallies.campaignId, campaignId) : undefined,
    unitId !== undefined ? eq(proposalUnitTallies.submittingUnitId, unitId) : undefined,
  );
  const proposalsIn = sql`(select coalesce(sum(${tallies.n}), 0) from ${tallies} where ${walked ?? sql`true`})`;
  // Counting past sqrt(probedAbove × proposals) changes nothing: the walk probes.
  const enough = sql`greatest(${fewMatches + 1}, ceil(sqrt(${probedAbove} * ${proposalsIn}))::int + 1)`;
  const [row] = await db
    .select({ matches: count(), proposals: sql<number>`${proposalsIn}`.mapWith(Number) })
    .from(sql`(${matchingProposals(search, campaignId)} limit ${enough}) as matches`);
  const plan = searchPlanFor(row!.matches, row!.proposals);
  choices.set(key, plan);
  return plan;
}

/**
 * The review queue's search as SQL over `table`: proposals whose rationale, proposed item name,
 * power item name or sub-item name contains `search` (ILIKE '%search%'), or whose power item's
 * basic code starts with it (LIKE 'search%'), in `campaignId` when given, through the search tables
 * (migrations search-grams, search-sub-items). Every plan finds the same rows; `plan` (from
 * `searchPlan`) picks how.
 *
 * `hashed`: `IS TRUE` (the same answer in a WHERE) keeps the IN a filter rather than a semi-join.
 * PostgreSQL then reads the matching ids once into a hash (a hashed SubPlan), the page walks the
 * queue's order (campaign_id, submission_order, id) through it and stops after a page, and a count
 * probes it. As a join, the page was planned as a nested loop from every match with a sort of all
 * of them: at 76,800 proposals, 15,540 matches of 许可 each fetched by id, 4–9 times slower than
 * the walk (measured side by side, README).
 *
 * `probed`: the same walk, each proposal's own texts (1–4 rows by proposal_search_texts_proposal_idx)
 * looked up in the hashed texts found. `OFFSET 0` keeps PostgreSQL from turning the EXISTS into
 * the hashed matches again, `IS TRUE` from turning it into a semi-join. Only for a page: a count
 * under it would probe every proposal (`forCounting`).
 *
 * `lookup`: `= ANY(array(…))`, which PostgreSQL looks up in the primary key (or the (campaign,
 * id) index for the count) and sorts, instead of walking the campaign until a page is found.
 */
export function proposalSearch(table: typeof proposals, search: string, campaignId: number | undefined, plan: SearchPlan = 'hashed'): SQL {
  if (plan === 'probed') {
    return sql`(exists (select 1 from ${proposalSearchTexts} where ${and(
      eq(proposalSearchTexts.proposalId, table.id),
      inArray(proposalSearchTexts.textKey, sql`(${textsFound(search)})`),
    )} offset 0)) is true`;
  }
  const matches = matchingProposals(search, campaignId);
  return plan === 'lookup' ? sql`${table.id} = any(array(${matches}))` : sql`(${table.id} in (${matches})) is true`;
}

/**
 * The plan a count of the queue's rows takes: a count reads every proposal the rest of the filter
 * leaves, so it probes only when a unit filter bounds them (`searchPlan`); otherwise it hashes the
 * matches. At 38 cities a department's count of 许可 in its 844 proposals took 20 ms hashing the
 * campaign's 58,216 matches, 4.6 ms probing.
 */
export const forCounting = ({ searchPlan: plan, unitId }: { searchPlan?: SearchPlan | undefined; unitId?: number | undefined }): SearchPlan | undefined =>
  plan === 'probed' && unitId === undefined ? 'hashed' : plan;

/**
 * How many proposals `search` finds in `campaignId` (or every campaign) that `visible` holds for,
 * a condition on the searched texts' stage (the team's read rule, `visibleTallies`): the distinct
 * matches counted from proposal_search_texts' key alone. The count beside the walk probed every
 * proposal of the campaign against the hashed matches instead (at 21 cities 159,180 probes for
 * 许可's 32,172 matches).
 */
export function searchMatchCount(search: string, campaignId: number | undefined, visible: SQL): SQL<number> {
  return sql<number>`(select count(distinct matches.proposal_id) from (${matchingProposals(search, campaignId, visible)}) as matches)`.mapWith(Number);
}
