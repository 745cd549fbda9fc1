// The console on the real stack (test/e2e/stack.ts) in a real browser, for a browser test file: the
// stack, Chromium and the app's server started before its tests and stopped after, and the steps every
// such test takes (sign in as a demo person, pick from an antd Select).
import type { Browser, Page } from 'playwright-core';
import { demoEmail, demoPassword } from '../../prisma/seed';
import { startStack, type Stack } from '../e2e/stack';
import { launchBrowser, listen, newPage } from './browser';

export interface ConsoleStack {
  stack: Stack;
  browser: Browser;
  /** where the app listens: the console and the API share the origin */
  url: string;
}

/** Registers the file's beforeAll / afterAll; the fields are set once beforeAll has run. */
export function consoleStack(options?: Parameters<typeof startStack>[0]): ConsoleStack {
  const on = {} as ConsoleStack;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  beforeAll(async () => {
    [on.stack, on.browser] = await Promise.all([startStack(options), launchBrowser()]);
    server = await listen(on.stack.app);
    on.url = server.url;
  });
  afterAll(async () => {
    await on.browser?.close();
    await server?.close();
    await on.stack?.stop();
  });
  return on;
}

export async function fillSignIn(page: Page, personId: string, password = demoPassword(personId)): Promise<void> {
  await page.getByLabel('邮箱').fill(demoEmail(personId));
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** A browser of its own for `personId`, signed in with the demo password, on 我的待办. */
export async function signIn(on: ConsoleStack, personId: string): Promise<Page> {
  const page = await newPage(on.browser, on.url);
  await page.goto('/console/');
  await fillSignIn(page, personId);
  await page.waitForURL('**/console/tasks');
  return page;
}

/** Picks `option` of the antd Select labelled `label`, typing `search` first where it searches. */
export async function choose(page: Page, label: string, option: string, search?: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  if (search) await page.getByLabel(label, { exact: true }).fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).click();
}
