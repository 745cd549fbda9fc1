import type { Prisma, RoutineCycle } from '@prisma/client';
import { CADENCE_TIMEZONE, type Cadence } from '../../domain/cadence';
import { newRoutineCycleId, routineRunWorkflowIdPrefix, routineScheduleId, workflowUiUrl } from '../../domain/ids';
import { groupsOf, hasRole, type Actor } from '../../domain/roles';
import { ROUTINE_CYCLE_STATES, type RoutineCycleState } from '../../domain/states';
import type { RoutineRunInput } from '../../workflows/messages';
import type { ApiContext } from '../context';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import type { ChangeCadenceBody, CreateRoutineCyclesBody, RoutineCycleDetail, RoutineCycleView } from '../schemas/routineCycles';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { createSchedule, describeSchedule, forgetSchedule, scheduleUiUrl, specOf, startAction, steerSchedule, updateSchedule } from './schedules';
import { visibleUnitsFilter } from './scope';

/** What RoutineCycle.cadence holds: the cadence and the run deadline the Schedule's action carries. */
type StoredCadence = Cadence & { dueInWorkingDays: number };
const cadenceOf = (row: RoutineCycle) => row.cadence as unknown as StoredCadence;

const storedCadence = (cadence: Cadence, dueInWorkingDays: number): StoredCadence =>
  cadence.kind === 'cron' ? { kind: 'cron', cron: cadence.cron, dueInWorkingDays } : { kind: cadence.kind, dueInWorkingDays };

const actionOf = (ctx: ApiContext, row: Pick<RoutineCycle, 'id' | 'unitId' | 'groupId'>, dueInWorkingDays: number) =>
  startAction<RoutineRunInput>(ctx, {
    workflowType: 'routineRun',
    workflowIdPrefix: routineRunWorkflowIdPrefix(row.unitId, row.id),
    input: { cycleId: row.id, unitId: row.unitId, groupId: row.groupId, dueInWorkingDays },
    unitId: row.unitId,
    groupId: row.groupId,
  });

/** Staff steer every cycle; a group leader only those of their group's units; nobody else. */
function requireSteward(actor: Actor, groupId: string): void {
  if (hasRole(actor, 'STAFF') || groupsOf(actor, ['GROUP_LEADER']).includes(groupId)) return;
  throw forbidden('只有委机关工作人员或该单位派驻组组长可以管理常态监督 / only staff or the leader of the unit’s stationed group may do this');
}

async function resolveUnits(ctx: ApiContext, body: CreateRoutineCyclesBody) {
  if (body.groupId) {
    const group = await ctx.db.group.findUnique({ where: { id: body.groupId }, select: { units: { select: { id: true, groupId: true }, orderBy: { id: 'asc' } } } });
    if (!group) throw unprocessable('unknown-scope', '派驻组不存在 / no such group', [{ path: 'groupId', message: `no group ${body.groupId}` }]);
    if (!group.units.length) throw unprocessable('empty-scope', '该派驻组没有驻在单位 / the group has no units', [{ path: 'groupId', message: 'no units' }]);
    return group.units;
  }
  const unitIds = [...new Set(body.unitIds)];
  const units = await ctx.db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, groupId: true }, orderBy: { id: 'asc' } });
  const errors = (body.unitIds ?? []).flatMap((id, i) => (units.some((u) => u.id === id) ? [] : [{ path: `unitIds.${i}`, message: `no unit ${id}` }]));
  if (errors.length) throw unprocessable('unknown-scope', '含有不存在的单位 / unknown units', errors);
  return units;
}

/**
 * One row and one Schedule per unit; if any Schedule cannot be made, none of them stays. A repeated
 * Idempotency-Key (the caller's own) with the same request answers with the cycles it made.
 */
