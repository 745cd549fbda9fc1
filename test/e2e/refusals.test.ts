import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import pino from 'pino';
import type { Express } from 'express';
import request from 'supertest';
import { createContext } from '../../api/context';
import { routes } from '../../api/routes';
import { LaunchCampaignBody } from '../../api/schemas/campaigns';
import { launchCampaign } from '../../api/services/campaigns';
import { ROLES, type Role } from '../../domain/roles';
import { demoToken } from '../../prisma/seed';
import { PEOPLE } from '../support/routeCalls';
import { endCampaign, eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

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
    // the decision is recorded right after the update answers
    const decided = await eventually(async () => {
      const row = await stack.db.campaign.findUniqueOrThrow({ where: { id: launched.id } });
      return row.decidedById !== null && row;
    });
    // the fan-out runs on after the update returns: wait for it, so the footprint below is stable
    await eventually(async () => (await stack.db.unitInspection.count({ where: { campaignId: launched.id } })) === 1 && (await stack.db.emailOutbox.count()) >= 2);
    await new Promise((r) => setTimeout(r, 500));

    const again = await expectRefusedWithoutTrace(() => stack.as('secretary').post(`/campaigns/${launched.id}/decision`, { decision: 'reject', reason: '再议' }), 409);
    expect(again.body.detail).toMatch(/^当前状态下不能办理此事项 \/ the campaign is (fanning_out|in_progress), not awaiting_approval$/);
    expect(again.body).toMatchObject({ type: 'urn:tantou:problem:wrong-state', code: 'wrong-state' });
    expect((await stack.db.campaign.findUniqueOrThrow({ where: { id: launched.id } })).decidedById).toBe(decided.decidedById);
    await endCampaign(stack, launched.id);
  });

  it('keeps each unit’s report and review to that unit’s contact and group', async () => {
    const { body: launched } = await stack.as('staff-li').post('/campaigns', launchBody({ scope: { unitIds: ['gongluju', 'jiaoyuju'] } })).expect(202);
    // the new workflow records its state and asks the approver on its own: let it settle first
    await eventually(() => stack.db.emailOutbox.findFirst({ where: { workflowId: launched.workflowId, kind: 'campaign_approval_request', status: 'sent' } }));
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
    await endCampaign(stack, launched.id);
  });
});

