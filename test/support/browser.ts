import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoPassword } from '@devolve/server/seed';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, as people run it; the benchmarks measure the app in it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's headless build of the same chromium (installed by .ci/run; tests never download a
 * browser): the same engine without the browser's UI around the page. The 22 browser files took
 * 168 s of CPU in it against 228 s in the full browser, all passing in both.
 */
export const headlessShellPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';

/** Screenshots are test artifacts, kept out of git. */
export const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results');

export async function launchBrowser(executablePath = headlessShellPath): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh browser context (its own cookies, like a separate person's browser) signed in as a demo
 * user through the real login mutation, with a page open at `path`. The sign-in form itself is
 * tested in e2e/queue.test.ts; other tests start signed in.
 */
export async function openSignedIn(
  browser: Browser,
  serverUrl: string,
  username: string,
  options: {
    path?: string;
    locale?: 'zh-CN' | 'en';
    viewport?: { width: number; height: number };
    /** Runs on the new page before it navigates, e.g. to watch its WebSocket from the start. */
    beforeOpen?: (page: Page) => void;
  } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    locale: options.locale ?? 'zh-CN',
    // Where the people who use it are: times on screen read as they would in Guangzhou.
    timezoneId: 'Asia/Shanghai',
  });
  const response = await context.request.post(`${serverUrl}/graphql`, {
    data: {
      query: 'mutation($input: LoginInput!) { login(input: $input) { __typename } }',
      variables: { input: { username, password: demoPassword } },
    },
  });
  const body = (await response.json()) as { data?: { login?: { __typename: string } } };
  if (body.data?.login?.__typename !== 'Me') throw new Error(`could not sign in as ${username}: ${JSON.stringify(body)}`);
  if (options.locale === 'en') {
    // The app keeps the language choice in localStorage; set it before any page script runs.
    await context.addInitScript(() => localStorage.setItem('devolve.locale', 'en'));
  }
  const page = await context.newPage();
  options.beforeOpen?.(page);
  await page.goto(`${serverUrl}${options.path ?? '/'}`);
  return page;
}
