import { Prisma } from '@prisma/client';
import { sqlRows } from '../../prisma/client';
import { surpriseCheckIdOf, workflowUiUrl } from '../../domain/ids';
import { onlyUnitRoles, seesEverything, type Actor } from '../../domain/roles';
import {
  INSPECTION_STATES,
  RECTIFICATION_STATES,
  ROUTINE_RUN_STATES,
  SELF_SUPERVISION_TURN_STATES,
  SURPRISE_CHECK_STATES,
  TARGETED_AUDIT_STATES,
} from '../../domain/states';
import { readableUnitsSql } from '../auth';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { encodeCursor } from '../schemas/common';
import { PROCESS_KIND_LABELS, type OverdueCursor, type OverdueList, type OverdueQuery, type ProcessEntry, type ProcessKind, type UnitOverview } from '../schemas/overview';
import { auditSealedReads } from './surpriseChecks';

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
 * Each process table's columns by one name: `row` is the alias holding the unit and group, `proc` the one
 * holding state and deadline (they differ only for a surprise check, whose targets carry the units);
 * `titled` joins what the title comes from, read only for the rows a page shows.
 */
const TABLES: Record<ProcessKind, { from: Prisma.Sql; titled: Prisma.Sql; title: Prisma.Sql; workflowId: Prisma.Sql; row: Prisma.Sql; proc: Prisma.Sql }> = {
  unitInspection: { from: sql`"UnitInspection" i`, titled: sql`JOIN "Campaign" c ON c.id = i."campaignId"`, title: sql`c.title`, workflowId: sql`i.id`, row: sql`i`, proc: sql`i` },
  rectification: { from: sql`"Rectification" r`, titled: sql`JOIN "Finding" f ON f.id = r."findingId"`, title: sql`f.title`, workflowId: sql`r.id`, row: sql`r`, proc: sql`r` },
  routineRun: { from: sql`"RoutineRun" r`, titled: sql``, title: sql`'常态监督'`, workflowId: sql`r.id`, row: sql`r`, proc: sql`r` },
  surpriseCheck: { from: sql`"SurpriseCheckTarget" t JOIN "SurpriseCheck" c ON c.id = t."checkId"`, titled: sql``, title: sql`c.title`, workflowId: sql`c."workflowId"`, row: sql`t`, proc: sql`c` },
  targetedAudit: { from: sql`"TargetedAudit" a`, titled: sql``, title: sql`a.title`, workflowId: sql`a."workflowId"`, row: sql`a`, proc: sql`a` },
  selfSupervisionTurn: { from: sql`"SelfSupervisionTurn" s`, titled: sql``, title: sql`'自我监督第' || s.turn || '次'`, workflowId: sql`s.id`, row: sql`s`, proc: sql`s` },
};
const KINDS = Object.keys(TABLES) as ProcessKind[];

/** A part of the union: a process table and a condition on its rows, given its aliases. */
interface Slice {
  kind: ProcessKind;
  where: (columns: { row: Prisma.Sql; proc: Prisma.Sql }) => Prisma.Sql;
}

/** Where the previous page ended, and how many rows to read. */
interface Page {
  after?: Pick<OverdueCursor, 'deadlineAt' | 'workflowId' | 'unitId'>;
  limit: number;
}

const SEALED_STATES = ['sealed', 'withdrawn'];

/**
 * A surprise check shows to a stationed group only once it is unsealed and to unit roles never: the
 * unit learns of it on site, and nothing here may reveal it earlier.
 */
function visible(actor: Actor, kind: ProcessKind, proc: Prisma.Sql): Prisma.Sql {
  if (kind !== 'surpriseCheck' || seesEverything(actor)) return sql`TRUE`;
  return onlyUnitRoles(actor) ? sql`FALSE` : sql`${proc}.state NOT IN (${Prisma.join(SEALED_STATES)})`;
}

/**
 * One slice as a SELECT of the shared columns. With a page, each slice reads at most a page in deadline
 * order past the keyset (one state per slice, so the (state, deadlineAt) index serves it in that order).
 */
function sliceRows(actor: Actor, { kind, where }: Slice, page?: Page): Prisma.Sql {
  const { from, titled, title, workflowId, row, proc } = TABLES[kind];
  const order = sql`${proc}."deadlineAt", ${workflowId}, ${row}."unitId"`;
  const after = page?.after && sql` AND ${proc}."deadlineAt" >= ${new Date(page.after.deadlineAt)} AND (${order}) > (${new Date(page.after.deadlineAt)}, ${page.after.workflowId}, ${page.after.unitId})`;
  return sql`(SELECT ${kind}::text AS kind, ${workflowId} AS "workflowId", ${title} AS title, ${row}."unitId", ${row}."groupId", ${proc}.state, ${proc}."deadlineAt"
    FROM ${from} ${titled} WHERE ${visible(actor, kind, proc)} AND ${where({ row, proc })}${after ?? sql``}${page ? sql` ORDER BY ${order} LIMIT ${page.limit}` : sql``})`;
}

/**
 * The slices' rows as one UNION ALL (one round trip, not six queries and their joins), in deadline
 * order, each with its unit's name and its rungs fired (looked up only for the rows returned).
 */