export async function createRoutineCycles(
  ctx: ApiContext,
  actor: Actor,
  body: CreateRoutineCyclesBody,
  requestId: string,
  idempotencyKey?: string,
): Promise<Launched<RoutineCycleView[]>> {
  const { made, replayed } = await launchOnce(ctx, { actor, body, idempotencyKey, kind: 'routineCycle' }, {
    create: async (claim) => {
      const units = await resolveUnits(ctx, body);
      for (const unit of units) requireSteward(actor, unit.groupId);
      return insertCycles(ctx, actor, units, storedCadence(body.cadence, body.dueInWorkingDays), requestId, claim);
    },
    load: (ids) => ctx.db.routineCycle.findMany({ where: { id: { in: ids } }, orderBy: { unitId: 'asc' } }),
    start: async (rows) => {
      for (const row of rows) {
        const { dueInWorkingDays, ...cadence } = cadenceOf(row);
        await createSchedule(ctx, row.scheduleId, cadence, actionOf(ctx, row, dueInWorkingDays), `常态监督 ${row.unitId} (${row.id}), created by ${actor.personId}`);
      }
    },
    undo: (rows) => [
      ctx.db.auditLog.deleteMany({ where: { targetKind: 'routineCycle', targetId: { in: rows.map((r) => r.id) } } }),
      ctx.db.routineCycle.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } }),
    ],
    forget: async (rows) => {
      for (const row of rows) await forgetSchedule(ctx, row.scheduleId);
    },
  });
  const names = await unitNames(ctx, made.map((r) => r.unitId));
  return answered(
    made.map((row) => viewOf(ctx, row, names.get(row.unitId) ?? row.unitId)),
    replayed,
  );
}

function insertCycles(ctx: ApiContext, actor: Actor, units: { id: string; groupId: string }[], cadence: StoredCadence, requestId: string, claim: ClaimKey) {
  return ctx.db.$transaction(async (tx) => {
    const rows: RoutineCycle[] = [];
    for (const unit of units) {
      const id = newRoutineCycleId(ctx.calendar.shanghaiDate(ctx.clock()));
      rows.push(
        await tx.routineCycle.create({
          data: { id, scheduleId: routineScheduleId(unit.id, id), unitId: unit.id, groupId: unit.groupId, cadence, state: 'active', createdById: actor.personId },
        }),
      );
      await tx.auditLog.create({ data: { actorId: actor.personId, action: 'routineCycle.created', targetKind: 'routineCycle', targetId: id, requestId, detail: cadence } });
    }
    await claim(tx, rows.map((r) => r.id));
    return rows;
  });
}

// ---- steering one cycle ---------------------------------------------------------------------------

/** The cycle if the actor may see it; outside their scope it does not exist for them (404). */
async function visibleCycle(ctx: ApiContext, actor: Actor, id: string): Promise<RoutineCycle> {
  const row = await ctx.db.routineCycle.findFirst({ where: { id, ...(await visibleUnitsFilter(ctx, actor)) } });
  if (!row) throw notFound(`常态监督周期不存在 / no routine cycle ${id}`);
  return row;
}

/** The cycle if the actor may steer it: unseen → 404, seen but not theirs to steer → 403, deleted → 409. */
async function steeredCycle(ctx: ApiContext, actor: Actor, id: string): Promise<RoutineCycle> {
  const row = await visibleCycle(ctx, actor, id);
  requireSteward(actor, row.groupId);
  if (row.state === 'deleted') throw conflict('cycle-deleted', `常态监督周期已删除 / routine cycle ${id} has been deleted`);
  return row;
}

/** The row follows the Schedule: written only after Temporal accepted the change. */
async function recordChange(ctx: ApiContext, actor: Actor, row: RoutineCycle, action: string, data: Prisma.RoutineCycleUpdateInput, requestId: string) {
  const [updated] = await ctx.db.$transaction([
    ctx.db.routineCycle.update({ where: { id: row.id }, data }),
    ctx.db.auditLog.create({
      data: { actorId: actor.personId, action: `routineCycle.${action}`, targetKind: 'routineCycle', targetId: row.id, requestId, detail: (data.cadence ?? {}) as Prisma.InputJsonObject },
    }),
  ]);
  return updated;
}

export async function pauseRoutineCycle(ctx: ApiContext, actor: Actor, id: string, requestId: string) {
  const row = await steeredCycle(ctx, actor, id);
  await steerSchedule(ctx, row.scheduleId, 'pause', actor);
  await recordChange(ctx, actor, row, 'paused', { state: 'paused' }, requestId);
  return routineCycleDetail(ctx, actor, id);
}

export async function resumeRoutineCycle(ctx: ApiContext, actor: Actor, id: string, requestId: string) {
  const row = await steeredCycle(ctx, actor, id);
  await steerSchedule(ctx, row.scheduleId, 'resume', actor);
  await recordChange(ctx, actor, row, 'resumed', { state: 'active' }, requestId);
  return routineCycleDetail(ctx, actor, id);
}

