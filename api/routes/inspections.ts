import { Router } from 'express';
import { actorOf, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { InspectionParams, ReviewBody, SubmitReportBody } from '../schemas/inspections';
import { inspectionDetail, reviewReport, submitReport } from '../services/inspections';

/** HTTP only; which unit an actor may act on is checked in the services, which know the unit's group. */
export function inspectionRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/:campaignId/:unitId', async (req, res) => {
    const { campaignId, unitId } = InspectionParams.parse(req.params);
    res.json(await inspectionDetail(ctx, actorOf(req), campaignId, unitId));
  });

  router.post('/:campaignId/:unitId/report', requireRole('UNIT_CONTACT'), async (req, res) => {
    const { campaignId, unitId } = InspectionParams.parse(req.params);
    const { content } = SubmitReportBody.parse(req.body);
    res.json(await submitReport(ctx, actorOf(req), campaignId, unitId, content));
  });

  router.post('/:campaignId/:unitId/review', requireRole('GROUP_LEADER', 'GROUP_MEMBER'), async (req, res) => {
    const { campaignId, unitId } = InspectionParams.parse(req.params);
    const body = ReviewBody.parse(req.body);
    res.json(await reviewReport(ctx, actorOf(req), campaignId, unitId, body));
  });

  return router;
}
