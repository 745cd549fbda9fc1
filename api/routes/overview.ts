import { Router } from 'express';
import { actorOf } from '../auth';
import type { ApiContext } from '../context';
import { UnitParams } from '../schemas/overview';
import { overdueList, unitOverview } from '../services/overview';

/** GET /units/:unitId/overview (单位全景); scope is decided in the service. */
export function unitRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/:unitId/overview', async (req, res) => {
    const { unitId } = UnitParams.parse(req.params);
    res.json(await unitOverview(ctx, actorOf(req), unitId));
  });
  return router;
}

/** GET /overdue (逾期清单). */
export function overdueRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await overdueList(ctx, actorOf(req)));
  });
  return router;
}
