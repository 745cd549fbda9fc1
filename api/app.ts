import { randomUUID } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { consoleRouter } from './console';
import { createContext, type ApiContext, type AppDeps } from './context';
import { docsRouter } from './docs';
import { errorHandler, unknownRoute, unsupportedMediaType } from './errors';
import { routes } from './routes';
import { securityHeaders } from './securityHeaders';
import { mountRoutes } from './routes/mount';

export type { AppDeps } from './context';

// an id from a proxy or caller is kept so one request can be followed across systems, if it is tame
const TAME_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Request id (honoured or generated, echoed back) and one log line per request when it finishes. */
const requestContext =
  (logger: Logger): RequestHandler =>
  (req, res, next) => {
    const given = req.get('x-request-id');
    req.requestId = given && TAME_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    const started = performance.now();
    res.on('finish', () => {
      logger.info(
        { requestId: req.requestId, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(performance.now() - started), actor: req.actor?.personId },
        'request',
      );
    });
    next();
  };

/**
 * Every request sees the calendar in force when it starts, so a year entered through another API
 * process counts here at once. A database that cannot say keeps the last calendar read: the request's
 * own queries will meet the outage and answer for it.
 */
const calendarInForce =
  (ctx: ApiContext): RequestHandler =>
  (req, _res, next) => {
    ctx.calendars.current().then(
      () => next(),
      (e: unknown) => {
        ctx.logger.warn({ requestId: req.requestId, err: e }, 'calendar not re-read');
        next();
      },
    );
  };

// what express.json reads; any other body is refused with 415 rather than read as no body at all
const JSON_TYPES = ['application/json', 'application/*+json'];

// a route taking a file (its fixed path: an upload route has no path parameters) reads its own body, after its role check
const UPLOAD_PATHS = new Set(routes.filter((r) => r.upload).map((r) => r.path));

const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  if (hasBody && !UPLOAD_PATHS.has(req.path) && !req.is(JSON_TYPES)) throw unsupportedMediaType(req.get('content-type') ?? 'no Content-Type', JSON_TYPES);
  next();
};

/** The HTTP app, wired from its dependencies so tests run the real thing on port 0. */
export function createApp(deps: AppDeps): express.Express {
  const ctx = createContext(deps);
  const app = express();
  app.disable('x-powered-by');
  // behind a reverse proxy the client's address (the sign-in limit counts it) is in X-Forwarded-For
  if (deps.config.TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(deps.config.TRUST_PROXY) ? Number(deps.config.TRUST_PROXY) : deps.config.TRUST_PROXY);
  app.use(requestContext(deps.logger));
  app.use(securityHeaders());
  app.use(jsonBodiesOnly);
  app.use(express.json({ limit: '100kb', type: JSON_TYPES }));
  app.use('/docs', docsRouter());
  app.use('/console', consoleRouter());
  app.use(calendarInForce(ctx));
  mountRoutes(app, ctx, routes);
  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}
