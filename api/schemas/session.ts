import { ROLES } from '../../domain/roles';
import { PASSWORD_RULE } from '../../domain/passwords';
import { keysOf } from './common';
import { z } from './zod';

export const SignInBody = z
  .strictObject({
    email: z.string().trim().min(3).max(200).openapi({ example: 'gongluju-contact@demo.tantou.local' }),
    password: z.string().min(1).max(200),
  })
  .openapi('SignInBody');

export const SessionView = z
  .object({
    person: z.object({
      id: z.string(),
      name: z.string(),
      title: z.string().nullable(),
      email: z.string(),
      roles: z.array(z.object({ role: keysOf(ROLES), roleName: z.string().openapi({ example: '驻在单位联络员' }), groupId: z.string().nullable(), unitId: z.string().nullable() })),
    }),
    mustChangePassword: z.boolean().openapi({ description: 'an initial password: only the session routes and POST /me/password answer until it is changed' }),
    csrfToken: z.string().openapi({ description: 'send as X-CSRF-Token on every POST, PATCH, PUT and DELETE that the session cookie signs in' }),
    expiresAt: z.iso.datetime(),
  })
  .openapi('Session');

export const SignedOut = z.object({ signedOut: z.literal(true) }).openapi('SignedOut');

export const PasswordChangeBody = z
  .strictObject({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(1).max(200).openapi({ description: PASSWORD_RULE }),
  })
  .openapi('PasswordChangeBody');

export const PasswordChanged = z.object({ changed: z.literal(true), otherSessionsEnded: z.literal(true) }).openapi('PasswordChanged');

export const ApiTokenView = z
  .object({ id: z.string(), label: z.string().nullable(), createdAt: z.iso.datetime(), revokedAt: z.iso.datetime().nullable() })
  .openapi('ApiToken');
export const NewApiToken = ApiTokenView.extend({ token: z.string().openapi({ description: 'the token itself: shown in this answer only, then never again' }) }).openapi('NewApiToken');
export const ApiTokenList = z.object({ items: z.array(ApiTokenView) }).openapi('ApiTokenList');
export const NewApiTokenBody = z.strictObject({ label: z.string().trim().min(1).max(100).openapi({ example: '月度统计脚本' }) }).openapi('NewApiTokenBody');
export const ApiTokenParams = z.object({ id: z.string().min(1).max(100) });

export const SignInMethods = z
  .object({
    methods: z.array(z.enum(['password', 'oidc'])).openapi({ description: '`oidc`: 统一身份认证 is configured, sign in at GET /session/oidc', example: ['password', 'oidc'] }),
  })
  .openapi('SignInMethods');

export const OidcStartQuery = z.object({
  next: z
    .string()
    .max(500)
    .regex(/^\/console(\/[^\\\s]*)?$/, 'a page of the console on this server: a path starting with /console/')
    .optional()
    .openapi({ description: 'the console page to go to once signed in (default /console/tasks)', example: '/console/tasks' }),
});

const param = z.string().max(4000).optional();
/** What an OpenID provider sends back (RFC 6749 §4.1.2, RFC 9207 `iss`); anything else it adds is not read. */
export const OidcCallbackQuery = z.object({ code: param, state: param, iss: param, error: param, error_description: param });
export const OidcCallbackHeaders = z.object({ Cookie: z.string().max(16_000).optional().openapi({ description: 'the browser sends the tantou_oidc cookie GET /session/oidc set' }) });

export const Redirect = z.object({ location: z.string().openapi({ description: 'where the browser is sent, as in Location' }) }).openapi('Redirect');