function processRows(ctx: ApiContext, actor: Actor, slices: Slice[], page?: Page): Promise<Row[]> {
  const order = sql`"deadlineAt" NULLS FIRST, "workflowId", "unitId"`;
  const union = Prisma.join(slices.map((s) => sliceRows(actor, s, page)), ' UNION ALL ');
  return sqlRows<Row>(ctx.db, sql`
    SELECT rows.*, u.name AS "unitName",
      COALESCE((SELECT array_agg(o.rung ORDER BY o."createdAt") FROM "EmailOutbox" o
                WHERE o."workflowId" = rows."workflowId" AND o.rung > 0 AND o.status = 'sent'), '{}') AS "rungsFired"
    FROM (SELECT * FROM (${union}) AS q ORDER BY ${order}${page ? sql` LIMIT ${page.limit}` : sql``}) AS rows
    JOIN "Unit" u ON u.id = rows."unitId"
    ORDER BY ${order}`);
}

/** How many rows of the slices each group has, in the commission's order of groups. */
function groupCounts(ctx: ApiContext, actor: Actor, slices: Slice[]) {
  const union = Prisma.join(
    slices.map(({ kind, where }) => {
      const { from, row, proc } = TABLES[kind];
      return sql`SELECT ${row}."groupId" FROM ${from} WHERE ${visible(actor, kind, proc)} AND ${where({ row, proc })}`;
    }),
    ' UNION ALL ',
  );
  return sqlRows<{ groupId: string; groupName: string; count: number }>(ctx.db, sql`
    SELECT g.id AS "groupId", g.name AS "groupName", q.count
    FROM (SELECT "groupId", count(*)::int AS count FROM (${union}) AS rows GROUP BY 1) AS q JOIN "Group" g ON g.id = q."groupId"
    ORDER BY g."sortOrder", g.id`);
}

/** One slice per process table and waiting state: its rows past their deadline at `now`, within `also`. */
const overdueSlices = (now: Date, also: (row: Prisma.Sql) => Prisma.Sql): Slice[] =>
  KINDS.flatMap((kind) =>
    WAITING[kind].map((state) => ({
      kind,
      where: ({ row, proc }: { row: Prisma.Sql; proc: Prisma.Sql }) =>
        sql`${proc}.state = ${state} AND ${proc}."deadlineAt" < ${now}${kind === 'surpriseCheck' ? sql` AND ${row}.result IS NULL` : sql``} AND ${also(row)}`,
    })),
  );

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

/**
 * 单位全景: every process touching one unit, and its open findings with their rectification state. Three
 * queries at once; the processes and findings are dropped unread if the unit is not the caller's to see.
 */
export async function unitOverview(ctx: ApiContext, actor: Actor, unitId: string, requestId: string): Promise<UnitOverview> {
  const now = ctx.clock();
  const [[unit], rows, findings] = await Promise.all([
    sqlRows<{ name: string; groupId: string; groupName: string }>(ctx.db, sql`
      SELECT u.name, u."groupId", g.name AS "groupName" FROM "Unit" u JOIN "Group" g ON g.id = u."groupId"
      WHERE u.id = ${unitId} AND ${readableUnitsSql(actor, { unitId: sql`u.id`, groupId: sql`u."groupId"` })}`),
    processRows(ctx, actor, KINDS.map((kind) => ({ kind, where: ({ row }) => sql`${row}."unitId" = ${unitId}` }))),
    // findings of a surprise check are the check's result: unit roles do not learn of it from here
    sqlRows<UnitOverview['openFindings'][number]>(ctx.db, sql`
      SELECT f.id, f.title, f.state, f."sourceKind", r.state AS "rectificationState" FROM "Finding" f LEFT JOIN "Rectification" r ON r."findingId" = f.id
      WHERE f."unitId" = ${unitId} AND f.state <> 'closed'${onlyUnitRoles(actor) ? sql` AND f."sourceKind" <> 'surpriseCheck'` : sql``}
      ORDER BY f."createdAt"`),
  ]);
  if (!unit) throw notFound(`没有此单位 / no unit ${unitId}`);
  // the commission alone sees sealed checks here, and each such read is audited as on the check's own routes
  const sealed = rows.filter((r) => r.kind === 'surpriseCheck' && SEALED_STATES.includes(r.state));
  await auditSealedReads(ctx, actor, sealed.map((r) => ({ id: surpriseCheckIdOf(r.workflowId), workflowId: r.workflowId })), 'unitOverview', requestId);
  return { unitId, unitName: unit.name, groupId: unit.groupId, groupName: unit.groupName, processes: rows.map((r) => entry(ctx, r, now)), openFindings: findings };
}

/**
 * 逾期清单: what is past its deadline, oldest first, a page at a time (keyset on deadline, workflow and
 * unit), with a count per group from one aggregate. Commission-wide for staff and leaders, a group's own
 * for its members (unit roles are refused by the route's roles). Pages after the first measure "overdue"
 * at the first page's instant, so the pages together list each item once.
 */
export async function overdueList(ctx: ApiContext, actor: Actor, query: OverdueQuery): Promise<OverdueList> {
  const { cursor, groupId, limit } = query;
  const now = cursor ? new Date(cursor.asOf) : ctx.clock();
  const scope = (row: Prisma.Sql) => readableUnitsSql(actor, { unitId: sql`${row}."unitId"`, groupId: sql`${row}."groupId"` });
  const inGroup = (row: Prisma.Sql) => (groupId ? sql`${scope(row)} AND ${row}."groupId" = ${groupId}` : scope(row));
  const [rows, groups] = await Promise.all([
    processRows(ctx, actor, overdueSlices(now, inGroup), { after: cursor, limit: limit + 1 }),
    groupCounts(ctx, actor, overdueSlices(now, scope)),
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
