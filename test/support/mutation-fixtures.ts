import {
  campaigns,
  classificationOptions,
  classificationVotes,
  comments,
  commentThreads,
  consultations,
  domainClock,
  districtFeedback,
  evaluations,
  handovers,
  licensingReports,
  keyTaskProgress,
  keyTasks,
  powerItemClaims,
  powerItems,
  proposalAssignees,
  proposalDistricts,
  proposals,
  publicComments,
  reminders,
  reviewRecords,
  units,
  users,
  type Database,
} from '@devolve/db';
import { demoPassword } from '@devolve/server/seed';
import { executedRows } from '../../server/src/json-rows.ts';
import { and, asc, desc, eq, exists, inArray, isNotNull, isNull, ne, notExists, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { solvedChallenge } from './public-comments.ts';
import { databaseId, globalIdOf } from './ids.ts';
import { postGraphQL, type GraphQLClient, type SignedInClient, type TestServer } from './server.ts';

/**
 * For every mutation of the schema, a fixture that prepares a call a permitted actor would make
 * successfully: the rows it needs (through the API as the people who would create them, or found
 * in the demo data), the document and its variables, and the same call made invalid. Shared by
 * the authorization matrix and the activity coverage tests.
 */

/** The department whose proposals the fixtures act on, and the districts around them. */
const ownDepartmentCode = 'GZ-SCJGJ';
const otherDepartmentCode = 'GZ-ZJJ';
const targetDistrictCode = '440106';
const otherDistrictCode = '440117';

/** Everyone signed in with a session: one per role and scope the rules distinguish. */
export const signedInActors = [
  'coordinator',
  'reviewer',
  'legalReviewer',
  'approver',
  'observer',
  'ownDepartment',
  'otherDepartment',
  'targetDistrict',
  'otherDistrict',
] as const;

/** Everyone a mutation is tried as. */
export const actorNames = [...signedInActors, 'anonymous', 'readOnlyToken'] as const;
export type ActorName = (typeof actorNames)[number];
/** The actors that are a person signed in with a browser session. */
export type PersonActor = Exclude<ActorName, 'anonymous' | 'readOnlyToken'>;

/** A demo department's username is its unit code lower-cased; a district's is district-<code>. */
export const actorUsernames: Record<PersonActor, string> = {
  coordinator: 'coordinator',
  reviewer: 'reviewer1',
  legalReviewer: 'legal1',
  approver: 'approver',
  observer: 'observer',
  ownDepartment: ownDepartmentCode.toLowerCase(),
  otherDepartment: otherDepartmentCode.toLowerCase(),
  targetDistrict: `district-${targetDistrictCode}`,
  otherDistrict: `district-${otherDistrictCode}`,
};
/** The read-only token is the coordinator's. */
const tokenOwner: PersonActor = 'coordinator';
/** Demo people who are not actors: the one login signs in, a second lead reviewer, an assignee. */
const loginUsername = 'reviewer5';
const otherLeadReviewer = 'reviewer2';
const assigneeUsername = 'reviewer3';

const isPerson = (actor: ActorName): actor is PersonActor => actor !== 'anonymous' && actor !== 'readOnlyToken';

/** The username whose id a call made as `actor` records as the activity's actor. */
export const usernameOf = (actor: ActorName): string | null =>
  isPerson(actor) ? actorUsernames[actor] : actor === 'readOnlyToken' ? actorUsernames[tokenOwner] : null;

export type ErrorCode = 'VALIDATION' | 'CONFLICT';

/** The same mutation with one input made wrong: it must fail with `code` and write nothing. */
export interface InvalidCall {
  variables: Record<string, unknown>;
  /** Sends it instead of the performer's client (logout fails from an API token). */
  client?: GraphQLClient;
  code: ErrorCode;
}

export interface PreparedCall {
  document: string;
  variables: Record<string, unknown>;
  /** Sends the call instead of the actor's shared client: a fresh session of the same person (logout ends it). */
  client?: GraphQLClient;
  /** The username a successful call records as the actor, when not the caller (login: the user signed in); null: no actor (the public). */
  activityActor?: string | null;
  invalid: InvalidCall;
  /** Puts back what a successful call changed that later calls rely on (a password). */
  restore?: () => Promise<void>;
}

export interface MutationFixture {
  /** An actor the call is prepared to succeed for: the coverage test performs it as them. */
  performer: ActorName;
  prepare(env: FixtureEnv, actor: ActorName): Promise<PreparedCall>;
}

export interface FixtureEnv {
  server: TestServer;
  db: Database;
  campaign: { id: number; globalId: string };
  /** A term of the campaign's classification vocabulary. */
  classificationCode: string;
  unitIds: { ownDepartment: number; targetDistrict: number };
  userIds: Map<string, number>;
  client(actor: ActorName): GraphQLClient;
  /** The headers that make a request the actor's (cookie or token), for calls sent another way (a multipart upload). */
  credentials(actor: ActorName): Record<string, string>;
  /** A writable API token of the coordinator: logout refuses API tokens. */
  writableToken: GraphQLClient;
}

// --- documents -------------------------------------------------------------------------------

const outcome = '__typename ... on Error { code messageEn } ... on ValidationError { field }';
const bulkOutcome = (typename: string) => `... on ${typename} { failed results { ok error { code } } }`;

/** A mutation document selecting the result's type, any error's code, and `extra`. */
function mutationDocument(name: string, inputType: string | null, extra = ''): string {
  return inputType
    ? `mutation($input: ${inputType}!) { ${name}(input: $input) { ${outcome} ${extra} } }`
    : `mutation { ${name} { ${outcome} ${extra} } }`;
}


/**
 * A client that sends each call as a GraphQL multipart request as `actor`, with `file` as the
 * variable input.file (the import's upload); the CSRF header a browser client sends is included.
 */
function uploadClient(env: FixtureEnv, actor: ActorName, file: () => Uint8Array, name: string): GraphQLClient {
  return {
    async graphql(query, variables) {
      const form = new FormData();
      const given = variables?.['input'];
      const input = (typeof given === 'object' && given !== null && !Array.isArray(given) ? given : {}) as Record<string, unknown>;
      // A call that names input.file itself, or gives no input object (the hostile-input suite's bad values), sends it as given.
      const upload = input === given && !('file' in input);
      form.append('operations', JSON.stringify({ query, variables: upload ? { ...variables, input: { ...input, file: null } } : (variables ?? {}) }));
      form.append('map', JSON.stringify(upload ? { 0: ['variables.input.file'] } : {}));
      if (upload) form.append('0', new Blob([Buffer.from(file())]), name);
      const response = await fetch(`${env.server.url}/graphql`, {
        method: 'POST',
        body: form,
        headers: { 'x-graphql-yoga-csrf': '1', accept: 'application/graphql-response+json', ...env.credentials(actor) },
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
  };
}

/** A one-item power list for the own department, with a code no other call used. */
const powerListCsv = () =>
  new TextEncoder().encode(`基本编码,事项名称,事项类型,设定依据,行使层级\n4401${String(990_000 + ++sequence).padStart(8, '0')},导入测试事项,许可,《测试条例》,市级\n`);

/** An import the own department previewed (through the API), for the calls that act on one. */
async function ownPreview(env: FixtureEnv): Promise<string> {
  const response = await uploadClient(env, 'ownDepartment', powerListCsv, 'list.csv').graphql<{ previewImport: { __typename: string; id?: string } }>(
    mutationDocument('previewImport', 'PreviewImportInput', '... on Import { id }'),
    { input: { kind: 'POWER_ITEMS', unitId: globalIdOf('Unit', env.unitIds.ownDepartment) } },
  );
  if (!response.data?.previewImport.id) throw new Error(`previewImport failed: ${JSON.stringify(response.data ?? response.errors)}`);
  return response.data.previewImport.id;
}

let sequence = 0;
/** Text no earlier call used (token names must be unique, edits must change something). */
const unique = (text: string) => `${text}（${++sequence}）`;
const tooLong = (max: number) => '长'.repeat(max + 1);

/** Runs a mutation the fixture needs to have happened, as `who`; it must succeed. Returns the result. */
async function runWith<T>(
  client: GraphQLClient,
  who: string,
  name: string,
  inputType: string,
  input: Record<string, unknown>,
  fields: string,
): Promise<T> {
  const response = await client.graphql<Record<string, (T & { __typename: string; messageEn?: string }) | undefined>>(
    mutationDocument(name, inputType, fields),
    { input },
  );
  const result = response.data?.[name];
  if (!result || result.messageEn !== undefined) {
    throw new Error(`Setting up: ${name} as ${who} failed: ${JSON.stringify(response.errors ?? result)}`);
  }
  return result;
}

const run = <T>(env: FixtureEnv, actor: PersonActor, name: string, inputType: string, input: Record<string, unknown>, fields: string) =>
  runWith<T>(env.client(actor), actor, name, inputType, input, fields);

/** Those who keep saved views (the review team, signed in with a session). */
const savedViewKeepers: readonly ActorName[] = ['coordinator', 'reviewer', 'legalReviewer', 'approver', 'observer'];

/** A new saved view of `actor`'s, or of the coordinator's for an actor who keeps none. */
async function savedViewOf(env: FixtureEnv, actor: ActorName): Promise<{ id: string; version: number }> {
  const owner = savedViewKeepers.includes(actor) && isPerson(actor) ? actor : 'coordinator';
  return run<{ id: string; version: number }>(
    env,
    owner,
    'createSavedView',
    'CreateSavedViewInput',
    { name: unique('我的视图'), filter: 'mine=1' },
    '... on SavedView { id version }',
  );
}

// --- the environment -------------------------------------------------------------------------

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  return executedRows<T>(await db.execute(query));
}

/** Signs every person in once, creates the coordinator's tokens, and reads the ids fixtures need. */
export async function createFixtureEnv(server: TestServer): Promise<FixtureEnv> {
  const db = server.database.opened.db;
  // Signed in side by side: each login's password hash runs on libuv's thread pool.
  const people = actorNames.filter(isPerson);
  const signedIn = await Promise.all(people.map((actor) => server.signIn(actorUsernames[actor])));
  const sessions = Object.fromEntries(people.map((actor, i) => [actor, signedIn[i]!])) as Record<PersonActor, SignedInClient>;
  const tokenClient = async (readOnly: boolean): Promise<GraphQLClient & { secret: string }> => {
    const { secret } = await runWith<{ secret: string }>(
      sessions[tokenOwner],
      tokenOwner,
      'createApiToken',
      'CreateApiTokenInput',
      { name: readOnly ? 'authorization tests (read-only)' : 'authorization tests', readOnly },
      '... on CreatedApiToken { secret }',
    );
    return { secret, graphql: (query, variables) => postGraphQL(server.url, query, variables, { authorization: `Bearer ${secret}` }) };
  };
  const readOnlyToken = await tokenClient(true);
  const writableToken = await tokenClient(false);

  const [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, 2019));
  const [option] = await db
    .select({ code: classificationOptions.code })
    .from(classificationOptions)
    .where(eq(classificationOptions.campaignId, campaign!.id))
    .orderBy(asc(classificationOptions.id))
    .limit(1);
  const unitRows = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(inArray(units.code, [ownDepartmentCode, targetDistrictCode]));
  const unitId = (code: string) => unitRows.find((unit) => unit.code === code)!.id;
  const userRows = await db.select({ id: users.id, username: users.username }).from(users);
  await logWrites(db);
  return {
    server,
    db,
    campaign: { id: campaign!.id, globalId: globalIdOf('Campaign', campaign!.id) },
    classificationCode: option!.code,
    unitIds: {
      ownDepartment: unitId(ownDepartmentCode),
      targetDistrict: unitId(targetDistrictCode),
    },
    userIds: new Map(userRows.map((user) => [user.username, user.id])),
    client(actor) {
      if (actor === 'anonymous') return { graphql: server.graphql };
      if (actor === 'readOnlyToken') return readOnlyToken;
      return sessions[actor];
    },
    credentials(actor): Record<string, string> {
      if (actor === 'anonymous') return {};
      if (actor === 'readOnlyToken') return { authorization: `Bearer ${readOnlyToken.secret}` };
      return { cookie: sessions[actor].cookie };
    },
    writableToken,
  };
}

/**
 * From here on, every row inserted, updated or deleted in a table of the schema appends the
 * table's name to `test_writes.log` (a trigger per table, in this test database only), so that
 * `fingerprint` reads what was written rather than scanning every table (the activity log alone
 * has ~70,000 rows) before and after each call. API tokens log only inserts, deletes and
 * revocations: any request carrying a token may stamp its lastUsedAt.
 */
async function logWrites(db: Database): Promise<void> {
  await db.execute(sql`
    do $install$
    declare
      target text;
    begin
      create schema test_writes;
      create table test_writes.log (table_name text not null);
      create function test_writes.record() returns trigger language plpgsql as $record$
      begin
        insert into test_writes.log (table_name) values (tg_table_name);
        return null;
      end
      $record$;
      for target in select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' loop
        if target = 'api_tokens' then
          create trigger log_writes after insert or delete on api_tokens for each row execute function test_writes.record();
          create trigger log_revocations after update on api_tokens for each row
            when (old.revoked_at is distinct from new.revoked_at) execute function test_writes.record();
        else
          execute format('create trigger log_writes after insert or update or delete on %I for each row execute function test_writes.record()', target);
        end if;
      end loop;
    end
    $install$`);
}

/**
 * How many rows each table has had written (see `logWrites`), in one statement: two equal
 * fingerprints mean nothing was written in between.
 */
export async function fingerprint(env: FixtureEnv, except: readonly string[] = []): Promise<Record<string, number>> {
  const counted = await rows<{ name: string; writes: string | number }>(
    env.db,
    sql`select table_name as name, count(*) as writes from test_writes.log group by table_name order by table_name`,
  );
  return Object.fromEntries(counted.filter((row) => !except.includes(row.name)).map((row) => [row.name, Number(row.writes)]));
}

/** The newest activity row's id: what a call wrote is everything after it. */
export async function lastActivityId(env: FixtureEnv): Promise<number> {
  const [row] = await rows<{ id: string | number | null }>(env.db, sql`select max(id) as id from activity`);
  return Number(row?.id ?? 0);
}

// --- finding and building what calls need ---------------------------------------------------

interface Versioned {
  id: number;
  version: number;
}
type Stage = (typeof proposals.$inferSelect)['stage'];
type Status = (typeof proposals.$inferSelect)['status'];

/** The oldest proposal of the own department in the campaign that meets `conditions`. */
async function ownProposal(env: FixtureEnv, ...conditions: (SQL | undefined)[]): Promise<Versioned | undefined> {
  const [row] = await env.db
    .select({ id: proposals.id, version: proposals.version })
    .from(proposals)
    .where(and(eq(proposals.campaignId, env.campaign.id), eq(proposals.submittingUnitId, env.unitIds.ownDepartment), ...conditions))
    .orderBy(asc(proposals.id))
    .limit(1);
  return row;
}

async function required<T>(what: string, found: Promise<T | undefined>): Promise<T> {
  const row = await found;
  if (row === undefined) throw new Error(`The demo data has no ${what} left`);
  return row;
}

const proposalVersion = async (env: FixtureEnv, id: number): Promise<Versioned> =>
  (await env.db.select({ id: proposals.id, version: proposals.version }).from(proposals).where(eq(proposals.id, id)))[0]!;

const at = (stage: Stage, status: Status = 'active') =>
  and(eq(proposals.stage, stage), eq(proposals.status, status));
const hasLegalityOpinion = exists(
  sql`(select 1 from ${reviewRecords} where ${reviewRecords.proposalId} = ${proposals.id} and ${reviewRecords.verdict} in ('lawful', 'lawful_with_conditions', 'unlawful'))`,
);
const notIn = (ids: number[]) => (ids.length > 0 ? notInArray(proposals.id, ids) : undefined);
/** Picks the oldest own proposal active at `stage` (other than those in `skip`). */
const ownAt =
  (stage: Stage, ...conditions: SQL[]) =>
  (env: FixtureEnv, skip: number[] = []) =>
    required(`proposal at ${stage}`, ownProposal(env, at(stage), notIn(skip), ...conditions));
/** Actions simple to edit and submit: no districts, no item to merge into. */
const plainAction = inArray(proposals.action, ['cancel', 'adjust', 'retain']);

/** A power item of the own department with no open proposal in the campaign. */
async function freeOwnItem(env: FixtureEnv): Promise<number> {
  const [item] = await env.db
    .select({ id: powerItems.id })
    .from(powerItems)
    .where(
      and(
        eq(powerItems.implementingUnitId, env.unitIds.ownDepartment),
        eq(powerItems.status, 'in_force'),
        notExists(
          sql`(select 1 from ${proposals} where ${proposals.powerItemId} = ${powerItems.id} and ${proposals.campaignId} = ${env.campaign.id} and ${notInArray(proposals.status, ['withdrawn', 'rejected'])})`,
        ),
      ),
    )
    .orderBy(asc(powerItems.id))
    .limit(1);
  if (!item) throw new Error('The own department has no power item without a proposal left');
  return item.id;
}

const proposalFields = '... on Proposal { id version }';

async function transition(env: FixtureEnv, actor: PersonActor, p: Versioned, name: string, reason?: string): Promise<Versioned> {
  const moved = await run<{ version: number }>(
    env,
    actor,
    'transitionProposal',
    'TransitionProposalInput',
    { proposalId: globalIdOf('Proposal', p.id), transition: name, expectedVersion: p.version, reason },
    proposalFields,
  );
  return { id: p.id, version: moved.version };
}

async function classify(env: FixtureEnv, actor: PersonActor, p: Versioned): Promise<Versioned> {
  const classified = await run<{ version: number }>(
    env,
    actor,
    'setFinalClassification',
    'SetFinalClassificationInput',
    { proposalId: globalIdOf('Proposal', p.id), code: env.classificationCode, expectedVersion: p.version },
    proposalFields,
  );
  return { id: p.id, version: classified.version };
}

async function recordLawful(env: FixtureEnv, p: Versioned): Promise<Versioned> {
  const recorded = await run<{ version: number }>(
    env,
    'legalReviewer',
    'recordLegalityOpinion',
    'RecordLegalityOpinionInput',
    { proposalId: globalIdOf('Proposal', p.id), opinion: 'LAWFUL', expectedVersion: p.version },
    proposalFields,
  );
  return { id: p.id, version: recorded.version };
}

/** A new draft of the own department in the campaign. */
async function draftProposal(env: FixtureEnv, input: Record<string, unknown>): Promise<Versioned> {
  const created = await run<{ id: string; version: number }>(
    env,
    'ownDepartment',
    'createProposal',
    'CreateProposalInput',
    { campaignId: env.campaign.globalId, ...input },
    proposalFields,
  );
  return { id: databaseId(created.id), version: created.version };
}

/**
 * A new delegation of an own item to the target district, driven through the lifecycle by the
 * people who make each move until it waits at the consultation stage with no consultation open.
 */
async function newDelegationAwaitingConsultation(env: FixtureEnv): Promise<Versioned> {
  let p = await draftProposal(env, {
    powerItemId: globalIdOf('PowerItem', await freeOwnItem(env)),
    action: 'DELEGATE',
    targetDistrictIds: [globalIdOf('Unit', env.unitIds.targetDistrict)],
    rationale: '该事项由区级实施更便民，建议下放至天河区。',
  });
  p = await transition(env, 'ownDepartment', p, 'SUBMIT');
  p = await transition(env, 'coordinator', p, 'START_REVIEW');
  p = await classify(env, 'coordinator', p);
  p = await transition(env, 'coordinator', p, 'PASS_INITIAL_REVIEW');
  p = await recordLawful(env, p);
  p = await transition(env, 'legalReviewer', p, 'COMPLETE_LEGALITY_REVIEW');
  return transition(env, 'coordinator', p, 'PASS_RECHECK');
}

/** A draft of the own department, simple to edit and submit; one is drafted when none is left. */
async function ownDraft(env: FixtureEnv): Promise<Versioned> {
  const draft = await ownProposal(env, at('draft'), plainAction);
  if (draft) return draft;
  return draftProposal(env, { action: 'ADD', proposedItemName: unique('对网络交易平台的监督检查'), rationale: '补充本单位实际行使的检查事项。' });
}

interface ThreadRef extends Versioned {
  commentId: number;
  commentVersion: number;
}

/** A shared thread the own department starts on one of its proposals. */
async function newOwnThread(env: FixtureEnv): Promise<ThreadRef> {
  const p = await ownAt('initial_review')(env);
  const thread = await run<{ id: string; version: number; comments: { nodes: { id: string; version: number }[] } }>(
    env,
    'ownDepartment',
    'startCommentThread',
    'StartCommentThreadInput',
    { proposalId: globalIdOf('Proposal', p.id), visibility: 'SHARED', anchor: 'RATIONALE', body: unique('请专班核对本单位补充的依据') },
    '... on CommentThread { id version comments { nodes { id version } } }',
  );
  const [comment] = thread.comments.nodes;
  return { id: databaseId(thread.id), version: thread.version, commentId: databaseId(comment!.id), commentVersion: comment!.version };
}

/** A shared thread on an own proposal, started by the own department, resolved or open. */
async function ownThread(env: FixtureEnv, resolved: boolean): Promise<Versioned> {
  const [found] = await env.db
    .select({ id: commentThreads.id, version: commentThreads.version })
    .from(commentThreads)
    .innerJoin(proposals, eq(proposals.id, commentThreads.proposalId))
    .where(
      and(
        eq(proposals.submittingUnitId, env.unitIds.ownDepartment),
        eq(commentThreads.visibility, 'shared'),
        eq(commentThreads.authorId, env.userIds.get(actorUsernames.ownDepartment)!),
        eq(commentThreads.resolved, resolved),
      ),
    )
    .orderBy(asc(commentThreads.id))
    .limit(1);
  if (found) return found;
  const thread = await newOwnThread(env);
  if (!resolved) return thread;
  const done = await run<{ version: number }>(
    env,
    'ownDepartment',
    'resolveThread',
    'ThreadStateInput',
    { threadId: globalIdOf('CommentThread', thread.id), expectedVersion: thread.version },
    '... on CommentThread { version }',
  );
  return { id: thread.id, version: done.version };
}

/** A thread of the given visibility on an own proposal. */
async function threadOnOwnProposal(env: FixtureEnv, visibility: 'shared' | 'internal'): Promise<{ id: number; proposalId: number }> {
  const [found] = await env.db
    .select({ id: commentThreads.id, proposalId: commentThreads.proposalId })
    .from(commentThreads)
    .innerJoin(proposals, eq(proposals.id, commentThreads.proposalId))
    .where(and(eq(proposals.submittingUnitId, env.unitIds.ownDepartment), eq(commentThreads.visibility, visibility)))
    .orderBy(asc(commentThreads.id))
    .limit(1);
  if (!found) throw new Error(`The demo data has no ${visibility} thread on the own department's proposals`);
  return found;
}

// --- the fixtures ----------------------------------------------------------------------------

let campaignsCreated = 0;
let keyTasksCreated = 0;

/** A key task of 2019 led by the lead office, without entries, written straight to the database. */
async function newKeyTask(env: FixtureEnv): Promise<number> {
  const [lead] = await env.db.select({ id: units.id }).from(units).where(eq(units.kind, 'lead_office')).limit(1);
  const [task] = await env.db
    .insert(keyTasks)
    .values({ year: 2019, number: 500 + ++keyTasksCreated, title: unique('一项重点工作'), leadUnitId: lead!.id })
    .returning({ id: keyTasks.id });
  return task!.id;
}

const proposalInput = (p: Versioned) => ({ proposalId: globalIdOf('Proposal', p.id), expectedVersion: p.version });
/** A stale version: the row has moved on since. */
const staleVersion = (version: number) => version - 1;

/** The 2020 campaign, moved on to evaluation (the campaign under review stays open for proposals). */
async function campaignInEvaluation(env: FixtureEnv): Promise<number> {
  const [campaign] = await env.db.update(campaigns).set({ status: 'evaluation' }).where(eq(campaigns.year, 2020)).returning({ id: campaigns.id });
  if (!campaign) throw new Error('The demo data has no 2020 campaign');
  return campaign.id;
}

/**
 * A unit's self-evaluation of the campaign, if it has one, as a draft: a self-evaluation is
 * submitted once, so one an earlier call submitted is put back to draft for the next call.
 */
async function selfEvaluationDraft(env: FixtureEnv, campaignId: number, unitId: number): Promise<{ id: number; version: number } | undefined> {
  const [row] = await env.db
    .update(evaluations)
    .set({ status: 'draft', submittedAt: null })
    .where(and(eq(evaluations.campaignId, campaignId), eq(evaluations.kind, 'self'), eq(evaluations.unitId, unitId)))
    .returning({ id: evaluations.id, version: evaluations.version });
  return row;
}

/** The unit `actor` acts for; null for those with no person behind them. */
async function unitOf(env: FixtureEnv, actor: ActorName): Promise<number | null> {
  const username = usernameOf(actor);
  if (!username || actor === 'readOnlyToken') return null;
  const [user] = await env.db.select({ unitId: users.unitId }).from(users).where(eq(users.username, username));
  return user!.unitId;
}

/**
 * A pending annual licensing report of the own department: the seeded 2018 one while it is pending,
 * then one of an earlier year the coordinator asks for (a report is published once).
 */
async function ownPendingReport(env: FixtureEnv): Promise<{ id: number; version: number; year: number }> {
  const own = eq(licensingReports.unitId, env.unitIds.ownDepartment);
  const pending = () =>
    env.db
      .select({ id: licensingReports.id, version: licensingReports.version, year: licensingReports.year })
      .from(licensingReports)
      .where(and(own, eq(licensingReports.status, 'pending'), sql`${licensingReports.year} <= 2018`))
      .limit(1);
  const [found] = await pending();
  if (found) return found;
  const [earliest] = await env.db.select({ year: sql<number>`min(${licensingReports.year})`.mapWith(Number) }).from(licensingReports).where(own);
  const year = earliest!.year - 1;
  await run(env, 'coordinator', 'requestLicensingReports', 'RequestLicensingReportsInput', { year, deadline: `${year + 1}-03-31` }, '');
  return (await pending())[0]!;
}

/** A call with an `input` argument whose invalid twin changes some of the input. */
/**
 * The 2019 campaign's public consultation kept open on the story's today (its deadline moved to
 * the year's end), and the first proposal it puts to the public.
 */
async function openPublicConsultation(env: FixtureEnv): Promise<{ campaignId: number; proposalId: number }> {
  await env.db.update(campaigns).set({ consultationDeadline: '2019-12-31' }).where(eq(campaigns.id, env.campaign.id));
  const [proposal] = await env.db
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.campaignId, env.campaign.id), eq(proposals.status, 'active'), inArray(proposals.stage, ['consultation', 'unit_confirmation'])))
    .orderBy(asc(proposals.id))
    .limit(1);
  return { campaignId: env.campaign.id, proposalId: proposal!.id };
}

