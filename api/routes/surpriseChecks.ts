import { Router } from 'express';
import { actorOf, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { replayHeaders } from '../services/idempotency';
import { IdempotencyHeaders } from '../schemas/campaigns';
import {
  CancelSurpriseCheckBody,
  LaunchSurpriseCheckBody,
  ListSurpriseChecksQuery,
  RecordResultBody,
  SurpriseCheckParams,
  SurpriseTargetParams,
} from '../schemas/surpriseChecks';
import {
  cancelSurpriseCheck,
  launchSurpriseCheck,
  listSurpriseChecks,
  recordResult,
  sampleProof,
  surpriseCheckDetail,
} from '../services/surpriseChecks';

/** HTTP only; who may see which check (sealing) is decided in the service, in one place. */
export function surpriseCheckRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/', requireRole('STAFF'), async (req, res) => {
    const body = LaunchSurpriseCheckBody.parse(req.body);
    const { 'idempotency-key': idempotencyKey } = IdempotencyHeaders.parse(req.headers);
    const launched = await launchSurpriseCheck(ctx, { actor: actorOf(req), body, idempotencyKey, requestId: req.requestId });
    res.status(202).set(replayHeaders(launched)).location(launched.links.self).json(launched);
  });

  router.get('/', async (req, res) => {
    res.json(await listSurpriseChecks(ctx, actorOf(req), ListSurpriseChecksQuery.parse(req.query)));
  });

  router.get('/:id', async (req, res) => {
    const { id } = SurpriseCheckParams.parse(req.params);
    res.json(await surpriseCheckDetail(ctx, actorOf(req), id));
  });

  // the roles of these three are checked by the service after the check's visibility: 404 first, never a 403 that reveals it
  router.get('/:id/sample-proof', async (req, res) => {
    const { id } = SurpriseCheckParams.parse(req.params);
    res.json(await sampleProof(ctx, actorOf(req), id));
  });

  router.post('/:id/results/:unitId', async (req, res) => {
    const { id, unitId } = SurpriseTargetParams.parse(req.params);
    const body = RecordResultBody.parse(req.body);
    res.json(await recordResult(ctx, actorOf(req), id, unitId, body));
  });

  router.post('/:id/cancel', async (req, res) => {
    const { id } = SurpriseCheckParams.parse(req.params);
    const { reason } = CancelSurpriseCheckBody.parse(req.body);
    res.json(await cancelSurpriseCheck(ctx, actorOf(req), id, reason));
  });

  return router;
}
