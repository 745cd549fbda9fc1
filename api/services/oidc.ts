import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { isLoopbackHttp, type Config } from '../../config';
import type { ApiContext } from '../context';
import { ApiError, conflict, unprocessable } from '../errors';
import { auditFailedSignIn, openSession, personSigningIn, type NewSession } from './session';

/** The short-lived cookie that carries one sign-in attempt from GET /session/oidc to its callback. */
export const OIDC_STATE_COOKIE = 'tantou_oidc';
export const OIDC_STATE_MINUTES = 10;
/** Where the provider sends the browser back: register exactly this at the provider. */
export const OIDC_CALLBACK_PATH = '/session/oidc/callback';
/** Where a signed-in browser goes when the sign-in named no page. */
export const AFTER_SIGN_IN = '/console/tasks';

/** What the callback must find again: the checks openid-client verifies (state, nonce, PKCE) and the page to go to. */
interface Attempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
  expiresAt: number;
}

/** The provider's answer as it reaches the callback (RFC 6749 §4.1.2 and RFC 9207 `iss`). */
export interface CallbackParams {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  error_description?: string;
}

export const oidcConfigured = (config: Config) => Boolean(config.OIDC_ISSUER);

const notConfigured = () =>
  conflict('oidc-not-configured', '未配置统一身份认证登录，请使用邮箱和密码登录 / OpenID Connect sign-in is not configured (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET); sign in with email and password');

const providerUnavailable = (cause: unknown) =>
  new ApiError(
    503,
    'oidc-provider-unavailable',
    `统一身份认证服务暂时无法连接，请稍后重试 / the OpenID provider did not answer its discovery document${cause instanceof Error ? ` (${cause.message})` : ''}; retry later`,
    undefined,
    { 'Retry-After': '30' },
  );

const stateInvalid = (why: string) =>
  unprocessable('oidc-state-invalid', '登录已过期或不是在本浏览器发起的，请重新登录 / this sign-in was not started in this browser or took too long; start again at GET /session/oidc', [{ path: 'state', message: why }]);

const signInFailed = (why: string) => new ApiError(403, 'oidc-sign-in-failed', `统一身份认证未通过，请重试 / the OpenID provider did not sign you in: ${why}`);

const unknownPerson = (claim: string, value: string) =>
  new ApiError(403, 'oidc-unknown-person', `统一身份认证账号（${value}）不在本系统人员名册中，请联系管理员 / no registry person has the ${claim} "${value}" the OpenID provider gave`);

// discovered once per configuration; a failed discovery is forgotten so the next sign-in tries again
const discovered = new WeakMap<Config, Promise<client.Configuration>>();

function providerOf(config: Config): Promise<client.Configuration> {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = config;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) throw notConfigured();
  let found = discovered.get(config);
  if (!found) {
    const issuer = new URL(OIDC_ISSUER);
    // openid-client refuses plain http; config/index.ts admits it for a provider on this machine only
    found = client.discovery(issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, client.ClientSecretBasic(OIDC_CLIENT_SECRET), {
      timeout: 10,
      ...(isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
    });
    discovered.set(config, found);
    found.catch(() => discovered.delete(config));
  }
  return found.catch((e: unknown) => {
    throw providerUnavailable(e);
  });
}

const redirectUri = (config: Config) => new URL(OIDC_CALLBACK_PATH, config.PUBLIC_BASE_URL).href;

/**
 * The attempt travels in the browser's cookie, HMAC-signed with a key derived from the client secret, so
 * the server keeps nothing between the two requests and a changed cookie (another `next`) is refused.
 */
const cookieKey = (config: Config) => Buffer.from(hkdfSync('sha256', config.OIDC_CLIENT_SECRET!, '', 'tantou oidc attempt cookie', 32));
const mac = (config: Config, payload: string) => createHmac('sha256', cookieKey(config)).update(payload).digest();

function sealed(config: Config, attempt: Attempt): string {
  const payload = Buffer.from(JSON.stringify(attempt)).toString('base64url');
  return `${payload}.${mac(config, payload).toString('base64url')}`;
}

