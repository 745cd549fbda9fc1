import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, shortestDueWorkingDays } from '../config';
import { loadCalendarSupplement } from '../config/calendar';
import { createCalendarSource } from '../activities/calendar';
import { createLogger } from '../config/logger';
import { temporalConnectionOptions } from '../config/temporal';
import { createDb } from '../prisma/client';
import { createWorker } from './createWorker';
import { createMailer } from './mailer';
import { ensureSchedules } from './schedules';

async function main() {
  const cfg = loadConfig();
  const logger = createLogger('worker', cfg.LOG_LEVEL);
  const connOpts = temporalConnectionOptions(cfg);
  const db = createDb(cfg.DATABASE_URL);
  const mailer = createMailer({
    host: cfg.SMTP_HOST,
    port: cfg.SMTP_PORT,
    secure: cfg.SMTP_SECURE,
    user: cfg.SMTP_USER,
    password: cfg.SMTP_PASSWORD,
    poolConnections: cfg.SMTP_POOL_CONNECTIONS,
  });
  const connection = await NativeConnection.connect(connOpts);
  const temporal = new Client({ connection: await Connection.connect(connOpts), namespace: cfg.TEMPORAL_NAMESPACE });
  const worker = await createWorker({
    connection,
    namespace: cfg.TEMPORAL_NAMESPACE,
    taskQueue: cfg.TEMPORAL_TASK_QUEUE,
    tune: { maxCachedWorkflows: cfg.WORKER_MAX_CACHED_WORKFLOWS },
    deps: {
      db,
      mailer,
      temporal,
      logger,
      calendars: createCalendarSource({ db, base: loadCalendarSupplement(cfg) }),
      settings: {
        mailFrom: cfg.MAIL_FROM,
        publicBaseUrl: cfg.PUBLIC_BASE_URL,
        temporalUiUrl: cfg.TEMPORAL_UI_URL,
        namespace: cfg.TEMPORAL_NAMESPACE,
        holidayReminderWorkingDays: cfg.HOLIDAY_REMINDER_WORKING_DAYS,
        shortestDueWorkingDays: shortestDueWorkingDays(cfg),
        fanOutConcurrency: cfg.FAN_OUT_CONCURRENCY,
      },
    },
  });
  await ensureSchedules(temporal, cfg.TEMPORAL_TASK_QUEUE);
  logger.info({ taskQueue: cfg.TEMPORAL_TASK_QUEUE, address: cfg.TEMPORAL_ADDRESS }, 'worker started');
  // Worker.run resolves after SIGINT/SIGTERM once in-flight tasks are done (the SDK installs the handlers)
  await worker.run();
  await Promise.all([connection.close(), temporal.connection.close(), db.$disconnect()]);
  mailer.close();
  logger.info('worker stopped');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
