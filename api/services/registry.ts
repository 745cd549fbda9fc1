import { randomBytes } from 'node:crypto';
import { Prisma } from '@prisma/client';
import type { Actor } from '../../domain/roles';
import { UNIT_KINDS, type UnitKind } from '../../domain/units';
import { isUniqueViolation } from '../../activities/auditLog';
import { readableUnits } from '../auth';
import type { ApiContext } from '../context';
import { conflict, notFound, unprocessable } from '../errors';

export type Tx = Prisma.TransactionClient;
export interface Who {
  actor: Actor;
  requestId: string;
}

/** The fields a change touched, before and after: the audit entry of every registry change carries them. */
export function changed<T extends Record<string, unknown>>(before: T, patch: Partial<T>) {
  const keys = (Object.keys(patch) as (keyof T)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(patch[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, patch[k]])) };
}

export const audit = (tx: Tx, { actor, requestId }: Who, action: string, targetKind: 'group' | 'unit' | 'person', targetId: string, detail: object) =>
  tx.auditLog.create({ data: { actorId: actor.personId, action, targetKind, targetId, requestId, detail } });

/** A name or id already taken answers 409 naming the field, whatever raced to take it. */
async function unique<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw conflict('registry-duplicate', `${what}的编号或名称已被使用 / another ${what === '派驻组' ? 'group' : 'unit'} already has this id or name`);
  }
}

const newId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

// ---- groups (派驻组)

const groupView = (g: { id: string; name: string; sortOrder: number; deactivatedAt: Date | null; _count: { units: number } }) => ({
  id: g.id,
  name: g.name,
  sortOrder: g.sortOrder,
  active: !g.deactivatedAt,
  unitCount: g._count.units,
});
const GROUP = { id: true, name: true, sortOrder: true, deactivatedAt: true, _count: { select: { units: { where: { deactivatedAt: null } } } } } as const;

export async function listGroups(ctx: ApiContext) {
  return { items: (await ctx.db.group.findMany({ select: GROUP, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })).map(groupView) };
}

export async function createGroup(ctx: ApiContext, body: { id?: string; name: string; sortOrder?: number }, who: Who) {
  const id = body.id ?? newId('g');
  const made = await unique('派驻组', () =>
    ctx.db.$transaction(async (tx) => {
      const group = await tx.group.create({ data: { id, name: body.name, sortOrder: body.sortOrder ?? 0 }, select: GROUP });
      await audit(tx, who, 'group.created', 'group', id, { name: body.name });
      return group;
    }),
  );
  return groupView(made);
}

/** Renames, reorders, deactivates (撤销) or restores a group; a group still holding active units is not deactivated. */
export async function updateGroup(ctx: ApiContext, id: string, body: { name?: string; sortOrder?: number; active?: boolean }, who: Who) {
  const updated = await unique('派驻组', () =>
    ctx.db.$transaction(async (tx) => {
      const before = await tx.group.findUnique({ where: { id }, select: GROUP });
      if (!before) throw notFound(`没有此派驻组 / no group ${id}`);
      if (body.active === false && before._count.units > 0) {
        throw conflict('group-has-units', `该派驻组仍有${before._count.units}个在册单位，请先调整或撤销这些单位 / the group still has ${before._count.units} active units: move or deactivate them first`);
      }
      const { active, ...fields } = body;
      const deactivatedAt = active === undefined ? undefined : active ? null : (before.deactivatedAt ?? ctx.clock());
      const diff = changed({ name: before.name, sortOrder: before.sortOrder, active: !before.deactivatedAt }, body);
      const group = await tx.group.update({ where: { id }, data: { ...fields, deactivatedAt }, select: GROUP });
      if (Object.keys(diff.after).length) await audit(tx, who, 'group.updated', 'group', id, diff);
      return group;
    }),
  );
  return groupView(updated);
}

// ---- units (驻在单位)

const UNIT = { id: true, name: true, groupId: true, parentId: true, kinds: true, deactivatedAt: true, group: { select: { name: true } } } as const;
type UnitRow = Prisma.UnitGetPayload<{ select: typeof UNIT }>;