describe('launching when Temporal cannot be reached', () => {
  it('leaves no campaign behind when its workflow cannot be started', async () => {
    // a real client to a port nobody listens on, failing at the first attempt instead of retrying
    const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 1 }))] });
    const ctx = createContext({ db: stack.db, temporal: new Client({ connection }), config: stack.config, logger: pino({ level: 'silent' }), calendars: stack.calendars });
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
    expect(generated.body).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' }, warnings: [] });
  });

  it('serves an OpenAPI 3.1 document of exactly the routes Express has mounted', async () => {
    const { body } = await request(stack.app).get('/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    expect(body.components.schemas).toHaveProperty('Problem');
    const documented = Object.entries(body.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const mounted = mountedRoutes(stack.app);
    // both ways: a route the document forgot fails, and so does a documented one nobody mounted
    expect(documented.sort()).toEqual(mounted.sort());
    expect(mounted.sort()).toEqual(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
    expect(mounted).toEqual(expect.arrayContaining(['POST /campaigns', 'GET /rectifications/{findingId}', 'DELETE /routine-cycles/{id}', 'GET /health']));
  });

  it('states in the document who may call each route, and every status it can answer', async () => {
    const { body } = await request(stack.app).get('/openapi.json').expect(200);
    for (const r of routes) {
      const op = body.paths[r.path][r.method];
      const statuses = Object.keys(op.responses).map(Number);
      const where = `${r.method.toUpperCase()} ${r.path}`;
      expect([where, statuses]).toEqual([where, expect.arrayContaining([r.response.status])]);
      if (r.public) {
        expect([where, op.security]).toEqual([where, []]);
        continue;
      }
      expect([where, op['x-roles']]).toEqual([where, r.roles ?? Object.keys(ROLES)]);
      expect(op.description).toMatch(/^Roles: /);
      expect([where, statuses]).toEqual([where, expect.arrayContaining(r.roles ? [401, 403] : [401])]);
      if (r.schemas.body) {
        expect([where, op.requestBody.required]).toEqual([where, true]);
        expect([where, statuses]).toEqual([where, expect.arrayContaining([400, 413, 415])]);
      }
      if (r.callsTemporal) expect([where, statuses]).toEqual([where, expect.arrayContaining([503])]);
      // every launch that honours an Idempotency-Key says how its answer marks a replay; other headers are the route's own (a cookie)
      const takesKey = op.parameters?.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key');
      const own = Object.keys(r.responseHeaders).filter((h) => h !== 'Idempotent-Replayed');
      expect([where, Object.keys(op.responses[r.response.status].headers ?? {})]).toEqual([where, [...(takesKey ? ['Idempotent-Replayed'] : []), ...own]]);
      expect(op.responses[401]['x-problem-kinds']).toEqual(['unauthorized']);
      for (const status of statuses.filter((s) => s >= 400)) {
        expect(op.responses[status].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
        expect([where, status, op.responses[status]['x-problem-kinds']]).toEqual([where, status, expect.any(Array)]);
      }
    }
  });

  it('says the rules across fields in the schemas themselves', async () => {
    const { schemas } = (await request(stack.app).get('/openapi.json').expect(200)).body.components;
    expect(schemas.DeadlineInput.oneOf).toHaveLength(3);
    expect(schemas.Scope.anyOf.map((o: { required: string[] }) => o.required)).toEqual([['groupIds'], ['unitIds']]);
    expect(schemas.CreateRoutineCyclesBody.oneOf).toEqual([{ required: ['unitIds'] }, { required: ['groupId'] }]);
    expect(schemas.CampaignApprovalBody.oneOf.map((o: { required: string[] }) => o.required)).toEqual([['decision'], ['decision', 'reason']]);
    expect(schemas.RecordSurpriseResultBody.oneOf.map((o: { required: string[] }) => o.required)).toEqual([['result', 'notes'], ['result']]);
    // a rejection without its reason still names the field
    await expectRefusedWithoutTrace(() => stack.as('deputy').post('/campaigns/ZX-20261127-000000/decision', { decision: 'reject' }), 400, 'reason');
  });

  it('answers 401 on every route that needs a token, and 403 to every role a route does not name', async () => {
    const before = await footprint();
    for (const r of routes.filter((x) => !x.public)) {
      const path = r.path.replace(/\{\w+\}/g, 'x');
      const missing = await request(stack.app)[r.method](path).send(r.schemas.body ? {} : undefined);
      expect([r.method, r.path, missing.status]).toEqual([r.method, r.path, 401]);
      for (const [role, person] of Object.entries(PERSON_OF_ROLE)) {
        if (!r.roles || r.roles.includes(role as Role)) continue;
        const res = await request(stack.app)[r.method](path).set('Authorization', `Bearer ${demoToken(person)}`).send(r.schemas.body ? {} : undefined);
        // a route whose roles the service checks after the record's visibility says 404 for a record the role may not
        // see (here: none exists); the empty body is refused before that, which says nothing about any record
        const refused = !r.rolesCheckedAfterVisibility ? 403 : r.schemas.body ? 400 : 404;
        expect([r.method, r.path, role, res.status]).toEqual([r.method, r.path, role, refused]);
        expectProblem(res, refused);
      }
    }
    expect(await footprint()).toEqual(before);
  });

  it('answers an unknown method on a known path with 405 and the methods it allows', async () => {
    for (const path of new Set(routes.map((r) => r.path))) {
      const res = await request(stack.app).put(path.replace(/\{\w+\}/g, 'x')).send({});
      expectProblem(res, 405);
      const allowed = routes.filter((r) => r.path === path).map((r) => r.method.toUpperCase());
      expect(res.headers.allow.split(', ').sort()).toEqual([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort());
    }
    const res = await request(stack.app).delete('/campaigns');
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('POST, GET, HEAD, OPTIONS');
    expect(res.body.detail).toContain('DELETE');
    const options = await request(stack.app).options('/campaigns/x').expect(204);
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers 415 to a body that is not sent as JSON, and says so', async () => {
    const body = JSON.stringify(launchBody());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await expectRefusedWithoutTrace(() => stack.as('staff-li').post('/campaigns').set('Content-Type', type).send(body), 415);
      expect(res.body.type).toBe('urn:tantou:problem:unsupported-media-type');
      expect(res.body.detail).toContain('application/json');
      expect(res.body.detail).toContain(type);
    }
    // a JSON media type with a suffix is still JSON
    await stack.as('staff-li').get('/campaigns').set('Content-Type', 'application/merge-patch+json').send('{}').expect(200);
  });

  it('serves the document in Swagger UI at /docs, assets and all, from this server', async () => {
    const page = await request(stack.app).get('/docs').expect(200).expect('Content-Type', /text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/start.js']));
    // nothing from another host: the page works offline
    expect(assets.every((a) => a.startsWith('/'))).toBe(true);
    for (const asset of assets) await request(stack.app).get(asset).expect(200);
    expect((await request(stack.app).get('/docs/swagger-ui-bundle.js').expect('Content-Type', /javascript/)).text).toContain('SwaggerUIBundle');
    expect((await request(stack.app).get('/docs/start.js')).text).toContain("url: '/openapi.json'");
  });
});

/** `METHOD /path/{param}` of every route Express has mounted on the app (the 405 catch-alls excluded). */
function mountedRoutes(app: Express): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  return (app.router.stack as Layer[]).flatMap(({ route }) =>
    route ? Object.keys(route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`) : [],
  );
}

const PERSON_OF_ROLE = PEOPLE.own;
