import { parse as parseCookie, serialize } from 'cookie';
import type { ApiContext } from '../context';
import { unauthorized } from '../errors';
import {
  ApiTokenList,
  ApiTokenParams,
  ApiTokenView,
  NewApiToken,
  NewApiTokenBody,
  OidcCallbackHeaders,
  OidcCallbackQuery,
  OidcStartQuery,
  PasswordChangeBody,
  PasswordChanged,
  SessionView,
  Redirect,
  SignInBody,
  SignInMethods,
  SignedOut,
} from '../schemas/session';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/apiTokens';
import { OIDC_CALLBACK_PATH, OIDC_STATE_COOKIE, OIDC_STATE_MINUTES, finishOidcSignIn, oidcConfigured, startOidcSignIn } from '../services/oidc';
import { SESSION_COOKIE, changePassword, signIn, signOut } from '../services/session';
import { route } from './table';

/**
 * HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it, a top-level navigation
 * back from the OpenID provider does), Secure unless the API is served over http.
 */
const cookie = (ctx: ApiContext, name: string, value: string, maxAgeSeconds: number, path = '/') =>
  serialize(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    path,
    secure: ctx.config.SESSION_COOKIE_SECURE ?? ctx.config.PUBLIC_BASE_URL.startsWith('https:'),
    maxAge: maxAgeSeconds,
  });
const sessionCookie = (ctx: ApiContext, value: string, maxAgeSeconds: number) => cookie(ctx, SESSION_COOKIE, value, maxAgeSeconds);
/** One OpenID Connect sign-in attempt, sent only to the two routes of that sign-in. */
const attemptCookie = (ctx: ApiContext, value: string, maxAgeSeconds: number) => cookie(ctx, OIDC_STATE_COOKIE, value, maxAgeSeconds, '/session/oidc');

const setsCookie = (what: string) => ({
  documented: { 'Set-Cookie': what },
  of: (r: { setCookie: string | string[] }) => ({ 'Set-Cookie': r.setCookie }),
});

const oidcUnavailable = {
  409: { description: '统一身份认证 is not configured here (OIDC_ISSUER unset): sign in with POST /session', kinds: ['oidc-not-configured'] },
  503: { description: 'the OpenID provider did not answer its discovery document; retry after Retry-After seconds', kinds: ['oidc-provider-unavailable'] },
};

const CSRF = 'Signed in by the session cookie, it needs `X-CSRF-Token` (from the sign-in answer or GET /session) like every state-changing request.';