/** A fresh proof-of-work challenge and a nonce that proves it (tests ask few bits: vitest.config.ts). */
const provenChallenge = (env: FixtureEnv) => solvedChallenge(env.server);

function inputCall(
  name: string,
  inputType: string,
  input: Record<string, unknown>,
  invalid: { input: Record<string, unknown>; code: ErrorCode },
  extra = '',
): PreparedCall {
  return {
    document: mutationDocument(name, inputType, extra),
    variables: { input },
    invalid: { variables: { input: { ...input, ...invalid.input } }, code: invalid.code },
  };
}

/** transitionProposal of a proposal `pick` finds, or puts where the transition starts. */
function transitionFixture(
  transitionName: string,
  performer: PersonActor,
  pick: (env: FixtureEnv) => Promise<Versioned>,
  reason?: string,
): MutationFixture {
  return {
    performer,
    async prepare(env) {
      const p = await pick(env);
      return inputCall(
        'transitionProposal',
        'TransitionProposalInput',
        { ...proposalInput(p), transition: transitionName, reason },
        { input: { expectedVersion: staleVersion(p.version) }, code: 'CONFLICT' },
      );
    },
  };
}

/** bulkTransitionProposals of two proposals `pick` finds (skipping the first for the second). */
function bulkTransitionFixture(
  transitionName: string,
  performer: PersonActor,
  pick: (env: FixtureEnv, skip: number[]) => Promise<Versioned>,
): MutationFixture {
  return {
    performer,
    async prepare(env) {
      const first = await pick(env, []);
      const second = await pick(env, [first.id]);
      return inputCall(
        'bulkTransitionProposals',
        'BulkTransitionProposalsInput',
        { transition: transitionName, items: [first, second].map(proposalInput) },
        { input: { reason: tooLong(2_000) }, code: 'VALIDATION' },
        bulkOutcome('BulkTransitionResult'),
      );
    },
  };
}


