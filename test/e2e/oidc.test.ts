// 统一身份认证: sign-in by OpenID Connect against a real OpenID provider (oidc-provider, in this process on a
// port of its own, with its development login and consent pages), driven over HTTP as a browser drives it:
// every redirect followed by hand, every cookie kept by a small cookie jar, the provider's forms posted.
import request from 'supertest';
import { OIDC_CALLBACK_PATH } from '../../api/services/oidc';
import { loadConfig } from '../../config';
import { demoEmail } from '../../prisma/seed';
import { OIDC_CLIENT, startOidc, type OidcWorld } from '../support/oidc';
import { startStack, type Stack } from './stack';

jest.setTimeout(120_000);

/** The provider's accounts by login: two are registry people's emails (one in other letters' case), one is nobody's. */
const ACCOUNTS: Record<string, { email: string }> = {
  'zhang.contact': { email: demoEmail('gongluju-contact').toUpperCase() },
  'wang.leader': { email: demoEmail('jiaoyunju-leader') },
  stranger: { email: 'stranger@elsewhere.example' },
};

let stack: Stack;
let oidc: OidcWorld;
let issuer: string;
let api: string;
beforeAll(async () => {
  stack = await startStack();
  oidc = await startOidc(stack, ACCOUNTS);
  ({ issuer, api } = oidc);
});
afterAll(async () => {
  await oidc?.close();
  await stack?.stop();
});

/** A browser's cookie jar over fetch: cookies by host (as browsers keep them, whatever the port) and path. */
class Browser {
  private cookies = new Map<string, { value: string; path: string; host: string }>();

  async get(url: URL | string): Promise<Response> {
    return this.send(new URL(url), { method: 'GET' });
  }

  async post(url: URL | string, form: Record<string, string>): Promise<Response> {
    return this.send(new URL(url), { method: 'POST', body: new URLSearchParams(form) });
  }

  private async send(url: URL, init: RequestInit): Promise<Response> {
    const sent = [...this.cookies].filter(([, c]) => c.host === url.hostname && url.pathname.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`);
    const res = await fetch(url, { ...init, redirect: 'manual', headers: sent.length ? { cookie: sent.join('; ') } : {} });
    for (const header of res.headers.getSetCookie()) this.keep(url, header);
    return res;
  }

  private keep(url: URL, header: string) {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
    const expires = attribute('expires');
    if (attribute('max-age') === '0' || (expires && new Date(expires) < new Date())) this.cookies.delete(name);
    else this.cookies.set(name, { value, path: attribute('path') ?? '/', host: url.hostname });
  }
}

const locationOf = (res: Response, from: URL | string) => {
  expect(res.status).toBeGreaterThanOrEqual(302);
  expect(res.status).toBeLessThanOrEqual(303);
  return new URL(res.headers.get('location')!, from);
};

/**
 * From GET /session/oidc to the provider and through its login and consent pages as `login`, up to the
 * redirect back to the API: the authorization request the API made, and the callback URL (not yet visited).
 */
async function throughProvider(browser: Browser, login: string, next?: string, base = api): Promise<{ authorize: URL; start: Response; callback: URL }> {
  const startUrl = `${base}/session/oidc${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  const start = await browser.get(startUrl);
  const authorize = locationOf(start, startUrl);
  let at = authorize;
  let res = await browser.get(at);
  for (let step = 0; step < 10; step++) {
    if (res.status === 200) {
      const page = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (!action || !prompt) throw new Error(`no form on the provider's page ${at.href}: ${page.slice(0, 300)}`);
      at = new URL(action, at);
      res = await browser.post(at, prompt === 'login' ? { prompt, login, password: 'the-provider-checks-none' } : { prompt });
      continue;
    }
    if (res.status !== 302 && res.status !== 303) throw new Error(`the provider answered ${res.status} at ${at.href}: ${await res.text()}`);
    at = locationOf(res, at);
    if (at.origin === base && at.pathname === OIDC_CALLBACK_PATH) return { authorize, start, callback: at };
    res = await browser.get(at);
  }
  throw new Error('the provider did not send the browser back to the API within 10 steps');
}

const auditOf = (targetId: string, action: string) => stack.db.auditLog.findMany({ where: { targetId, action }, orderBy: { id: 'asc' } });

async function expectRefusal(res: Response, status: number, kind: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { type: string; detail: string };
  expect(body.type).toBe(`urn:tantou:problem:${kind}`);
  return body;
}

describe('统一身份认证 sign-in', () => {
  it('goes to the provider with PKCE S256, state and nonce, kept in a short-lived HttpOnly cookie', async () => {
    const { authorize, start } = await throughProvider(new Browser(), 'zhang.contact');
    expect(authorize.origin + authorize.pathname).toBe(`${issuer}/auth`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: OIDC_CLIENT.id,
      response_type: 'code',
      redirect_uri: `${api}${OIDC_CALLBACK_PATH}`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{20,}$/),
      nonce: expect.stringMatching(/^[\w-]{20,}$/),
    });
    const [attempt] = start.headers.getSetCookie();
    expect(attempt).toMatch(/^tantou_oidc=[\w-]+\.[\w-]+; Max-Age=600; Path=\/session\/oidc; HttpOnly; SameSite=Lax$/);
    // the cookie carries the PKCE verifier, never the challenge the provider sees
    expect(attempt).not.toContain(authorize.searchParams.get('code_challenge'));
  });

  it('signs in the registry person the identity’s email names, sets the session cookie and goes to `next`', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(browser, 'zhang.contact', '/console/tasks/some-task');
    expect(callback.searchParams.get('iss')).toBe(issuer);
    const back = await browser.get(callback);
    expect(locationOf(back, callback).href).toBe(`${api}/console/tasks/some-task`);
    const cookies = back.headers.getSetCookie();
    expect(cookies).toEqual([expect.stringMatching(/^tantou_oidc=; Max-Age=0; Path=\/session\/oidc/), expect.stringMatching(/^tantou_session=[\w-]{40,}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/)]);

    const me = await browser.get(`${api}/session`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ person: { id: 'gongluju-contact', roles: [{ role: 'UNIT_CONTACT', unitId: 'gongluju' }] }, csrfToken: expect.any(String) });
    const signedIn = await auditOf('gongluju-contact', 'session.signed_in');
    expect(signedIn.at(-1)?.detail).toEqual({ method: 'oidc' });
    expect(await stack.db.session.count({ where: { personId: 'gongluju-contact', method: 'oidc', endedAt: null } })).toBe(1);
  });

