/**
 * The review queue page in a real browser over a campaign of 10,000 proposals: how long until
 * the first row shows, and how smoothly the list scrolls from the first row to the last.
 *
 * The demo seed has 7,580 proposals in 2019; the campaign is topped up by copying its own
 * proposals (with their districts and reviewers) straight into the database until it holds
 * --proposals. Then chromium (Debian's, as the e2e tests use) signs in as reviewer1 and:
 * - opens /queue in a fresh browser context --runs times, timing from navigation start to the
 *   first frame after the first data row entered the page (performance.now(), whose origin is
 *   the navigation start);
 * - scrolls the whole list with the mouse wheel over about --seconds seconds, recording every
 *   requestAnimationFrame interval meanwhile, and how many frames showed rows still loading.
 *
 * The app is served from --web-dist (default DEVOLVE_WEB_DIST or web/dist): build it first.
 *
 *   pnpm --filter @devolve/web build && pnpm --filter @devolve/bench web-queue [--proposals 10000] [--runs 5] [--seconds 20]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { proposalAssignees, proposalDistricts, proposals, type Database } from '@devolve/db';
import { chromiumPath, launchBrowser, openSignedIn } from '@devolve/test/support/browser';
import { startTestServer } from '@devolve/test/support/server';
import { Command } from 'commander';
import { percentile } from './stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const options = new Command()
  .option('--proposals <n>', 'proposals in the campaign', (v) => Number.parseInt(v, 10), 10_000)
  .option('--runs <n>', 'cold page loads timed', (v) => Number.parseInt(v, 10), 5)
  .option('--seconds <n>', 'how long the scroll through the whole list should take', (v) => Number.parseFloat(v), 20)
  .option('--web-dist <dir>', 'the built web app', process.env.DEVOLVE_WEB_DIST ?? path.resolve(here, '../web/dist'))
  .parse()
  .opts<{ proposals: number; runs: number; seconds: number; webDist: string }>();

type Page = Awaited<ReturnType<typeof openSignedIn>>;

if (!existsSync(path.join(options.webDist, 'index.html'))) {
  console.error(`No web build at ${options.webDist}: run \`pnpm --filter @devolve/web build\` first (or pass --web-dist).`);
  process.exit(1);
}

/**
 * Copies the campaign's own proposals, oldest first, until it holds `target`: each copy keeps
 * its item, unit, action, stage, status, dates, target districts and assignees, and gets a new
 * id (so the copies sort after the originals, as new proposals would).
 */
async function topUp(db: Database, campaignId: number, target: number): Promise<number> {
  const existing = (await db.query.proposals.findMany({ where: { campaignId }, columns: { id: true } })).length;
  const missing = Math.max(0, target - existing);
  const sources = await db.query.proposals.findMany({
    where: { campaignId },
    orderBy: { id: 'asc' },
    limit: missing,
    with: { targetDistricts: { columns: { id: true } }, assignees: { columns: { id: true } } },
  });
  for (let start = 0; start < sources.length; start += 500) {
    const batch = sources.slice(start, start + 500);
    const copies = batch.map(({ id: _id, version: _version, targetDistricts: _districts, assignees: _assignees, ...columns }) => columns);
    const inserted = await db.insert(proposals).values(copies).returning({ id: proposals.id });
    const districts = batch.flatMap((source, i) => source.targetDistricts.map((d) => ({ proposalId: inserted[i]!.id, districtId: d.id })));
    const assignees = batch.flatMap((source, i) => source.assignees.map((u) => ({ proposalId: inserted[i]!.id, userId: u.id })));
    if (districts.length > 0) await db.insert(proposalDistricts).values(districts);
    if (assignees.length > 0) await db.insert(proposalAssignees).values(assignees);
  }
  return sources.length;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
/** The share of frame intervals in (above, upTo], as a percentage. */
const share = (frames: readonly number[], above: number, upTo: number) =>
  ((frames.filter((f) => f > above && f <= upTo).length / frames.length) * 100).toFixed(1);

/** Installed before the app's scripts: notes the first frame after the first data row entered the page. */
function watchFirstRow() {
  const marks = window as unknown as { firstRowAt?: number };
  new MutationObserver((_changes, observer) => {
    if (!document.querySelector('.queue-row[data-id]')) return;
    observer.disconnect();
    requestAnimationFrame(() => (marks.firstRowAt = performance.now()));
  }).observe(document, { childList: true, subtree: true });
}

async function timeFirstRender(page: Page, url: string): Promise<number> {
  await page.addInitScript(watchFirstRow);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { firstRowAt?: number }).firstRowAt !== undefined, null, { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { firstRowAt: number }).firstRowAt);
}

interface ScrollRecord {
  intervals: number[];
  loadingFrames: number;
  seconds: number;
  lastIndex: number;
}

