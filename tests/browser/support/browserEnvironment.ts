/**
 * A real server (demo mode: demo users and the example processes) on a fresh database,
 * and Debian's Chromium driven by playwright-core, for one browser test file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject, type TestContext } from 'vitest';
import { freshDbName } from '../../support/backends';
import type { Config } from '../../../server/src/config';
import { databaseUri, REPO, startTestServer, type TestServer } from '../../support/testServer';

export const SCREENSHOTS = join(REPO, 'tests', 'browser', 'screenshots');

export interface BrowserEnvironment {
  server: TestServer;
  browser: Browser;
  /** A page in a fresh browser context (no cookies) on the server's origin. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * @example
 * const env = await startBrowserEnvironment('modeler');
 * const page = await env.newPage();
 */
export async function startBrowserEnvironment(
  name: string,
  overrides: Partial<Config> = {},
): Promise<BrowserEnvironment> {
  const server = await startTestServer(
    databaseUri(inject('browserMongoUri'), freshDbName(name)),
    overrides,
  );
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    browser,
    async newPage() {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: { width: 1440, height: 900 },
        locale: 'en-US',
      });
      return context.newPage();
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Signs in through the login page. */
export async function signIn(page: Page, username = 'analyst', password = 'demo'): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Saves a screenshot of `page()` to tests/browser/screenshots/ when the test fails.
 *
 * @example
 * beforeEach((context) => screenshotOnFailure(context, () => page));
 */
export function screenshotOnFailure(context: TestContext, page: () => Page | undefined): void {
  context.onTestFailed(async () => {
    const current = page();
    if (!current || current.isClosed()) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = `${context.task.name.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 80)}.png`;
    await current.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
    console.error(`screenshot of the failure: tests/browser/screenshots/${file}`);
  });
}

/** Debian's chromium (`apt-get install -y chromium`), or CHROMIUM_PATH. */
function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
    throw new Error(
      'chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)',
    );
  }
}
