// 统一身份认证 in tests: a real OpenID provider (oidc-provider, with its development login and consent
// pages) and an API configured for it by its settings alone, each on a loopback port of this process.
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import Provider from 'oidc-provider';
import pino from 'pino';
import { createApp } from '../../api/app';
import { OIDC_CALLBACK_PATH } from '../../api/services/oidc';
import { loadConfig } from '../../config';
import type { Stack } from '../e2e/stack';
import { listen } from './browser';

export const OIDC_CLIENT = { id: 'tantou', secret: 'a-client-secret-of-the-tests-only' };

export interface OidcWorld {
  /** the provider's issuer URL */
  issuer: string;
  /** the base URL of the API configured for it (its console included) */
  api: string;
  close(): Promise<void>;
}

/** A listener whose handler is set once its port is known (the issuer and the API's base URL name it). */
async function served(): Promise<{ url: string; use: (handler: RequestListener) => void; close: () => Promise<void> }> {
  let handler: RequestListener = (_req, res) => res.writeHead(503).end();
  const server = await listen((req, res) => handler(req, res));
  return { ...server, use: (h) => (handler = h) };
}

/**
 * `accounts`: the provider's accounts by login (their `sub`), with their email claim (the password is not
 * checked); `settings`: more of the API's environment (OIDC_PERSON_CLAIM).
 */
export async function startOidc(stack: Stack, accounts: Record<string, { email: string }>, settings: Record<string, string> = {}): Promise<OidcWorld> {
  const [idp, api] = await Promise.all([served(), served()]);
  const provider = new Provider(idp.url, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${api.url}${OIDC_CALLBACK_PATH}`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // a request without PKCE is refused here, so the tests fail if the API stops sending it
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: (_ctx, id) => (accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id], email_verified: true }) } : undefined),
    cookies: { keys: ['cookie-key-of-the-tests-only'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
  });
  const answer = provider.callback();
  idp.use((req, res) => void answer(req, res));
  const app: Express = createApp({
    db: stack.db,
    temporal: stack.env.client,
    config: loadConfig({ DATABASE_URL: 'postgresql://unused@127.0.0.1/x', PUBLIC_BASE_URL: api.url, OIDC_ISSUER: idp.url, OIDC_CLIENT_ID: OIDC_CLIENT.id, OIDC_CLIENT_SECRET: OIDC_CLIENT.secret, ...settings }),
    logger: pino({ level: 'silent' }),
    calendars: stack.calendars,
  });
  api.use(app);
  return { issuer: idp.url, api: api.url, close: async () => void (await Promise.all([idp.close(), api.close()])) };
}
