// The console's frame, without a backend: served by the API's own router (api/console.ts), the sign-in
// page renders in Chinese and Ant Design's zh-CN messages refuse an empty form.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import pino from 'pino';
import request from 'supertest';
import { consoleRouter } from '../../api/console';
import { errorHandler } from '../../api/errors';
import { launchBrowser, listen, newPage, screenshot } from '../support/browser';

/** The console's router as createApp mounts it, with the error middleware that renders its 404s. */
const consoleApp = (dist?: string) => express().use('/console', consoleRouter(dist)).use(errorHandler(pino({ level: 'silent' })));

describe('the console as the API serves it', () => {
  it('answers every /console/ path with the page, keeps hashed assets for good, and refuses an unknown asset', async () => {
    const app = consoleApp();
    const page = await request(app).get('/console/tasks/campaign.approve:ZX-1').expect(200);
    expect(page.text).toContain('<div id="root"></div>');
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    const asset = await request(app).get(script).expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(app).get('/console/assets/index-gone.js').expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('says how to build the console when web/dist is missing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'tantou-no-console-'));
    try {
      const res = await request(consoleApp(empty)).get('/console/').expect(503);
      expect(res.text).toContain('npm run build:web');
      expect(res.text).toContain('控制台尚未构建');
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});

describe('the sign-in page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), listen(consoleApp())]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is where a signed-out visitor lands, in Chinese, and refuses an empty or malformed form in Chinese', async () => {
    const page = await newPage(browser, server.url);
    // no backend here: GET /session is a 404 page, which the console takes for "not signed in"
    await page.goto('/console/tasks');
    await page.waitForURL('**/console/signin');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByText('请使用单位邮箱登录').waitFor();
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('请输入邮箱').waitFor();
    await page.getByText('请输入密码').waitFor();
    await screenshot(page, __filename, 'sign-in-empty');

    await page.getByLabel('邮箱').fill('deputy');
    await page.getByText('邮箱格式不正确').waitFor();
    await screenshot(page, __filename, 'sign-in-malformed');
  });
});
