import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../context.ts';
import { DevolveError, ForbiddenError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { originAllowed } from '../http/origins.ts';
import type { Lang } from './labels.ts';
import { exportLists, type Row } from './lists.ts';
import { officialDocx, readOfficialLists, writeOfficialXlsx } from './official.ts';
import { listRows } from './rows.ts';
import { ClientGone, contentTypes, csvWriter, xlsxWriter, type ExportFormat, type TableWriter } from './writers.ts';

/**
 * GET /exports/<list>.xlsx|.csv?filter=<ProposalFilter etc. as JSON>&orderBy=…&lang=zh|en, and
 * GET /exports/official-lists.xlsx|.docx?campaignId=<id>: downloads a browser can follow as a
 * plain link. The viewer comes from the session cookie or a bearer token, as for /graphql; the
 * rows come from the list's GraphQL field (rows.ts), so filter, read policy and order are the
 * list's own. Nothing changes, so no CSRF header is asked for; a page of a foreign origin is
 * refused (origins.ts) and no CORS header is ever sent, so no other site can read a file.
 */

const statusOf: Record<string, number> = { VALIDATION: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };
const officialFormats = { xlsx: contentTypes.xlsx, docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

function fail(res: ServerResponse, error: DevolveError): void {
  res.writeHead(statusOf[error.code] ?? 400, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] }));
}

function attachment(res: ServerResponse, contentType: string, name: string, title: string, format: string): void {
  res.writeHead(200, {
    'content-type': contentType,
    // An ASCII name for old clients, the Chinese title for the rest (RFC 6266).
    'content-disposition': `attachment; filename="${name}.${format}"; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  // The download starts now, before the first page of rows is read from the database again.
  res.flushHeaders();
}

/** The query's variables: the list's own parameters (filter as JSON), each at most once; anything else is refused. */
function readParams(search: URLSearchParams, allowed: readonly string[]): { lang: Lang; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  let lang: Lang = 'zh';
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    if (values.length > 1) throw new ValidationError(key, `参数 ${key} 只能出现一次`, `Give ${key} once`);
    const value = values[0]!;
    if (key === 'lang') {
      if (value !== 'zh' && value !== 'en') throw new ValidationError('lang', 'lang 只能是 zh 或 en', 'lang must be zh or en');
      lang = value;
    } else if (!allowed.includes(key)) {
      throw new ValidationError(key, `未知参数：${key}（可用：${allowed.join('、')}、lang）`, `Unknown parameter ${key} (allowed: ${[...allowed, 'lang'].join(', ')})`);
    } else if (key === 'filter') {
      try {
        variables.filter = JSON.parse(value) as unknown;
      } catch {
        throw new ValidationError('filter', 'filter 须为 JSON 对象', 'filter must be a JSON object');
      }
    } else {
      variables[key] = value;
    }
  }
  return { lang, variables };
}

async function exportList(ctx: Context, res: ServerResponse, name: string, format: ExportFormat, search: URLSearchParams): Promise<void> {
  const list = exportLists.get(name)!;
  if (!ctx.viewer) throw new UnauthenticatedError();
  const { lang, variables } = readParams(search, list.params);
  const rows = listRows(ctx, list, variables);
  // The first page before the answer starts, so a bad filter is still a 400.
  const first = await rows.next();
  const columns = list.columns.map((column) => ({ header: column[lang], width: column.width, kind: column.kind }));
  attachment(res, contentTypes[format], list.name, list.sheet[lang], format);
  const writer: TableWriter = format === 'xlsx' ? xlsxWriter(res, list.sheet[lang], columns) : csvWriter(res, columns);
  const cells = (page: Row[]) => page.map((row) => list.columns.map((column) => column.value(row, lang)));
  if (!first.done) await writer.write(cells(first.value));
  for await (const page of rows) await writer.write(cells(page));
  await writer.end();
}

async function exportOfficial(ctx: Context, res: ServerResponse, format: keyof typeof officialFormats, search: URLSearchParams): Promise<void> {
  const { variables } = readParams(search, ['campaignId']);
  if (typeof variables.campaignId !== 'string') throw new ValidationError('campaignId', '请指定 campaignId', 'Give the campaignId');
  const lists = await readOfficialLists(ctx, variables.campaignId);
  if (format === 'docx') {
    const document = await officialDocx(lists);
    attachment(res, officialFormats.docx, 'official-lists', lists.title, format);
    res.end(document);
  } else {
    attachment(res, officialFormats.xlsx, 'official-lists', lists.title, format);
    await writeOfficialXlsx(lists, res);
    res.end();
  }
}

const pathPattern = /^\/exports\/([a-z-]+)\.([a-z]+)$/;

/** Serves /exports/…; `contextFor` builds the same context /graphql's resolvers get. */
export function exportsHandler(allowedOrigins: ReadonlySet<string>, contextFor: (request: Request, req: IncomingMessage) => Promise<Context>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, name = '', format = ''] = pathPattern.exec(url.pathname) ?? [];
    const isOfficial = name === 'official-lists' && format in officialFormats;
    if (!isOfficial && !(exportLists.has(name) && format in contentTypes)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No such export\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    try {
      if (!originAllowed(req.headers.origin, req.headers.host, allowedOrigins)) {
        throw new ForbiddenError('不接受来自该网站的请求', 'Requests from pages of this origin are not accepted');
      }
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
      const ctx = await contextFor(new Request(new URL(req.url ?? '/', 'http://localhost'), { headers }), req);
      if (isOfficial) await exportOfficial(ctx, res, format as keyof typeof officialFormats, url.searchParams);
      else await exportList(ctx, res, name, format as ExportFormat, url.searchParams);
    } catch (error) {
      if (!res.headersSent && error instanceof DevolveError) return fail(res, error);
      if (error instanceof ClientGone) return;
      // A failure after the download started cannot change its status: the cut connection tells the browser.
      res.destroy();
      throw error;
    }
  };
}
