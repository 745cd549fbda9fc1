import { Prisma } from '@prisma/client';
import { workflowUiUrl } from '../../domain/ids';
import { isUnitRole, type Actor } from '../../domain/roles';
import {
  INSPECTION_STATES,
  RECTIFICATION_STATES,
  ROUTINE_RUN_STATES,
  SELF_SUPERVISION_TURN_STATES,
  SURPRISE_CHECK_STATES,
  TARGETED_AUDIT_STATES,
} from '../../domain/states';
import { readableUnits, readableUnitsSql, seesEverything } from '../auth';
import type { ApiContext } from '../context';
import { forbidden, notFound } from '../errors';
import { encodeCursor } from '../schemas/common';
import { PROCESS_KIND_LABELS, type OverdueCursor, type OverdueList, type OverdueQuery, type ProcessEntry, type ProcessKind, type UnitOverview } from '../schemas/overview';

/** States in which someone owes a step against a deadline: past it, the entry is overdue. */
const WAITING: Record<ProcessKind, string[]> = {
  unitInspection: ['awaiting_submission'],
  rectification: ['awaiting_plan', 'in_rectification'],
  routineRun: ['open'],
  surpriseCheck: ['in_progress'],
  // its row carries a deadline only while the unit or group owes the open step something
  targetedAudit: ['in_progress'],
  selfSupervisionTurn: ['open'],
};
const LABELS: Record<ProcessKind, Record<string, string>> = {
  unitInspection: INSPECTION_STATES,
  rectification: RECTIFICATION_STATES,
  routineRun: ROUTINE_RUN_STATES,
  surpriseCheck: SURPRISE_CHECK_STATES,
  targetedAudit: TARGETED_AUDIT_STATES,
  selfSupervisionTurn: SELF_SUPERVISION_TURN_STATES,
};

interface Row {
  kind: ProcessKind;
  workflowId: string;
  title: string;
  unitId: string;
  unitName: string;
  groupId: string;
  state: string;
  deadlineAt: Date | null;
  /** rungs (> 0; 0 is the reminder or a notice) whose email went out, in the order sent */
  rungsFired: number[];
}

const sql = Prisma.sql;

/**
 * Each process table as one SELECT of the same columns (workflowId, title, unitId, groupId, state,
 * deadlineAt). `row` names the alias holding the unit and group, `proc` the one holding state and
 * deadline: they differ only for a surprise check, whose targets carry the units.
 */
const BRANCHES: Record<ProcessKind, { select: Prisma.Sql; from: Prisma.Sql; row: Prisma.Sql; proc: Prisma.Sql }> = {
  unitInspection: { select: sql`i.id, c.title, i."unitId", i."groupId", i.state, i."deadlineAt"`, from: sql`"UnitInspection" i JOIN "Campaign" c ON c.id = i."campaignId"`, row: sql`i`, proc: sql`i` },
  rectification: { select: sql`r.id, f.title, r."unitId", r."groupId", r.state, r."deadlineAt"`, from: sql`"Rectification" r JOIN "Finding" f ON f.id = r."findingId"`, row: sql`r`, proc: sql`r` },
  routineRun: { select: sql`r.id, '常态监督', r."unitId", r."groupId", r.state, r."deadlineAt"`, from: sql`"RoutineRun" r`, row: sql`r`, proc: sql`r` },
  surpriseCheck: { select: sql`c."workflowId", c.title, t."unitId", t."groupId", c.state, c."deadlineAt"`, from: sql`"SurpriseCheckTarget" t JOIN "SurpriseCheck" c ON c.id = t."checkId"`, row: sql`t`, proc: sql`c` },
  targetedAudit: { select: sql`a."workflowId", a.title, a."unitId", a."groupId", a.state, a."deadlineAt"`, from: sql`"TargetedAudit" a`, row: sql`a`, proc: sql`a` },
  selfSupervisionTurn: { select: sql`s.id, '自我监督第' || s.turn || '次', s."unitId", s."groupId", s.state, s."deadlineAt"`, from: sql`"SelfSupervisionTurn" s`, row: sql`s`, proc: sql`s` },
};
const KINDS = Object.keys(BRANCHES) as ProcessKind[];

/** A condition on one branch's rows, given its aliases. */
type Where = (kind: ProcessKind, row: Prisma.Sql, proc: Prisma.Sql) => Prisma.Sql;

/**
 * Every process row matching `where` as one UNION ALL (one round trip, not six queries and their joins).
 * A surprise check shows to a stationed group only once it is unsealed and to unit roles never:
 * the unit learns of it on site, and nothing here may reveal it earlier.
 */
function processUnion(actor: Actor, where: Where): Prisma.Sql {
  const hidden = (kind: ProcessKind, proc: Prisma.Sql) => {
    if (kind !== 'surpriseCheck' || seesEverything(actor)) return sql`TRUE`;
    return isUnitRole(actor.role) ? sql`FALSE` : sql`${proc}.state NOT IN ('sealed', 'withdrawn')`;
  };
  const branches = KINDS.map((kind) => {
    const { select, from, row, proc } = BRANCHES[kind];
    return sql`SELECT ${kind}::text AS kind, ${select} FROM ${from} WHERE ${hidden(kind, proc)} AND ${where(kind, row, proc)}`;
  });
  return sql`SELECT * FROM (${Prisma.join(branches, ' UNION ALL ')}) AS p (kind, "workflowId", title, "unitId", "groupId", state, "deadlineAt")`;
}

