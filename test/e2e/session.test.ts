// Sign-in over HTTP against the real API and PostgreSQL: the session cookie and its CSRF token, lock-out,
// sign-out, the forced change of an initial password, and personal API tokens.
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { hashPassword } from '../../api/services/session';
import { loadConfig } from '../../config';
import { demoEmail, demoPassword } from '../../prisma/seed';
import { expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
let now = new Date();
beforeAll(async () => {
  stack = await startStack({ clock: () => now });
});
afterAll(() => stack?.stop());
beforeEach(() => {
  now = new Date();
});

/** A second app on the same database and Temporal, with some settings changed. */
const appWith = (settings: Record<string, string>) =>
  createApp({
    db: stack.db,
    temporal: stack.env.client,
    config: loadConfig({ DATABASE_URL: 'postgresql://unused@127.0.0.1/x', ...settings }),
    logger: pino({ level: 'silent' }),
    calendars: stack.calendars,
    clock: () => now,
  });

const signIn = (personId: string, password = demoPassword(personId), app = stack.app) =>
  request(app).post('/session').send({ email: demoEmail(personId), password });

/** The cookie pair (`tantou_session=…`) the answer set, to send back. */
function cookieOf(res: request.Response): string {
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  expect(set).toHaveLength(1);
  return set[0].split(';')[0];
}

const auditOf = (targetId: string, action: string) => stack.db.auditLog.findMany({ where: { targetId, action }, orderBy: { id: 'asc' } });

describe('password sign-in', () => {
  it('sets an HttpOnly SameSite cookie that signs the browser in, and audits it', async () => {
    const res = await signIn('gongluju-contact').expect(200);
    const header = ([] as string[]).concat(res.headers['set-cookie'])[0];
    expect(header).toMatch(/^tantou_session=[\w-]{40,};/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/); // the dev base URL is http
    expect(res.body).toMatchObject({
      person: { id: 'gongluju-contact', roles: [{ role: 'UNIT_CONTACT', roleName: '驻在单位联络员', unitId: 'gongluju' }] },
      mustChangePassword: false,
      csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
    });
    // the session's secret is only in the cookie, never in the body
    expect(JSON.stringify(res.body)).not.toContain(cookieOf(res).split('=')[1]);

    const cookie = cookieOf(res);
    const me = await request(stack.app).get('/session').set('Cookie', cookie).expect(200);
    expect(me.body).toEqual(res.body);
    await request(stack.app).get('/units/gongluju/overview').set('Cookie', cookie).expect(200);
    // scope is the person's: another group's unit is not theirs
    expectProblem(await request(stack.app).get('/units/fagaiju/overview').set('Cookie', cookie), 404);
    expect(await auditOf('gongluju-contact', 'session.signed_in')).toHaveLength(1);
  });

  it('marks the cookie Secure when the API is served over https', async () => {
    const res = await signIn('jiaoyuju-contact', undefined, appWith({ PUBLIC_BASE_URL: 'https://jw.example.gov.cn' })).expect(200);
    expect(([] as string[]).concat(res.headers['set-cookie'])[0]).toMatch(/; Secure/);
  });

  it('answers a wrong password and an unknown account alike, and audits both', async () => {
    const wrong = await signIn('caizhengju-contact', 'not-the-password');
    const unknown = await request(stack.app).post('/session').send({ email: 'nobody@demo.tantou.local', password: 'x' });
    for (const res of [wrong, unknown]) {
      expectProblem(res, 401);
      expect(res.body.type).toBe('urn:tantou:problem:sign-in-failed');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(await auditOf('caizhengju-contact', 'session.sign_in_failed')).toHaveLength(1);
    expect(await auditOf('nobody@demo.tantou.local', 'session.sign_in_failed')).toHaveLength(1);
  });

  it('locks the account after five wrong passwords in a row, even for the right one, until the lock ends', async () => {
    const who = 'rensheju-contact';
    for (let i = 0; i < 4; i++) expectProblem(await signIn(who, `wrong-${i}`), 401);
    const locking = await signIn(who, 'wrong-4');
    expectProblem(locking, 429);
    expect(locking.body.type).toBe('urn:tantou:problem:sign-in-locked');
    expect(Number(locking.headers['retry-after'])).toBe(15 * 60);
    const refused = await signIn(who);
    expectProblem(refused, 429);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(await auditOf(who, 'session.sign_in_failed')).toHaveLength(4);
    expect(await auditOf(who, 'session.locked')).toHaveLength(1);
    expect(await auditOf(who, 'session.sign_in_refused')).toHaveLength(1);

    now = new Date(Date.now() + 16 * 60_000);
    await signIn(who).expect(200);
    // a success starts the count again
    expect(await stack.db.person.findUniqueOrThrow({ where: { id: who }, select: { failedSignIns: true, lockedUntil: true } })).toEqual({ failedSignIns: 0, lockedUntil: null });
  });

  it('limits the attempts of one client address, whatever the account', async () => {
    const app = appWith({ SIGN_IN_ATTEMPTS_PER_ADDRESS: '3' });
    for (const id of ['g1-member', 'g2-member', 'g3-member']) await signIn(id, undefined, app).expect(200);
    const fourth = await signIn('g4-member', undefined, app);
    expectProblem(fourth, 429);
    expect(fourth.body.type).toBe('urn:tantou:problem:too-many-requests');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('CSRF and sign-out', () => {
  it('refuses a state-changing request signed in by cookie without its CSRF token, and changes nothing', async () => {
    const res = await signIn('g5-member').expect(200);
    const cookie = cookieOf(res);
    const tokensBefore = await stack.db.apiToken.count({ where: { personId: 'g5-member' } });
    for (const csrf of [undefined, 'forged', `${res.body.csrfToken}x`]) {
      const attempt = request(stack.app).post('/me/tokens').set('Cookie', cookie).send({ label: 'csrf' });
      const refused = await (csrf ? attempt.set('X-CSRF-Token', csrf) : attempt);
      expectProblem(refused, 403);
      expect(refused.body.type).toBe('urn:tantou:problem:csrf-token-invalid');
    }
    expect(await stack.db.apiToken.count({ where: { personId: 'g5-member' } })).toBe(tokensBefore);
    // another session's token is not this one's
    const other = await signIn('g5-member').expect(200);
    expectProblem(await request(stack.app).post('/me/tokens').set('Cookie', cookie).set('X-CSRF-Token', other.body.csrfToken).send({ label: 'x' }), 403);
    await request(stack.app).post('/me/tokens').set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken).send({ label: 'csrf ok' }).expect(201);
  });

  it('signs out: the cookie is cleared and the session no longer signs anyone in', async () => {
    const res = await signIn('g6-member').expect(200);
    const cookie = cookieOf(res);
    expectProblem(await request(stack.app).delete('/session').set('Cookie', cookie), 403); // no CSRF token
    const out = await request(stack.app).delete('/session').set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken).expect(200);
    expect(([] as string[]).concat(out.headers['set-cookie'])[0]).toMatch(/^tantou_session=; Max-Age=0/);
    expectProblem(await request(stack.app).get('/session').set('Cookie', cookie), 401);
    expect(await auditOf('g6-member', 'session.signed_out')).toHaveLength(1);
  });

  it('ends a session when its time is up', async () => {
    const cookie = cookieOf(await signIn('g1-leader').expect(200));
    now = new Date(Date.now() + 13 * 3600_000);
    expectProblem(await request(stack.app).get('/session').set('Cookie', cookie), 401);
  });
});

describe('an initial password', () => {
  it('must be changed before anything else, by the rule; the change ends the other sessions', async () => {
    const who = 'zhujianju-contact';
    const initial = 'Chushi#2026-mima';
    await stack.db.person.update({ where: { id: who }, data: { passwordHash: await hashPassword(initial), mustChangePassword: true } });
    const first = await signIn(who, initial).expect(200);
    const elsewhere = cookieOf(await signIn(who, initial).expect(200));
    expect(first.body.mustChangePassword).toBe(true);
    const cookie = cookieOf(first);
    const csrf = first.body.csrfToken as string;
    const refused = await request(stack.app).get('/units/zhujianju/overview').set('Cookie', cookie);
    expectProblem(refused, 403);
    expect(refused.body.type).toBe('urn:tantou:problem:password-change-required');
    await request(stack.app).get('/session').set('Cookie', cookie).expect(200);

    const change = (currentPassword: string, newPassword: string) =>
      request(stack.app).post('/me/password').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ currentPassword, newPassword });
    const wrong = await change('not-it', 'Xin#mima-2026-12');
    expectProblem(wrong, 422, 'currentPassword');
    expect(wrong.body.type).toBe('urn:tantou:problem:wrong-password');
    const weak = await change(initial, 'short1');
    expectProblem(weak, 422, 'newPassword');
    expect(weak.body.type).toBe('urn:tantou:problem:weak-password');
    expectProblem(await change(initial, initial), 422, 'newPassword');

    await change(initial, 'Xin#mima-2026-12').expect(200);
    await request(stack.app).get('/units/zhujianju/overview').set('Cookie', cookie).expect(200);
    expectProblem(await request(stack.app).get('/session').set('Cookie', elsewhere), 401);
    expectProblem(await signIn(who, initial), 401);
    await signIn(who, 'Xin#mima-2026-12').expect(200);
    const stored = await stack.db.person.findUniqueOrThrow({ where: { id: who }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await auditOf(who, 'person.password_changed')).toHaveLength(1);
  });
});

describe('personal API tokens', () => {
  it('are shown once, listed without the token, work as bearer tokens until revoked', async () => {
    const as = stack.as('jiaoyunju-contact');
    const made = await as.post('/me/tokens', { label: '统计脚本' }).expect(201);
    const token = made.body.token as string;
    expect(token).toMatch(/^tantou_[\w-]{40,}$/);
    const listed = await as.get('/me/tokens').expect(200);
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: made.body.id, label: '统计脚本', revokedAt: null })]));
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(await stack.db.apiToken.count({ where: { tokenHash: token } })).toBe(0); // stored as a hash only

    const bearer = () => request(stack.app).get('/units/jiaoyunju/overview').set('Authorization', `Bearer ${token}`);
    await bearer().expect(200);
    // someone else cannot revoke it
    expectProblem(await request(stack.app).delete(`/me/tokens/${made.body.id}`).set('Authorization', 'Bearer demo-gongluju-contact'), 404);
    const revoked = await request(stack.app).delete(`/me/tokens/${made.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expectProblem(await bearer(), 401);
    const entries = await stack.db.auditLog.findMany({ where: { targetId: 'jiaoyunju-contact', action: { startsWith: 'apiToken.' } }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.action, (e.detail as { tokenId: string }).tokenId])).toEqual([
      ['apiToken.created', made.body.id],
      ['apiToken.revoked', made.body.id],
    ]);
  });
});