/** Scrolls the list from top to bottom with the mouse wheel while recording frame intervals. */
async function scrollThrough(page: Page, seconds: number): Promise<ScrollRecord> {
  const box = (await page.locator('.queue-scroll').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const distance = await page.locator('.queue-scroll').evaluate((list) => list.scrollHeight - list.clientHeight);
  // A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    const record = { intervals: [], loadingFrames: 0, last: 0, running: true };
    window.frameRecord = record;
    const tick = (now) => {
      if (!record.running) return;
      if (record.last > 0) record.intervals.push(now - record.last);
      record.last = now;
      if (document.querySelector('.queue-row.placeholder')) record.loadingFrames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const started = performance.now();
  const ticks = Math.round((seconds * 1000) / 50);
  const step = Math.ceil(distance / ticks);
  for (let i = 0; i < ticks; i += 1) {
    const due = started + ((i + 1) * seconds * 1000) / ticks;
    await page.mouse.wheel(0, step);
    const wait = due - performance.now();
    if (wait > 0) await page.waitForTimeout(wait);
  }
  // Wheel on until the bottom (a wheel animation still running can swallow part of a step), then
  // let the last page arrive.
  const atBottom = () => page.locator('.queue-scroll').evaluate((list) => list.scrollTop + list.clientHeight >= list.scrollHeight - 1);
  for (let extra = 0; extra < 100 && !(await atBottom()); extra += 1) {
    await page.mouse.wheel(0, step);
    await page.waitForTimeout(50);
  }
  await page.waitForFunction(() => !document.querySelector('.queue-row.placeholder'), null, { timeout: 30_000 });
  const elapsed = (performance.now() - started) / 1000;
  return page.evaluate((took) => {
    const record = (window as unknown as { frameRecord: { intervals: number[]; loadingFrames: number; running: boolean } }).frameRecord;
    record.running = false;
    const rows = [...document.querySelectorAll('.queue-row[data-index]')];
    const lastIndex = Math.max(...rows.map((row) => Number(row.getAttribute('data-index'))));
    return { intervals: record.intervals, loadingFrames: record.loadingFrames, seconds: took, lastIndex };
  }, elapsed);
}

function queueChunk(dist: string): { file: string; raw: number; gzip: number } {
  const assets = path.join(dist, 'assets');
  const file = readdirSync(assets).find((name) => /^queue-page-.*\.js$/.test(name));
  if (!file) throw new Error(`no queue-page chunk in ${assets}`);
  const code = readFileSync(path.join(assets, file));
  return { file, raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const server = await startTestServer({ seed: true, config: { webDist: options.webDist } });
const browser = await launchBrowser(chromiumPath);
try {
  const db = server.database.opened.db;
  const campaign = await db.query.campaigns.findFirst({ where: { year: 2019 }, columns: { id: true } });
  const copied = await topUp(db, campaign!.id, options.proposals);
  const reviewer = await server.signIn('reviewer1');
  const count = await reviewer.graphql<{ proposals: { totalCount: number } }>('{ proposals(first: 0) { totalCount } }');
  const total = count.data!.proposals.totalCount;
  console.log(`Queue page, ${total.toLocaleString('en')} proposals (${copied.toLocaleString('en')} copied in), chromium ${browser.version()}, 1280×800:`);

  const chunk = queueChunk(options.webDist);
  console.log(`  queue chunk ${chunk.file}: ${(chunk.raw / 1024).toFixed(1)} KiB, ${(chunk.gzip / 1024).toFixed(1)} KiB gzip`);

  // Each run a fresh context (no cache, no cookies but the session's): signed in on a page that is
  // not the app, then straight to /queue.
  const firstRender: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const page = await openSignedIn(browser, server.url, 'reviewer1', { path: '/healthz', viewport: { width: 1280, height: 800 } });
    firstRender.push(await timeFirstRender(page, `${server.url}/queue`));
    await page.context().close();
  }
  const sortedRender = [...firstRender].sort((a, b) => a - b);
  console.log(
    `  first row visible after navigation start (${options.runs} cold loads): p50 ${ms(percentile(sortedRender, 50))}, min ${ms(sortedRender[0]!)}, max ${ms(sortedRender.at(-1)!)}  [${firstRender.map((n) => n.toFixed(0)).join(', ')}]`,
  );

  const page = await openSignedIn(browser, server.url, 'reviewer1', { path: '/queue', viewport: { width: 1280, height: 800 } });
  await page.waitForSelector('.queue-row[data-id]', { timeout: 30_000 });
  const requests = { rows: 0, cursors: 0 };
  page.on('request', (request) => {
    const body = request.postData() ?? '';
    if (body.includes('query QueuePage')) requests.rows += 1;
    if (body.includes('query QueueCursors')) requests.cursors += 1;
  });
  const scrolled = await scrollThrough(page, options.seconds);
  const frames = [...scrolled.intervals].sort((a, b) => a - b);
  const over = (limit: number) => ((frames.filter((f) => f > limit).length / frames.length) * 100).toFixed(1);
  console.log(
    `  scroll through all rows with the wheel: ${scrolled.seconds.toFixed(1)} s, ${frames.length} frames, reached row ${(scrolled.lastIndex + 1).toLocaleString('en')}`,
  );
  console.log(
    `    frame time p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, p99 ${ms(percentile(frames, 99))}, max ${ms(frames.at(-1)!)}; over 16.7 ms ${over(16.7)}%, over 33.3 ms ${over(33.3)}%`,
  );
  // rAF times jitter around the 16.7 ms vsync: a frame that missed one shows as 25 ms or more.
  console.log(
    `    frame intervals: ≤17 ms ${share(frames, 0, 17)}%, 17–25 ms ${share(frames, 17, 25)}%, 25–34 ms ${share(frames, 25, 34)}%, 34–50 ms ${share(frames, 34, 50)}%, >50 ms ${share(frames, 50, Infinity)}%`,
  );
  console.log(
    `    frames with rows still loading: ${((scrolled.loadingFrames / frames.length) * 100).toFixed(1)}%; pages read: ${requests.rows} with rows, ${requests.cursors} cursors only`,
  );
} finally {
  await browser.close();
  await server.close();
}
