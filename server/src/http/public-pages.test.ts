import { campaigns, powerItems } from '@devolve/db';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandTestDatabase, commandTestDatabase } from '../../../test/support/commands.ts';
import { escapeHtml, isPublicPath, publicPageMeta, renderPublicPage, siteName } from './public-pages.ts';

let t: CommandTestDatabase;
const template = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8" /><title>${siteName}</title></head><body><div id="app"></div><script type="module" src="/assets/public.js"></script></body></html>`;
const hostile = `<script>alert("x")</script>&'"许可`;

beforeAll(async () => {
  t = await commandTestDatabase();
  const [first] = await t.db.select({ id: powerItems.id }).from(powerItems).orderBy(asc(powerItems.id)).limit(1);
  await t.db.update(powerItems).set({ name: hostile, basicCode: 'HOSTILE-1' }).where(eq(powerItems.id, first!.id));
});
afterAll(() => t.dispose());

describe('public paths', () => {
  it('are the list, results, status and consultation pages, and nothing that merely starts alike', () => {
    for (const path of ['/list', '/list/', '/list/440101070002', '/results', '/results/2019', '/status', '/consultation', '/consultation/2019']) {
      expect(isPublicPath(path), path).toBe(true);
    }
    for (const path of ['/', '/listing', '/queue', '/statuses', '/proposals/1', '/results2019']) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });
});

describe('metadata from the database', () => {
  it('names an item by its basic code, escaped in the page, with Open Graph tags', async () => {
    const meta = await publicPageMeta(t.db, '/list/HOSTILE-1');
    expect(meta.status).toBe(200);
    expect(meta.title).toContain(hostile);
    const html = renderPublicPage(template, meta);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`<title>${escapeHtml(hostile)} · ${siteName}</title>`);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&quot;许可');
    expect(html).toMatch(/<meta property="og:title" content="&lt;script&gt;/);
    expect(html).toMatch(/<meta name="description" content="HOSTILE-1 · [^"]+" \/>/);
    // The app still boots: its script is kept, and the no-JavaScript heading sits in its root.
    expect(html).toContain('<script type="module" src="/assets/public.js"></script>');
    expect(html).toContain(`<div id="app"><main class="public-main"><h1>${escapeHtml(hostile)}</h1>`);
  });

  it('answers an unknown code with a Chinese 404 page', async () => {
    const meta = await publicPageMeta(t.db, '/list/000000000000');
    expect(meta).toMatchObject({ status: 404, heading: '未找到事项' });
    expect(renderPublicPage(template, meta)).toContain('<title>未找到事项');
    expect((await publicPageMeta(t.db, '/list/%E0%A4%A')).status).toBe(404);
    // A NUL or another control character is no code (PostgreSQL would refuse the NUL as text).
    expect((await publicPageMeta(t.db, '/list/%00')).status).toBe(404);
    expect((await publicPageMeta(t.db, '/list/44%0A01')).status).toBe(404);
  });

  it('gives results only of a published campaign: before publication the year is not found', async () => {
    expect(await publicPageMeta(t.db, '/results/2019')).toMatchObject({ status: 404, heading: '未找到结果' });
    await t.db.update(campaigns).set({ status: 'published', publishedOn: '2019-12-20' }).where(eq(campaigns.year, 2019));
    const meta = await publicPageMeta(t.db, '/results/2019');
    expect(meta.status).toBe(200);
    expect(meta.heading).toBe('2019年简政放权结果公开');
    expect(meta.description).toMatch(/下放 \d+ 项/);
    expect((await publicPageMeta(t.db, '/results/abcd')).status).toBe(404);
  });

  it('gives each section page its own title', async () => {
    expect((await publicPageMeta(t.db, '/status')).title).toBe(`工作进度 · ${siteName}`);
    expect((await publicPageMeta(t.db, '/list')).title).toBe(`权责清单 · ${siteName}`);
  });
});
