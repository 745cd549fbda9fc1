import type { ApiContext } from '../context';
import type { Actor } from '../../domain/roles';
import { CreateRotaBody, FileRecordBody, ListRotasQuery, ListTurnsQuery, RotaDetail, RotaList, RotaParams, RotaView, TurnDetail, TurnList, TurnParams, TurnWorkflowView } from '../schemas/selfSupervision';
import { z } from '../schemas/zod';
import { createRota, fileRecord, listRotas, listTurns, rotaDetail, steerRota, turnDetail } from '../services/selfSupervision';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';
import { IdempotencyHeaders } from '../schemas/common';
import { REPLAY_HEADER_DOC, replayHeaders } from '../services/idempotency';

const rotaRefusals = {
  404: 'no such rota, or not visible to the caller',
  409: { description: 'the rota has been deleted', kinds: ['rota-deleted'] },
};

/** A Schedule control, then the rota as it stands after it. */
const steered = (control: 'pause' | 'resume' | 'delete') => async (ctx: ApiContext, { actor, params, requestId }: { actor: Actor; params: { id: string }; requestId: string }) => {
  await steerRota(ctx, actor, params.id, control, requestId);
  return rotaDetail(ctx, actor, params.id);
};

/** 自我监督轮值: rotas on Temporal Schedules; staff set up and steer them, everyone reads within their scope. */
export const selfSupervisionRotaRoutes = [
  route({
    method: 'post',
    path: '/self-supervision-rotas',
    summary: '设置自我监督轮值 one rota (a Temporal Schedule in Asia/Shanghai, weekly by default) for a unit’s leadership members',
    roles: ['STAFF'],
    headers: IdempotencyHeaders,
    body: CreateRotaBody,
    response: { status: 201, description: 'the rota (Location: the rota)', schema: RotaView },
    callsTemporal: true,
    refusals: {
      409: { description: 'the unit already has a rota', kinds: ['rota-exists'] },
      422: {
        description: 'unknown unit; a member who is not of the unit’s leadership; a unit without leadership members; an Idempotency-Key reused with another body',
        kinds: ['unknown-unit', 'not-leadership', 'no-leadership', 'idempotency-key-reused'],
      },
    },
    run: (ctx, { actor, body, headers, requestId }) => createRota(ctx, actor, body, requestId, headers['Idempotency-Key']),
    location: (rota) => rota.links.self,
    responseHeaders: { documented: REPLAY_HEADER_DOC, of: (launched) => replayHeaders(launched) },
  }),
  route({
    method: 'get',
    path: '/self-supervision-rotas',
    summary: '自我监督轮值列表 rotas of the units the caller may see, newest first',
    query: ListRotasQuery,
    response: { status: 200, description: 'rotas', schema: RotaList },
    run: (ctx, { actor, query }) => listRotas(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/self-supervision-rotas/{id}',
    summary: '自我监督轮值详情 the rota, its Schedule (next run times), who is on duty next and its recent turns',
    scope: 'unit',
    params: RotaParams,
    response: { status: 200, description: 'the rota', schema: RotaDetail },
    refusals: { 404: rotaRefusals[404] },
    run: (ctx, { actor, params }) => rotaDetail(ctx, actor, params.id),
  }),
  ...(
    [
      ['post', '/self-supervision-rotas/{id}/pause', '暂停 pause the Schedule', 'pause'],
      ['post', '/self-supervision-rotas/{id}/resume', '恢复 resume the Schedule', 'resume'],
      ['delete', '/self-supervision-rotas/{id}', '删除 delete the Schedule; the rota stays on record as deleted, started turns finish', 'delete'],
    ] as const
  ).map(([method, path, summary, control]) =>
    route({
      method,
      path,
      summary,
      scope: 'unit',
      roles: ['STAFF'],
      params: RotaParams,
      response: { status: 200, description: 'the rota', schema: RotaDetail },
      callsTemporal: true,
      refusals: rotaRefusals,
      run: steered(control),
    }),
  ),
  route({
    method: 'post',
    path: '/self-supervision-rotas/{id}/trigger',
    summary: '立即触发 start the next turn now (Location: the rota’s turns)',
    scope: 'unit',
    roles: ['STAFF'],
    params: RotaParams,
    response: {
      status: 202,
      description: 'the Schedule was asked to start a turn',
      schema: z.object({ rotaId: z.string(), triggeredAt: z.string(), links: z.object({ turns: z.string() }) }),
    },
    callsTemporal: true,
    refusals: rotaRefusals,
    run: async (ctx, { actor, params, requestId }) => {
      await steerRota(ctx, actor, params.id, 'trigger', requestId);
      return { rotaId: params.id, triggeredAt: ctx.clock().toISOString(), links: { turns: `/self-supervision-turns?rotaId=${encodeURIComponent(params.id)}` } };
    },
    location: (triggered) => triggered.links.turns,
  }),
];

/** 自我监督轮次: one member's turn; its id is its workflow id, URL-encoded. */
export const selfSupervisionTurnRoutes = [
  route({
    method: 'get',
    path: '/self-supervision-turns',
    summary: '自我监督轮次列表 turns of the units the caller may see, by unit and/or rota, newest first',
    query: ListTurnsQuery,
    response: { status: 200, description: 'turns', schema: TurnList },
    run: (ctx, { actor, query }) => listTurns(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/self-supervision-turns/{turnId}',
    summary: '自我监督轮次详情 the turn, its record and the workflow’s answer (id URL-encoded)',
    scope: 'unit',
    params: TurnParams,
    response: { status: 200, description: 'the turn', schema: TurnDetail },
    refusals: { 404: 'no such turn, or not visible to the caller' },
    run: (ctx, { actor, params }) => turnDetail(ctx, actor, params.turnId),
  }),
  route({
    method: 'post',
    path: '/self-supervision-turns/{turnId}/record',
    summary: '提交检查记录 file the turn’s record (the member on duty only)',
    scope: 'unit',
    roles: ['UNIT_LEADER', 'UNIT_MEMBER'],
    params: TurnParams,
    body: FileRecordBody,
    response: { status: 200, description: 'the turn', schema: TurnWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'a member other than the one on duty', 404: 'no such turn, or not visible to the caller', 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => fileRecord(ctx, actor, params.turnId, body),
  }),
];
