// When Temporal does not answer, the API answers: 503 problem+json with Retry-After, never a request
// left hanging. Two ways Temporal fails to answer, both real: a dev server that was stopped, and a
// port that accepts connections and then says nothing (a hung server or a black-holing network).
import type { PrismaClient } from '@prisma/client';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { TEMPORAL_RETRY_AFTER_SECONDS } from '../../api/errors';
import { loadConfig } from '../../config';
import { createDb } from '../../prisma/client';
import { demoToken, seedDemo } from '../../prisma/seed';
import { insertCampaign } from '../support/campaigns';
import { testCalendars } from '../support/calendar';
import { createTestDatabase } from '../support/db';
import { silentPort } from '../support/ports';
import { devServerEnv } from '../support/temporal';
import { expectUnavailable, launchBody } from './stack';

jest.setTimeout(60_000);

let db: PrismaClient;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeAll(async () => {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  await seedDemo(database.url);
  db = createDb(database.url);
  cleanups.push(() => db.$disconnect());
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The real app on a client whose Temporal does not answer; a short bound keeps the test short. */
function appOn(temporal: Client): Express {
  const config = loadConfig({ DATABASE_URL: 'postgresql://unused/db', LOG_LEVEL: 'silent' });
  return createApp({ db, temporal, config, logger: pino({ level: 'silent' }), calendars: testCalendars(db), temporalTimeoutMs: 1_000 });
}

async function stoppedServer(): Promise<Client> {
  const env = await devServerEnv();
  // few retries, all over within the API's bound: the client's retry timer ignores a closed channel,
  // so one still pending when the cleanup closes it would throw into whichever test file runs next
  const connection = await Connection.connect({ address: env.address, interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3 }))] });
  cleanups.push(() => connection.close());
  await env.teardown();
  return new Client({ connection, namespace: env.namespace ?? 'default' });
}

async function silentServer(): Promise<Client> {
  const { port, close } = await silentPort();
  cleanups.push(close);
  const connection = Connection.lazy({ address: `127.0.0.1:${port}` });
  cleanups.push(() => connection.close());
  return new Client({ connection });
}

const footprint = async () => ({
  campaigns: await db.campaign.count(),
  audit: await db.auditLog.count(),
  keys: await db.idempotentLaunch.count(),
  cycles: await db.routineCycle.count(),
});

const unavailable = (res: request.Response) => expectUnavailable(res, 'temporal-unavailable', TEMPORAL_RETRY_AFTER_SECONDS);

describe.each([
  ['a Temporal server that was stopped', stoppedServer],
  ['a Temporal address where nothing answers', silentServer],
])('with %s', (_name, temporalClient) => {
  let app: Express;
  const as = (personId: string) => ({
    get: (path: string) => request(app).get(path).set('Authorization', `Bearer ${demoToken(personId)}`),
    post: (path: string, body: object) => request(app).post(path).set('Authorization', `Bearer ${demoToken(personId)}`).send(body),
  });
  beforeAll(async () => {
    app = appOn(await temporalClient());
  });

  it('answers a launch with 503 and Retry-After, and keeps nothing of it, so the same request can be sent again', async () => {
    const before = await footprint();
    unavailable(await as('staff-li').post('/campaigns', launchBody()).set('Idempotency-Key', `down-${Date.now()}`));
    unavailable(await as('staff-li').post('/routine-cycles', { unitIds: ['gongluju'], cadence: { kind: 'monthly' } }));
    expect(await footprint()).toEqual(before);
  });

  it('answers a decision with 503, and a read with the projection and the workflow reported unavailable', async () => {
    const { campaignId } = await insertCampaign(db, { now: Date.now(), unitIds: ['gongluju'] });
    unavailable(await as('deputy').post(`/campaigns/${campaignId}/decision`, { decision: 'approve' }));
    const read = await as('staff-li').get(`/campaigns/${campaignId}?live=true`).expect(200);
    expect(read.body).toMatchObject({ id: campaignId, state: 'awaiting_approval', workflow: { available: false } });
  });

  it('answers /health with 503 naming Temporal, and the database still ok', async () => {
    const res = await request(app).get('/health').expect(503);
    expect(res.body).toMatchObject({ status: 'unavailable', checks: { database: 'ok' } });
    expect(res.body.checks.temporal).toMatch(/Temporal did not answer the health check in time/);
  });
});
