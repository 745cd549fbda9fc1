import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { temporalConnectionOptions } from '../config/temporal';
import { loadCalendarSupplement } from '../config/calendar';
import { createCalendarSource } from '../activities/calendar';
import { createDb } from '../prisma/client';
import { createApp } from './app';

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfig();
  const logger = createLogger('api', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL);
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const server = createApp({ db, temporal, config, logger, calendars: createCalendarSource({ db, base: loadCalendarSupplement(config) }) }).listen(config.API_PORT, () => {
    logger.info({ port: config.API_PORT }, 'api listening');
  });

  // stop accepting, let requests in flight finish (bounded), then close the clients
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'api stopping');
    setTimeout(() => {
      logger.error('requests still open after the grace period; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      void Promise.all([connection.close(), db.$disconnect()]).then(() => {
        logger.info('api stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
