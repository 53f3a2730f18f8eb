/**
 * The first screen: from submitting the sign-in form to the first review-queue row on screen, in
 * Debian's chromium (launched as the e2e tests launch it) against the production server, the
 * `devolve serve` bundle serving the built web app, on the demo data: PGlite (seeded by the
 * process itself, `serve --seed-if-empty` in memory) and PostgreSQL (when DATABASE_URL is set).
 *
 * Each run is a fresh browser context (no cache, no cookies): it opens /sign-in?next=/queue,
 * types reviewer1's name and password and presses Enter; the time runs from the form's submit
 * event to the first frame after the first data row entered the page (both read with the page's
 * performance.now()). The server is warmed by --warmup runs first. The last run's requests are
 * printed as a waterfall (ms after the submit), to show where the time goes.
 *
 *   pnpm build && pnpm --filter @devolve/bench first-screen [--runs 20] [--warmup 3] [--engines pglite,postgres]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoData, demoPassword } from '@devolve/server/seed';
import { buildServer } from '@devolve/server/build';
import { chromiumPath, launchBrowser } from '@devolve/test/support/browser';
import { createTestDatabase } from '@devolve/test/support/database';
import { startServerProcess, type ServerProcess } from '@devolve/test/support/processes';
import { Command } from 'commander';
import { percentile } from './stats.ts';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;

const here = path.dirname(fileURLToPath(import.meta.url));
const options = new Command()
  .option('--runs <n>', 'timed sign-ins', (v) => Number.parseInt(v, 10), 20)
  .option('--warmup <n>', 'sign-ins before those, not timed', (v) => Number.parseInt(v, 10), 3)
  .option('--engines <list>', 'pglite, postgres (needs DATABASE_URL)', (v) => v.split(','), process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])
  .option('--web-dist <dir>', 'the built web app', process.env.DEVOLVE_WEB_DIST ?? path.resolve(here, '../web/dist'))
  .parse()
  .opts<{ runs: number; warmup: number; engines: string[]; webDist: string }>();

if (!existsSync(path.join(options.webDist, 'index.html'))) {
  console.error(`No web build at ${options.webDist}: run \`pnpm --filter @devolve/web build\` first (or pass --web-dist).`);
  process.exit(1);
}

/** Installed before the app's scripts: notes the submit, then the first frame after the first data row entered the page. */
function watchSignInToFirstRow() {
  const marks = window as unknown as { submittedAt?: number; firstRowAt?: number };
  document.addEventListener('submit', () => (marks.submittedAt ??= performance.now()), true);
  new MutationObserver((_changes, observer) => {
    if (marks.submittedAt === undefined || !document.querySelector('.queue-row[data-id]')) return;
    observer.disconnect();
    requestAnimationFrame(() => (marks.firstRowAt = performance.now()));
  }).observe(document, { childList: true, subtree: true });
}

interface Request {
  what: string;
  startMs: number;
  endMs: number;
  bytes: number;
}

/** One sign-in in a fresh context: ms from submit to the first row, and the requests after the submit. */
async function signInToFirstRow(browser: Browser, url: string): Promise<{ ms: number; requests: Request[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    await page.addInitScript(watchSignInToFirstRow);
    await page.goto(`${url}/sign-in?next=/queue`);
    await page.locator('#sign-in-username').fill('reviewer1');
    await page.locator('#sign-in-password').fill(demoPassword);
    // Requests are stamped on the bench's clock, from just before the key press.
    const requests: Request[] = [];
    // Each request's sizes arrive later; the context may close first (a request finishing after
    // the first row), which rejects them: those are left out of the list.
    const sized: Promise<void>[] = [];
    const submitted = performance.now();
    page.on('requestfinished', (request) => {
      const endMs = performance.now() - submitted;
      const timing = request.timing();
      const body = request.postData();
      const operation = body ? (JSON.parse(body) as { operationName?: string }).operationName : undefined;
      sized.push(
        request.sizes().then(
          (sizes) => {
            requests.push({
              what: operation ?? new URL(request.url()).pathname,
              // timing.startTime is wall-clock ms; responseEnd is relative to it.
              startMs: endMs - timing.responseEnd,
              endMs,
              bytes: sizes.responseBodySize,
            });
          },
          () => {},
        ),
      );
    });
    await page.locator('#sign-in-password').press('Enter');
    await page.waitForFunction(() => (window as unknown as { firstRowAt?: number }).firstRowAt !== undefined, null, { timeout: 30_000 });
    const ms = await page.evaluate(() => {
      const marks = window as unknown as { submittedAt: number; firstRowAt: number };
      return marks.firstRowAt - marks.submittedAt;
    });
    await Promise.all(sized);
    return { ms, requests: requests.sort((a, b) => a.startMs - b.startMs) };
  } finally {
    await context.close();
  }
}

async function measure(engine: string, server: ServerProcess, browser: Browser) {
  for (let i = 0; i < options.warmup; i += 1) await signInToFirstRow(browser, server.url);
  const times: number[] = [];
  let last: Request[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const run = await signInToFirstRow(browser, server.url);
    times.push(run.ms);
    last = run.requests;
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `\n${engine}: sign-in submitted to the first queue row on screen, ${options.runs} runs: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}`,
  );
  console.log(`  runs: ${times.map((n) => n.toFixed(0)).join(', ')}`);
  console.log('  the last run\'s requests (ms after the key press: start → end, duration, response bytes):');
  for (const r of last) {
    console.log(`    ${r.startMs.toFixed(0).padStart(5)} → ${r.endMs.toFixed(0).padStart(5)}  ${(r.endMs - r.startMs).toFixed(0).padStart(4)} ms  ${String(r.bytes).padStart(7)}  ${r.what}`);
  }
}

await buildServer();
const browser = await launchBrowser(chromiumPath);
try {
  for (const engine of options.engines) {
    const env: Record<string, string> = { DEVOLVE_WEB_DIST: options.webDist };
    const database = engine === 'postgres' ? await createTestDatabase({ engine: 'postgres' }) : undefined;
    if (database) {
      await seedDemoData(database.opened.db);
      env['DATABASE_URL'] = database.url!;
    } else env['DEVOLVE_DATA_DIR'] = 'memory://';
    // PGlite in memory starts empty: the process loads the demo data itself before it listens.
    const server = await startServerProcess(env, { bundle: true, args: database ? [] : ['--seed-if-empty'], timeoutMs: 300_000 });
    try {
      await measure(engine === 'postgres' ? 'PostgreSQL' : 'PGlite', server, browser);
    } finally {
      await server.stop();
      await database?.dispose();
    }
  }
} finally {
  await browser.close();
}
