import { ChangeCadenceBody, CreateRoutineCyclesBody, ListRoutineCyclesQuery, RecordObservationBody, RoutineCycleDetail, RoutineCycleList, RoutineCycleParams, RoutineRunDetail, RoutineRunList, RoutineRunParams, RoutineRunWorkflowView } from '../schemas/routineCycles';
import { z } from '../schemas/zod';
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
import { STATE_CONFLICT } from './refusals';
import { route } from './table';
import { IdempotencyHeaders } from '../schemas/common';
import { REPLAY_HEADER_DOC, replayHeaders } from '../services/idempotency';

// whether a group leader may steer a given unit's cycle is checked in the service
const STEWARDS = ['STAFF', 'GROUP_LEADER'] as const;
const cycleRefusals = {
  403: 'a group leader of another group',
  404: 'no such routine cycle, or not visible to the caller',
  409: { description: 'the cycle has been deleted', kinds: ['cycle-deleted'] },
};

/** 常态监督周期: cycles on Temporal Schedules (Asia/Shanghai). */
export const routineCycleRoutes = [
  route({
    method: 'post',
    path: '/routine-cycles',
    summary: '设置常态监督周期 one cycle (a Temporal Schedule in Asia/Shanghai) per unit (STAFF, or the units’ GROUP_LEADER)',
    roles: STEWARDS,
    headers: IdempotencyHeaders,
    body: CreateRoutineCyclesBody,
    response: { status: 201, description: 'the cycles made', schema: RoutineCycleList },
    callsTemporal: true,
    refusals: {
      403: 'a group leader of another group',
      422: { description: 'unknown or empty group, unknown unit, an Idempotency-Key reused with another body', kinds: ['unknown-scope', 'empty-scope', 'idempotency-key-reused'] },
    },
    run: async (ctx, { actor, body, headers, requestId }) => ({ items: await createRoutineCycles(ctx, actor, body, requestId, headers['Idempotency-Key']) }),
    responseHeaders: { documented: REPLAY_HEADER_DOC, of: ({ items }) => replayHeaders(items) },
  }),
  route({
    method: 'get',
    path: '/routine-cycles',
    summary: '常态监督周期列表 cycles of the units the caller may see, newest first',
    query: ListRoutineCyclesQuery,
    response: { status: 200, description: 'cycles', schema: RoutineCycleList },
    run: (ctx, { actor, query }) => listRoutineCycles(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/routine-cycles/{id}',
    summary: '常态监督周期详情 the cycle and its Schedule: paused or not, next run times, recent runs',
    scope: 'unit',
    params: RoutineCycleParams,
    response: { status: 200, description: 'the cycle', schema: RoutineCycleDetail },
    refusals: { 404: cycleRefusals[404] },
    run: (ctx, { actor, params }) => routineCycleDetail(ctx, actor, params.id),
  }),
  route({
    method: 'get',
    path: '/routine-cycles/{id}/runs',
    summary: '常态监督任务列表 the runs of a cycle, newest first',
    scope: 'unit',
    params: RoutineCycleParams,
    response: { status: 200, description: 'runs', schema: RoutineRunList },
    refusals: { 404: cycleRefusals[404] },
    run: (ctx, { actor, params }) => listRoutineRuns(ctx, actor, params.id),
  }),
  route({
    method: 'patch',
    path: '/routine-cycles/{id}',
    summary: '调整周期 change the cadence (and the run deadline) of future runs',
    scope: 'unit',
    roles: STEWARDS,
    params: RoutineCycleParams,
    body: ChangeCadenceBody,
    response: { status: 200, description: 'the cycle after the change', schema: RoutineCycleDetail },
    callsTemporal: true,
    refusals: cycleRefusals,
    run: (ctx, { actor, params, body, requestId }) => changeRoutineCadence(ctx, actor, params.id, body, requestId),
  }),
  route({
    method: 'delete',
    path: '/routine-cycles/{id}',
    summary: '删除周期 delete the Schedule; the cycle stays on record as deleted, started runs finish',
    scope: 'unit',
    roles: STEWARDS,
    params: RoutineCycleParams,
    response: { status: 200, description: 'the deleted cycle', schema: RoutineCycleDetail },
    callsTemporal: true,
    refusals: cycleRefusals,
    run: (ctx, { actor, params, requestId }) => deleteRoutineCycle(ctx, actor, params.id, requestId),
  }),
  ...(
    [
      ['pause', '暂停 pause the Schedule', pauseRoutineCycle],
      ['resume', '恢复 resume the Schedule', resumeRoutineCycle],
    ] as const
  ).map(([control, summary, run]) =>
    route({
      method: 'post',
      path: `/routine-cycles/{id}/${control}`,
      summary,
      scope: 'unit',
      roles: STEWARDS,
      params: RoutineCycleParams,
      response: { status: 200, description: 'the cycle', schema: RoutineCycleDetail },
      callsTemporal: true,
      refusals: cycleRefusals,
      run: (ctx, { actor, params, requestId }) => run(ctx, actor, params.id, requestId),
    }),
  ),
  route({
    method: 'post',
    path: '/routine-cycles/{id}/trigger',
    summary: '立即触发 start one run now (Location: the cycle’s runs)',
    scope: 'unit',
    roles: STEWARDS,
    params: RoutineCycleParams,
    response: { status: 202, description: 'the Schedule was asked to start a run', schema: z.object({ cycleId: z.string(), triggeredAt: z.string(), links: z.object({ runs: z.string() }) }) },
    callsTemporal: true,
    refusals: cycleRefusals,
    run: (ctx, { actor, params, requestId }) => triggerRoutineCycle(ctx, actor, params.id, requestId),
    location: (triggered) => triggered.links.runs,
  }),
];

/** 常态监督任务: one scheduled run; its id is its workflow id, URL-encoded. */
export const routineRunRoutes = [
  route({
    method: 'get',
    path: '/routine-runs/{id}',
    summary: '常态监督任务详情 the checklist with its observations, findings and the workflow’s answer (id URL-encoded)',
    scope: 'unit',
    params: RoutineRunParams,
    response: { status: 200, description: 'the run', schema: RoutineRunDetail },
    refusals: { 404: 'no such routine run, or not visible to the caller' },
    run: (ctx, { actor, params }) => routineRunDetail(ctx, actor, params.id),
  }),
  route({
    method: 'post',
    path: '/routine-runs/{id}/observations',
    summary: '记录检查情况 an observation on one checklist item, optionally raising a finding (the unit’s stationed group)',
    scope: 'unit',
    roles: ['GROUP_LEADER', 'GROUP_MEMBER'],
    params: RoutineRunParams,
    body: RecordObservationBody,
    response: { status: 200, description: 'the run', schema: RoutineRunWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'a group other than the unit’s', 404: 'no such routine run, or not visible to the caller', 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => recordObservation(ctx, actor, params.id, body),
  }),
  route({
    method: 'post',
    path: '/routine-runs/{id}/complete',
    summary: '完成 complete the run once every item has an observation (the unit’s GROUP_LEADER); each finding of the run starts its rectification',
    scope: 'unit',
    roles: ['GROUP_LEADER'],
    params: RoutineRunParams,
    response: { status: 200, description: 'the completed run', schema: RoutineRunWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'the leader of another group', 404: 'no such routine run, or not visible to the caller', 409: STATE_CONFLICT },
    run: (ctx, { actor, params }) => completeRoutineRun(ctx, actor, params.id),
  }),
];
