import { Router } from 'express';
import { actorOf, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { replayHeaders } from '../services/idempotency';
import { CampaignParams, CancelBody, DecisionBody, IdempotencyHeaders, LaunchCampaignBody, ListCampaignsQuery } from '../schemas/campaigns';
import { campaignRollup, cancelCampaign, decidePlan, launchCampaign, listCampaigns } from '../services/campaigns';

/** HTTP only: check the role, parse, hand over to the use case, shape the status code. */
export function campaignRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/', requireRole('STAFF'), async (req, res) => {
    const body = LaunchCampaignBody.parse(req.body);
    const { 'idempotency-key': idempotencyKey } = IdempotencyHeaders.parse(req.headers);
    const launched = await launchCampaign(ctx, { actor: actorOf(req), body, idempotencyKey, requestId: req.requestId });
    res.status(202).set(replayHeaders(launched)).location(launched.links.self).json(launched);
  });

  router.get('/', async (req, res) => {
    res.json(await listCampaigns(ctx, actorOf(req), ListCampaignsQuery.parse(req.query)));
  });

  router.get('/:id', async (req, res) => {
    const { id } = CampaignParams.parse(req.params);
    res.json(await campaignRollup(ctx, actorOf(req), id));
  });

  router.post('/:id/decision', requireRole('COMMISSION_LEADER'), async (req, res) => {
    const { id } = CampaignParams.parse(req.params);
    const body = DecisionBody.parse(req.body);
    res.json(await decidePlan(ctx, id, { actor: actorOf(req), ...body }));
  });

  router.post('/:id/cancel', requireRole('STAFF'), async (req, res) => {
    const { id } = CampaignParams.parse(req.params);
    const { reason } = CancelBody.parse(req.body);
    res.json(await cancelCampaign(ctx, id, { actor: actorOf(req), reason }));
  });

  return router;
}
