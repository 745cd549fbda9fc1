import type { Express, RequestHandler } from 'express';
import { authenticate, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { methodNotAllowed } from '../errors';
import { expressPath, type Route } from './table';

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

/**
 * Drives Express from the table: per route, the bearer token (unless public), the role check, then
 * the route's own parse-and-call; after every route, each known path answers other methods with 405.
 */
export function mountRoutes(app: Express, ctx: ApiContext, routes: readonly Route[]): void {
  const signedIn = authenticate(ctx.db);
  for (const r of routes) {
    const guards = r.public ? [] : [signedIn, ...(r.roles && !r.rolesCheckedAfterVisibility ? [requireRole(...r.roles)] : [])];
    app[r.method](expressPath(r.path), ...guards, async (req, res) => {
      const { status, body, location, headers } = await r.answer(ctx, req);
      res.set(headers);
      if (location) res.location(location);
      res.status(status).json(body);
    });
  }
  for (const path of new Set(routes.map((r) => r.path))) {
    app.route(expressPath(path)).all(otherMethods(allowedMethods(routes, path)));
  }
}
