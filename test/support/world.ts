// A complete test world for workflow tests: a fresh seeded database, a real SMTP sink, a Temporal
// test server and a worker running the real activities against them.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createMailer } from '../../worker/mailer';
import pino from 'pino';
import { createDb } from '../../prisma/client';
import { seedDemo } from '../../prisma/seed';
import { startMailSink, type MailSink } from '../../scripts/mailSink';
import { createWorker } from '../../worker/createWorker';
import type { CalendarSupplement } from '../../domain/calendar';
import { testCalendars, testSupplement } from './calendar';
import { createTestDatabase } from './db';
import { settled } from './settled';

export interface World {
  db: PrismaClient;
  databaseUrl: string;
  sink: MailSink;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  worker: Worker;
  /** starts (or restarts, after stopWorker) the worker */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /**
   * Moves the test server's clock on, then waits until the given workflows have done what came due
   * (env.sleep alone may return while a rung's email is still being sent: see settled.ts).
   */
  sleep(duration: Duration, ...workflows: [Workflow, ...Workflow[]]): Promise<void>;
  /** Waits until the given workflows owe nothing now: no workflow task or activity open, no timer due unfired. */
  settled(...workflows: [Workflow, ...Workflow[]]): Promise<void>;
  teardown(): Promise<void>;
}
type Workflow = { workflowId: string };

export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test file (webpack takes seconds). */
const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger }));
const quietLogger = { ...console, info: () => undefined, debug: () => undefined, trace: () => undefined, log: () => undefined, warn: console.warn, error: console.error };

/**
 * One world per test: each gets its own test server, so one test's clock jumps and leftovers
 * (the Java test server keeps a cancelled workflow's activity pending, which stops time skipping)
 * never reach another.
 */
export async function startWorld(makeEnv: () => Promise<TestWorkflowEnvironment>, calendar: CalendarSupplement = testSupplement): Promise<World> {
  const database = await createTestDatabase();
  await seedDemo(database.url);
  const db = createDb(database.url);
  const [sink, env] = await Promise.all([startMailSink({ smtpPort: 0 }), makeEnv()]);
  const mailer = createMailer({ host: '127.0.0.1', port: sink.smtpPort });
  const taskQueue = uniqueId('tq');
  let running: Promise<void> | undefined;
  const world: World = {
    db,
    databaseUrl: database.url,
    sink,
    env,
    taskQueue,
    worker: undefined as unknown as Worker,
    async startWorker() {
      world.worker = await createWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        tune: { workflowBundle: await workflowBundle() },
        deps: {
          db,
          mailer,
          temporal: env.client,
          logger: pino({ level: 'silent' }),
          calendars: testCalendars(db, calendar),
          settings: {
            mailFrom: '探头 <tantou@test.tantou.local>',
            publicBaseUrl: 'http://tantou.test',
            temporalUiUrl: 'http://temporal-ui.test',
            namespace: env.namespace ?? 'default',
          },
        },
      });
      running = world.worker.run();
    },
    async stopWorker() {
      world.worker.shutdown();
      await running;
    },
    async sleep(duration, ...workflows) {
      await env.sleep(duration);
      await world.settled(...workflows);
    },
    settled: (...workflows) => settled(env.client, () => env.currentTimeMs(), workflows.map((w) => w.workflowId)),
    async teardown() {
      if (world.worker?.getState() === 'RUNNING') await world.stopWorker();
      await env.teardown();
      await world.sink.stop(); // the one running now: a test may have replaced the first
      mailer.close();
      await db.$disconnect();
      await database.drop();
    },
  };
  await world.startWorker();
  return world;
}
