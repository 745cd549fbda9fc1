import type { Prisma, SelfSupervisionRota, SelfSupervisionTurn } from '@prisma/client';
import { CADENCE_TIMEZONE, type RotaCadence } from '../../domain/cadence';
import { newSelfSupervisionRotaId, selfSupervisionScheduleId, selfSupervisionTurnWorkflowIdPrefix, workflowUiUrl } from '../../domain/ids';
import { LEADERSHIP, type Actor } from '../../domain/roles';
import { heldOn, holders, postingDay } from '../../activities/postings';
import { SELF_SUPERVISION_ROTA_STATES, SELF_SUPERVISION_TURN_STATES, type SelfSupervisionRotaState, type SelfSupervisionTurnState } from '../../domain/states';
import { fileRecordUpdate, selfSupervisionTurnStatusQuery, type SelfSupervisionTurnInput, type SelfSupervisionTurnView } from '../../workflows/messages';
import type { ApiContext } from '../context';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import type { CreateRotaBody, RotaDetail, RotaView, TurnDetail, TurnSummary } from '../schemas/selfSupervision';
import { readDetail } from './details';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { visibleUnitsFilter } from './scope';
import { createSchedule, describeSchedule, forgetSchedule, scheduleUiUrl, startAction, steerSchedule, type ScheduleControl } from './schedules';
import { callTemporal } from './temporal';

/** What SelfSupervisionRota.cadence holds: the cadence and the record deadline the Schedule's action carries. */
type StoredCadence = RotaCadence & { dueInWorkingDays: number };
const cadenceOf = (row: SelfSupervisionRota) => row.cadence as unknown as StoredCadence;

/** The unit's leadership (班子) today: the 一把手 first, then the 班子成员, each by id. */
const leadershipOf = (ctx: ApiContext, unitId: string) => holders(ctx.db, { unitId }, LEADERSHIP, ctx.clock());

/** The turn order: as given (each a leadership member of the unit, else 422 naming the entry), or the default. */
async function turnOrder(ctx: ApiContext, unitId: string, given: string[] | undefined): Promise<string[]> {
  const leadership = (await leadershipOf(ctx, unitId)).map((p) => p.id);
  if (!given) {
    if (!leadership.length) throw unprocessable('no-leadership', '该单位没有班子成员 / the unit has no leadership members', [{ path: 'memberIds', message: `unit ${unitId} has no UNIT_LEADER or UNIT_MEMBER` }]);
    return leadership;
  }
  const errors = given.flatMap((id, i) => (leadership.includes(id) ? [] : [{ path: `memberIds.${i}`, message: `${id} is not a leadership member (UNIT_LEADER, UNIT_MEMBER) of unit ${unitId}` }]));
  if (errors.length) throw unprocessable('not-leadership', '轮值人员须为本单位班子成员 / every member must be of the unit’s leadership', errors);
  return given;
}

const actionOf = (ctx: ApiContext, row: Pick<SelfSupervisionRota, 'id' | 'unitId' | 'groupId'>, dueInWorkingDays: number) =>
  startAction<SelfSupervisionTurnInput>(ctx, {
    workflowType: 'selfSupervisionTurn',
    workflowIdPrefix: selfSupervisionTurnWorkflowIdPrefix(row.unitId, row.id),
    input: { rotaId: row.id, unitId: row.unitId, groupId: row.groupId, dueInWorkingDays },
    unitId: row.unitId,
    groupId: row.groupId,
  });

/**
 * 设置自我监督轮值 (staff): one rota and one Schedule per unit. A second live rota for a unit is a 409:
 * two rotas would put two members on duty at once. If the Schedule cannot be made, the row goes too.
 * A repeated Idempotency-Key (the caller's own) with the same request answers with the rota it made.
 */
export async function createRota(ctx: ApiContext, actor: Actor, body: CreateRotaBody, requestId: string, idempotencyKey?: string): Promise<Launched<RotaView>> {
  const { made: row, replayed } = await launchOnce(ctx, { actor, body, idempotencyKey, kind: 'selfSupervisionRota' }, {
    create: async (claim) => {
      const unit = await ctx.db.unit.findUnique({ where: { id: body.unitId }, select: { id: true, groupId: true } });
      if (!unit) throw unprocessable('unknown-unit', '单位不存在 / no such unit', [{ path: 'unitId', message: `no unit ${body.unitId}` }]);
      const live = await ctx.db.selfSupervisionRota.findFirst({ where: { unitId: unit.id, state: { not: 'deleted' } }, select: { id: true } });
      if (live) throw conflict('rota-exists', `该单位已有自我监督轮值 ${live.id}，请先删除 / unit ${unit.id} already has rota ${live.id}; delete it first`);
      const memberIds = await turnOrder(ctx, unit.id, body.memberIds);
      const cadence: StoredCadence = { ...body.cadence, dueInWorkingDays: body.dueInWorkingDays ?? ctx.config.SELF_SUPERVISION_DUE_WORKING_DAYS };
      return insertRota(ctx, actor, { ...unit, memberIds, cadence }, requestId, claim);
    },
    load: ([id]) => ctx.db.selfSupervisionRota.findUniqueOrThrow({ where: { id } }),
    start: (made) => {
      const { dueInWorkingDays, ...cadence } = cadenceOf(made);
      return createSchedule(ctx, made.scheduleId, cadence, actionOf(ctx, made, dueInWorkingDays), `自我监督 ${made.unitId} (${made.id}), created by ${actor.personId}`);
    },
    undo: (made) => [
      ctx.db.auditLog.deleteMany({ where: { targetKind: 'selfSupervisionRota', targetId: made.id } }),
      ctx.db.selfSupervisionRota.delete({ where: { id: made.id } }),
    ],
    forget: (made) => forgetSchedule(ctx, made.scheduleId),
  });
  return answered(viewOf(ctx, row, await namesOf(ctx, row)), replayed);
}