/** At the legality review with the justice bureau's opinion on record (one is recorded when needed). */
async function legalityReviewed(env: FixtureEnv, skip: number[] = []): Promise<Versioned> {
  const reviewed = await ownProposal(env, at('legality_review'), hasLegalityOpinion, notIn(skip));
  if (reviewed) return reviewed;
  return recordLawful(env, await ownAt('legality_review')(env, skip));
}

/** At `stage` with a final classification (the coordinator sets one when needed). */
async function classifiedAt(env: FixtureEnv, stage: 'initial_review' | 'recheck'): Promise<Versioned> {
  const classified = await ownProposal(env, at(stage), isNotNull(proposals.classificationCode));
  if (classified) return classified;
  return classify(env, 'coordinator', await ownAt(stage)(env));
}

const latestConsultation = sql`(select max(${consultations.id}) from ${consultations} where ${consultations.proposalId} = ${proposals.id})`;
/** The latest consultation has run its course: every district answered or the deadline passed. */
/** The server's domain clock in SQL (server/src/clock.ts): the seeded story's time, or the real time. */
const domainNow = sql`coalesce((select ${domainClock.storyAt} + (now() - ${domainClock.realAt}) from ${domainClock}), now())`;
const consultationComplete = exists(
  sql`(select 1 from ${consultations} where ${consultations.id} = ${latestConsultation} and (${consultations.deadline} < ${domainNow} or not exists (select 1 from ${districtFeedback} where ${districtFeedback.consultationId} = ${consultations.id} and ${districtFeedback.stance} is null)))`,
);
const targetsDistrict = (districtId: number) =>
  exists(sql`(select 1 from ${proposalDistricts} where ${proposalDistricts.proposalId} = ${proposals.id} and ${proposalDistricts.districtId} = ${districtId})`);