/** 立即触发: one run now, even if the cycle is paused or a run is open (see steerSchedule). */
export async function triggerRoutineCycle(ctx: ApiContext, actor: Actor, id: string, requestId: string) {
  const row = await steeredCycle(ctx, actor, id);
  await steerSchedule(ctx, row.scheduleId, 'trigger', actor);
  await ctx.db.auditLog.create({ data: { actorId: actor.personId, action: 'routineCycle.triggered', targetKind: 'routineCycle', targetId: row.id, requestId } });
  return { cycleId: row.id, triggeredAt: ctx.clock().toISOString(), links: cycleLinks(ctx, row) };
}

/** A new cadence (and optionally deadline) for future runs; a run already open keeps its deadline. */
export async function changeRoutineCadence(ctx: ApiContext, actor: Actor, id: string, body: ChangeCadenceBody, requestId: string) {
  const row = await steeredCycle(ctx, actor, id);
  const dueInWorkingDays = body.dueInWorkingDays ?? cadenceOf(row).dueInWorkingDays;
  await updateSchedule(ctx, row.scheduleId, { spec: specOf(body.cadence), action: actionOf(ctx, row, dueInWorkingDays) });
  await recordChange(ctx, actor, row, 'cadence_changed', { cadence: storedCadence(body.cadence, dueInWorkingDays) }, requestId);
  return routineCycleDetail(ctx, actor, id);
}

/** The Schedule goes; the row stays as 'deleted' for the record, and runs already started finish. */
export async function deleteRoutineCycle(ctx: ApiContext, actor: Actor, id: string, requestId: string) {
  const row = await steeredCycle(ctx, actor, id);
  await steerSchedule(ctx, row.scheduleId, 'delete', actor);
  await recordChange(ctx, actor, row, 'deleted', { state: 'deleted' }, requestId);
  return routineCycleDetail(ctx, actor, id);
}

// ---- reading --------------------------------------------------------------------------------------

const cycleLinks = (ctx: ApiContext, row: RoutineCycle) => ({
  self: `/routine-cycles/${encodeURIComponent(row.id)}`,
  runs: `/routine-cycles/${encodeURIComponent(row.id)}/runs`,
  workflowUi: scheduleUiUrl(ctx, row.scheduleId),
});

function viewOf(ctx: ApiContext, row: RoutineCycle, unitName: string): RoutineCycleView {
  const { dueInWorkingDays, ...cadence } = cadenceOf(row);
  return {
    id: row.id,
    scheduleId: row.scheduleId,
    unitId: row.unitId,
    unitName,
    groupId: row.groupId,
    state: row.state as RoutineCycleState,
    stateLabel: ROUTINE_CYCLE_STATES[row.state as RoutineCycleState],
    cadence,
    dueInWorkingDays,
    timezone: CADENCE_TIMEZONE,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    links: cycleLinks(ctx, row),
  };
}

async function unitNames(ctx: ApiContext, unitIds: string[]) {
  const units = await ctx.db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } });
  return new Map(units.map((u) => [u.id, u.name]));
}

/** Cycles the actor may see (staff and leaders all, a group its units, a unit itself), newest first. */
export async function listRoutineCycles(ctx: ApiContext, actor: Actor, filter: { unitId?: string; groupId?: string; state?: RoutineCycleState; limit: number }) {
  const rows = await ctx.db.routineCycle.findMany({
    // the filters narrow the caller's scope (AND), never replace it: a spread `unitId` would override the scope's
    where: { AND: [await visibleUnitsFilter(ctx, actor), { unitId: filter.unitId, groupId: filter.groupId, state: filter.state }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit,
  });
  const names = await unitNames(ctx, rows.map((r) => r.unitId));
  return { items: rows.map((r) => viewOf(ctx, r, names.get(r.unitId) ?? r.unitId)) };
}

/** The row and what the Schedule says now: paused or not, its next run times and its recent runs. */
export async function routineCycleDetail(ctx: ApiContext, actor: Actor, id: string): Promise<RoutineCycleDetail> {
  const row = await visibleCycle(ctx, actor, id);
  const schedule = await describeSchedule(ctx, row.scheduleId);
  const names = await unitNames(ctx, [row.unitId]);
  return { ...viewOf(ctx, row, names.get(row.unitId) ?? row.unitId), schedule };
}

export const runLinks = (ctx: ApiContext, runId: string) => ({
  self: `/routine-runs/${encodeURIComponent(runId)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, runId),
});
