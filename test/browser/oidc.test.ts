// 统一身份认证 in the console: the sign-in page offers it only where the API is configured for it, and a
// click goes through a real OpenID provider's login and consent pages back to the console, signed in.
// test/e2e/oidc.test.ts checks the same flow's every answer over HTTP.
import type { Browser } from 'playwright-core';
import { demoEmail } from '../../prisma/seed';
import { launchBrowser, listen, newPage, screenshot } from '../support/browser';
import { startOidc, type OidcWorld } from '../support/oidc';
import { startStack, type Stack } from '../e2e/stack';

jest.setTimeout(180_000);

let stack: Stack;
let browser: Browser;
let oidc: OidcWorld;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  oidc = await startOidc(stack, { 'wang.deputy': { email: demoEmail('deputy') } });
});
afterAll(async () => {
  await browser?.close();
  await oidc?.close();
  await stack?.stop();
});

const OIDC_BUTTON = /统一身份认证登录/;

it('signs in through the provider from the button on 登录, back on the page the person came for', async () => {
  const page = await newPage(browser, oidc.api);
  await page.goto('/console/tasks');
  await page.waitForURL('**/console/signin');
  await page.getByRole('link', { name: OIDC_BUTTON }).click();
  // the provider's own development pages: any password, then consent
  await page.waitForURL(`${oidc.issuer}/interaction/**`);
  await page.locator('input[name=login]').fill('wang.deputy');
  await page.locator('input[name=password]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${oidc.api}/console/tasks`);
  await page.getByText('我的待办').first().waitFor();
  await screenshot(page, __filename, 'signed-in-by-oidc');
  expect((await page.context().cookies(oidc.api)).map((c) => c.name)).toContain('tantou_session');
});

it('does not offer it where OIDC is not configured', async () => {
  const plain = await listen(stack.app);
  try {
    const page = await newPage(browser, plain.url);
    await page.goto('/console/signin');
    await page.getByText('请使用单位邮箱登录').waitFor();
    // the password form is there; the methods have been asked for once the page settles
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('link', { name: OIDC_BUTTON }).count()).toBe(0);
  } finally {
    await plain.close();
  }
});
