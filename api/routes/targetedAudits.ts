import { Router } from 'express';
import { actorOf, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { replayHeaders } from '../services/idempotency';
import { IdempotencyHeaders } from '../schemas/campaigns';
import {
  AuditStepParams,
  CancelAuditBody,
  FileAuditStepBody,
  LaunchTargetedAuditBody,
  ListTargetedAuditsQuery,
  ReviewAuditStepBody,
  TargetedAuditParams,
} from '../schemas/targetedAudits';
import * as audits from '../services/targetedAudits';

/** HTTP only: roles by route; the unit, group and step an actor may act on are checked in the services. */
export function targetedAuditRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/', requireRole('STAFF'), async (req, res) => {
    const body = LaunchTargetedAuditBody.parse(req.body);
    const { 'idempotency-key': idempotencyKey } = IdempotencyHeaders.parse(req.headers);
    const launched = await audits.launchTargetedAudit(ctx, { actor: actorOf(req), body, idempotencyKey, requestId: req.requestId });
    res.status(202).set(replayHeaders(launched)).location(launched.links.self).json(launched);
  });
  router.get('/', async (req, res) => {
    res.json(await audits.listTargetedAudits(ctx, actorOf(req), ListTargetedAuditsQuery.parse(req.query)));
  });
  router.get('/templates', (_req, res) => {
    res.json(audits.auditTemplates(ctx));
  });
  router.get('/:id', async (req, res) => {
    res.json(await audits.targetedAuditDetail(ctx, actorOf(req), TargetedAuditParams.parse(req.params).id));
  });
  router.post('/:id/steps/:stepKey/filing', requireRole('UNIT_CONTACT', 'GROUP_LEADER', 'GROUP_MEMBER'), async (req, res) => {
    const { id, stepKey } = AuditStepParams.parse(req.params);
    res.json(await audits.fileAuditStep(ctx, actorOf(req), id, stepKey, FileAuditStepBody.parse(req.body)));
  });
  router.post('/:id/steps/:stepKey/review', requireRole('GROUP_LEADER', 'GROUP_MEMBER'), async (req, res) => {
    const { id, stepKey } = AuditStepParams.parse(req.params);
    res.json(await audits.reviewAuditStep(ctx, actorOf(req), id, stepKey, ReviewAuditStepBody.parse(req.body)));
  });
  router.post('/:id/cancel', requireRole('STAFF'), async (req, res) => {
    const { id } = TargetedAuditParams.parse(req.params);
    res.json(await audits.cancelTargetedAudit(ctx, actorOf(req), id, CancelAuditBody.parse(req.body).reason));
  });
  return router;
}
