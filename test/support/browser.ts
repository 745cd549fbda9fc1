// A real browser for the console's tests: Debian's Chromium (installed by globalSetup through
// scripts/toolchain.ts chromiumPath), driven by playwright-core, which downloads no browser of its own.
// Each page a test visits is kept as a screenshot in test-results/screenshots/<test file>/.
import { mkdirSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../scripts/prisma';

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('no Chromium: test/support/globalSetup.ts could not install it (see the [toolchain] line above)');
  // --no-sandbox: tests run as root (CI, this machine), where Chromium's sandbox refuses to start
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

/** The app (or any request handler: an OpenID provider) on a free loopback port; the console's pages and the API share its origin. */
export async function listen(app: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * A fresh page (its own cookies) of a browser set to Chinese in UTC, far from Beijing: what the
 * console shows in Beijing time must not follow the browser's zone.
 */
export async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'UTC', viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

/** Keeps the page as test-results/screenshots/<test file>/<name>.png. */
export async function screenshot(page: Page, testFile: string, name: string): Promise<void> {
  const dir = path.join(SCREENSHOTS, path.basename(testFile, '.test.ts'));
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