function unsealed(config: Config, cookie: string | undefined, now: Date): Attempt {
  if (!cookie) throw stateInvalid('no sign-in cookie (tantou_oidc): it expired, or the sign-in started in another browser');
  const [payload, signature = ''] = cookie.split('.');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(config, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw stateInvalid('the sign-in cookie is not one this server made');
  const attempt = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Attempt;
  if (attempt.expiresAt < now.getTime()) throw stateInvalid(`the sign-in took longer than ${OIDC_STATE_MINUTES} minutes`);
  return attempt;
}

/** 统一身份认证 step 1: where to send the browser (the provider, with PKCE S256, state and nonce) and the sealed attempt for its cookie. */
export async function startOidcSignIn(ctx: ApiContext, next: string | undefined): Promise<{ location: string; attempt: string }> {
  const provider = await providerOf(ctx.config);
  const attempt: Attempt = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    next: next ?? AFTER_SIGN_IN,
    expiresAt: ctx.clock().getTime() + OIDC_STATE_MINUTES * 60_000,
  };
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri(ctx.config),
    scope: ctx.config.OIDC_SCOPES,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
    code_challenge_method: 'S256',
    state: attempt.state,
    nonce: attempt.nonce,
  });
  return { location: url.href, attempt: sealed(ctx.config, attempt) };
}

/** The code for tokens; openid-client checks the state, `iss`, PKCE and the ID token (signature, issuer, audience, nonce, expiry). */
async function claimsOf(provider: client.Configuration, ctx: ApiContext, params: CallbackParams, attempt: Attempt) {
  const callback = new URL(redirectUri(ctx.config));
  for (const [name, value] of Object.entries(params) as [string, string | undefined][]) if (value !== undefined) callback.searchParams.set(name, value);
  const tokens = await client.authorizationCodeGrant(provider, callback, {
    expectedState: attempt.state,
    expectedNonce: attempt.nonce,
    pkceCodeVerifier: attempt.codeVerifier,
    idTokenExpected: true,
  });
  const idToken = tokens.claims()!;
  // a provider may keep claims other than sub out of the ID token and answer them at userinfo only
  if (idToken[ctx.config.OIDC_PERSON_CLAIM] !== undefined) return idToken;
  return { ...(await client.fetchUserInfo(provider, tokens.access_token, idToken.sub)), ...idToken };
}

/**
 * 统一身份认证 step 2: the provider's answer, checked, names a registry person by OIDC_PERSON_CLAIM
 * (`email`: Person.email in any case, another claim: Person.id), who gets a session like a password
 * sign-in. Refusals after the state matched are audited as failed sign-ins; a state that does not match
 * is not, since anyone can send one.
 */
export async function finishOidcSignIn(ctx: ApiContext, params: CallbackParams, cookie: string | undefined, requestId: string): Promise<{ session: NewSession; next: string }> {
  const provider = await providerOf(ctx.config);
  const attempt = unsealed(ctx.config, cookie, ctx.clock());
  if (params.state !== attempt.state) throw stateInvalid('the state the provider sent back is not this browser’s');
  const claim = ctx.config.OIDC_PERSON_CLAIM;
  const issuer = ctx.config.OIDC_ISSUER!;
  if (params.error) {
    await auditFailedSignIn(ctx, issuer, requestId, { method: 'oidc', why: 'provider_error', error: params.error });
    throw signInFailed(`${params.error}${params.error_description ? ` (${params.error_description})` : ''}`);
  }
  const claims = await claimsOf(provider, ctx, params, attempt).catch(async (e: unknown) => {
    await auditFailedSignIn(ctx, issuer, requestId, { method: 'oidc', why: 'token_refused', error: e instanceof Error ? e.message : String(e) });
    throw signInFailed(e instanceof Error ? e.message : 'the code exchange failed');
  });
  const value: unknown = claims[claim];
  // an email the provider itself says is unverified does not name anyone
  const usable = typeof value === 'string' && value !== '' && !(claim === 'email' && claims.email_verified === false);
  const person = usable ? await personSigningIn(ctx, claim === 'email' ? 'email' : 'id', value) : undefined;
  if (person?.deactivatedAt) {
    await ctx.db.auditLog.create({ data: { actorId: null, action: 'session.sign_in_refused', targetKind: 'person', targetId: person.id, requestId, detail: { method: 'oidc', why: 'deactivated' } } });
    throw unknownPerson(claim, value as string);
  }
  if (!person) {
    const name = usable ? value : `${issuer}#${claims.sub}`;
    await auditFailedSignIn(ctx, name, requestId, { method: 'oidc', why: usable ? 'unknown_account' : 'no_usable_claim', claim });
    throw unknownPerson(claim, usable ? value : `sub ${claims.sub}`);
  }
  return { session: await openSession(ctx, person, 'oidc', requestId), next: attempt.next };
}
