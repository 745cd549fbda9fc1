import type { PrismaClient } from '@prisma/client';
import { seesEverything, type Actor } from '../../domain/roles';
import { readableUnits } from '../auth';
import type { ApiContext } from '../context';
import { unprocessable, type FieldError } from '../errors';

export const distinct = <T>(xs: T[]) => [...new Set(xs)];

/** A scope as launches name it: whole groups, single units, or both. */
export interface Scope {
  groupIds?: string[];
  unitIds?: string[];
}

/**
 * Refuses a scope naming groups or units that do not exist or are deactivated (撤销); `field` is where it
 * sits in the request body. A named group's deactivated units are left out of it.
 */
async function checkScope(db: PrismaClient, scope: Scope, field: string) {
  const [groupIds, unitIds] = [distinct(scope.groupIds ?? []), distinct(scope.unitIds ?? [])];
  const [groups, listed] = await Promise.all([
    db.group.findMany({ where: { id: { in: groupIds } }, select: { id: true, deactivatedAt: true } }),
    db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, deactivatedAt: true } }),
  ]);
  const unknown = (field: string, asked: string[] | undefined, found: { id: string; deactivatedAt: Date | null }[], what: string): FieldError[] =>
    (asked ?? []).flatMap((id, i) => {
      const row = found.find((f) => f.id === id);
      return row && !row.deactivatedAt ? [] : [{ path: `${field}.${i}`, message: row ? `${what} ${id} is deactivated (已撤销)` : `no ${what} ${id}` }];
    });
  const errors = [...unknown(`${field}.groupIds`, scope.groupIds, groups, 'group'), ...unknown(`${field}.unitIds`, scope.unitIds, listed, 'unit')];
  if (errors.length) throw unprocessable('unknown-scope', '督查范围含有不存在或已撤销的派驻组或单位 / the scope names unknown or deactivated groups or units', errors);
  return { groupIds, unitIds };
}

const emptyScope = (field: string) =>
  unprocessable('empty-scope', '督查范围内没有单位 / the scope holds no unit', [{ path: `${field}.groupIds`, message: 'these groups have no units' }]);

/**
 * All units of the groups plus the listed units, once each, in group order then unit id (the fan-out
 * order); `field` is where the scope sits in the request body, for the paths of unknown ids.
 */
export async function resolveScope(db: PrismaClient, scope: Scope, field = 'scope') {
  const { groupIds, unitIds } = await checkScope(db, scope, field);
  const units = await db.unit.findMany({
    where: { OR: [{ groupId: { in: groupIds } }, { id: { in: unitIds } }], deactivatedAt: null },
    select: { id: true, groupId: true },
    orderBy: [{ group: { sortOrder: 'asc' } }, { groupId: 'asc' }, { id: 'asc' }],
  });
  if (!units.length) throw emptyScope(field);
  return units;
}

/** A campaign's scope as its row keeps it (`Campaign.scope`): what the launch named, checked. */
export interface LaunchedScope {
  groupIds: string[];
  unitIds: string[];
  /** the groups of its units (its search attribute) */
  reached: string[];
}

/** The row's scope; none on a campaign launched before the launch kept it (its workflow started then). */
export const scopeOf = (row: { scope: unknown }): LaunchedScope => (row.scope as LaunchedScope | null) ?? { groupIds: [], unitIds: [], reached: [] };

/**
 * A campaign's scope, checked and counted by two indexed aggregates: the request does no per-unit
 * work (the campaign's first activity writes its units, recordCampaignScope). An empty one is refused.
 */
export async function checkCampaignScope(db: PrismaClient, scope: Scope, field = 'scope'): Promise<LaunchedScope & { unitCount: number }> {
  const { groupIds, unitIds } = await checkScope(db, scope, field);
  const [[{ count }], groups] = await Promise.all([
    db.$queryRaw<{ count: number }[]>`
      SELECT COUNT(*)::int AS count FROM "Unit" u WHERE (u."groupId" = ANY(${groupIds}::text[]) OR u."id" = ANY(${unitIds}::text[])) AND u."deactivatedAt" IS NULL`,
    db.$queryRaw<{ groupId: string }[]>`
      SELECT g."id" AS "groupId" FROM "Group" g
      WHERE g."id" = ANY(${groupIds}::text[]) AND EXISTS (SELECT 1 FROM "Unit" u WHERE u."groupId" = g."id" AND u."deactivatedAt" IS NULL)
      UNION SELECT u."groupId" FROM "Unit" u WHERE u."id" = ANY(${unitIds}::text[])`,
  ]);
  if (!count) throw emptyScope(field);
  return { groupIds, unitIds, unitCount: count, reached: groups.map((g) => g.groupId).sort() };
}

/** Rows (cycles, runs, rotas, turns) of the units the actor may see: these tables have no relation to Unit to filter through. */
export async function visibleUnitsFilter(ctx: ApiContext, actor: Actor): Promise<{ unitId?: { in: string[] } }> {
  if (seesEverything(actor)) return {};
  const units = await ctx.db.unit.findMany({ where: readableUnits(actor), select: { id: true } });
  return { unitId: { in: units.map((u) => u.id) } };
}
