// The authorization matrix (api/authorization.ts, derived from the route table) called cell by cell:
// every route as every role, over its own unit or group and another (and a sealed surprise check where
// the route has one), plus without a token and with a revoked one, on one stack and one set of fixtures.
//
// Authorization from validation: a call is authorized when it answers 2xx, 409 or 422, or 400 on a
// route without a record scope. Each call is made so that nothing else refuses with 403 or 404 once
// authorization passes (the member on duty files the turn, each party files its own step), so every 403
// or 404 is authorization's. A route with a scope decides it in its service, after the body is parsed:
// its calls carry valid bodies, and a 400 there fails (it would hide the scope check). A launch sends
// `{}`: its role is checked before its body is read, so its 400 says the role passed.
import request from 'supertest';
import { ALL_ROLES, outcomeOf, scopesOf, type CallScope, type Outcome } from '../../api/authorization';
import { routes } from '../../api/routes';
import type { Route } from '../../api/routes/table';
import { demoEmail, demoToken } from '../../prisma/seed';
import { PEOPLE, ROUTE_CALLS, makeFixtures, type Call, type Fixtures } from '../support/routeCalls';
import { startStack, type Stack } from './stack';

jest.setTimeout(300_000);

let stack: Stack;
let fixtures: Fixtures;
beforeAll(async () => {
  stack = await startStack();
  fixtures = await makeFixtures(stack);
});
afterAll(() => stack?.stop());

const keyOf = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

/** Each person's browser session, signed in once with the demo password, for the routes that read it. */
const sessions = new Map<string, Promise<{ cookie: string; csrfToken: string }>>();
const sessionOf = (person: string) => {
  if (!sessions.has(person)) {
    const signIn = request(stack.app).post('/session').send({ email: demoEmail(person), password: demoToken(person) }).expect(200);
    sessions.set(person, signIn.then((res) => ({ cookie: String(res.headers['set-cookie'][0]).split(';')[0], csrfToken: res.body.csrfToken as string })));
  }
  return sessions.get(person)!;
};

/** `as`: a person (by token, or by session where the call says so), a raw token (a revoked one), or nobody. */
async function send(r: Route, call: Call, as?: { person: string } | { token: string }) {
  const req = request(stack.app)[r.method](call.path);
  if (as && 'person' in as && call.by === 'session') {
    const { cookie, csrfToken } = await sessionOf(as.person);
    req.set('Cookie', cookie).set('X-CSRF-Token', csrfToken);
  } else if (as) {
    req.set('Authorization', `Bearer ${'person' in as ? demoToken(as.person) : as.token}`);
  }
  if (call.contentType) req.type(call.contentType);
  return call.body ? req.send(call.body) : req;
}

const authorized = (r: Route, status: number) => (status >= 200 && status < 300) || [409, 422].includes(status) || (status === 400 && !r.scope);
const gives = (r: Route, status: number): 'allowed' | number => (authorized(r, status) ? 'allowed' : status);