/** Rows of the union in deadline order (keyset and limit applied first), each with its unit's name and its rungs fired. */
function processRows(ctx: ApiContext, union: Prisma.Sql, page: { after?: Prisma.Sql; limit?: number } = {}): Promise<Row[]> {
  const order = sql`"deadlineAt" NULLS FIRST, "workflowId", "unitId"`;
  return ctx.db.$queryRaw<Row[]>`
    SELECT page.*, u.name AS "unitName",
      COALESCE((SELECT array_agg(o.rung ORDER BY o."createdAt") FROM "EmailOutbox" o
                WHERE o."workflowId" = page."workflowId" AND o.rung > 0 AND o.status = 'sent'), '{}') AS "rungsFired"
    FROM (SELECT * FROM (${union}) AS q WHERE ${page.after ?? sql`TRUE`} ORDER BY ${order} ${page.limit ? sql`LIMIT ${page.limit}` : sql``}) AS page
    JOIN "Unit" u ON u.id = page."unitId"
    ORDER BY ${order}`;
}

/** Waiting in a state in which someone owes a step, with its deadline before `now`. */
const overdueAt =
  (now: Date): Where =>
  (kind, row, proc) =>
    sql`${proc}.state IN (${Prisma.join(WAITING[kind])}) AND ${proc}."deadlineAt" < ${now}${kind === 'surpriseCheck' ? sql` AND ${row}.result IS NULL` : sql``}`;

const isOverdue = (r: Pick<Row, 'kind' | 'state' | 'deadlineAt'>, now: Date) => Boolean(r.deadlineAt && r.deadlineAt < now && WAITING[r.kind].includes(r.state));

const entry = (ctx: ApiContext, r: Row, now: Date): ProcessEntry => ({
  kind: r.kind,
  kindLabel: PROCESS_KIND_LABELS[r.kind],
  workflowId: r.workflowId,
  title: r.title,
  unitId: r.unitId,
  unitName: r.unitName,
  groupId: r.groupId,
  state: r.state,
  stateLabel: LABELS[r.kind][r.state] ?? r.state,
  deadlineAt: r.deadlineAt?.toISOString() ?? null,
  overdue: isOverdue(r, now),
  rungsFired: r.rungsFired,
  links: { workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, r.workflowId) },
});

/** 单位全景: every process touching one unit, and its open findings with their rectification state. */
export async function unitOverview(ctx: ApiContext, actor: Actor, unitId: string): Promise<UnitOverview> {
  const unit = await ctx.db.unit.findFirst({ where: { AND: [{ id: unitId }, readableUnits(actor)] }, include: { group: true } });
  if (!unit) throw notFound(`没有此单位 / no unit ${unitId}`);
  const now = ctx.clock();
  const [rows, findings] = await Promise.all([
    processRows(ctx, processUnion(actor, (_kind, row) => sql`${row}."unitId" = ${unitId}`)),
    ctx.db.finding.findMany({ where: { unitId, state: { not: 'closed' }, ...hiddenFindings(actor) }, include: { rectification: true }, orderBy: { createdAt: 'asc' } }),
  ]);
  return {
    unitId: unit.id,
    unitName: unit.name,
    groupId: unit.groupId,
    groupName: unit.group.name,
    processes: rows.map((r) => entry(ctx, r, now)),
    openFindings: findings.map((f) => ({ id: f.id, title: f.title, state: f.state, sourceKind: f.sourceKind, rectificationState: f.rectification?.state ?? null })),
  };
}

/** Findings of a surprise check are the check's result: unit roles do not learn of it from here. */
const hiddenFindings = (actor: Actor): Prisma.FindingWhereInput =>
  isUnitRole(actor.role) ? { sourceKind: { not: 'surpriseCheck' } } : {};

/**
 * 逾期清单: what is past its deadline, oldest first, a page at a time (keyset on deadline, workflow and
 * unit), with a count per group from one aggregate. Commission-wide for staff and leaders, a group's own
 * for its members. Pages after the first measure "overdue" at the first page's instant, so the pages
 * together list each item once.
 */
export async function overdueList(ctx: ApiContext, actor: Actor, query: OverdueQuery): Promise<OverdueList> {
  if (isUnitRole(actor.role)) throw forbidden('逾期清单仅限委机关、委领导和派驻组 / only the commission and the stationed groups see the overdue list');
  const { cursor, groupId, limit } = query;
  const now = cursor ? new Date(cursor.asOf) : ctx.clock();
  const scoped: Where = (kind, row, proc) => sql`${overdueAt(now)(kind, row, proc)} AND ${readableUnitsSql(actor, { unitId: sql`${row}."unitId"`, groupId: sql`${row}."groupId"` })}`;
  const inGroup: Where = (kind, row, proc) => sql`${scoped(kind, row, proc)}${groupId ? sql` AND ${row}."groupId" = ${groupId}` : sql``}`;
  const after = cursor && sql`("deadlineAt", "workflowId", "unitId") > (${new Date(cursor.deadlineAt)}, ${cursor.workflowId}, ${cursor.unitId})`;
  const [rows, groups] = await Promise.all([
    processRows(ctx, processUnion(actor, inGroup), { after, limit: limit + 1 }),
    ctx.db.$queryRaw<{ groupId: string; groupName: string; count: number }[]>`
      SELECT g.id AS "groupId", g.name AS "groupName", count(*)::int AS count
      FROM (${processUnion(actor, scoped)}) AS q JOIN "Group" g ON g.id = q."groupId"
      GROUP BY g.id ORDER BY g."sortOrder", g.id`,
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    asOf: now.toISOString(),
    total: groups.reduce((n, g) => n + g.count, 0),
    groups,
    items: page.map((r) => entry(ctx, r, now)),
    nextCursor: rows.length > limit && last ? encodeCursor({ asOf: now.toISOString(), deadlineAt: last.deadlineAt!.toISOString(), workflowId: last.workflowId, unitId: last.unitId } satisfies OverdueCursor) : null,
  };
}
