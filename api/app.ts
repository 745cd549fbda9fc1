import { randomUUID } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { authenticate } from './auth';
import { createContext, type AppDeps } from './context';
import { errorHandler, unknownRoute } from './errors';
import { buildOpenApiDocument } from './openapi';
import { campaignRouter } from './routes/campaigns';
import { health } from './routes/health';
import { inspectionRouter } from './routes/inspections';
import { rectificationRouter } from './routes/rectifications';
import { surpriseCheckRouter } from './routes/surpriseChecks';
import { routineCycleRouter, routineRunRouter } from './routes/routineCycles';
import { overdueRouter, unitRouter } from './routes/overview';
import { targetedAuditRouter } from './routes/targetedAudits';
import { selfSupervisionRotaRouter, selfSupervisionTurnRouter } from './routes/selfSupervision';

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

/** The HTTP app, wired from its dependencies so tests run the real thing on port 0. */
export function createApp(deps: AppDeps): express.Express {
  const ctx = createContext(deps);
  const openApiDocument = buildOpenApiDocument();
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(deps.logger));
  app.use(express.json({ limit: '100kb' }));

  app.get('/health', health(ctx));
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use('/campaigns', authenticate(deps.db), campaignRouter(ctx));
  app.use('/inspections', authenticate(deps.db), inspectionRouter(ctx));
  app.use('/rectifications', authenticate(deps.db), rectificationRouter(ctx));
  app.use('/surprise-checks', authenticate(deps.db), surpriseCheckRouter(ctx));
  app.use('/routine-cycles', authenticate(deps.db), routineCycleRouter(ctx));
  app.use('/routine-runs', authenticate(deps.db), routineRunRouter(ctx));
  app.use('/targeted-audits', authenticate(deps.db), targetedAuditRouter(ctx));
  app.use('/self-supervision-rotas', authenticate(deps.db), selfSupervisionRotaRouter(ctx));
  app.use('/self-supervision-turns', authenticate(deps.db), selfSupervisionTurnRouter(ctx));

  app.use('/units', authenticate(deps.db), unitRouter(ctx));
  app.use('/overdue', authenticate(deps.db), overdueRouter(ctx));

  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}
