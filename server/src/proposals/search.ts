import { type Database, proposals, proposalSearchTexts, searchGrams, searchTexts } from '@devolve/db';
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
 * Up to this many matching rows of proposal_search_texts (a proposal once per matching text), the
 * queue looks the matches up by id and sorts them; above it, it walks the queue's order through the
 * hashed matches and stops after a page. The lookup costs about 2.5 µs a match; the walk's count
 * probes every proposal of the campaign. Measured at 21 cities (159,180 proposals): 消防's 2,415
 * matches 6 ms looked up against 25 ms walked, 许可's 32,172 83 against 45 ms, so they cross near
 * 12,000 there, near 6,000 at 10 cities and near 600 in the demo's 7,580, where either costs a few
 * milliseconds. A rare search (126 matches) walked 130,000 rows.
 */
const fewMatches = 4_000;

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
 * the live refetches and the count ask again and again. A stale choice can only pick the slower
 * plan, never other rows (both plans find the same proposals).
 */
const planChoices = new WeakMap<Database, LRUCache<string, boolean>>();

/**
 * Whether `search` finds few enough proposals to look them up by id (see `fewMatches`): one
 * index-only statement that stops counting after `fewMatches` + 1 rows, unless the same search
 * asked within the minute (`planChoices`).
 */
export async function searchFindsFew(db: Database, search: string, campaignId: number | undefined): Promise<boolean> {
  let choices = planChoices.get(db);
  if (!choices) planChoices.set(db, (choices = new LRUCache({ max: 5_000, ttl: 60_000 })));
  const key = `${campaignId ?? ''} ${search}`;
  const known = choices.get(key);
  if (known !== undefined) return known;
  const [row] = await db
    .select({ n: count() })
    .from(sql`(${matchingProposals(search, campaignId)} limit ${fewMatches + 1}) as matches`);
  const few = row!.n <= fewMatches;
  choices.set(key, few);
  return few;
}

/**
 * The review queue's search as SQL over `table`: proposals whose rationale, proposed item name or
 * power item name contains `search` (ILIKE '%search%'), or whose power item's basic code starts
 * with it (LIKE 'search%'), in `campaignId` when given, through the search tables (migration
 * search-grams). Both forms find the same rows; `few` (from `searchFindsFew`) picks the plan.
 *
 * Many matches: `IS TRUE` (the same answer in a WHERE) keeps the IN a filter rather than a
 * semi-join. PostgreSQL then reads the matching ids once into a hash (a hashed SubPlan), the page
 * walks the queue's order (campaign_id, submission_order, id) through it and stops after a page,
 * and the count probes it. As a join, the page was planned as a nested loop from every match with
 * a sort of all of them: at 76,800 proposals, 15,540 matches of 许可 each fetched by id, 4–9 times
 * slower than the walk (measured side by side, README).
 *
 * Few matches: `= ANY(array(…))`, which PostgreSQL looks up in the primary key (or the (campaign,
 * id) index for the count) and sorts, instead of walking the campaign until a page is found.
 */
export function proposalSearch(table: typeof proposals, search: string, campaignId: number | undefined, few = false): SQL {
  const matches = matchingProposals(search, campaignId);
  return few ? sql`${table.id} = any(array(${matches}))` : sql`(${table.id} in (${matches})) is true`;
}

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