/** 登录: the browser's session (cookie + CSRF token), the password, and personal API tokens for scripts. */
export const sessionRoutes = [
  route({
    method: 'post',
    path: '/session',
    summary: '登录 sign in with email and password: sets the session cookie and answers who is signed in with the CSRF token',
    description:
      'Every wrong password counts against the account: after SIGN_IN_MAX_FAILURES in a row it is locked for SIGN_IN_LOCK_MINUTES (429 sign-in-locked with Retry-After). ' +
      'One client address may try SIGN_IN_ATTEMPTS_PER_ADDRESS times per 15 minutes. Sign-ins, failures and lock-outs are in the audit log.',
    public: true,
    rateLimit: (config) => ({ limit: config.SIGN_IN_ATTEMPTS_PER_ADDRESS, windowMinutes: 15 }),
    body: SignInBody,
    response: { status: 200, description: 'signed in (Set-Cookie: tantou_session, HttpOnly, SameSite=Lax)', schema: SessionView },
    refusals: { 429: { description: 'the account is locked after repeated wrong passwords, or this address tried too often', kinds: ['sign-in-locked', 'too-many-requests'] } },
    responseHeaders: setsCookie('the session cookie tantou_session'),
    run: async (ctx, { body, requestId }) => {
      const made = await signIn(ctx, body, requestId);
      return { view: made.view, setCookie: sessionCookie(ctx, made.secret, made.maxAgeSeconds) };
    },
    present: (r) => r.view,
  }),
  route({
    method: 'get',
    path: '/session/methods',
    summary: '登录方式 how one may sign in here: password, and 统一身份认证 (OpenID Connect) when it is configured',
    description: 'The sign-in page shows the 统一身份认证登录 button when `methods` has `oidc`.',
    public: true,
    response: { status: 200, description: 'the sign-in methods', schema: SignInMethods },
    run: (ctx) => ({ methods: oidcConfigured(ctx.config) ? (['password', 'oidc'] as const) : (['password'] as const) }),
  }),
  route({
    method: 'get',
    path: '/session/oidc',
    summary: '统一身份认证登录 sign in with the commission’s OpenID provider: sends the browser to it',
    description:
      `A browser navigation, not a script's call. Redirects to the provider's authorization endpoint (code flow, PKCE S256, state and nonce); the attempt is kept in the HttpOnly SameSite=Lax cookie ${OIDC_STATE_COOKIE} ` +
      `(HMAC-signed, ${OIDC_STATE_MINUTES} minutes), which the provider's redirect back to ${OIDC_CALLBACK_PATH} brings along.`,
    public: true,
    query: OidcStartQuery,
    response: { status: 303, description: 'to the OpenID provider (Set-Cookie: tantou_oidc)', schema: Redirect },
    refusals: oidcUnavailable,
    responseHeaders: setsCookie(`the sign-in attempt cookie ${OIDC_STATE_COOKIE} (Path=/session/oidc)`),
    run: async (ctx, { query }) => {
      const { location, attempt } = await startOidcSignIn(ctx, query.next);
      return { location, setCookie: attemptCookie(ctx, attempt, OIDC_STATE_MINUTES * 60) };
    },
    location: (r) => r.location,
    present: (r) => ({ location: r.location }),
  }),
  route({
    method: 'get',
    path: OIDC_CALLBACK_PATH,
    summary: '统一身份认证回调 where the OpenID provider sends the browser back: signs in the registry person its identity names',
    description:
      'The code is exchanged for tokens and the ID token checked (signature, issuer, audience, nonce, expiry) by openid-client; the claim OIDC_PERSON_CLAIM names the person ' +
      '(`email`: Person.email in any case; another claim: Person.id). The session cookie is then set as POST /session sets it. Sign-ins and refusals after the state matched are in the audit log.',
    public: true,
    rateLimit: (config) => ({ limit: config.SIGN_IN_ATTEMPTS_PER_ADDRESS, windowMinutes: 15 }),
    query: OidcCallbackQuery,
    headers: OidcCallbackHeaders,
    response: { status: 303, description: 'signed in (Set-Cookie: tantou_session; tantou_oidc cleared): to `next` of GET /session/oidc, or /console/tasks', schema: Redirect },
    refusals: {
      ...oidcUnavailable,
      403: { description: 'the provider refused or its answer did not check out (oidc-sign-in-failed), or no registry person has the identity’s claim (oidc-unknown-person)', kinds: ['oidc-sign-in-failed', 'oidc-unknown-person'] },
      422: { description: 'no sign-in of this browser is waiting (cookie missing, expired or changed), or the state is not its own', kinds: ['oidc-state-invalid'] },
      429: { description: 'this address tried too often', kinds: ['too-many-requests'] },
    },
    responseHeaders: setsCookie('the session cookie tantou_session, and clears tantou_oidc'),
    run: async (ctx, { query, headers, requestId }) => {
      const { session, next } = await finishOidcSignIn(ctx, query, parseCookie(headers.Cookie ?? '')[OIDC_STATE_COOKIE], requestId);
      return { location: next, setCookie: [attemptCookie(ctx, '', 0), sessionCookie(ctx, session.secret, session.maxAgeSeconds)] };
    },
    location: (r) => r.location,
    present: (r) => ({ location: r.location }),
  }),
  route({
    method: 'get',
    path: '/session',
    summary: '当前登录 who the session cookie signs in, with its CSRF token (401 when signed out)',
    beforePasswordChange: true,
    response: { status: 200, description: 'the session', schema: SessionView },
    run: (_ctx, { session }) => session?.view ?? noSession(),
  }),
  route({
    method: 'delete',
    path: '/session',
    summary: '退出登录 sign out: the session ends and its cookie is cleared',
    description: CSRF,
    beforePasswordChange: true,
    response: { status: 200, description: 'signed out (Set-Cookie clears tantou_session)', schema: SignedOut },
    responseHeaders: setsCookie('clears the session cookie'),
    run: async (ctx, { actor, session, requestId }) => {
      if (!session) noSession();
      await signOut(ctx, session.idHash, actor, requestId);
      return { setCookie: sessionCookie(ctx, '', 0) };
    },
    present: () => ({ signedOut: true }),
  }),
  route({
    method: 'post',
    path: '/me/password',
    summary: '修改密码 change your password (the current one must match); your other sessions end',
    description: CSRF,
    beforePasswordChange: true,
    body: PasswordChangeBody,
    response: { status: 200, description: 'changed', schema: PasswordChanged },
    refusals: { 422: { description: 'the current password is wrong, or the new one breaks the password rule (`errors` says which)', kinds: ['wrong-password', 'weak-password'] } },
    run: async (ctx, { actor, body, session, requestId }) => {
      await changePassword(ctx, actor, body, { keepSession: session?.idHash, requestId });
      return { changed: true as const, otherSessionsEnded: true as const };
    },
  }),
  route({
    method: 'get',
    path: '/me/tokens',
    summary: '我的访问令牌 your personal API tokens (never the tokens themselves)',
    response: { status: 200, description: 'newest first', schema: ApiTokenList },
    run: async (ctx, { actor }) => ({ items: await listApiTokens(ctx, actor) }),
  }),
  route({
    method: 'post',
    path: '/me/tokens',
    summary: '新建访问令牌 a personal API token for scripts (Authorization: Bearer …), shown in this answer only',
    body: NewApiTokenBody,
    response: { status: 201, description: 'made; keep the token now', schema: NewApiToken },
    run: (ctx, { actor, body, requestId }) => createApiToken(ctx, actor, body.label, requestId),
  }),
  route({
    method: 'delete',
    path: '/me/tokens/{id}',
    summary: '吊销访问令牌 revoke one of your tokens: it is refused from the next request on',
    params: ApiTokenParams,
    response: { status: 200, description: 'revoked (again: the same answer)', schema: ApiTokenView },
    refusals: { 404: 'you have no token with this id' },
    run: (ctx, { actor, params, requestId }) => revokeApiToken(ctx, actor, params.id, requestId),
  }),
];

function noSession(): never {
  throw unauthorized('未通过登录会话访问 / this route needs the session cookie of a signed-in browser');
}
