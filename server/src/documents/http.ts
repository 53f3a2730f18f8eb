import type { Database } from '@devolve/db';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveViewer } from '../accounts/credentials.ts';
import { hasRole } from '../accounts/permissions.ts';
import type { Clock } from '../clock.ts';
import { keyTaskReportDocx, loadKeyTaskReport, reportFileName } from './key-task-report.ts';

/**
 * Documents over plain HTTP GET, for a browser's download link: `/documents/key-tasks/2019/20.docx`
 * gives key task 20 of 2019 as its quarterly report. Signed in (the session cookie or an API
 * token, as GraphQL reads them), else 401; the progress read policy decides which entries it
 * holds: published ones for everyone, drafts (with `?drafts=1`) for the coordinator only. An
 * unknown task answers 404, a malformed path or parameter 400; nothing a client sends makes a 500.
 */

export const isDocumentPath = (pathname: string): boolean => pathname === '/documents' || pathname.startsWith('/documents/');

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const keyTaskPath = /^\/documents\/key-tasks\/(\d{4})\/(\d{1,3})\.docx$/;

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(`${text}\n`);
}

/** The fetch Request resolveViewer reads credentials from, built from Node's request. */
function credentialsRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const name of ['cookie', 'authorization']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request('http://localhost/', { headers });
}

/** Serves one request under /documents/. */
export function documentRoutes(db: Database, clock: Clock) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string, search: URLSearchParams): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    if (!pathname.startsWith('/documents/key-tasks/')) return plain(res, 404, '未找到该文档 Not found');
    const match = keyTaskPath.exec(pathname);
    const drafts = search.get('drafts');
    if (!match || (drafts !== null && drafts !== '0' && drafts !== '1') || search.getAll('drafts').length > 1) {
      return plain(res, 400, '文档地址有误，应为 /documents/key-tasks/<年度>/<任务编号>.docx[?drafts=1] Bad document address');
    }
    // Any year and number of this shape may name a task; one that does not exist is a 404.
    const year = Number(match[1]);
    const number = Number(match[2]);

    const viewer = await resolveViewer(db, credentialsRequest(req));
    if (!viewer) return plain(res, 401, '请先登录 Sign in first');
    const report = await loadKeyTaskReport(db, viewer, { year, number });
    if (!report) return plain(res, 404, '未找到该重点工作 No such key task');

    // Drafts are the coordinator's (the read policy already left them out for anyone else).
    const withDrafts = drafts === '1' && hasRole(viewer, 'coordinator');
    const bytes = await keyTaskReportDocx(report, clock(), { withDrafts });
    const name = reportFileName(report);
    res.writeHead(200, {
      'content-type': docxType,
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="key-task-${year}-${number}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      // The document may hold drafts and follows the viewer's rights: never shared by a cache.
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  };
}
