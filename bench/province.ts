/**
 * The province data set (issue 16): the demo city grown to 21 cities' worth on PostgreSQL, and the
 * review queue, its filters and counts, the dashboard and the key-task figures measured over HTTP
 * against the real server on it.
 *
 * The demo data is loaded once (seedDemoData), then copied 20 times in SQL, one INSERT … SELECT
 * per table over generate_series(1, 20): every city k gets its own departments and districts
 * (units), power items, proposals and all their child rows (target districts, assignees,
 * classification votes, review records, comment threads, comments and revisions, consultations
 * and district feedback, handovers, public comments, power-item history and claims) and activity
 * rows, with ids shifted by k × the table's largest id and every foreign key shifted with the row it
 * points to. The other cities join the same campaign: the province's lead office (the coordinator,
 * the reviewers, the legal reviewer, who are not copied) reviews one province-wide queue.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @devolve/bench province
 *       [--cities 21] [--requests 100] [--database province_bench] [--reuse] [--keep] [--only count,dashboard]
 *       [--planned]
 *
 * --reuse measures an already grown --database without loading it again; --keep leaves the
 * database in place at the end (both for looking at query plans); --planned answers the web's queue
 * page by planned execution (DEVOLVE_PLANNED_OPERATIONS), as the side-by-side harness does.
 */
import { migrateDatabase, openDatabase } from '@devolve/db';
import { seedDemoData } from '@devolve/server/seed';
import { startTestServer, type GraphQLClient } from '@devolve/test/support/server';
import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { ConsoleKeyTasksQuery } from '../web/src/campaign/progress-query.ts';
import { CampaignLiveQuery, KeyTaskQuery } from '../web/src/dashboard/dashboard-query.ts';
import { GroupCountsQuery, GroupProposalsQuery } from '../web/src/department/department-query.ts';
import { groupFilter } from '../web/src/department/groups.ts';
import { DistrictProposalsQuery } from '../web/src/district/district-query.ts';
import { CampaignsQuery, DepartmentsQuery, QueueCountQuery, QueueCursorsQuery, QueuePageQuery } from '../web/src/review/queue-query.ts';
import { sentText } from '../web/src/sent-text.ts';
import { loadAverage, percentile } from './stats.ts';

