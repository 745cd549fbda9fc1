import { Router } from 'express';
import { actorOf, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { IdempotencyHeaders } from '../schemas/campaigns';
import { replayHeaders } from '../services/idempotency';
import { ChangeCadenceBody, CreateRoutineCyclesBody, ListRoutineCyclesQuery, RecordObservationBody, RoutineCycleParams, RoutineRunParams } from '../schemas/routineCycles';
import {
  changeRoutineCadence,
  createRoutineCycles,
  deleteRoutineCycle,
  listRoutineCycles,
  pauseRoutineCycle,
  resumeRoutineCycle,
  routineCycleDetail,
  triggerRoutineCycle,
} from '../services/routineCycles';
import { completeRoutineRun, listRoutineRuns, recordObservation, routineRunDetail } from '../services/routineRuns';

/** 常态监督周期: HTTP only; whether a group leader may steer a given unit's cycle is checked in the service. */
export function routineCycleRouter(ctx: ApiContext): Router {
  const router = Router();
  const steward = requireRole('STAFF', 'GROUP_LEADER');

  router.post('/', steward, async (req, res) => {
    const body = CreateRoutineCyclesBody.parse(req.body);
    const { 'idempotency-key': idempotencyKey } = IdempotencyHeaders.parse(req.headers);
    const made = await createRoutineCycles(ctx, actorOf(req), body, req.requestId, idempotencyKey);
    res.status(201).set(replayHeaders(made)).json({ items: made });
  });

  router.get('/', async (req, res) => {
    res.json(await listRoutineCycles(ctx, actorOf(req), ListRoutineCyclesQuery.parse(req.query)));
  });

  router.get('/:id', async (req, res) => {
    const { id } = RoutineCycleParams.parse(req.params);
    res.json(await routineCycleDetail(ctx, actorOf(req), id));
  });

  router.get('/:id/runs', async (req, res) => {
    const { id } = RoutineCycleParams.parse(req.params);
    res.json(await listRoutineRuns(ctx, actorOf(req), id));
  });

  router.patch('/:id', steward, async (req, res) => {
    const { id } = RoutineCycleParams.parse(req.params);
    const body = ChangeCadenceBody.parse(req.body);
    res.json(await changeRoutineCadence(ctx, actorOf(req), id, body, req.requestId));
  });

  router.delete('/:id', steward, async (req, res) => {
    const { id } = RoutineCycleParams.parse(req.params);
    res.json(await deleteRoutineCycle(ctx, actorOf(req), id, req.requestId));
  });

  const steps = { pause: pauseRoutineCycle, resume: resumeRoutineCycle } as const;
  for (const [step, run] of Object.entries(steps)) {
    router.post(`/:id/${step}`, steward, async (req, res) => {
      const { id } = RoutineCycleParams.parse(req.params);
      res.json(await run(ctx, actorOf(req), id, req.requestId));
    });
  }

  router.post('/:id/trigger', steward, async (req, res) => {
    const { id } = RoutineCycleParams.parse(req.params);
    const triggered = await triggerRoutineCycle(ctx, actorOf(req), id, req.requestId);
    res.status(202).location(triggered.links.runs).json(triggered);
  });

  return router;
}

/** 常态监督任务: one scheduled run; its id is its workflow id, URL-encoded. */
export function routineRunRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/:id', async (req, res) => {
    const { id } = RoutineRunParams.parse(req.params);
    res.json(await routineRunDetail(ctx, actorOf(req), id));
  });

  router.post('/:id/observations', requireRole('GROUP_LEADER', 'GROUP_MEMBER'), async (req, res) => {
    const { id } = RoutineRunParams.parse(req.params);
    const body = RecordObservationBody.parse(req.body);
    res.json(await recordObservation(ctx, actorOf(req), id, body));
  });

  router.post('/:id/complete', requireRole('GROUP_LEADER'), async (req, res) => {
    const { id } = RoutineRunParams.parse(req.params);
    res.json(await completeRoutineRun(ctx, actorOf(req), id));
  });

  return router;
}