function insertRota(ctx: ApiContext, actor: Actor, rota: { id: string; groupId: string; memberIds: string[]; cadence: StoredCadence }, requestId: string, claim: ClaimKey) {
  const id = newSelfSupervisionRotaId(ctx.calendar.shanghaiDate(ctx.clock()));
  const detail = { memberIds: rota.memberIds, ...rota.cadence } as Prisma.InputJsonObject;
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.selfSupervisionRota.create({
      data: { id, scheduleId: selfSupervisionScheduleId(rota.id, id), unitId: rota.id, groupId: rota.groupId, memberIds: rota.memberIds, cadence: rota.cadence, state: 'active', createdById: actor.personId },
    });
    await tx.auditLog.create({ data: { actorId: actor.personId, action: 'selfSupervisionRota.created', targetKind: 'selfSupervisionRota', targetId: id, requestId, detail } });
    await claim(tx, [id]);
    return row;
  });
}

// ---- steering one rota (staff) ----------------------------------------------------------------------

/** The rota if the actor may see it (staff and leaders all, a group its units, a unit itself); else 404. */
async function visibleRota(ctx: ApiContext, actor: Actor, id: string): Promise<SelfSupervisionRota> {
  const row = await ctx.db.selfSupervisionRota.findFirst({ where: { id, ...(await visibleUnitsFilter(ctx, actor)) } });
  if (!row) throw notFound(`自我监督轮值不存在 / no self-supervision rota ${id}`);
  return row;
}

/** What each control leaves the rota in, and the audit action it writes (trigger leaves the state alone). */
const CONTROLS: Record<ScheduleControl, { state?: SelfSupervisionRotaState; action: string }> = {
  pause: { state: 'paused', action: 'paused' },
  resume: { state: 'active', action: 'resumed' },
  trigger: { action: 'triggered' },
  delete: { state: 'deleted', action: 'deleted' },
};

/**
 * 暂停 / 恢复 / 立即触发 / 删除: the Schedule first, then the row and its audit entry once Temporal
 * accepted. A deleted rota stays on record (409 for any further control); turns already started finish.
 */
export async function steerRota(ctx: ApiContext, actor: Actor, id: string, control: ScheduleControl, requestId: string) {
  const row = await visibleRota(ctx, actor, id);
  if (row.state === 'deleted') throw conflict('rota-deleted', `自我监督轮值已删除 / self-supervision rota ${id} has been deleted`);
  await steerSchedule(ctx, row.scheduleId, control, actor);
  const { state, action } = CONTROLS[control];
  await ctx.db.$transaction([
    ...(state ? [ctx.db.selfSupervisionRota.update({ where: { id }, data: { state } })] : []),
    ctx.db.auditLog.create({ data: { actorId: actor.personId, action: `selfSupervisionRota.${action}`, targetKind: 'selfSupervisionRota', targetId: id, requestId } }),
  ]);
}

// ---- reading ------------------------------------------------------------------------------------------

const rotaLinks = (ctx: ApiContext, row: SelfSupervisionRota) => ({
  self: `/self-supervision-rotas/${encodeURIComponent(row.id)}`,
  turns: `/self-supervision-turns?rotaId=${encodeURIComponent(row.id)}`,
  workflowUi: scheduleUiUrl(ctx, row.scheduleId),
});

type Names = Map<string, { name: string; role: string }>;

/** Names of the rotas' units and members, in one query each. */
async function namesOf(ctx: ApiContext, ...rows: SelfSupervisionRota[]): Promise<Names> {
  const [units, people] = await Promise.all([
    ctx.db.unit.findMany({ where: { id: { in: rows.map((r) => r.unitId) } }, select: { id: true, name: true } }),
    ctx.db.person.findMany({
      where: { id: { in: rows.flatMap((r) => r.memberIds) } },
      select: { id: true, name: true, postings: { where: { unitId: { in: rows.map((r) => r.unitId) }, ...heldOn(postingDay(ctx.clock())) }, select: { role: true } } },
    }),
  ]);
  const names: Names = new Map();
  for (const u of units) names.set(u.id, { name: u.name, role: 'unit' });
  // the member's post at the unit today; none once they have left it
  for (const p of people) names.set(p.id, { name: p.name, role: p.postings[0]?.role ?? 'unknown' });
  return names;
}

