import { actionNamesZh } from '../proposals/action-names.ts';
import { campaigns, powerItems, proposals, units, type Database } from '@devolve/db';
import { and, count, desc, eq } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { publishedResults, visibleResultCampaigns } from '../campaigns/visibility.ts';
import { powerItemKey } from '../power-items/power-items.ts';
import { powerTypeNames } from '../power-items/power-types.ts';

/**
 * The public site's pages (权责清单, 公开结果, 工作进度, 公众意见征集) are served from their own
 * entry, `public.html`, with the page's metadata rendered into it from the database so a shared
 * link previews well (title, description, Open Graph) and a visitor without JavaScript still reads
 * what the page is about. An item or a year that does not exist (or is not published) answers 404
 * with a Chinese "not found" page that still boots the app.
 */

export const siteName = '广州市权责清单与简政放权公开';

/** The paths the public entry serves: /list, /results, /status and /consultation with anything below. */
export function isPublicPath(pathname: string): boolean {
  return /^\/(list|results|status|consultation)(\/|$)/.test(pathname);
}

export interface PageMeta {
  status: 200 | 404;
  title: string;
  description: string;
  /** A heading and a paragraph for readers without JavaScript (the app replaces them). */
  heading: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

const statusNames: Record<string, string> = { in_force: '实施中', cancelled: '已取消', delegated: '已下放', merged: '已合并' };

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

const notFound = (what: string): PageMeta => ({
  status: 404,
  title: `未找到${what} · ${siteName}`,
  description: `没有找到该${what}，请返回检索。`,
  heading: `未找到${what}`,
});

/** The metadata of the public page at `pathname` from the database (anonymous: what anyone may read). */
export async function publicPageMeta(db: Database, pathname: string): Promise<PageMeta> {
  const segments = pathname.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  const [section, key] = segments;
  if (section === 'list' && key !== undefined) return itemMeta(db, key);
  if (section === 'results' && key !== undefined) return resultsMeta(db, key);
  const pages: Record<string, [string, string]> = {
    list: ['权责清单', '按名称、编码、实施主体、事项类型和行使层级检索广州市行政权力事项。'],
    results: ['简政放权结果公开', '各年度取消、下放、委托、调整的行政权力事项及其统计。'],
    status: ['工作进度', '重点工作任务按季度公开的进展情况和各年度工作所处阶段。'],
    consultation: ['公众意见征集', '正在公开征求意见的精简事项。'],
  };
  const [heading, description] = pages[section ?? ''] ?? pages.list!;
  return { status: 200, title: `${heading} · ${siteName}`, description, heading };
}

async function itemMeta(db: Database, code: string): Promise<PageMeta> {
  // No basic code holds a control character, and PostgreSQL refuses a NUL in text outright.
  if (code.trim().length === 0 || code.length > 200 || /\p{Cc}/u.test(code)) return notFound('事项');
  const key = powerItemKey(code);
  const [item] = await db
    .select({
      basicCode: powerItems.basicCode,
      name: powerItems.name,
      subItemName: powerItems.subItemName,
      typeCode: powerItems.typeCode,
      status: powerItems.status,
      legalBasis: powerItems.legalBasis,
      unitName: units.name,
    })
    .from(powerItems)
    .leftJoin(units, eq(units.id, powerItems.implementingUnitId))
    .where('id' in key ? eq(powerItems.id, key.id) : eq(powerItems.basicCode, key.basicCode));
  if (!item) return notFound('事项');
  const name = item.subItemName ? `${item.name}（${item.subItemName}）` : item.name;
  const facts = [
    item.basicCode,
    powerTypeNames(item.typeCode).zh,
    item.unitName ?? '未认领',
    statusNames[item.status] ?? item.status,
  ].join(' · ');
  return {
    status: 200,
    title: `${name} · ${siteName}`,
    description: clip(`${facts}。依据：${item.legalBasis}`, 160),
    heading: name,
  };
}

async function resultsMeta(db: Database, year: string): Promise<PageMeta> {
  if (!/^\d{4}$/.test(year)) return notFound('结果');
  const [campaign] = await db
    .select({ id: campaigns.id, title: campaigns.title })
    .from(campaigns)
    .where(and(eq(campaigns.year, Number(year)), visibleResultCampaigns(campaigns)))
    .orderBy(desc(campaigns.id))
    .limit(1);
  // Not published is "not found": the page never confirms a campaign's work before publication.
  if (!campaign) return notFound('结果');
  const byAction = await db
    .select({ action: proposals.action, count: count() })
    .from(proposals)
    .where(and(eq(proposals.campaignId, campaign.id), publishedResults(proposals, null)))
    .groupBy(proposals.action)
    .orderBy(proposals.action);
  const counts = byAction.map((row) => `${actionNamesZh[row.action]} ${row.count} 项`).join('，');
  const heading = `${year}年简政放权结果公开`;
  return {
    status: 200,
    title: `${heading} · ${siteName}`,
    description: clip(`${campaign.title}：${counts || '暂无经审定的事项'}。`, 160),
    heading,
  };
}

/** `template` (the built public.html) with the page's metadata and a no-JavaScript heading. */
export function renderPublicPage(template: string, meta: PageMeta): string {
  const title = escapeHtml(meta.title);
  const description = escapeHtml(meta.description);
  const head = [
    `<title>${title}</title>`,
    `<meta name="description" content="${description}" />`,
    `<meta property="og:site_name" content="${escapeHtml(siteName)}" />`,
    `<meta property="og:title" content="${title}" />`,
    `<meta property="og:description" content="${description}" />`,
    `<meta property="og:type" content="website" />`,
  ].join('\n    ');
  const body = `<div id="app"><main class="public-main"><h1>${escapeHtml(meta.heading)}</h1><p>${description}</p></main></div>`;
  return template
    .replace(/<title>[^<]*<\/title>/, () => head)
    .replace(/<div id="app"><\/div>/, () => body);
}

/**
 * The request handler of the public paths: the built `public.html` of `webDist`, with the page's
 * metadata. Read once (the build does not change under a running server).
 */
export function publicPages(db: Database, webDist: string) {
  let template: Promise<string> | null = null;
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    template ??= readFile(path.join(webDist, 'public.html'), 'utf8');
    const [html, meta] = await Promise.all([template, publicPageMeta(db, pathname)]);
    res.writeHead(meta.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : renderPublicPage(html, meta));
  };
}
