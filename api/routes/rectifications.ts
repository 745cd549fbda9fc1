import { Router, type Request } from 'express';
import type { Role } from '../../domain/roles';
import { actorOf, requireRole } from '../auth';
import type { ApiContext } from '../context';
import {
  AcceptanceBody,
  ExtensionBody,
  ExtensionDecisionBody,
  ListRectificationsQuery,
  PlanReviewBody,
  ProgressBody,
  RectificationParams,
  RevisitBody,
  SubmitPlanBody,
} from '../schemas/rectifications';
import * as rectifications from '../services/rectifications';
import type { RectificationView } from '../../workflows/messages';

type Step<B> = (ctx: ApiContext, actor: ReturnType<typeof actorOf>, findingId: string, body: B) => Promise<RectificationView>;

/**
 * HTTP only. The finding id (which holds slashes) is one URL-encoded path segment; the unit and group
 * an actor may act on are checked in the services, which know the rectification's unit.
 */
export function rectificationRouter(ctx: ApiContext): Router {
  const router = Router();
  const findingIdOf = (req: Request) => RectificationParams.parse(req.params).findingId;
  const step = <B>(path: string, roles: Role[], schema: { parse(v: unknown): B }, run: Step<B>) =>
    router.post(`/:findingId/${path}`, requireRole(...roles), async (req, res) => {
      const findingId = findingIdOf(req);
      res.json(await run(ctx, actorOf(req), findingId, schema.parse(req.body)));
    });

  router.get('/', async (req, res) => {
    res.json(await rectifications.listRectifications(ctx, actorOf(req), ListRectificationsQuery.parse(req.query)));
  });
  router.get('/:findingId', async (req, res) => {
    res.json(await rectifications.rectificationDetail(ctx, actorOf(req), findingIdOf(req)));
  });
  step('plan', ['UNIT_CONTACT'], SubmitPlanBody, rectifications.submitPlan);
  step('plan-review', ['GROUP_LEADER', 'GROUP_MEMBER'], PlanReviewBody, rectifications.reviewPlan);
  step('progress', ['UNIT_CONTACT'], ProgressBody, rectifications.reportProgress);
  step('acceptance', ['GROUP_LEADER', 'GROUP_MEMBER'], AcceptanceBody, rectifications.decideAcceptance);
  step('extension', ['UNIT_CONTACT'], ExtensionBody, rectifications.requestExtension);
  step('extension-decision', ['COMMISSION_LEADER'], ExtensionDecisionBody, rectifications.decideExtension);
  step('revisit', ['GROUP_LEADER', 'GROUP_MEMBER'], RevisitBody, rectifications.recordRevisit);
  return router;
}