const options = new Command()
  .option('--cities <n>', 'cities in the province (the demo is one)', (v) => Number.parseInt(v, 10), 21)
  .option('--requests <n>', 'timed requests per query, after 10 to warm up', (v) => Number.parseInt(v, 10), 100)
  .option('--database <name>', 'the database to build (dropped first) or reuse', 'province_bench')
  .option('--reuse', 'measure the already grown --database, without loading it')
  .option('--keep', 'leave the database in place at the end')
  .option('--only <words>', 'measure only the figures whose label contains one of these (comma-separated)', (v) => v.split(','))
  .option('--planned', "answer the web's queue page by planned execution (DEVOLVE_PLANNED_OPERATIONS, a prototype, off by default)")
  .parse()
  .opts<{ cities: number; requests: number; database: string; reuse?: boolean; keep?: boolean; only?: string[]; planned?: boolean }>();

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('The province benchmark runs on PostgreSQL: set DATABASE_URL.');
if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) throw new Error(`--database must be a plain lower-case name, not ${options.database}`);
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${options.database}` }).toString();

/** The unit kinds each city has of its own; the lead office, review body and evaluator are the province's. */
const cityUnitKinds = ['department', 'district'];

/**
 * The tables copied per city, parents before children. `units` is copied only for `cityUnitKinds`;
 * users, campaigns, key tasks and the rest stay as they are (rows pointing at them keep pointing at them).
 */
const copiedTables = [
  'units',
  'power_items',
  'power_item_changes',
  'power_item_claims',
  'proposals',
  'proposal_assignees',
  'proposal_districts',
  'classification_votes',
  'review_records',
  'comment_threads',
  'comments',
  'comment_revisions',
  'consultations',
  'district_feedback',
  'handovers',
  'public_comments',
  'activity',
] as const;
type CopiedTable = (typeof copiedTables)[number];

/** Filled by the proposals' insert trigger as the copies go in (migration search-grams). */
const searchTables = ['search_texts', 'search_grams', 'proposal_search_texts'];

/** Filled by the proposals' tally triggers (migration proposal-tallies). */
const talliesTables = ['proposal_tallies', 'proposal_unit_tallies'];

/** Unique text columns: each copy gets the city's number as a suffix. */
const suffixedColumns: Partial<Record<CopiedTable, string[]>> = {
  units: ['code'],
  power_items: ['basic_code'],
  public_comments: ['idempotency_key', 'challenge'],
};

/** Which table an activity row's `entity_id` points into, by its `entity_type` (the others are not copied). */
const activityEntityTables: Record<string, CopiedTable> = {
  power_item: 'power_items',
  power_item_claim: 'power_item_claims',
  proposal: 'proposals',
  comment_thread: 'comment_threads',
  comment: 'comments',
  review_record: 'review_records',
  classification_vote: 'classification_votes',
  consultation: 'consultations',
  district_feedback: 'district_feedback',
  handover: 'handovers',
  public_comment: 'public_comments',
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Grows the seeded database to `cities` cities in one transaction; returns the statements' times.
 * Ids of city k (1 … cities − 1) are the original's plus k × the table's largest id, so every
 * copy is distinct and every reference can be shifted without a lookup.
 */
async function grow(sql: postgres.Sql, cities: number): Promise<{ table: string; ms: number; rows: number }[]> {
  const copied = new Set<string>(copiedTables);
  const columns = await sql<{ table_name: string; column_name: string }[]>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and table_name = any(${[...copiedTables]}) and is_generated = 'NEVER'
    order by table_name, ordinal_position`;
  const foreignKeys = await sql<{ table_name: string; column_name: string; target: string }[]>`
    select c.conrelid::regclass::text as table_name, a.attname as column_name, c.confrelid::regclass::text as target
    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and cardinality(c.conkey) = 1 and c.conrelid::regclass::text = any(${[...copiedTables]})`;
  const offsets = new Map<string, number>();
  const hasId = new Set(columns.filter((c) => c.column_name === 'id').map((c) => c.table_name));
  for (const table of hasId) {
    const [row] = await sql.unsafe<{ max: number }[]>(`select coalesce(max(id), 0)::int as max from ${quote(table)}`);
    offsets.set(table, row!.max);
  }
  const cityUnits = (await sql<{ id: number }[]>`select id from units where kind::text = any(${cityUnitKinds}) order by id`).map((u) => u.id);
  const shifted = (column: string, table: string) => `${column} + city.k * ${offsets.get(table)!}`;
  const unitOf = (column: string) => `case when ${column} = any('{${cityUnits.join(',')}}'::int[]) then ${shifted(column, 'units')} else ${column} end`;
  const reference = (column: string, target: string) => {
    if (target === 'units') return unitOf(column);
    return copied.has(target) ? shifted(column, target) : column;
  };

  // Bulk-load practice: the copies go in without the secondary indexes and foreign keys of the
  // copied tables, which are then rebuilt in one pass each (re-adding a foreign key checks every row
  // in one join, as the per-row triggers would have one by one). Unique indexes stay, guarding the copies.
  const indexes = await sql<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i where i.indrelid::regclass::text = any(${[...copiedTables]}) and not i.indisunique`;
  const constraints = await sql<{ table_name: string; name: string; definition: string }[]>`
    select conrelid::regclass::text as table_name, conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where contype = 'f' and conrelid::regclass::text = any(${[...copiedTables]})`;

  const timings: { table: string; ms: number; rows: number }[] = [];
  await sql.begin(async (tx) => {
    await tx.unsafe(`set local maintenance_work_mem = '256MB'`);
    for (const { table_name, name } of constraints) await tx.unsafe(`alter table ${quote(table_name)} drop constraint ${quote(name)}`);
    for (const { name } of indexes) await tx.unsafe(`drop index ${quote(name)}`);
    for (const table of copiedTables) {
      const tableColumns = columns.filter((c) => c.table_name === table).map((c) => c.column_name);
      const expressions = tableColumns.map((column) => {
        const source = `t.${quote(column)}`;
        if (column === 'id') return shifted(source, table);
        if (suffixedColumns[table]?.includes(column)) return `${source} || '-' || (city.k + 1)`;
        if (table === 'activity' && column === 'entity_id') {
          const cases = Object.entries(activityEntityTables).map(([type, target]) => `when '${type}' then ${shifted(source, target)}`);
          return `case t.entity_type ${cases.join(' ')} else ${source} end`;
        }
        if (table === 'activity' && column === 'proposal_id') return shifted(source, 'proposals');
        if (table === 'activity' && column === 'district_id') return unitOf(source);
        if (table === 'units' && (column === 'name' || column === 'short_name')) return `${source} || (city.k + 1)`;
        const foreignKey = foreignKeys.find((f) => f.table_name === table && f.column_name === column);
        return foreignKey ? reference(source, foreignKey.target) : source;
      });
      const where = table === 'units' ? `where t.kind::text in (${cityUnitKinds.map((k) => `'${k}'`).join(', ')})` : '';
      const started = performance.now();
      const result = await tx.unsafe(
        `insert into ${quote(table)} (${tableColumns.map(quote).join(', ')}) overriding system value
         select ${expressions.join(', ')} from ${quote(table)} t cross join generate_series(1, ${cities - 1}) as city(k) ${where}`,
      );
      timings.push({ table, ms: performance.now() - started, rows: result.count });
    }
    let stepStarted = performance.now();
    for (const { definition } of indexes) await tx.unsafe(definition);
    timings.push({ table: `(${indexes.length} indexes rebuilt)`, ms: performance.now() - stepStarted, rows: 0 });
    stepStarted = performance.now();
    for (const { table_name, name, definition } of constraints) {
      await tx.unsafe(`alter table ${quote(table_name)} add constraint ${quote(name)} ${definition}`);
    }
    timings.push({ table: `(${constraints.length} foreign keys checked)`, ms: performance.now() - stepStarted, rows: 0 });
    // Identity columns do not see rows inserted with their ids given: start them after the copies.
    for (const table of hasId) {
      await tx.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${quote(table)}))`);
    }
  });
  return timings;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