/** Helmet's headers, and the policy /docs and the console need. */
function missingSecurityHeaders(res: request.Response): string[] {
  const missing = ['x-content-type-options', 'strict-transport-security', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy'].filter((h) => !res.headers[h]);
  return /(^|;)script-src 'self'(;|$)/.test(res.headers['content-security-policy'] ?? '') ? missing : [...missing, 'content-security-policy'];
}

it('has a call for every route of the table, and none for a route it does not have', () => {
  const keys = routes.map(keyOf);
  expect(keys.filter((k) => !ROUTE_CALLS[k])).toEqual([]);
  expect(Object.keys(ROUTE_CALLS).filter((k) => !keys.includes(k))).toEqual([]);
});

describe('every route as every role', () => {
  it.each(routes.map((r) => [keyOf(r), r] as const))('%s answers as the matrix says', async (key, r) => {
    const callOf = ROUTE_CALLS[key];
    if (!callOf) throw new Error(`no call for ${key} in test/support/routeCalls.ts ROUTE_CALLS`);
    const wrong: string[] = [];
    const check = (who: string, expected: Outcome | 401, res: request.Response) => {
      const actual = gives(r, res.status);
      if (actual !== expected) wrong.push(`${who}: expected ${expected}, got ${res.status} ${res.body?.detail ?? ''}`);
      const missing = missingSecurityHeaders(res);
      if (missing.length) wrong.push(`${who}: no ${missing.join(', ')}`);
    };
    for (const role of ALL_ROLES) {
      for (const scope of scopesOf(r, role)) {
        const person = (scope === 'other' ? PEOPLE.other : PEOPLE.own)[role];
        if (!person) throw new Error(`no person of another scope for ${role} in PEOPLE`);
        check(`${role} ${person} (${scope})`, outcomeOf(r, role, scope), await send(r, callOf(fixtures, { role, scope }), { person }));
      }
    }
    const anyCall = callOf(fixtures, { role: 'STAFF', scope: 'own' satisfies CallScope });
    check('no token', r.public ? 'allowed' : 401, await send(r, anyCall));
    check('a revoked token', r.public ? 'allowed' : 401, await send(r, anyCall, { token: fixtures.revokedToken }));
    expect(wrong).toEqual([]);
  });
});

describe('security headers', () => {
  it.each([
    ['Swagger UI', '/docs/', 200],
    ['its assets', '/docs/swagger-ui.css', 200],
    ['its start script', '/docs/start.js', 200],
    ['an unknown route', '/nowhere', 404],
    ['a refused request', '/audit-log?cursor=nonsense', 400],
    ['an unknown method', '/health', 405],
  ])('are on %s', async (_what, path, status) => {
    const req = status === 405 ? request(stack.app).put(path) : request(stack.app).get(path).set('Authorization', `Bearer ${demoToken('staff-li')}`);
    const res = await req;
    expect(res.status).toBe(status);
    expect(missingSecurityHeaders(res)).toEqual([]);
  });

  it('let Swagger UI load from this origin only: scripts from self, its inline styles and data: icons, no framing', async () => {
    const csp = (await request(stack.app).get('/docs/')).headers['content-security-policy'];
    expect(csp.split(';')).toEqual(
      expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]),
    );
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});

describe('GET /audit-log', () => {
  const log = (query: string, as = 'secretary') => stack.as(as).get(`/audit-log?${query}`).expect(200);
  const actions = (res: request.Response) => (res.body.items as { action: string }[]).map((i) => i.action);

  it('audits every read of a sealed surprise check (detail, list, sample proof, unit overview), and no read of a started one', async () => {
    const { sealed, started } = fixtures.check;
    const before = new Date().toISOString();
    await stack.as('staff-chen').get(`/surprise-checks/${sealed}`).expect(200);
    await stack.as('staff-chen').get('/surprise-checks').expect(200);
    await stack.as('staff-chen').get(`/surprise-checks/${sealed}/sample-proof`).expect(409);
    await stack.as('staff-chen').get('/units/gongluju/overview').expect(200);
    await stack.as('staff-chen').get(`/surprise-checks/${started}`).expect(200);
    const reads = await log(`actorId=staff-chen&action=surpriseCheck.read_sealed&from=${encodeURIComponent(before)}`);
    // the sample proof refused (names its units, 409) read nothing; the rest, newest first
    expect(reads.body.items.map((i: { targetId: string; detail: { via: string } }) => [i.targetId, i.detail.via])).toEqual([
      [sealed, 'unitOverview'],
      [sealed, 'list'],
      [sealed, 'detail'],
    ]);
  });

  it('filters by target, by action prefix and by time, newest first, a page at a time', async () => {
    const { sealed } = fixtures.check;
    const trail = await log(`targetKind=surpriseCheck&targetId=${sealed}`);
    expect(new Set(trail.body.items.map((i: { targetId: string }) => i.targetId))).toEqual(new Set([sealed]));
    expect(actions(trail)).toContain('surpriseCheck.launched');
    const ats = trail.body.items.map((i: { at: string }) => i.at);
    expect([...ats].sort().reverse()).toEqual(ats);

    expect(new Set(actions(await log('action=surpriseCheck.*&limit=200')).map((a) => a.split('.')[0]))).toEqual(new Set(['surpriseCheck']));
    expect(actions(await log('action=surpriseCheck.'))).toEqual([]);
    expect((await log(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body).toEqual({ items: [], nextCursor: null });

    // up to now: the worker writes entries meanwhile
    const to = encodeURIComponent(new Date().toISOString());
    const pages = async (limit: number) => {
      const ids: string[] = [];
      for (let cursor: string | null = null, first = true; first || cursor; first = false) {
        const page: request.Response = await log(`to=${to}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        ids.push(...page.body.items.map((i: { id: string }) => i.id));
        cursor = page.body.nextCursor;
      }
      return ids;
    };
    // the same entries in the same order, in pages of 7 as in pages of 200
    const all = await pages(200);
    expect(await pages(7)).toEqual(all);
    expect(all.length).toBeGreaterThan(7);
  });

  it('refuses a target id without its kind, a malformed cursor, and a time range that ends before it starts', async () => {
    for (const query of ['targetId=x', 'cursor=nonsense', 'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z']) {
      await stack.as('staff-li').get(`/audit-log?${query}`).expect(400);
    }
  });
});
