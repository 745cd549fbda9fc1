// When PostgreSQL does not answer, the API answers at once: 503 problem+json with Retry-After, never a
// 500 and never a request left hanging. Two ways it fails to answer: a server that was stopped (its
// port refuses), and a port that accepts connections and then says nothing (a hung server or a
// black-holing network), which only the pool's connection timeout bounds. `npm run chaos` stops the
// real server of its stack for its row.
import { Client, Connection } from '@temporalio/client';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../api/errors';
import { loadConfig } from '../../config';
import { createDb } from '../../prisma/client';
import { demoToken } from '../../prisma/seed';
import { testCalendars } from '../support/calendar';
import { closedPort, silentPort } from '../support/ports';
import { expectUnavailable, launchBody } from './stack';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function silentServer(): Promise<number> {
  const { port, close } = await silentPort();
  cleanups.push(close);
  return port;
}

/** The real app on a database at `port`; a short connection bound keeps the test short. Temporal is never reached. */
function appOn(port: number): Express {
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/tantou`;
  const db = createDb(url, { connectTimeoutMs: 1_000 });
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  cleanups.push(() => db.$disconnect(), () => connection.close());
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  return createApp({ db, temporal: new Client({ connection }), config, logger: pino({ level: 'silent' }), calendars: testCalendars(db) });
}

const unavailable = (res: request.Response) => expectUnavailable(res, 'database-unavailable', DATABASE_RETRY_AFTER_SECONDS);

describe.each([
  ['a PostgreSQL server that was stopped', closedPort],
  ['a PostgreSQL address where nothing answers', silentServer],
])('with %s', (_name, database) => {
  let app: Express;
  const token = `Bearer ${demoToken('staff-li')}`;
  beforeAll(async () => {
    app = appOn(await database());
  });

  it('answers a read and a write with 503 and Retry-After', async () => {
    unavailable(await request(app).get('/campaigns').set('Authorization', token));
    unavailable(await request(app).post('/campaigns').set('Authorization', token).send(launchBody()));
  });
});
