import { Router } from 'express';
import { actorOf, requireRole } from '../auth';
import type { ApiContext } from '../context';
import { IdempotencyHeaders } from '../schemas/campaigns';
import { replayHeaders } from '../services/idempotency';
import { CreateRotaBody, FileRecordBody, ListRotasQuery, ListTurnsQuery, RotaParams, TurnParams } from '../schemas/selfSupervision';
import { createRota, fileRecord, listRotas, listTurns, rotaDetail, steerRota, turnDetail } from '../services/selfSupervision';

/** 自我监督轮值: HTTP only. Staff set up and steer rotas; everyone reads within their scope. */
export function selfSupervisionRotaRouter(ctx: ApiContext): Router {
  const router = Router();
  const staff = requireRole('STAFF');

  router.post('/', staff, async (req, res) => {
    const { 'idempotency-key': idempotencyKey } = IdempotencyHeaders.parse(req.headers);
    const rota = await createRota(ctx, actorOf(req), CreateRotaBody.parse(req.body), req.requestId, idempotencyKey);
    res.status(201).set(replayHeaders(rota)).location(rota.links.self).json(rota);
  });

  router.get('/', async (req, res) => {
    res.json(await listRotas(ctx, actorOf(req), ListRotasQuery.parse(req.query)));
  });

  router.get('/:id', async (req, res) => {
    const { id } = RotaParams.parse(req.params);
    res.json(await rotaDetail(ctx, actorOf(req), id));
  });

  for (const step of ['pause', 'resume'] as const) {
    router.post(`/:id/${step}`, staff, async (req, res) => {
      const { id } = RotaParams.parse(req.params);
      await steerRota(ctx, actorOf(req), id, step, req.requestId);
      res.json(await rotaDetail(ctx, actorOf(req), id));
    });
  }

  router.delete('/:id', staff, async (req, res) => {
    const { id } = RotaParams.parse(req.params);
    await steerRota(ctx, actorOf(req), id, 'delete', req.requestId);
    res.json(await rotaDetail(ctx, actorOf(req), id));
  });

  router.post('/:id/trigger', staff, async (req, res) => {
    const { id } = RotaParams.parse(req.params);
    await steerRota(ctx, actorOf(req), id, 'trigger', req.requestId);
    const turns = `/self-supervision-turns?rotaId=${encodeURIComponent(id)}`;
    res.status(202).location(turns).json({ rotaId: id, triggeredAt: ctx.clock().toISOString(), links: { turns } });
  });

  return router;
}

/** 自我监督轮次: one member's turn; its id is its workflow id, URL-encoded. */
export function selfSupervisionTurnRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json(await listTurns(ctx, actorOf(req), ListTurnsQuery.parse(req.query)));
  });

  router.get('/:turnId', async (req, res) => {
    const { turnId } = TurnParams.parse(req.params);
    res.json(await turnDetail(ctx, actorOf(req), turnId));
  });

  router.post('/:turnId/record', requireRole('UNIT_LEADER', 'UNIT_MEMBER'), async (req, res) => {
    const { turnId } = TurnParams.parse(req.params);
    res.json(await fileRecord(ctx, actorOf(req), turnId, FileRecordBody.parse(req.body)));
  });

  return router;
}