const unitView = (u: UnitRow) => ({
  id: u.id,
  name: u.name,
  groupId: u.groupId,
  groupName: u.group.name,
  parentId: u.parentId,
  kinds: u.kinds as UnitKind[],
  kindLabels: (u.kinds as UnitKind[]).map((k) => UNIT_KINDS[k]),
  active: !u.deactivatedAt,
});

export async function listUnits(ctx: ApiContext, actor: Actor, q: { groupId?: string; parentId?: string; kind?: UnitKind; q?: string; includeInactive: boolean }) {
  const rows = await ctx.db.unit.findMany({
    where: {
      AND: [
        readableUnits(actor),
        q.groupId ? { groupId: q.groupId } : {},
        q.parentId ? { parentId: q.parentId } : {},
        q.kind ? { kinds: { has: q.kind } } : {},
        q.q ? { name: { contains: q.q } } : {},
        q.includeInactive ? {} : { deactivatedAt: null },
      ],
    },
    select: UNIT,
    orderBy: [{ group: { sortOrder: 'asc' } }, { groupId: 'asc' }, { id: 'asc' }],
  });
  return { items: rows.map(unitView) };
}

export async function getUnit(ctx: ApiContext, actor: Actor, id: string) {
  const row = await ctx.db.unit.findFirst({ where: { AND: [{ id }, readableUnits(actor)] }, select: UNIT });
  if (!row) throw notFound(`没有此单位 / no unit ${id}`);
  return unitView(row);
}

/** The group a unit is put in must exist and be active; `path` names the field for the answer. */
export async function activeGroup(tx: Tx, groupId: string, path: string) {
  const group = await tx.group.findUnique({ where: { id: groupId }, select: { deactivatedAt: true } });
  if (!group || group.deactivatedAt) {
    throw unprocessable('unknown-group', '派驻组不存在或已撤销 / the group does not exist or is deactivated', [{ path, message: group ? `group ${groupId} is deactivated` : `no group ${groupId}` }]);
  }
}

/** A parent must be an active unit, and not the unit itself or one of its descendants (no cycles: 区卫计局 → 卫监所 only one way). */
async function checkParent(tx: Tx, unitId: string, parentId: string) {
  const [parent] = await tx.$queryRaw<{ deactivatedAt: Date | null; cycle: boolean }[]>`
    WITH RECURSIVE up AS (SELECT id, "parentId" FROM "Unit" WHERE id = ${parentId}
      UNION SELECT u.id, u."parentId" FROM "Unit" u JOIN up ON u.id = up."parentId")
    SELECT (SELECT "deactivatedAt" FROM "Unit" WHERE id = ${parentId}) AS "deactivatedAt", EXISTS (SELECT 1 FROM up WHERE id = ${unitId}) AS cycle
    WHERE EXISTS (SELECT 1 FROM "Unit" WHERE id = ${parentId})`;
  const problem = !parent ? `no unit ${parentId}` : parent.deactivatedAt ? `unit ${parentId} is deactivated` : parent.cycle ? `${parentId} is ${unitId} itself or under it` : undefined;
  if (problem) throw unprocessable('invalid-parent', '上级单位不存在、已撤销或位于本单位之下 / the parent unit does not exist, is deactivated, or sits under this unit', [{ path: 'parentId', message: problem }]);
}

export async function createUnit(ctx: ApiContext, body: { id?: string; name: string; groupId: string; parentId?: string; kinds: UnitKind[] }, who: Who) {
  const id = body.id ?? newId('u');
  const made = await unique('单位', () =>
    ctx.db.$transaction(async (tx) => {
      await activeGroup(tx, body.groupId, 'groupId');
      if (body.parentId) await checkParent(tx, id, body.parentId);
      const unit = await tx.unit.create({ data: { ...body, id }, select: UNIT });
      await audit(tx, who, 'unit.created', 'unit', id, { name: body.name, groupId: body.groupId, parentId: body.parentId ?? null, kinds: body.kinds });
      return unit;
    }),
  );
  return unitView(made);
}

/**
 * Renames a unit, sets its parent or kinds, moves it to another stationed group (移交), deactivates
 * (撤销) or restores it; audited with what changed, a move as its own entry.
 */
