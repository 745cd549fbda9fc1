import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import pino from 'pino';
import request from 'supertest';
import { createContext } from '../../api/context';
import { LaunchCampaignBody } from '../../api/schemas/campaigns';
import { launchCampaign } from '../../api/services/campaigns';
import { testCalendar as calendar } from '../support/calendar';
import { eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

/** What a refused request must leave untouched: rows, emails, audit entries and workflows. */
async function footprint() {
  const { db, env } = stack;
  return {
    campaigns: await db.campaign.count(),
    campaignUnits: await db.campaignUnit.count(),
    emails: await db.emailOutbox.count(),
    audit: await db.auditLog.count(),
    approvals: await db.approval.count(),
    workflows: (await env.client.workflow.count()).count,
  };
}

async function expectRefusedWithoutTrace(send: () => Promise<request.Response>, status: number, field?: string) {
  const before = await footprint();
  const res = await send();
  expectProblem(res, status, field);
  expect(await footprint()).toEqual(before);
  return res;
}

const launch = (body: object, as = 'staff-li') => () => stack.as(as).post('/campaigns', body);

describe('refused requests change nothing', () => {
  it('rejects a scope naming an unknown unit, naming the field', async () => {
    const res = await expectRefusedWithoutTrace(launch(launchBody({ scope: { unitIds: ['gongluju', 'no-such-unit'] } })), 422, 'scope.unitIds.1');
    expect(res.body.errors).toHaveLength(1);
  });

  it('rejects an empty scope', async () => {
    await expectRefusedWithoutTrace(launch(launchBody({ scope: {} })), 400, 'scope');
    await expectRefusedWithoutTrace(launch(launchBody({ scope: { groupIds: [], unitIds: [] } })), 400, 'scope');
  });

  it('rejects a deadline in the past', async () => {
    await expectRefusedWithoutTrace(launch(launchBody({ deadline: { at: '2020-01-01T00:00:00+08:00' } })), 422, 'deadline.at');
  });

  it('rejects a deadline in a year without holiday data, naming the year', async () => {
    // the default ladder counts working days from the deadline
    const res = await expectRefusedWithoutTrace(launch(launchBody({ deadline: { date: '2031-06-01' }, ladder: undefined })), 422, 'deadline.date');
    expect(res.body.detail).toContain('2031');
  });

  it('names each wrong field of a body that does not match the schema', async () => {
    const res = await expectRefusedWithoutTrace(
      launch({ ...launchBody({ deadline: { workingDays: 0 } }), title: '', ladder: { rungs: [{ after: { amount: 1.5, unit: 'workingDays' }, notify: ['NOBODY'] }] } }),
      400,
    );
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['deadline.workingDays', 'ladder.rungs.0.after.amount', 'ladder.rungs.0.notify.0', 'title'].sort(),
    );
  });

  it('rejects an approver who is not a commission leader', async () => {
    await expectRefusedWithoutTrace(launch(launchBody({ approverId: 'staff-chen' })), 422, 'approverId');
    await expectRefusedWithoutTrace(launch(launchBody({ approverId: 'nobody' })), 422, 'approverId');
  });

  it('rejects a ladder whose rungs do not climb', async () => {
    const ladder = { rungs: [{ after: { amount: 2, unit: 'hours' }, notify: ['UNIT_CONTACT'] }, { after: { amount: 1, unit: 'hours' }, notify: ['GROUP_LEADER'] }] };
    await expectRefusedWithoutTrace(launch(launchBody({ ladder })), 422, 'ladder.rungs');
  });

  it('lets only staff launch, answering 403 to every other role', async () => {
    for (const person of ['deputy', 'g5-member', 'gongluju-contact']) {
      await expectRefusedWithoutTrace(launch(launchBody(), person), 403);
    }
  });

  it('answers 401 with a Bearer challenge to a missing or unknown token', async () => {
    const missing = await expectRefusedWithoutTrace(() => request(stack.app).post('/campaigns').send(launchBody()), 401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    await expectRefusedWithoutTrace(() => request(stack.app).get('/campaigns').set('Authorization', 'Bearer not-a-token'), 401);
  });

  it('answers 400 to malformed JSON and 413 to a body over 100kb', async () => {
    const raw = (body: string) => () => stack.as('staff-li').post('/campaigns').set('Content-Type', 'application/json').send(body);
    await expectRefusedWithoutTrace(raw('{"title": "未闭合'), 400);
    await expectRefusedWithoutTrace(raw(JSON.stringify(launchBody({ topic: '督'.repeat(40_000) }))), 413);
  });

  it('answers 404 to an unknown route and to an unknown campaign', async () => {
    await expectRefusedWithoutTrace(() => request(stack.app).get('/no-such-route'), 404);
    await expectRefusedWithoutTrace(() => stack.as('staff-li').get('/campaigns/ZX-20261127-000000'), 404);
    await expectRefusedWithoutTrace(() => stack.as('deputy').post('/campaigns/ZX-20261127-000000/decision', { decision: 'approve' }), 404);
  });

  it('answers 409 with the workflow’s reason when a plan is approved twice', async () => {
    const { body: launched } = await stack.as('staff-li').post('/campaigns', launchBody()).expect(202);
    await stack.as('deputy').post(`/campaigns/${launched.id}/decision`, { decision: 'approve' }).expect(200);
    const decided = await stack.db.campaign.findUniqueOrThrow({ where: { id: launched.id } });
    // the fan-out runs on after the update returns: wait for it, so the footprint below is stable
    await eventually(async () => (await stack.db.unitInspection.count({ where: { campaignId: launched.id } })) === 1 && (await stack.db.emailOutbox.count()) >= 2);
    await new Promise((r) => setTimeout(r, 500));

    const again = await expectRefusedWithoutTrace(() => stack.as('secretary').post(`/campaigns/${launched.id}/decision`, { decision: 'reject', reason: '再议' }), 409);
    expect(again.body.detail).toMatch(/^the campaign is (fanning_out|in_progress), not awaiting_approval$/);
    expect(again.body).toMatchObject({ type: 'urn:tantou:problem:wrong-state', code: 'wrong-state' });
    expect((await stack.db.campaign.findUniqueOrThrow({ where: { id: launched.id } })).decidedById).toBe(decided.decidedById);
    await stack.as('staff-li').post(`/campaigns/${launched.id}/cancel`, { reason: '测试结束' }).expect(200);
  });

  it('keeps each unit’s report and review to that unit’s contact and group', async () => {
    const { body: launched } = await stack.as('staff-li').post('/campaigns', launchBody({ scope: { unitIds: ['gongluju', 'jiaoyuju'] } })).expect(202);
    // the new workflow records its state and asks the approver on its own: let it settle first
    await eventually(() => stack.db.emailOutbox.findFirst({ where: { workflowId: launched.workflowId, kind: 'approval_request', status: 'sent' } }));
    const report = { content: '自查报告' };
    await expectRefusedWithoutTrace(() => stack.as('jiaoyuju-contact').post(`/inspections/${launched.id}/gongluju/report`, report), 403);
    await expectRefusedWithoutTrace(() => stack.as('gongluju-leader').post(`/inspections/${launched.id}/gongluju/report`, report), 403);
    await expectRefusedWithoutTrace(() => stack.as('g1-member').post(`/inspections/${launched.id}/gongluju/review`, { decision: 'accept' }), 403);
    // outside their scope a campaign or unit does not exist for them
    await expectRefusedWithoutTrace(() => stack.as('g1-member').get(`/campaigns/${launched.id}`), 404);
    await expectRefusedWithoutTrace(() => stack.as('jiaoyuju-contact').get(`/inspections/${launched.id}/gongluju`), 404);
    const visible = await stack.as('g5-leader').get('/campaigns').expect(200);
    expect(visible.body.items.map((c: { id: string }) => c.id)).toContain(launched.id);
    expect((await stack.as('g1-leader').get('/campaigns').expect(200)).body.items.map((c: { id: string }) => c.id)).not.toContain(launched.id);
    await stack.as('staff-li').post(`/campaigns/${launched.id}/cancel`, { reason: '测试结束' }).expect(200);
  });
});

describe('launching when Temporal cannot be reached', () => {
  it('leaves no campaign behind when its workflow cannot be started', async () => {
    // a real client to a port nobody listens on, failing at the first attempt instead of retrying
    const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 1 }))] });
    const ctx = createContext({ db: stack.db, temporal: new Client({ connection }), config: stack.config, logger: pino({ level: 'silent' }), calendar });
    try {
      const before = await footprint();
      const command = { actor: { personId: 'staff-li', role: 'STAFF' as const }, body: LaunchCampaignBody.parse(launchBody()), requestId: 'unreachable' };
      await expect(launchCampaign(ctx, command)).rejects.toThrow();
      expect(await footprint()).toEqual(before);
    } finally {
      await connection.close();
    }
  });
});