  it('goes to the task list when the sign-in named no page', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(browser, 'zhang.contact');
    expect(locationOf(await browser.get(callback), callback).pathname).toBe('/console/tasks');
  });

  it('refuses a callback whose state is not the one this browser started, or that has no sign-in cookie, and signs no one in', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(browser, 'zhang.contact');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'a-state-of-another-sign-in');
    const before = await stack.db.session.count();
    const refused = await expectRefusal(await browser.get(forged), 422, 'oidc-state-invalid');
    expect(refused.detail).toMatch(/^登录已过期或不是在本浏览器发起的/);
    // the genuine callback in another browser: the code is right, the cookie is not there
    await expectRefusal(await new Browser().get(callback), 422, 'oidc-state-invalid');
    expect(await stack.db.session.count()).toBe(before);
    expect((await browser.get(`${api}/session`)).status).toBe(401);
  });

  it('refuses an identity no registry person has, and audits it as a failed sign-in', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(browser, 'stranger');
    const refused = await expectRefusal(await browser.get(callback), 403, 'oidc-unknown-person');
    expect(refused.detail).toContain('stranger@elsewhere.example');
    const [failed] = await auditOf('stranger@elsewhere.example', 'session.sign_in_failed');
    expect(failed).toMatchObject({ actorId: null, targetKind: 'signIn', detail: { method: 'oidc', why: 'unknown_account', claim: 'email' } });
    expect((await browser.get(`${api}/session`)).status).toBe(401);
  });

  it('refuses a deactivated (停用) person, and audits why', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(browser, 'wang.leader');
    await stack.db.person.update({ where: { id: 'jiaoyunju-leader' }, data: { deactivatedAt: new Date() } });
    try {
      await expectRefusal(await browser.get(callback), 403, 'oidc-unknown-person');
      const [refused] = await auditOf('jiaoyunju-leader', 'session.sign_in_refused');
      expect(refused).toMatchObject({ actorId: null, detail: { method: 'oidc', why: 'deactivated' } });
      expect((await browser.get(`${api}/session`)).status).toBe(401);
    } finally {
      await stack.db.person.update({ where: { id: 'jiaoyunju-leader' }, data: { deactivatedAt: null } });
    }
  });

  it('refuses the provider’s error answer for this browser’s sign-in, and audits it', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(browser, 'zhang.contact');
    const denied = new URL(callback.origin + callback.pathname);
    for (const name of ['state', 'iss']) denied.searchParams.set(name, callback.searchParams.get(name)!);
    denied.searchParams.set('error', 'access_denied');
    const refused = await expectRefusal(await browser.get(denied), 403, 'oidc-sign-in-failed');
    expect(refused.detail).toContain('access_denied');
    const failed = await auditOf(issuer, 'session.sign_in_failed');
    expect(failed.at(-1)?.detail).toMatchObject({ method: 'oidc', why: 'provider_error', error: 'access_denied' });
  });

  it('refuses a `next` that is not a page of the console', async () => {
    for (const next of ['https://elsewhere.example/', '//elsewhere.example/console/', '/docs/']) {
      const res = await fetch(`${api}/session/oidc?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
      await expectRefusal(res, 400, 'validation');
    }
  });

  it('names oidc among the sign-in methods when it is configured', async () => {
    expect(await (await fetch(`${api}/session/methods`)).json()).toEqual({ methods: ['password', 'oidc'] });
  });
});

describe('OIDC_PERSON_CLAIM other than email', () => {
  it('names the registry person by id: the provider’s `sub` is Person.id, whatever the email', async () => {
    const bySub = await startOidc(stack, { 'g5-leader': { email: 'someone@elsewhere.example' } }, { OIDC_PERSON_CLAIM: 'sub' });
    try {
      const browser = new Browser();
      const { callback } = await throughProvider(browser, 'g5-leader', undefined, bySub.api);
      expect((await browser.get(callback)).status).toBe(303);
      expect(await (await browser.get(`${bySub.api}/session`)).json()).toMatchObject({ person: { id: 'g5-leader', email: demoEmail('g5-leader') } });
    } finally {
      await bySub.close();
    }
  });
});

describe('without OIDC_ISSUER', () => {
  it('answers both routes with oidc-not-configured, and names password as the only sign-in method', async () => {
    for (const path of ['/session/oidc', `${OIDC_CALLBACK_PATH}?code=x&state=y`]) {
      const res = await request(stack.app).get(path);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: 'urn:tantou:problem:oidc-not-configured', detail: expect.stringMatching(/^未配置统一身份认证登录/) });
    }
    expect((await request(stack.app).get('/session/methods').expect(200)).body).toEqual({ methods: ['password'] });
  });

  it('stops at start-up when the issuer comes without its client, or is plain http elsewhere than this machine', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://x@127.0.0.1/x', OIDC_ISSUER: 'https://id.example.gov.cn' })).toThrow(/OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://x@127.0.0.1/x', OIDC_ISSUER: 'http://id.example.gov.cn', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toThrow(/must be https/);
  });
});