function viewOf(ctx: ApiContext, row: SelfSupervisionRota, names: Names): RotaView {
  const { dueInWorkingDays, ...cadence } = cadenceOf(row);
  return {
    id: row.id,
    scheduleId: row.scheduleId,
    unitId: row.unitId,
    unitName: names.get(row.unitId)?.name ?? row.unitId,
    groupId: row.groupId,
    state: row.state as SelfSupervisionRotaState,
    stateLabel: SELF_SUPERVISION_ROTA_STATES[row.state as SelfSupervisionRotaState],
    members: row.memberIds.map((personId) => ({ personId, name: names.get(personId)?.name ?? personId, role: names.get(personId)?.role ?? 'unknown' })),
    cadence,
    dueInWorkingDays,
    timezone: CADENCE_TIMEZONE,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    links: rotaLinks(ctx, row),
  };
}

export async function listRotas(ctx: ApiContext, actor: Actor, filter: { unitId?: string; groupId?: string; state?: SelfSupervisionRotaState; limit: number }) {
  const rows = await ctx.db.selfSupervisionRota.findMany({
    // the filters narrow the caller's scope (AND), never replace it
    where: { AND: [await visibleUnitsFilter(ctx, actor), { unitId: filter.unitId, groupId: filter.groupId, state: filter.state }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit,
  });
  const names = await namesOf(ctx, ...rows);
  return { items: rows.map((r) => viewOf(ctx, r, names)) };
}

/** The rota, what its Schedule says now (next run times), who is on duty next, and its last turns. */
export async function rotaDetail(ctx: ApiContext, actor: Actor, id: string): Promise<RotaDetail> {
  const row = await visibleRota(ctx, actor, id);
  const [schedule, names, turns] = await Promise.all([
    describeSchedule(ctx, row.scheduleId),
    namesOf(ctx, row),
    ctx.db.selfSupervisionTurn.findMany({ where: { rotaId: id }, orderBy: { turn: 'desc' }, take: 10 }),
  ]);
  const nextMemberId = row.memberIds[(turns[0]?.turn ?? 0) % row.memberIds.length];
  return { ...viewOf(ctx, row, names), schedule, nextMemberId, recentTurns: turns.map((t) => turnSummary(ctx, t)) };
}

export const turnLinks = (ctx: ApiContext, turnId: string) => ({
  self: `/self-supervision-turns/${encodeURIComponent(turnId)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, turnId),
});

const turnSummary = (ctx: ApiContext, row: SelfSupervisionTurn): TurnSummary => ({
  id: row.id,
  rotaId: row.rotaId,
  unitId: row.unitId,
  groupId: row.groupId,
  turn: row.turn,
  memberId: row.memberId,
  state: row.state as SelfSupervisionTurnState,
  stateLabel: SELF_SUPERVISION_TURN_STATES[row.state as SelfSupervisionTurnState],
  deadlineAt: row.deadlineAt?.toISOString() ?? null,
  filedAt: row.filedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  links: turnLinks(ctx, row.id),
});

/** Turns the actor may see, by unit and/or rota, newest first. */
export async function listTurns(ctx: ApiContext, actor: Actor, filter: { unitId?: string; groupId?: string; rotaId?: string; state?: SelfSupervisionTurnState; limit: number }) {
  const rows = await ctx.db.selfSupervisionTurn.findMany({
    where: { AND: [await visibleUnitsFilter(ctx, actor), { unitId: filter.unitId, groupId: filter.groupId, rotaId: filter.rotaId, state: filter.state }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit,
  });
  return { items: rows.map((r) => turnSummary(ctx, r)) };
}

async function visibleTurn(ctx: ApiContext, actor: Actor, id: string): Promise<SelfSupervisionTurn> {
  const row = await ctx.db.selfSupervisionTurn.findFirst({ where: { id, ...(await visibleUnitsFilter(ctx, actor)) } });
  if (!row) throw notFound(`自我监督轮次不存在 / no self-supervision turn ${id}`);
  return row;
}

export async function turnDetail(ctx: ApiContext, actor: Actor, id: string): Promise<TurnDetail> {
  const row = await visibleTurn(ctx, actor, id);
  const { workflow } = await readDetail(ctx, { workflowId: id, query: selfSupervisionTurnStatusQuery });
  return { ...turnSummary(ctx, row), record: row.record, workflow };
}

/** 提交检查记录: only the member on duty, only while the turn is open; the workflow's validator checks again. */
export async function fileRecord(ctx: ApiContext, actor: Actor, id: string, body: { record: string }): Promise<SelfSupervisionTurnView> {
  const row = await visibleTurn(ctx, actor, id);
  if (actor.personId !== row.memberId) {
    throw forbidden(`只有本轮带队的班子成员（${row.memberId}）可以提交检查记录 / only the member on duty (${row.memberId}) may file this turn's record`);
  }
  if (row.state !== 'open') {
    const label = SELF_SUPERVISION_TURN_STATES[row.state as SelfSupervisionTurnState] ?? row.state;
    throw conflict('wrong-state', `本轮自我监督${label}，不能再提交记录 / the turn is ${row.state}, not open`);
  }
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(id).executeUpdate(fileRecordUpdate, { args: [{ actor, ...body }] }));
}