describe('the API surface', () => {
  it('honours a caller’s X-Request-Id and generates one otherwise', async () => {
    const given = await request(stack.app).get('/health').set('X-Request-Id', 'trace-42').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-42');
    const generated = await request(stack.app).get('/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('serves an OpenAPI 3.1 document with every route', async () => {
    const { body } = await request(stack.app).get('/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual(
      ['/campaigns', '/campaigns/{id}', '/campaigns/{id}/cancel', '/campaigns/{id}/decision', '/health', '/inspections/{campaignId}/{unitId}', '/inspections/{campaignId}/{unitId}/report', '/inspections/{campaignId}/{unitId}/review',
        '/rectifications', '/rectifications/{findingId}', ...['plan', 'plan-review', 'progress', 'acceptance', 'extension', 'extension-decision', 'revisit'].map((s) => `/rectifications/{findingId}/${s}`),
        '/surprise-checks', '/surprise-checks/{id}', '/surprise-checks/{id}/cancel', '/surprise-checks/{id}/results/{unitId}', '/surprise-checks/{id}/sample-proof',
        '/routine-cycles', '/routine-cycles/{id}', ...['pause', 'resume', 'trigger', 'runs'].map((s) => `/routine-cycles/{id}/${s}`),
        '/routine-runs/{id}', '/routine-runs/{id}/observations', '/routine-runs/{id}/complete',
        '/self-supervision-rotas', '/self-supervision-rotas/{id}', ...['pause', 'resume', 'trigger'].map((s) => `/self-supervision-rotas/{id}/${s}`),
        '/self-supervision-turns', '/self-supervision-turns/{turnId}', '/self-supervision-turns/{turnId}/record',
        '/targeted-audits', '/targeted-audits/templates', '/targeted-audits/{id}', '/targeted-audits/{id}/cancel',
        ...['filing', 'review'].map((s) => `/targeted-audits/{id}/steps/{stepKey}/${s}`),
        '/units/{unitId}/overview', '/overdue',
      ].sort(),
    );
    expect(body.components.schemas).toHaveProperty('Problem');
  });
});
