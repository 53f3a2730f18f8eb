/**
 * The raw-SQL floor for bench/side-by-side.ts: a node:http server that answers the review queue's
 * first page (50 rows, the web's QueuePage selection as its client sends it, `__typename` in every
 * object) with the JSON Devolve returns for it, built
 * by PostgreSQL in one hand-written statement and passed through as text. No GraphQL, no session:
 * the reviewer's read rule (the team reads every submitted proposal and all its threads) is
 * written into the statement. It also starts comment threads, one statement each, writing what
 * Devolve's startCommentThread writes. Prints "listening on <url>" once up.
 *
 *   DATABASE_URL=… node --import tsx bench/peers/raw-floor.ts
 *   GET /queue?campaign=<row id>      POST /thread {"proposalId", "authorId", "body"}: the thread's id
 */
import { createServer, type ServerResponse } from 'node:http';
import { powerTypes } from '@devolve/db';
import postgres from 'postgres';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('Set DATABASE_URL.');

// The same pool size as Devolve's client; UTC so cursors and dates read as Devolve writes them.
const sql = postgres(databaseUrl, { max: 10, connection: { TimeZone: 'UTC', jit: 'off' } });

/** Devolve's global id: base64 of `Type:<row id>` (server/src/ids.ts). */
const globalId = (type: string, column: string) => `replace(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), E'\\n', '')`;
/** Devolve's DateTime: ISO 8601 in UTC with milliseconds. */
const isoTime = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** The GraphQL enum value of a PostgreSQL enum's label. */
const enumValue = (column: string) => `upper(${column}::text)`;
/** Devolve's cursor of the OLDEST order: `DC:T:["S:<submission order>","N:<id>"]` in base64. */
const cursor = `replace(encode(convert_to('DC:T:["S:' || p.submission_order::text || '","N:' || p.id || '"]', 'UTF8'), 'base64'), E'\\n', '')`;
/** power_items.type_code to the PowerType enum value, a constant of the statement. */
const powerTypeKey = `case p.power_type_code ${powerTypes.map((type) => `when '${type.code}' then '${type.key}'`).join(' ')} end`;

const reviewerReads = `p.campaign_id = $1 and p.stage <> 'draft'`;
const pageSize = 50;

const queueStatement = `
  with page as (
    select p.* from proposals p where ${reviewerReads}
    order by p.submission_order, p.id limit ${pageSize + 1}
  ), shown as (
    select * from page order by submission_order, id limit ${pageSize}
  )
  select json_build_object('data', json_build_object(
    'logPosition', (select coalesce(max(id), 0) from activity),
    'proposals', json_build_object(
      'totalCount', (select count(*) from proposals p where ${reviewerReads}),
      'pageInfo', json_build_object(
        'endCursor', (select ${cursor} from shown p order by submission_order desc, id desc limit 1),
        'hasNextPage', (select count(*) > ${pageSize} from page),
        '__typename', 'PageInfo'
      ),
      'edges', coalesce((select json_agg(json_build_object('cursor', ${cursor}, '__typename', 'QueryProposalsConnectionEdge') order by p.submission_order, p.id) from shown p), '[]'),
      'nodes', coalesce((
        select json_agg(json_build_object(
          'id', ${globalId('Proposal', 'p.id')},
          'version', p.version,
          'action', ${enumValue('p.action')},
          'stage', ${enumValue('p.stage')},
          'status', ${enumValue('p.status')},
          'powerType', ${powerTypeKey},
          'proposedItemName', p.proposed_item_name,
          'openThreadCount', (select count(*) from comment_threads t where t.proposal_id = p.id and not t.resolved),
          'updatedAt', ${isoTime('p.updated_at')},
          'submittedAt', ${isoTime('p.submitted_at')},
          'powerItem', case when i.id is null then null else json_build_object(
            'id', ${globalId('PowerItem', 'i.id')}, 'basicCode', i.basic_code, 'name', i.name, 'subItemName', i.sub_item_name, '__typename', 'PowerItem') end,
          'submittingUnit', json_build_object('id', ${globalId('Unit', 'u.id')}, 'shortName', u.short_name, 'name', u.name, '__typename', 'Unit'),
          'targetDistricts', coalesce((
            select json_agg(json_build_object('id', ${globalId('Unit', 'd.id')}, 'shortName', d.short_name, '__typename', 'Unit') order by d.code)
            from proposal_districts pd join units d on d.id = pd.district_id where pd.proposal_id = p.id), '[]'),
          'assignees', coalesce((
            select json_agg(json_build_object('id', ${globalId('User', 'a.id')}, 'displayName', a.display_name, '__typename', 'User') order by a.id)
            from proposal_assignees pa join users a on a.id = pa.user_id where pa.proposal_id = p.id), '[]'),
          '__typename', 'Proposal'
        ) order by p.submission_order, p.id)
        from shown p left join power_items i on i.id = p.power_item_id join units u on u.id = p.submitting_unit_id
      ), '[]'),
      '__typename', 'QueryProposalsConnection'
    )
  ))::text as body`;

/** Answers with the statement's one text column, or 500 (logged) if it fails. */
function answer(response: ServerResponse, statement: string, parameters: (number | string)[], contentType: string) {
  sql
    .unsafe<{ body: string }[]>(statement, parameters, { prepare: true })
    .then(([row]) => {
      response.writeHead(200, { 'content-type': contentType }).end(row!.body);
    })
    .catch((error: unknown) => {
      console.error(error);
      response.writeHead(500).end();
    });
}

/** The peers' comment-thread write (bench/peers/start-thread.sql): the same rows and lock as Devolve's. */
const startThreadStatement = 'select peer_start_comment_thread($1, $2, $3)::text as body';

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://floor');
  if (request.method === 'GET' && url.pathname === '/queue') {
    const campaignId = Number(url.searchParams.get('campaign'));
    if (!Number.isSafeInteger(campaignId)) return void response.writeHead(400).end();
    return answer(response, queueStatement, [campaignId], 'application/json; charset=utf-8');
  }
  if (request.method === 'POST' && url.pathname === '/thread') {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      const { proposalId, authorId, body } = JSON.parse(text) as { proposalId: number; authorId: number; body: string };
      answer(response, startThreadStatement, [proposalId, authorId, body], 'text/plain');
    });
    return;
  }
  response.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The floor listens on TCP.');
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => {
  server.close();
  void sql.end().then(() => process.exit(0));
});
