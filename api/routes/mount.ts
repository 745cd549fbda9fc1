import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { authenticate, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, methodNotAllowed, unsupportedMediaType } from '../errors';
import { expressPath, type Route, type Upload } from './table';

/** Allowed methods of one path, as the `Allow` header names them (Express answers HEAD with the GET handler). */
export function allowedMethods(routes: readonly Route[], path: string): string[] {
  const methods = routes.filter((r) => r.path === path).map((r) => r.method.toUpperCase());
  return [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
}

const otherMethods =
  (allow: string[]): RequestHandler =>
  (req, res) => {
    res.setHeader('Allow', allow.join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    throw methodNotAllowed(req.method, allow);
  };

/** Counted per client address in this process (behind a proxy, set TRUST_PROXY so the address is the client's). */
const limited = ({ limit, windowMinutes }: { limit: number; windowMinutes: number }): RequestHandler =>
  rateLimit({
    windowMs: windowMinutes * 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, _next, options) => {
      throw new ApiError(429, 'too-many-requests', `请求过于频繁，请稍后再试 / at most ${limit} requests per ${windowMinutes} minutes from one address`, undefined, {
        'Retry-After': String(Math.ceil(options.windowMs / 1000)),
      });
    },
  });

/** A file body of the route's media types, read raw up to its limit (413 beyond, 415 for another type). */
const fileBody = ({ mediaTypes, limit }: Upload): RequestHandler[] => [
  (req, _res, next) => {
    if (!req.is(mediaTypes as string[])) throw unsupportedMediaType(req.get('content-type') ?? 'no Content-Type', mediaTypes);
    next();
  },
  express.raw({ type: mediaTypes as string[], limit }),
];

/**
 * Drives Express from the table: per route, the bearer token (unless public), the role check, then
 * the route's own parse-and-call; after every route, each known path answers other methods with 405.
 */
export function mountRoutes(app: Express, ctx: ApiContext, routes: readonly Route[]): void {
  const signedIn = authenticate(ctx);
  const signedInBeforePasswordChange = authenticate(ctx, { beforePasswordChange: true });
  for (const r of routes) {
    const guards = [
      ...(r.rateLimit ? [limited(r.rateLimit(ctx.config))] : []),
      ...(r.public ? [] : [r.beforePasswordChange ? signedInBeforePasswordChange : signedIn, ...(r.roles && !r.rolesCheckedAfterVisibility ? [requireRole(...r.roles)] : [])]),
      // after the role check, so no one else makes the server read megabytes
      ...(r.upload ? fileBody(r.upload) : []),
    ];
    app[r.method](expressPath(r.path), ...guards, async (req, res) => {
      const { status, body, location, headers } = await r.answer(ctx, req);
      res.set(headers);
      if (location) res.location(location);
      if (r.response.mediaType && Buffer.isBuffer(body)) res.status(status).type(r.response.mediaType).send(body);
      else res.status(status).json(body);
    });
  }
  for (const path of new Set(routes.map((r) => r.path))) {
    app.route(expressPath(path)).all(otherMethods(allowedMethods(routes, path)));
  }
}
