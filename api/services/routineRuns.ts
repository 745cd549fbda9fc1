import type { RoutineRun } from '@prisma/client';
import { hasRole, type Actor } from '../../domain/roles';
import { ROUTINE_CHECKLIST, ROUTINE_CHECKLIST_ITEMS } from '../../domain/routineChecklist';
import { ROUTINE_RUN_STATES, type RoutineRunState } from '../../domain/states';
import {
  completeRunUpdate,
  recordObservationUpdate,
  routineRunStatusQuery,
  type CompleteRunInput,
  type RoutineObservation,
  type RoutineRunView,
} from '../../workflows/messages';
import { requireGroupOf } from '../auth';
import type { ApiContext } from '../context';
import { forbidden, notFound } from '../errors';
import type { RoutineRunDetail, RoutineRunSummary } from '../schemas/routineCycles';
import { readDetail } from './details';
import { rectificationTerms } from './rectifications';
import { routineCycleDetail, runLinks } from './routineCycles';
import { visibleUnitsFilter } from './scope';
import { callTemporal } from './temporal';

const summaryOf = (ctx: ApiContext, row: RoutineRun): RoutineRunSummary => ({
  id: row.id,
  cycleId: row.cycleId,
  unitId: row.unitId,
  groupId: row.groupId,
  state: row.state as RoutineRunState,
  stateLabel: ROUTINE_RUN_STATES[row.state as RoutineRunState],
  deadlineAt: row.deadlineAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  links: runLinks(ctx, row.id),
});

/** The runs of one cycle, newest first, for whoever may see the cycle. */
export async function listRoutineRuns(ctx: ApiContext, actor: Actor, cycleId: string) {
  await routineCycleDetail(ctx, actor, cycleId);
  const rows = await ctx.db.routineRun.findMany({ where: { cycleId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return { items: rows.map((r) => summaryOf(ctx, r)) };
}

async function visibleRun(ctx: ApiContext, actor: Actor, id: string): Promise<RoutineRun> {
  const row = await ctx.db.routineRun.findFirst({ where: { id, ...(await visibleUnitsFilter(ctx, actor)) } });
  if (!row) throw notFound(`常态监督任务不存在 / no routine run ${id}`);
  return row;
}

/** One run: its checklist with the observations so far, its findings, and the workflow's own answer. */
export async function routineRunDetail(ctx: ApiContext, actor: Actor, id: string): Promise<RoutineRunDetail> {
  const row = await visibleRun(ctx, actor, id);
  const { records: findings, workflow } = await readDetail(ctx, {
    workflowId: id,
    query: routineRunStatusQuery,
    records: () => ctx.db.finding.findMany({ where: { sourceKind: 'routineRun', sourceId: id }, orderBy: { createdAt: 'asc' } }),
  });
  const observations = row.observations as Partial<Record<string, RoutineObservation>>;
  return {
    ...summaryOf(ctx, row),
    checklist: ROUTINE_CHECKLIST_ITEMS.map((item) => ({ item, label: ROUTINE_CHECKLIST[item], observation: observations[item] ?? null })),
    findings: findings.map((f) => ({ id: f.id, title: f.title, detail: f.detail, state: f.state, recordedById: f.recordedById })),
    workflow,
  };
}

/** 记录检查情况: a member of the unit's stationed group, one checklist item at a time. */
export async function recordObservation(
  ctx: ApiContext,
  actor: Actor,
  id: string,
  body: { item: string; observation: string; finding?: { title: string; detail?: string } },
): Promise<RoutineRunView> {
  const row = await visibleRun(ctx, actor, id);
  const acting = requireGroupOf(actor, row.groupId);
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(id).executeUpdate(recordObservationUpdate, { args: [{ actor: acting, ...body }] }));
}

/**
 * 完成: the leader of the unit's stationed group, once every item has an observation (else 409). Each
 * finding of the run starts its rectification (整改); the workflow refuses (409) a completion without
 * the rectification terms if a finding was recorded after they were counted here.
 */
export async function completeRoutineRun(ctx: ApiContext, actor: Actor, id: string): Promise<RoutineRunView> {
  const row = await visibleRun(ctx, actor, id);
  if (!hasRole(actor, 'GROUP_LEADER')) {
    throw forbidden('只有该单位派驻组组长可以完成常态监督 / only the leader of the unit’s stationed group may complete the run');
  }
  const acting = requireGroupOf(actor, row.groupId);
  // only with findings: a run without any must not hinge on next year's holiday data
  const findings = await ctx.db.finding.count({ where: { sourceKind: 'routineRun', sourceId: id } });
  const input: CompleteRunInput = { actor: acting, ...(findings ? { rectification: await rectificationTerms(ctx, row.groupId, 'findings') } : {}) };
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(id).executeUpdate(completeRunUpdate, { args: [input] }));
}