if (!options.reuse) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${options.database} with (force)`);
  await admin.unsafe(`create database ${options.database}`);
  await admin.end();
  const opened = await openDatabase({ url: databaseUrl });
  try {
    await migrateDatabase(opened);
    let started = performance.now();
    await seedDemoData(opened.db);
    const seedMs = performance.now() - started;
    const sql = opened.postgresClient!;
    started = performance.now();
    const timings = await grow(sql, options.cities);
    const growMs = performance.now() - started;
    started = performance.now();
    // As a database that grew over a year would be: statistics current and the visibility map set
    // (index-only scans), rather than 1.4 M rows the planner has not seen.
    // The copies added a tally row per group and city; the server's job folds them within a minute.
    await sql.unsafe('select compact_proposal_tallies()');
    await sql.unsafe(`vacuum (analyze) ${[...copiedTables, ...searchTables, ...talliesTables].map(quote).join(', ')}`);
    const vacuumMs = performance.now() - started;
    console.log(`Province data set, ${options.cities} cities, database ${options.database} (load average ${loadAverage()}):`);
    console.log(`  demo seed ${seconds(seedMs)}; growth ${seconds(growMs)} + vacuum analyze ${seconds(vacuumMs)} = ${seconds(growMs + vacuumMs)}`);
    for (const { table, ms, rows } of timings) {
      console.log(`    ${table.padEnd(28)} ${rows ? `+${rows.toLocaleString('en').padStart(10)} rows` : ''.padStart(16)}  ${seconds(ms)}`);
    }
  } finally {
    await opened.close();
  }
}

// ---- Measuring over HTTP ----

// The web app's own documents, as its client sends them (never a copy that could drift).
const queuePageQuery = sentText(QueuePageQuery);
const queueCursorsQuery = sentText(QueueCursorsQuery);
const queueCountQuery = sentText(QueueCountQuery);
const queueCampaignsQuery = sentText(CampaignsQuery);
const queueDepartmentsQuery = sentText(DepartmentsQuery);
const campaignLiveQuery = sentText(CampaignLiveQuery);
const keyTaskQuery = sentText(KeyTaskQuery);
const consoleKeyTasksQuery = sentText(ConsoleKeyTasksQuery);
const groupCountsQuery = sentText(GroupCountsQuery);
const groupProposalsQuery = sentText(GroupProposalsQuery);
const districtProposalsQuery = sentText(DistrictProposalsQuery);

interface Figure {
  label: string;
  statements: number;
  rows: number | null;
  server: [number, number];
  client: [number, number];
}

async function measure(client: GraphQLClient, label: string, query: string, variables: Record<string, unknown> = {}): Promise<Figure> {
  const run = async () => {
    const response = await client.graphql<{ proposals?: { totalCount: number } }>(query, variables);
    if (response.errors) throw new Error(`${label}: ${JSON.stringify(response.errors)}`);
    return response;
  };
  for (let i = 0; i < 10; i += 1) await run();
  const serverMs: number[] = [];
  const clientMs: number[] = [];
  let last: Awaited<ReturnType<typeof run>> | undefined;
  for (let i = 0; i < options.requests; i += 1) {
    const started = performance.now();
    last = await run();
    clientMs.push(performance.now() - started);
    // A planned answer is one statement built in SQL, without the query statistics of execution.
    if (last.extensions?.queryStats) serverMs.push(last.extensions.queryStats.serverMs);
  }
  serverMs.sort((a, b) => a - b);
  clientMs.sort((a, b) => a - b);
  const figure: Figure = {
    label,
    statements: last!.extensions?.queryStats?.statements ?? Number.NaN,
    rows: last!.data?.proposals?.totalCount ?? null,
    server: serverMs.length ? [percentile(serverMs, 50), percentile(serverMs, 95)] : [Number.NaN, Number.NaN],
    client: [percentile(clientMs, 50), percentile(clientMs, 95)],
  };
  const f = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(1)).padStart(6);
  const over = figure.client[1] > 50 ? '  OVER 50 ms' : '';
  console.log(
    `  ${label.padEnd(40)} ${(Number.isNaN(figure.statements) ? '–' : String(figure.statements)).padStart(3)} stmts ${(figure.rows?.toLocaleString('en') ?? '').padStart(8)}   server ${f(figure.server[0])} / ${f(figure.server[1])}   client ${f(figure.client[0])} / ${f(figure.client[1])}${over}`,
  );
  return figure;
}

// Planned: the queue page's document as the web sends it, persisted (server/src/planned/).
let plannedOperations: string | undefined;
if (options.planned) {
  plannedOperations = path.join(mkdtempSync(path.join(tmpdir(), 'devolve-province-')), 'persisted.json');
  writeFileSync(plannedOperations, JSON.stringify([queuePageQuery]));
}
const server = await startTestServer({ databaseUrl, config: { plannedOperations } });
try {
  const reviewer = await server.signIn('reviewer1');
  const coordinator = await server.signIn('coordinator');
  const ids = await reviewer.graphql<{
    campaign: { id: string };
    me: { user: { id: string } };
  }>('{ campaign(year: 2019) { id } me { user { id } } }');
  const campaignId = ids.data!.campaign.id;
  // The unit and district filters take a department and a district of the last city (the newest
  // delegation's, ties going to the highest id): their selectivity is one city's share.
  const delegation = await reviewer.graphql<{
    proposals: { nodes: { submittingUnit: { id: string; shortName: string }; targetDistricts: { id: string; shortName: string }[] }[] };
  }>(
    'query($campaignId: ID!) { proposals(first: 1, filter: { campaignId: $campaignId, actions: [DELEGATE] }, orderBy: NEWEST) { nodes { submittingUnit { id shortName } targetDistricts { id shortName } } } }',
    { campaignId },
  );
  const department = delegation.data!.proposals.nodes[0]!.submittingUnit;
  const district = delegation.data!.proposals.nodes[0]!.targetDistricts[0]!;
  const page = (filter: Record<string, unknown>, orderBy = 'OLDEST') => ({ filter: { campaignId, ...filter }, orderBy });
  const far = await reviewer.graphql<{ proposals: { pageInfo: { endCursor: string } } }>(queueCursorsQuery, page({}));
  const classified = await reviewer.graphql<{ campaigns: { nodes: { year: number; classificationOptions: { code: string }[] }[] } }>(queueCampaignsQuery);
  const classification = classified.data!.campaigns.nodes.find((c) => c.year === 2019)!.classificationOptions[0]!.code;

  console.log(
    `\nOver HTTP, ${options.requests} sequential requests each after 10 to warm up; ms p50 / p95 (load average ${loadAverage()}):`,
  );
  const figures: Figure[] = [];
  const add = async (...args: Parameters<typeof measure>) => {
    if (!options.only || options.only.some((word) => args[1].includes(word))) figures.push(await measure(...args));
  };
  console.log(' reviewer1, the queue (QueuePage, 100 rows):');
  await add(reviewer, 'whole campaign, oldest first', queuePageQuery, page({}));
  await add(reviewer, 'newest first', queuePageQuery, page({}, 'NEWEST'));
  await add(reviewer, 'recently updated first', queuePageQuery, page({}, 'RECENTLY_UPDATED'));
  await add(reviewer, 'second page (after a cursor)', queuePageQuery, { ...page({}), after: far.data!.proposals.pageInfo.endCursor });
  await add(reviewer, 'stage = initial review', queuePageQuery, page({ stages: ['INITIAL_REVIEW'] }));
  await add(reviewer, 'stages = recheck, approval', queuePageQuery, page({ stages: ['RECHECK', 'APPROVAL'] }));
  await add(reviewer, 'status = returned', queuePageQuery, page({ statuses: ['RETURNED'] }));
  await add(reviewer, 'action = delegate', queuePageQuery, page({ actions: ['DELEGATE'] }));
  await add(reviewer, 'power type = licensing', queuePageQuery, page({ powerTypes: ['LICENSING'] }));
  await add(reviewer, `unit = ${department.shortName}`, queuePageQuery, page({ unitId: department.id }));
  await add(reviewer, `target district = ${district.shortName}`, queuePageQuery, page({ targetDistrictId: district.id }));
  await add(reviewer, `classification = ${classification}`, queuePageQuery, page({ classification }));
  await add(reviewer, 'not classified yet', queuePageQuery, page({ classification: '' }));
  await add(reviewer, 'assignee = reviewer1', queuePageQuery, page({ assigneeId: ids.data!.me.user.id }));
  await add(reviewer, 'assigned to me', queuePageQuery, page({ assignedToMe: true }));
  await add(reviewer, 'unanswered public comments', queuePageQuery, page({ hasUnansweredPublicComments: true }));
  await add(reviewer, 'search 许可', queuePageQuery, page({ search: '许可' }));
  await add(reviewer, 'search 许', queuePageQuery, page({ search: '许' }));
  await add(reviewer, 'search 食品经营', queuePageQuery, page({ search: '食品经营' }));
  await add(reviewer, 'search 消防', queuePageQuery, page({ search: '消防' }));
  await add(reviewer, 'delegations in consultation, newest', queuePageQuery, page({ stages: ['CONSULTATION'], actions: ['DELEGATE'] }, 'NEWEST'));
  console.log(' reviewer1, the queue\'s other reads:');
  await add(reviewer, 'cursors only (QueueCursors)', queueCursorsQuery, page({}));
  await add(reviewer, 'count, whole campaign (QueueCount)', queueCountQuery, { filter: { campaignId } });
  await add(reviewer, 'count, stage = initial review', queueCountQuery, { filter: { campaignId, stages: ['INITIAL_REVIEW'] } });
  await add(reviewer, 'campaigns with proposal counts', queueCampaignsQuery);
  await add(reviewer, 'departments (unit filter)', queueDepartmentsQuery);
  console.log(' coordinator, the dashboard and key tasks:');
  await add(coordinator, 'dashboard figures and counts (CampaignLive)', campaignLiveQuery, { campaignId });
  await add(coordinator, 'key task 2019/20 (dashboard)', keyTaskQuery, { year: 2019, number: 20 });
  await add(coordinator, 'key tasks with figures (ConsoleKeyTasks)', consoleKeyTasksQuery, { year: 2019 });
  // The portals, as the first city's department and district see them: their read rules count rows.
  console.log(' a department (gz-scjgj) and a district (district-440106), their portals:');
  const [departmentUser, districtUser] = await Promise.all([server.signIn('gz-scjgj'), server.signIn('district-440106')]);
  const units = await Promise.all(
    [departmentUser, districtUser].map(async (client) => (await client.graphql<{ me: { user: { unit: { id: string } } } }>('{ me { user { unit { id } } } }')).data!.me.user.unit.id),
  );
  const group = (name: Parameters<typeof groupFilter>[0]) => groupFilter(name, campaignId, units[0]!);
  await add(departmentUser, 'department group counts', groupCountsQuery, {
    drafts: group('drafts'),
    returned: group('returned'),
    confirm: group('confirm'),
    inReview: group('inReview'),
    decided: group('decided'),
    withdrawn: group('withdrawn'),
  });
  await add(departmentUser, 'department group, in review', groupProposalsQuery, { filter: group('inReview') });
  await add(departmentUser, 'department group, decided, search 许可', groupProposalsQuery, { filter: { ...group('decided'), search: '许可' } });
  await add(departmentUser, 'department group, in review, search 食品', groupProposalsQuery, { filter: { ...group('inReview'), search: '食品' } });
  await add(districtUser, 'district delegations', districtProposalsQuery, { districtId: units[1] });
  const over = figures.filter((f) => f.client[1] > 50);
  console.log(`\n${over.length} of ${figures.length} over 50 ms p95 (client)${over.length ? `: ${over.map((f) => f.label).join('; ')}` : ''}; load average ${loadAverage()}`);
} finally {
  await server.close();
  if (!options.keep) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${options.database} with (force)`);
    await admin.end();
  }
}