export async function updateUnit(
  ctx: ApiContext,
  id: string,
  body: { name?: string; parentId?: string | null; kinds?: UnitKind[]; groupId?: string; active?: boolean },
  who: Who,
) {
  const updated = await unique('单位', () =>
    ctx.db.$transaction(async (tx) => {
      // locked first: a move and the projection rows written meanwhile (unitGroupNow) see one order
      await tx.$queryRaw`SELECT 1 FROM "Unit" WHERE id = ${id} FOR UPDATE`;
      const before = await tx.unit.findUnique({ where: { id }, select: UNIT });
      if (!before) throw notFound(`没有此单位 / no unit ${id}`);
      if (body.parentId) await checkParent(tx, id, body.parentId);
      const { active, groupId, ...fields } = body;
      const moving = groupId !== undefined && groupId !== before.groupId;
      if (moving) await checkMove(tx, id, groupId);
      const deactivatedAt = active === undefined ? undefined : active ? null : (before.deactivatedAt ?? ctx.clock());
      const diff = changed({ name: before.name, parentId: before.parentId, kinds: before.kinds, active: !before.deactivatedAt }, { ...fields, ...(active === undefined ? {} : { active }) });
      const unit = await tx.unit.update({ where: { id }, data: { ...fields, ...(moving ? { groupId } : {}), deactivatedAt }, select: UNIT });
      if (Object.keys(diff.after).length) await audit(tx, who, 'unit.updated', 'unit', id, diff);
      if (moving) await audit(tx, who, 'unit.moved', 'unit', id, { from: before.groupId, to: groupId, moved: await moveOpenRows(tx, id, groupId) });
      return unit;
    }),
  );
  return unitView(updated);
}

/**
 * A unit moves to an active group, and not while a routine cycle or self-supervision rota of it can
 * still turn: their Schedules start each run for the group they were made for.
 */
async function checkMove(tx: Tx, unitId: string, groupId: string) {
  await activeGroup(tx, groupId, 'groupId');
  const live = { unitId, state: { in: ['active', 'paused'] } };
  const [cycles, rotas] = await Promise.all([tx.routineCycle.findMany({ where: live, select: { id: true } }), tx.selfSupervisionRota.findMany({ where: live, select: { id: true } })]);
  const named = [...cycles.map((c) => `常态监督周期 ${c.id}`), ...rotas.map((r) => `自我监督轮值 ${r.id}`)];
  if (named.length) {
    throw conflict('unit-has-schedules', `请先删除该单位的${named.join('、')}，移交后由新派驻组重新设立 / delete the unit's routine cycles and rotas (${[...cycles, ...rotas].map((x) => x.id).join(', ')}) first; the new group sets them up again after the move`);
  }
}

/**
 * The unit's open steps go with it: their rows name the new group, so its to-do lists, its reads and the
 * API's checks find them; the processes' next messages carry the group (requireGroupOf). Closed rows keep
 * the group that did the work.
 */
async function moveOpenRows(tx: Tx, unitId: string, groupId: string) {
  const where = (states: string[]) => ({ where: { unitId, state: { in: states } }, data: { groupId } });
  const counts = await Promise.all([
    tx.unitInspection.updateMany(where(['awaiting_submission', 'under_review'])),
    // a closed one still has its revisit (回头看) ahead: only a revisited one is done
    tx.rectification.updateMany(where(['awaiting_plan', 'plan_under_review', 'in_rectification', 'under_acceptance', 'closed'])),
    tx.routineRun.updateMany(where(['open', 'calendar_missing'])),
    tx.targetedAudit.updateMany(where(['in_progress', 'calendar_missing'])),
    tx.selfSupervisionTurn.updateMany(where(['open', 'calendar_missing'])),
    tx.surpriseCheckTarget.updateMany({ where: { unitId, check: { state: { in: ['sealed', 'in_progress'] } } }, data: { groupId } }),
  ]);
  const [unitInspections, rectifications, routineRuns, targetedAudits, selfSupervisionTurns, surpriseCheckTargets] = counts.map((c) => c.count);
  return { unitInspections, rectifications, routineRuns, targetedAudits, selfSupervisionTurns, surpriseCheckTargets };
}
