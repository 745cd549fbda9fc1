// The whole system for an e2e test file, all real: Temporal dev server (with tantou's search
// attributes), a fresh PostgreSQL database with the demo data, an SMTP sink, a worker with the real
// activities on a queue of its own, and the Express app driven through supertest.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Express } from 'express';
import type { Config } from '../../config';
import { createMailer } from '../../worker/mailer';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { campaignWorkflowId } from '../../domain/ids';
import { loadConfig } from '../../config';
import type { CalendarSource } from '../../activities/calendar';
import type { CalendarSupplement } from '../../domain/calendar';
import { testCalendars, testSupplement } from '../support/calendar';
import { createDb } from '../../prisma/client';
import { demoToken, seedDemo } from '../../prisma/seed';
import { startMailSink, type MailSink } from '../../scripts/mailSink';
import { createWorker } from '../../worker/createWorker';
import { createTestDatabase } from '../support/db';
import { devServerEnv } from '../support/temporal';

export interface Stack {
  env: TestWorkflowEnvironment;
  db: PrismaClient;
  /** a test may stop it and start another on the same port (an SMTP outage): stop() stops the one running then */
  sink: MailSink;
  app: Express;
  config: Config;
  /** the calendar source the worker and the app read */
  calendars: CalendarSource;
  /** supertest with the demo bearer token of `personId` */
  as(personId: string): {
    get(path: string): request.Test;
    post(path: string, body?: object): request.Test;
  };
  stop(): Promise<void>;
}

export interface StackOptions {
  /** the calendar under the entered years (default: the bundled data with the tests' 2027 New Year) */
  calendar?: CalendarSupplement;
  /** the app's clock, for launches "today" on a chosen date */
  clock?: () => Date;
  /** the logger of the app and the worker (default: silent), e.g. one writing to memory for a test that reads the logs */
  logger?: Logger;
}

export async function startStack({ calendar = testSupplement, clock, logger = pino({ level: 'silent' }) }: StackOptions = {}): Promise<Stack> {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  let stack: Stack | undefined;
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const [env, database, sink] = await Promise.all([devServerEnv(), createTestDatabase(), startMailSink({ smtpPort: 0 })]);
    cleanups.push(() => env.teardown(), () => database.drop(), () => (stack?.sink ?? sink).stop());
    await seedDemo(database.url);
    const db = createDb(database.url);
    cleanups.push(() => db.$disconnect());
    const calendars = testCalendars(db, calendar);
    const mailer = createMailer({ host: '127.0.0.1', port: sink.smtpPort });
    cleanups.push(() => mailer.close());

    const namespace = env.namespace ?? 'default';
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: `e2e-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: logger.level,
    });
    const worker: Worker = await createWorker({
      connection: env.nativeConnection,
      namespace,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      deps: {
        db,
        mailer,
        temporal: env.client,
        logger,
        calendars,
        settings: { mailFrom: config.MAIL_FROM, publicBaseUrl: config.PUBLIC_BASE_URL, temporalUiUrl: config.TEMPORAL_UI_URL, namespace },
      },
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    const app = createApp({ db, temporal: env.client, config, logger, calendars, ...(clock ? { clock } : {}) });
    const as = (personId: string) => ({
      get: (path: string) => request(app).get(path).set('Authorization', `Bearer ${demoToken(personId)}`),
      post: (path: string, body?: object) => request(app).post(path).set('Authorization', `Bearer ${demoToken(personId)}`).send(body),
    });
    stack = { env, db, sink, app, config, calendars, as, stop };
    return stack;
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Polls until `probe` returns something truthy; workflows move on their own after a request returns.
 * (Workflow tests use `untilPasses` in test/support/poll.ts, which waits for a probe that stops throwing.)
 */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, { timeoutMs = 30_000, what = 'condition' } = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Cancels a campaign a test is done with, and waits until the campaign and its units have recorded it
 * (the cancellation answers first; its sweep and records follow), so none of it lands in the next test.
 */
export async function endCampaign(stack: Stack, id: string): Promise<void> {
  await stack.as('staff-li').post(`/campaigns/${id}/cancel`, { reason: '测试结束' }).expect(200);
  await stack.env.client.workflow.getHandle(campaignWorkflowId(id)).result();
  await eventually(async () => (await stack.db.unitInspection.count({ where: { campaignId: id, state: { not: 'cancelled' } } })) === 0, { what: `the units of ${id} cancelled` });
}

/** Temporal Schedules on the stack's server (routine cycles and self-supervision rotas each own one). */
export async function countSchedules(stack: Stack): Promise<number> {
  let n = 0;
  for await (const _ of stack.env.client.schedule.list()) n++;
  return n;
}

/** Every problem+json response has this shape. */
export function expectProblem(res: request.Response, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.stringMatching(/^urn:tantou:problem:/), title: expect.any(String), status, detail: expect.any(String), requestId: expect.any(String) });
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
}

/** A 503 problem+json of `kind` that asks to retry after `retryAfterSeconds`: a dependency did not answer. */
export function expectUnavailable(res: request.Response, kind: string, retryAfterSeconds: number): void {
  expectProblem(res, 503);
  expect(res.body.type).toBe(`urn:tantou:problem:${kind}`);
  expect(res.headers['retry-after']).toBe(String(retryAfterSeconds));
}

/**
 * A valid launch; deadline, ladder and approval window in natural time so that tests which are not
 * about working days keep passing when "today" nears the last year the holiday calendar covers.
 */
export const launchBody = (overrides: Record<string, unknown> = {}) => ({
  title: `作风建设年专项督查 ${randomBytes(2).toString('hex')}`,
  topic: '上下班打卡、上班炒股、窜岗等作风问题自查',
  scope: { unitIds: ['gongluju'] },
  deadline: { at: new Date(Date.now() + 3 * 86_400_000).toISOString() },
  approverId: 'deputy',
  ladder: { remindBefore: { amount: 1, unit: 'days' }, rungs: [{ after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] }, { after: { amount: 2, unit: 'days' }, notify: ['GROUP_LEADER'] }] },
  approvalWindow: { amount: 2, unit: 'days' },
  ...overrides,
});

/** Every page of a paged GET, following `nextCursor` from the first page to the last. */
export async function allPages<T extends { nextCursor: string | null }>(stack: Stack, personId: string, path: string): Promise<T[]> {
  const pages: T[] = [];
  for (let cursor: string | null = null; pages.length === 0 || cursor; ) {
    const url = cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path;
    const page = (await stack.as(personId).get(url).expect(200)).body as T;
    pages.push(page);
    cursor = page.nextCursor;
  }
  return pages;
}
