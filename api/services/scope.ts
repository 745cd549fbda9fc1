import type { PrismaClient } from '@prisma/client';
import type { Actor } from '../../domain/roles';
import { readableUnits, seesEverything } from '../auth';
import type { ApiContext } from '../context';
import { unprocessable, type FieldError } from '../errors';

export const distinct = <T>(xs: T[]) => [...new Set(xs)];

/** A scope as launches name it: whole groups, single units, or both. */
export interface Scope {
  groupIds?: string[];
  unitIds?: string[];
}

/**
 * All units of the groups plus the listed units, once each, in group order then unit id (the fan-out
 * order); `field` is where the scope sits in the request body, for the paths of unknown ids.
 */
export async function resolveScope(db: PrismaClient, scope: Scope, field = 'scope') {
  const [groupIds, unitIds] = [distinct(scope.groupIds ?? []), distinct(scope.unitIds ?? [])];
  const [groups, listed] = await Promise.all([
    db.group.findMany({ where: { id: { in: groupIds } }, select: { id: true } }),
    db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true } }),
  ]);
  const unknown = (field: string, asked: string[] | undefined, found: { id: string }[], what: string): FieldError[] =>
    (asked ?? []).flatMap((id, i) => (found.some((f) => f.id === id) ? [] : [{ path: `${field}.${i}`, message: `no ${what} ${id}` }]));
  const errors = [...unknown(`${field}.groupIds`, scope.groupIds, groups, 'group'), ...unknown(`${field}.unitIds`, scope.unitIds, listed, 'unit')];
  if (errors.length) throw unprocessable('unknown-scope', '督查范围含有不存在的派驻组或单位 / the scope names unknown groups or units', errors);
  const units = await db.unit.findMany({
    where: { OR: [{ groupId: { in: groupIds } }, { id: { in: unitIds } }] },
    select: { id: true, groupId: true },
    orderBy: [{ group: { sortOrder: 'asc' } }, { groupId: 'asc' }, { id: 'asc' }],
  });
  if (!units.length) {
    throw unprocessable('empty-scope', '督查范围内没有单位 / the scope holds no unit', [{ path: `${field}.groupIds`, message: 'these groups have no units' }]);
  }
  return units;
}

/** Rows (cycles, runs, rotas, turns) of the units the actor may see: these tables have no relation to Unit to filter through. */
export async function visibleUnitsFilter(ctx: ApiContext, actor: Actor): Promise<{ unitId?: { in: string[] } }> {
  if (seesEverything(actor)) return {};
  const units = await ctx.db.unit.findMany({ where: readableUnits(actor), select: { id: true } });
  return { unitId: { in: units.map((u) => u.id) } };
}