const noOpenConsultation = notExists(
  sql`(select 1 from ${consultations} where ${consultations.proposalId} = ${proposals.id} and ${consultations.status} = 'open')`,
);

const reason = '依据不足，请补充材料后再报。';

export const mutationFixtures: Record<string, Record<string, MutationFixture>> = {
  login: {
    'signs in with a password': {
      performer: 'anonymous',
      async prepare() {
        return {
          ...inputCall(
            'login',
            'LoginInput',
            { username: loginUsername, password: demoPassword },
            { input: { username: 'u'.repeat(65) }, code: 'VALIDATION' },
          ),
          activityActor: loginUsername,
        };
      },
    },
  },

  logout: {
    'ends the current session': {
      performer: 'coordinator',
      async prepare(env, actor) {
        return {
          document: mutationDocument('logout', null),
          variables: {},
          // A session of its own, so ending it leaves the actor's shared session signed in.
          client: isPerson(actor) ? await env.server.signIn(actorUsernames[actor]) : env.client(actor),
          invalid: { variables: {}, client: env.writableToken, code: 'VALIDATION' },
        };
      },
    },
  },

  changePassword: {
    'changes your own password': {
      performer: 'observer',
      async prepare(env, actor) {
        const changed = 'devolve-demo-changed';
        return {
          ...inputCall(
            'changePassword',
            'ChangePasswordInput',
            { currentPassword: demoPassword, newPassword: changed },
            { input: { newPassword: 'short' }, code: 'VALIDATION' },
          ),
          // Later calls sign this person in with the demo password again.
          async restore() {
            const input = { currentPassword: changed, newPassword: demoPassword };
            await runWith(env.client(actor), actor, 'changePassword', 'ChangePasswordInput', input, '');
          },
        };
      },
    },
  },

  createApiToken: {
    'creates a token of your own': {
      performer: 'reviewer',
      async prepare() {
        return inputCall(
          'createApiToken',
          'CreateApiTokenInput',
          { name: unique('数据同步脚本'), readOnly: false },
          { input: { name: 'n'.repeat(101) }, code: 'VALIDATION' },
        );
      },
    },
  },

  markNotificationsRead: {
    'all of your own': {
      performer: 'reviewer',
      async prepare() {
        // Giving both the ids and `all` is refused.
        return inputCall('markNotificationsRead', 'MarkNotificationsReadInput', { all: true }, { input: { ids: [] }, code: 'VALIDATION' });
      },
    },
  },

  updateNotificationSettings: {
    'your own settings': {
      performer: 'reviewer',
      async prepare() {
        return inputCall(
          'updateNotificationSettings',
          'UpdateNotificationSettingsInput',
          { mutedKinds: ['DEPARTMENT_COMMENT'], digest: 'OFF' },
          { input: { digest: 'DAILY', email: 'not-an-address' }, code: 'VALIDATION' },
        );
      },
    },
  },

  createSavedView: {
    "the queue's current filter": {
      performer: 'reviewer',
      async prepare() {
        return inputCall(
          'createSavedView',
          'CreateSavedViewInput',
          { name: unique('复核中的许可'), filter: 'stage=recheck&type=licensing' },
          { input: { filter: 'stage=nonsense' }, code: 'VALIDATION' },
        );
      },
    },
  },

  updateSavedView: {
    'your own view': {
      performer: 'reviewer',
      async prepare(env, actor) {
        const view = await savedViewOf(env, actor);
        return inputCall(
          'updateSavedView',
          'UpdateSavedViewInput',
          { id: view.id, expectedVersion: view.version, name: unique('改名的视图') },
          { input: { filter: 'sort=sideways' }, code: 'VALIDATION' },
        );
      },
    },
  },

  deleteSavedView: {
    'your own view': {
      performer: 'reviewer',
      async prepare(env, actor) {
        const view = await savedViewOf(env, actor);
        return inputCall(
          'deleteSavedView',
          'DeleteSavedViewInput',
          { id: view.id, expectedVersion: view.version },
          { input: { expectedVersion: view.version + 1 }, code: 'CONFLICT' },
        );
      },
    },
  },

  setSavedViewShared: {
    "the coordinator's own view": {
      performer: 'coordinator',
      async prepare(env) {
        const view = await savedViewOf(env, 'coordinator');
        return inputCall(
          'setSavedViewShared',
          'SetSavedViewSharedInput',
          { id: view.id, expectedVersion: view.version, shared: true },
          { input: { shared: false }, code: 'VALIDATION' },
        );
      },
    },
  },

  revokeApiToken: {
    "revokes the coordinator's token": {
      performer: 'coordinator',
      async prepare(env) {
        const created = await run<{ token: { id: string } }>(
          env,
          'coordinator',
          'createApiToken',
          'CreateApiTokenInput',
          { name: unique('待撤销的令牌'), readOnly: false },
          '... on CreatedApiToken { token { id } }',
        );
        return inputCall(
          'revokeApiToken',
          'RevokeApiTokenInput',
          { tokenId: created.token.id },
          { input: { tokenId: globalIdOf('User', env.userIds.get(actorUsernames.coordinator)!) }, code: 'VALIDATION' },
        );
      },
    },
  },

  updateCampaign: {
    "next year's deadlines": {
      performer: 'coordinator',
      async prepare(env) {
        // Not the campaign under review: moving it on would close it to the proposals other fixtures draft.
        const [campaign] = await env.db
          .select({ id: campaigns.id, version: campaigns.version })
          .from(campaigns)
          .where(ne(campaigns.id, env.campaign.id))
          .orderBy(asc(campaigns.id))
          .limit(1);
        if (!campaign) throw new Error('The demo data has no second campaign');
        // A different day each time, so every call changes the deadline.
        const day = String((++sequence % 28) + 1).padStart(2, '0');
        return inputCall(
          'updateCampaign',
          'UpdateCampaignInput',
          { campaignId: globalIdOf('Campaign', campaign.id), submissionDeadline: `2020-08-${day}`, expectedVersion: campaign.version },
          { input: { expectedVersion: staleVersion(campaign.version) }, code: 'CONFLICT' },
        );
      },
    },
  },

  createCampaign: {
    "a later year's round": {
      performer: 'coordinator',
      async prepare() {
        // A year no campaign has: one campaign per year.
        const year = 2100 - ++campaignsCreated;
        return inputCall(
          'createCampaign',
          'CreateCampaignInput',
          { year, title: `${year}年精简工作`, noticeNumber: `穗府办函〔${year}〕1号`, submissionOpensOn: `${year}-03-01`, submissionDeadline: `${year}-04-30` },
          { input: { title: tooLong(200) }, code: 'VALIDATION' },
        );
      },
    },
  },

  createKeyTask: {
    'a key task of 2019': {
      performer: 'coordinator',
      async prepare() {
        return inputCall(
          'createKeyTask',
          'CreateKeyTaskInput',
          { year: 2019, number: 100 + ++keyTasksCreated, title: unique('一项重点工作'), goals: [{ quarter: 1, texts: ['制订工作方案。'] }] },
          { input: { number: 0 }, code: 'VALIDATION' },
        );
      },
    },
  },

  saveKeyTaskProgress: {
    "a quarter's first entry": {
      performer: 'coordinator',
      async prepare(env) {
        return inputCall(
          'saveKeyTaskProgress',
          'SaveKeyTaskProgressInput',
          { keyTaskId: globalIdOf('KeyTask', await newKeyTask(env)), quarter: 1, status: 'ON_TRACK', items: ['{unitsSubmitting}个单位报送{proposalsSubmitted}项意见。'] },
          { input: { items: ['{noSuchFigure}'] }, code: 'VALIDATION' },
        );
      },
    },
  },

  publishKeyTaskProgress: {
    "a quarter's draft": {
      performer: 'coordinator',
      async prepare(env) {
        const keyTaskId = await newKeyTask(env);
        const [draft] = await env.db
          .insert(keyTaskProgress)
          .values({ keyTaskId, quarter: 2, status: 'on_track', items: ['按计划推进。'] })
          .returning({ id: keyTaskProgress.id, version: keyTaskProgress.version });
        return inputCall(
          'publishKeyTaskProgress',
          'PublishKeyTaskProgressInput',
          { progressId: globalIdOf('KeyTaskProgress', draft!.id), expectedVersion: draft!.version },
          { input: { expectedVersion: staleVersion(draft!.version) }, code: 'CONFLICT' },
        );
      },
    },
  },

  createProposal: {
    'about an item of the own department': {
      performer: 'ownDepartment',
      async prepare(env) {
        return inputCall(
          'createProposal',
          'CreateProposalInput',
          {
            campaignId: env.campaign.globalId,
            powerItemId: globalIdOf('PowerItem', await freeOwnItem(env)),
            action: 'ADJUST',
            rationale: '实施主体与承办机构调整，建议同步调整事项要素。',
          },
          { input: { rationale: tooLong(5_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  updateProposal: {
    'a draft of the own department': {
      performer: 'ownDepartment',
      async prepare(env) {
        const p = await ownDraft(env);
        return inputCall(
          'updateProposal',
          'UpdateProposalInput',
          { ...proposalInput(p), rationale: unique('补充说明：该事项近三年办件量为零') },
          { input: { rationale: tooLong(5_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  deleteDraftProposal: {
    'a never-submitted draft of the own department': {
      performer: 'ownDepartment',
      async prepare(env) {
        const p = await draftProposal(env, { action: 'ADD', proposedItemName: unique('待删除的新增事项'), rationale: '起草后决定不再报送。' });
        return inputCall('deleteDraftProposal', 'DeleteDraftProposalInput', proposalInput(p), {
          input: { expectedVersion: staleVersion(p.version) },
          code: 'CONFLICT',
        });
      },
    },
  },

  transitionProposal: {
    'submit a draft': transitionFixture('SUBMIT', 'ownDepartment', ownDraft),
    'withdraw a submitted proposal': transitionFixture('WITHDRAW', 'ownDepartment', ownAt('submitted')),
    'start the review': transitionFixture('START_REVIEW', 'coordinator', ownAt('submitted')),
    'pass the initial review': transitionFixture('PASS_INITIAL_REVIEW', 'reviewer', (env) => classifiedAt(env, 'initial_review')),
    'return at the initial review': transitionFixture('RETURN', 'reviewer', ownAt('initial_review'), reason),
    'reject at the initial review': transitionFixture('REJECT', 'reviewer', ownAt('initial_review'), reason),
    'resubmit a returned proposal': transitionFixture('RESUBMIT', 'ownDepartment', (env) =>
      required('returned proposal', ownProposal(env, eq(proposals.status, 'returned'), ne(proposals.stage, 'decided'))),
    ),
    'complete the legality review': transitionFixture('COMPLETE_LEGALITY_REVIEW', 'legalReviewer', legalityReviewed),
    'pass the re-check': transitionFixture('PASS_RECHECK', 'reviewer', (env) => classifiedAt(env, 'recheck')),
    'close the consultation': transitionFixture('CLOSE_CONSULTATION', 'coordinator', ownAt('consultation', consultationComplete)),
    'confirm the outcome': transitionFixture('CONFIRM', 'ownDepartment', ownAt('unit_confirmation')),
    'contest the outcome': transitionFixture('CONTEST', 'ownDepartment', ownAt('unit_confirmation'), reason),
    'approve at the approval': transitionFixture('APPROVE', 'approver', ownAt('approval')),
    'reject at the approval': transitionFixture('REJECT', 'approver', ownAt('approval'), reason),
  },

  bulkTransitionProposals: {
    'start the review of two': bulkTransitionFixture('START_REVIEW', 'coordinator', ownAt('submitted')),
    'complete the legality review of two': bulkTransitionFixture('COMPLETE_LEGALITY_REVIEW', 'legalReviewer', legalityReviewed),
  },

  recordLegalityOpinion: {
    'at the legality review': {
      performer: 'legalReviewer',
      async prepare(env) {
        const p = await ownAt('legality_review')(env);
        return inputCall(
          'recordLegalityOpinion',
          'RecordLegalityOpinionInput',
          { ...proposalInput(p), opinion: 'LAWFUL' },
          { input: { opinion: 'UNLAWFUL' }, code: 'VALIDATION' },
        );
      },
    },
  },

  voteClassification: {
    'at the initial review': {
      performer: 'reviewer',
      async prepare(env) {
        const reviewerId = env.userIds.get(actorUsernames.reviewer)!;
        const p = await ownAt(
          'initial_review',
          notExists(
            sql`(select 1 from ${classificationVotes} where ${classificationVotes.proposalId} = ${proposals.id} and ${classificationVotes.reviewerId} = ${reviewerId})`,
          ),
        )(env);
        return inputCall(
          'voteClassification',
          'VoteClassificationInput',
          { proposalId: globalIdOf('Proposal', p.id), code: env.classificationCode, note: '与事项性质相符。' },
          { input: { note: tooLong(2_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  setFinalClassification: {
    'without a lead reviewer': {
      performer: 'reviewer',
      async prepare(env) {
        const p = await ownAt('initial_review', isNull(proposals.leadReviewerId))(env);
        return inputCall(
          'setFinalClassification',
          'SetFinalClassificationInput',
          { ...proposalInput(p), code: env.classificationCode },
          { input: { code: 'NO-SUCH-TERM' }, code: 'VALIDATION' },
        );
      },
    },
    'led by another reviewer': {
      performer: 'coordinator',
      async prepare(env) {
        const leadId = env.userIds.get(otherLeadReviewer)!;
        let p = await ownProposal(env, at('initial_review'), eq(proposals.leadReviewerId, leadId));
        if (!p) {
          // The other reviewer becomes the lead by classifying an unled proposal first.
          const unled = await ownAt('initial_review', isNull(proposals.leadReviewerId))(env);
          await runWith(
            await env.server.signIn(otherLeadReviewer),
            otherLeadReviewer,
            'setFinalClassification',
            'SetFinalClassificationInput',
            { ...proposalInput(unled), code: env.classificationCode },
            '',
          );
          p = await proposalVersion(env, unled.id);
        }
        return inputCall(
          'setFinalClassification',
          'SetFinalClassificationInput',
          { ...proposalInput(p), code: env.classificationCode },
          { input: { code: 'NO-SUCH-TERM' }, code: 'VALIDATION' },
        );
      },
    },
  },

  startCommentThread: {
    'a shared thread': {
      performer: 'ownDepartment',
      async prepare(env) {
        const p = await ownAt('initial_review')(env);
        return inputCall(
          'startCommentThread',
          'StartCommentThreadInput',
          { proposalId: globalIdOf('Proposal', p.id), visibility: 'SHARED', anchor: 'LEGAL_BASIS', body: '请补充设定依据的条款号。' },
          { input: { body: '   ' }, code: 'VALIDATION' },
        );
      },
    },
    'an internal thread': {
      performer: 'reviewer',
      async prepare(env) {
        const p = await ownAt('initial_review')(env);
        return inputCall(
          'startCommentThread',
          'StartCommentThreadInput',
          { proposalId: globalIdOf('Proposal', p.id), visibility: 'INTERNAL', body: '专班内部：建议与市委编办口径一致。' },
          { input: { body: tooLong(5_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  replyToThread: {
    'in a shared thread': {
      performer: 'ownDepartment',
      async prepare(env) {
        const thread = await threadOnOwnProposal(env, 'shared');
        return inputCall(
          'replyToThread',
          'ReplyToThreadInput',
          { threadId: globalIdOf('CommentThread', thread.id), body: '已补充，请查阅附件。' },
          { input: { body: tooLong(5_000) }, code: 'VALIDATION' },
        );
      },
    },
    'in an internal thread': {
      performer: 'legalReviewer',
      async prepare(env) {
        const thread = await threadOnOwnProposal(env, 'internal');
        return inputCall(
          'replyToThread',
          'ReplyToThreadInput',
          { threadId: globalIdOf('CommentThread', thread.id), body: '合法性方面无异议。' },
          { input: { threadId: globalIdOf('Comment', thread.id) }, code: 'VALIDATION' },
        );
      },
    },
  },

  setTyping: {
    'in a shared thread': {
      performer: 'ownDepartment',
      async prepare(env) {
        const thread = await threadOnOwnProposal(env, 'shared');
        return inputCall(
          'setTyping',
          'SetTypingInput',
          { proposalId: globalIdOf('Proposal', thread.proposalId), threadId: globalIdOf('CommentThread', thread.id), typing: true },
          { input: { threadId: globalIdOf('Proposal', thread.proposalId) }, code: 'VALIDATION' },
        );
      },
    },
  },

  editComment: {
    "the own department's comment": {
      performer: 'ownDepartment',
      async prepare(env) {
        const authorId = env.userIds.get(actorUsernames.ownDepartment)!;
        const [found] = await env.db
          .select({ id: comments.id, version: comments.version })
          .from(comments)
          .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
          .where(and(eq(comments.authorId, authorId), eq(commentThreads.visibility, 'shared')))
          .orderBy(asc(comments.id))
          .limit(1);
        const thread = found ? null : await newOwnThread(env);
        const comment: Versioned = found ?? { id: thread!.commentId, version: thread!.commentVersion };
        return inputCall(
          'editComment',
          'EditCommentInput',
          { commentId: globalIdOf('Comment', comment.id), body: unique('更正：依据为第十二条'), expectedVersion: comment.version },
          { input: { expectedVersion: staleVersion(comment.version) }, code: 'CONFLICT' },
        );
      },
    },
  },

  resolveThread: {
    "the own department's open thread": {
      performer: 'ownDepartment',
      async prepare(env) {
        const thread = await ownThread(env, false);
        return inputCall(
          'resolveThread',
          'ThreadStateInput',
          { threadId: globalIdOf('CommentThread', thread.id), expectedVersion: thread.version },
          { input: { threadId: globalIdOf('Proposal', thread.id) }, code: 'VALIDATION' },
        );
      },
    },
  },

  reopenThread: {
    "the own department's resolved thread": {
      performer: 'ownDepartment',
      async prepare(env) {
        const thread = await ownThread(env, true);
        return inputCall(
          'reopenThread',
          'ThreadStateInput',
          { threadId: globalIdOf('CommentThread', thread.id), expectedVersion: thread.version },
          { input: { expectedVersion: staleVersion(thread.version) }, code: 'CONFLICT' },
        );
      },
    },
  },

  openConsultation: {
    'a delegation at the consultation stage': {
      performer: 'coordinator',
      async prepare(env) {
        const p =
          (await ownProposal(env, at('consultation'), targetsDistrict(env.unitIds.targetDistrict), noOpenConsultation)) ??
          (await newDelegationAwaitingConsultation(env));
        const deadline = new Date(Date.now() + 14 * 24 * 3600_000).toISOString();
        return inputCall(
          'openConsultation',
          'OpenConsultationInput',
          { proposalId: globalIdOf('Proposal', p.id), deadline },
          // Past by the domain clock, whether it is the demo's story time (2019) or the real time.
          { input: { deadline: '2019-01-01T00:00:00.000Z' }, code: 'VALIDATION' },
        );
      },
    },
  },

  openConsultations: {
    'a delegation at the consultation stage, also asking another department': {
      performer: 'coordinator',
      async prepare(env) {
        const p =
          (await ownProposal(env, at('consultation'), targetsDistrict(env.unitIds.targetDistrict), noOpenConsultation)) ??
          (await newDelegationAwaitingConsultation(env));
        const deadline = new Date(Date.now() + 14 * 24 * 3600_000).toISOString();
        const [other] = await env.db.select({ id: units.id }).from(units).where(eq(units.code, otherDepartmentCode));
        return inputCall(
          'openConsultations',
          'OpenConsultationsInput',
          {
            deadline,
            items: [{ proposalId: globalIdOf('Proposal', p.id), departmentIds: [globalIdOf('Unit', other!.id)] }],
          },
          // The proposing department is never asked about its own proposal.
          {
            input: { items: [{ proposalId: globalIdOf('Proposal', p.id), departmentIds: [globalIdOf('Unit', env.unitIds.ownDepartment)] }] },
            code: 'VALIDATION',
          },
        );
      },
    },
  },

  answerConsultation: {
    "the target district's question": {
      performer: 'targetDistrict',
      async prepare(env) {
        const [feedback] = await env.db
          .select({ id: districtFeedback.id, version: districtFeedback.version })
          .from(districtFeedback)
          .innerJoin(consultations, eq(consultations.id, districtFeedback.consultationId))
          .innerJoin(proposals, eq(proposals.id, consultations.proposalId))
          .where(
            and(
              eq(districtFeedback.districtId, env.unitIds.targetDistrict),
              eq(consultations.status, 'open'),
              eq(proposals.submittingUnitId, env.unitIds.ownDepartment),
            ),
          )
          .orderBy(asc(districtFeedback.id))
          .limit(1);
        if (!feedback) throw new Error("The demo data has no open consultation of the target district on the own department's proposals");
        return inputCall(
          'answerConsultation',
          'AnswerConsultationInput',
          {
            feedbackId: globalIdOf('DistrictFeedback', feedback.id),
            stance: 'AGREE',
            capacityNotes: '区政务服务中心已具备承接条件。',
            expectedVersion: feedback.version,
          },
          { input: { capacityNotes: tooLong(5_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  updateHandover: {
    "the target district's handover": {
      performer: 'targetDistrict',
      async prepare(env) {
        const [handover] = await env.db
          .select({ id: handovers.id, version: handovers.version })
          .from(handovers)
          .innerJoin(proposals, eq(proposals.id, handovers.proposalId))
          .where(eq(handovers.districtId, env.unitIds.targetDistrict))
          .orderBy(desc(eq(proposals.submittingUnitId, env.unitIds.ownDepartment)), asc(handovers.id))
          .limit(1);
        if (!handover) throw new Error('The demo data has no handover of the target district');
        return inputCall(
          'updateHandover',
          'UpdateHandoverInput',
          { handoverId: globalIdOf('Handover', handover.id), notes: unique('已完成业务培训排期'), expectedVersion: handover.version },
          { input: { notes: tooLong(5_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  saveSelfEvaluation: {
    "the own unit's draft": {
      performer: 'ownDepartment',
      async prepare(env, actor) {
        const campaignId = await campaignInEvaluation(env);
        const draft = await selfEvaluationDraft(env, campaignId, (await unitOf(env, actor)) ?? 0);
        return inputCall(
          'saveSelfEvaluation',
          'SaveSelfEvaluationInput',
          { campaignId: globalIdOf('Campaign', campaignId), results: unique('取消3项、下放5项'), ...(draft ? { expectedVersion: draft.version } : {}) },
          { input: { problems: tooLong(5_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  submitSelfEvaluation: {
    "the own department's complete draft": {
      performer: 'ownDepartment',
      async prepare(env) {
        const campaignId = await campaignInEvaluation(env);
        const existing = await selfEvaluationDraft(env, campaignId, env.unitIds.ownDepartment);
        const form = { results: unique('取消3项'), applicantChanges: '时限压减一半', problems: '系统对接滞后', suggestions: '加强培训' };
        await run(env, 'ownDepartment', 'saveSelfEvaluation', 'SaveSelfEvaluationInput', { campaignId: globalIdOf('Campaign', campaignId), ...form, ...(existing ? { expectedVersion: existing.version } : {}) }, '');
        const draft = (await selfEvaluationDraft(env, campaignId, env.unitIds.ownDepartment))!;
        return inputCall(
          'submitSelfEvaluation',
          'SubmitSelfEvaluationInput',
          { evaluationId: globalIdOf('Evaluation', draft.id), expectedVersion: draft.version },
          { input: { expectedVersion: staleVersion(draft.version) }, code: 'CONFLICT' },
        );
      },
    },
  },

  recordAssessment: {
    'of the target district': {
      performer: 'observer',
      async prepare(env) {
        const campaignId = await campaignInEvaluation(env);
        const [assessment] = await env.db
          .select({ version: evaluations.version })
          .from(evaluations)
          .where(and(eq(evaluations.campaignId, campaignId), eq(evaluations.kind, 'third_party'), eq(evaluations.unitId, env.unitIds.targetDistrict)));
        return inputCall(
          'recordAssessment',
          'RecordAssessmentInput',
          {
            campaignId: globalIdOf('Campaign', campaignId),
            unitId: globalIdOf('Unit', env.unitIds.targetDistrict),
            score: 4,
            summary: unique('承接准备充分'),
            ...(assessment ? { expectedVersion: assessment.version } : {}),
          },
          { input: { score: 6 }, code: 'VALIDATION' },
        );
      },
    },
  },

  submitPublicComment: {
    'on a proposal put to the public': {
      performer: 'anonymous',
      async prepare(env) {
        const { campaignId, proposalId } = await openPublicConsultation(env);
        const challenge = await provenChallenge(env);
        return {
          ...inputCall(
            'submitPublicComment',
            'SubmitPublicCommentInput',
            {
              campaignId: globalIdOf('Campaign', campaignId),
              proposalId: globalIdOf('Proposal', proposalId),
              body: unique('建议下放后统一办理标准'),
              idempotencyKey: `fixture-${++sequence}-${Date.now()}`,
              ...challenge,
            },
            { input: { body: '   ' }, code: 'VALIDATION' },
          ),
          // The public is nobody the log names, whoever sends it.
          activityActor: null,
        };
      },
    },
  },

  moderatePublicComments: {
    'accept a comment with a reply': {
      performer: 'reviewer',
      async prepare(env) {
        const [comment] = await env.db
          .select({ id: publicComments.id })
          .from(publicComments)
          .where(and(eq(publicComments.campaignId, env.campaign.id), isNotNull(publicComments.proposalId)))
          .orderBy(asc(publicComments.id))
          .limit(1);
        return inputCall(
          'moderatePublicComments',
          'ModeratePublicCommentsInput',
          { commentIds: [globalIdOf('PublicComment', comment!.id)], decision: 'ACCEPT', reply: unique('感谢您的意见') },
          { input: { reply: tooLong(1000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  requestLicensingReports: {
    'the reports on 2019': {
      performer: 'coordinator',
      async prepare() {
        // A different deadline each time, so every call moves the pending reports.
        const day = String((++sequence % 28) + 1).padStart(2, '0');
        return inputCall(
          'requestLicensingReports',
          'RequestLicensingReportsInput',
          { year: 2019, deadline: `2020-04-${day}` },
          { input: { deadline: '2019-06-30' }, code: 'VALIDATION' },
        );
      },
    },
  },

  publishLicensingReport: {
    "the own department's pending report": {
      performer: 'ownDepartment',
      async prepare(env) {
        const report = await ownPendingReport(env);
        return inputCall(
          'publishLicensingReport',
          'PublishLicensingReportInput',
          { reportId: globalIdOf('LicensingReport', report.id), link: 'https://www.gz.gov.cn/scjgj/xzxk.html', publishedOn: `${report.year + 1}-02-01`, expectedVersion: report.version },
          { input: { link: 'ftp://example' }, code: 'VALIDATION' },
        );
      },
    },
  },

  claimPowerItem: {
    'an unclaimed item': {
      performer: 'ownDepartment',
      async prepare(env) {
        const [item] = await env.db
          .select({ id: powerItems.id })
          .from(powerItems)
          .where(
            and(
              isNull(powerItems.implementingUnitId),
              notExists(sql`(select 1 from ${powerItemClaims} where ${powerItemClaims.powerItemId} = ${powerItems.id})`),
            ),
          )
          .orderBy(asc(powerItems.id))
          .limit(1);
        if (!item) throw new Error('The demo data has no unclaimed item without claims left');
        return inputCall(
          'claimPowerItem',
          'ClaimPowerItemInput',
          { powerItemId: globalIdOf('PowerItem', item.id), reason: '该事项属本单位法定职责范围。' },
          { input: { reason: tooLong(2_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  settleClaim: {
    'a pending claim': {
      performer: 'coordinator',
      async prepare(env) {
        const [pending] = await env.db
          .select({ id: powerItemClaims.id, version: powerItemClaims.version })
          .from(powerItemClaims)
          .innerJoin(powerItems, eq(powerItems.id, powerItemClaims.powerItemId))
          .where(and(eq(powerItemClaims.status, 'pending'), isNull(powerItems.implementingUnitId)))
          .orderBy(asc(powerItemClaims.id))
          .limit(1);
        if (!pending) throw new Error('The demo data has no pending claim left');
        return inputCall(
          'settleClaim',
          'SettleClaimInput',
          { claimId: globalIdOf('PowerItemClaim', pending.id), grant: true, note: '经协调，由该单位实施。', expectedVersion: pending.version },
          { input: { note: tooLong(2_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  assignPowerItem: {
    'an unclaimed item nobody claimed': {
      performer: 'coordinator',
      async prepare(env) {
        const [item] = await env.db
          .select({ id: powerItems.id, version: powerItems.version })
          .from(powerItems)
          .where(
            and(
              isNull(powerItems.implementingUnitId),
              notExists(sql`(select 1 from ${powerItemClaims} where ${powerItemClaims.powerItemId} = ${powerItems.id})`),
            ),
          )
          .orderBy(desc(powerItems.id))
          .limit(1);
        if (!item) throw new Error('The demo data has no unclaimed item without claims left');
        return inputCall(
          'assignPowerItem',
          'AssignPowerItemInput',
          {
            powerItemId: globalIdOf('PowerItem', item.id),
            unitId: globalIdOf('Unit', env.unitIds.ownDepartment),
            reason: '经协调，该事项由本局实施。',
            expectedVersion: item.version,
          },
          { input: { reason: ' ' }, code: 'VALIDATION' },
        );
      },
    },
  },

  previewImport: {
    "the own department's power list": {
      performer: 'ownDepartment',
      async prepare(env, actor) {
        const client = uploadClient(env, actor, powerListCsv, 'list.csv');
        const input = { kind: 'POWER_ITEMS', unitId: globalIdOf('Unit', env.unitIds.ownDepartment) };
        return {
          document: mutationDocument('previewImport', 'PreviewImportInput'),
          variables: { input },
          client,
          invalid: { variables: { input: { ...input, sheet: '没有这个工作表' } }, client, code: 'VALIDATION' },
        };
      },
    },
  },

  remapImport: {
    'its own preview': {
      performer: 'ownDepartment',
      async prepare(env) {
        const importId = await ownPreview(env);
        return inputCall('remapImport', 'RemapImportInput', { importId, mapping: [{ field: 'basicCode', column: 'A' }, { field: 'name', column: 'B' }, { field: 'type', column: 'C' }, { field: 'legalBasis', column: 'D' }, { field: 'level', column: 'E' }] }, { input: { mapping: [{ field: 'name', column: 'B' }] }, code: 'VALIDATION' });
      },
    },
  },

  commitImport: {
    'its own preview': {
      performer: 'ownDepartment',
      async prepare(env) {
        const importId = await ownPreview(env);
        return inputCall('commitImport', 'CommitImportInput', { importId, expectedVersion: 1 }, { input: { expectedVersion: 99 }, code: 'CONFLICT' });
      },
    },
  },

  discardImport: {
    'its own preview': {
      performer: 'ownDepartment',
      async prepare(env) {
        const importId = await ownPreview(env);
        return inputCall('discardImport', 'DiscardImportInput', { importId }, { input: { importId: 'not-an-id' }, code: 'VALIDATION' });
      },
    },
  },

  commentOnHandover: {
    "the target district's handover": {
      performer: 'coordinator',
      async prepare(env) {
        const [handover] = await env.db
          .select({ id: handovers.id, version: handovers.version })
          .from(handovers)
          .where(eq(handovers.districtId, env.unitIds.targetDistrict))
          .orderBy(asc(handovers.id))
          .limit(1);
        if (!handover) throw new Error('The demo data has no handover of the target district');
        return inputCall(
          'commentOnHandover',
          'CommentOnHandoverInput',
          { handoverId: globalIdOf('Handover', handover.id), note: unique('请于月底前落实承接人员'), expectedVersion: handover.version },
          { input: { note: tooLong(2_000) }, code: 'VALIDATION' },
        );
      },
    },
  },

  sendReminders: {
    'the own department about its proposal': {
      performer: 'coordinator',
      async prepare(env) {
        const [proposal] = await env.db
          .select({ id: proposals.id })
          .from(proposals)
          .where(and(eq(proposals.campaignId, env.campaign.id), eq(proposals.submittingUnitId, env.unitIds.ownDepartment), ne(proposals.stage, 'draft')))
          .orderBy(asc(proposals.id))
          .limit(1);
        if (!proposal) throw new Error('The demo data has no submitted proposal of the own department');
        return inputCall(
          'sendReminders',
          'SendRemindersInput',
          {
            campaignId: env.campaign.globalId,
            channel: 'NOTICE',
            message: unique('请尽快反馈修改意见'),
            reminders: [{ recipientId: globalIdOf('Unit', env.unitIds.ownDepartment), subjectId: globalIdOf('Proposal', proposal.id) }],
          },
          { input: { reminders: [] }, code: 'VALIDATION' },
        );
      },
    },
  },

  acknowledgeReminders: {
    'a reminder to the own department': {
      performer: 'ownDepartment',
      async prepare(env) {
        // Sent afresh for every actor: a permitted call marks it seen, and a second would be refused.
        const [reminder] = await env.db
          .insert(reminders)
          .values({
            campaignId: env.campaign.id,
            recipientUnitId: env.unitIds.ownDepartment,
            subject: 'campaign',
            channel: 'notice',
            sentById: env.userIds.get(actorUsernames.coordinator)!,
            sentAt: new Date().toISOString(),
          })
          .returning({ id: reminders.id });
        return inputCall(
          'acknowledgeReminders',
          'AcknowledgeRemindersInput',
          { reminderIds: [globalIdOf('Reminder', reminder!.id)] },
          { input: { reminderIds: [] }, code: 'VALIDATION' },
        );
      },
    },
  },

  assignReviewers: {
    'a proposal under review': {
      performer: 'coordinator',
      async prepare(env) {
        const assigneeId = env.userIds.get(assigneeUsername)!;
        const p = await ownAt(
          'initial_review',
          notExists(
            sql`(select 1 from ${proposalAssignees} where ${proposalAssignees.proposalId} = ${proposals.id} and ${proposalAssignees.userId} = ${assigneeId})`,
          ),
        )(env);
        return inputCall(
          'assignReviewers',
          'AssignReviewersInput',
          { proposalIds: [globalIdOf('Proposal', p.id)], reviewerIds: [globalIdOf('User', assigneeId)] },
          { input: { reviewerIds: [globalIdOf('Proposal', p.id)] }, code: 'VALIDATION' },
          bulkOutcome('BulkAssignResult'),
        );
      },
    },
  },

  unassignReviewer: {
    'an assigned reviewer': {
      performer: 'coordinator',
      async prepare(env) {
        const [assigned] = await env.db
          .select({ proposalId: proposalAssignees.proposalId, userId: proposalAssignees.userId })
          .from(proposalAssignees)
          .innerJoin(proposals, eq(proposals.id, proposalAssignees.proposalId))
          .where(and(eq(proposals.submittingUnitId, env.unitIds.ownDepartment), or(at('initial_review'), at('recheck'))))
          .orderBy(asc(proposalAssignees.id))
          .limit(1);
        if (!assigned) throw new Error("The demo data has no assignee on the own department's proposals left");
        return inputCall(
          'unassignReviewer',
          'UnassignReviewerInput',
          { proposalId: globalIdOf('Proposal', assigned.proposalId), reviewerId: globalIdOf('User', assigned.userId) },
          { input: { reviewerId: globalIdOf('Unit', assigned.userId) }, code: 'VALIDATION' },
        );
      },
    },
  },
};

/** Every fixture as a flat list, in the order of the table above. */
export const fixtureCases = Object.entries(mutationFixtures).flatMap(([mutation, cases]) =>
  Object.entries(cases).map(([label, fixture]) => ({ mutation, label, fixture })),
);

/** The introspected Mutation fields, each with the payload type of its result union (the member that is not an Error). */
export async function introspectMutations(server: TestServer): Promise<Map<string, string>> {
  // Nested apart: graphql-js refuses introspection nested deeper than three levels of lists.
  const response = await server.graphql<{
    __schema: { mutationType: { fields: { name: string; type: { ofType: { name: string } } }[] } };
    errorTypes: { possibleTypes: { name: string }[] };
  }>(
    '{ __schema { mutationType { fields { name type { ofType { name } } } } } errorTypes: __type(name: "Error") { possibleTypes { name } } }',
  );
  if (!response.data) throw new Error(`Introspection failed: ${JSON.stringify(response.errors)}`);
  const errorTypes = new Set(response.data.errorTypes.possibleTypes.map((type) => type.name));
  const unions = await server.graphql<{ __schema: { types: { name: string; possibleTypes: { name: string }[] | null }[] } }>(
    '{ __schema { types { name possibleTypes { name } } } }',
  );
  const members = new Map(unions.data!.__schema.types.map((type) => [type.name, type.possibleTypes ?? []]));
  return new Map(
    response.data.__schema.mutationType.fields.map((field) => {
      const payloads = (members.get(field.type.ofType.name) ?? []).filter((type) => !errorTypes.has(type.name));
      if (payloads.length !== 1) {
        throw new Error(`${field.name} should have one payload type, has ${payloads.map((p) => p.name).join(', ')}`);
      }
      return [field.name, payloads[0]!.name];
    }),
  );
}

/** The tables whose changes a mutation may make besides its effect: login counts attempts and opens a session. */
export const bookkeepingTables = (mutation: string): string[] => (mutation === 'login' ? ['login_attempts', 'sessions'] : []);
