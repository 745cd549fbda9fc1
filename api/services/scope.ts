import { Prisma, type PrismaClient } from '@prisma/client';
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

/** Refuses a scope naming groups or units that do not exist; `field` is where it sits in the request body. */
async function checkScope(db: PrismaClient, scope: Scope, field: string) {
  const [groupIds, unitIds] = [distinct(scope.groupIds ?? []), distinct(scope.unitIds ?? [])];
  const [groups, listed] = await Promise.all([
    db.group.findMany({ where: { id: { in: groupIds } }, select: { id: true } }),
    db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true } }),
  ]);
  const unknown = (field: string, asked: string[] | undefined, found: { id: string }[], what: string): FieldError[] =>
    (asked ?? []).flatMap((id, i) => (found.some((f) => f.id === id) ? [] : [{ path: `${field}.${i}`, message: `no ${what} ${id}` }]));
  const errors = [...unknown(`${field}.groupIds`, scope.groupIds, groups, 'group'), ...unknown(`${field}.unitIds`, scope.unitIds, listed, 'unit')];
  if (errors.length) throw unprocessable('unknown-scope', '督查范围含有不存在的派驻组或单位 / the scope names unknown groups or units', errors);
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
    where: { OR: [{ groupId: { in: groupIds } }, { id: { in: unitIds } }] },
    select: { id: true, groupId: true },
    orderBy: [{ group: { sortOrder: 'asc' } }, { groupId: 'asc' }, { id: 'asc' }],
  });
  if (!units.length) throw emptyScope(field);
  return units;
}

/**
 * A campaign's scope, checked, then written by one INSERT … SELECT in the fan-out order (as
 * resolveScope lists it): a scope of thousands of units costs the request no per-unit work.
 * Answers how many units it holds; an empty one is refused (the caller's transaction rolls back).
 */
export async function insertCampaignScope(db: PrismaClient, tx: Prisma.TransactionClient, campaignId: string, scope: Scope, field = 'scope'): Promise<number> {
  const { groupIds, unitIds } = await checkScope(db, scope, field);
  const count = await tx.$executeRaw`
    INSERT INTO "CampaignUnit" ("campaignId", "unitId", "ordinal")
    SELECT ${campaignId}, u."id", (ROW_NUMBER() OVER (ORDER BY g."sortOrder", u."groupId", u."id") - 1)::int
    FROM "Unit" u JOIN "Group" g ON g."id" = u."groupId"
    WHERE u."groupId" = ANY(${groupIds}::text[]) OR u."id" = ANY(${unitIds}::text[])`;
  if (!count) throw emptyScope(field);
  return count;
}

/** The groups a campaign's scope reaches (its search attribute), without reading every unit. */
export async function campaignGroupIds(db: PrismaClient, campaignId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ groupId: string }[]>`
    SELECT DISTINCT u."groupId" FROM "CampaignUnit" cu JOIN "Unit" u ON u."id" = cu."unitId" WHERE cu."campaignId" = ${campaignId}`;
  return rows.map((r) => r.groupId).sort();
}

/** Rows (cycles, runs, rotas, turns) of the units the actor may see: these tables have no relation to Unit to filter through. */
export async function visibleUnitsFilter(ctx: ApiContext, actor: Actor): Promise<{ unitId?: { in: string[] } }> {
  if (seesEverything(actor)) return {};
  const units = await ctx.db.unit.findMany({ where: readableUnits(actor), select: { id: true } });
  return { unitId: { in: units.map((u) => u.id) } };
}
