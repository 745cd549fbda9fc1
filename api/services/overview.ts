import type { Prisma } from '@prisma/client';
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
import { readableUnits, seesEverything } from '../auth';
import type { ApiContext } from '../context';
import { forbidden, notFound } from '../errors';
import { PROCESS_KIND_LABELS, type OverdueList, type ProcessEntry, type ProcessKind, type UnitOverview } from '../schemas/overview';

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
  unit: { id: string; name: string; groupId: string };
  state: string;
  deadlineAt: Date | null;
}

/**
 * Every process row the actor may see, for units matching `units`, optionally only waiting ones.
 * A surprise check shows to a stationed group only once it is unsealed and to unit roles never:
 * the unit learns of it on site, and nothing here may reveal it earlier.
 */
async function processRows(ctx: ApiContext, actor: Actor, units: Prisma.UnitWhereInput, waitingOnly: boolean): Promise<Row[]> {
  const state = (kind: ProcessKind) => (waitingOnly ? { state: { in: WAITING[kind] } } : {});
  const unit = { select: { id: true, name: true, groupId: true } } as const;
  const unitRoles = isUnitRole(actor.role);
  const ids = await unitIds(ctx, units);
  const checkStates = {
    ...(waitingOnly ? { in: WAITING.surpriseCheck } : {}),
    ...(seesEverything(actor) ? {} : { notIn: ['sealed', 'withdrawn'] }),
  };
  const [inspections, rectifications, runs, checks, audits, turns] = await Promise.all([
    ctx.db.unitInspection.findMany({ where: { unitId: { in: ids }, ...state('unitInspection') }, include: { unit, campaign: { select: { title: true } } } }),
    ctx.db.rectification.findMany({ where: { unitId: { in: ids }, ...state('rectification') }, include: { finding: { select: { title: true, unit } } } }),
    ctx.db.routineRun.findMany({ where: { unitId: { in: ids }, ...state('routineRun') } }),
    unitRoles
      ? []
      : ctx.db.surpriseCheckTarget.findMany({
          where: { unitId: { in: ids }, check: { state: checkStates }, ...(waitingOnly ? { result: null } : {}) },
          include: { check: true },
        }),
    ctx.db.targetedAudit.findMany({ where: { unitId: { in: ids }, ...state('targetedAudit') }, include: { unit } }),
    ctx.db.selfSupervisionTurn.findMany({ where: { unitId: { in: ids }, ...state('selfSupervisionTurn') } }),
  ]);
  const unitsById = await unitMap(ctx, [...runs.map((r) => r.unitId), ...checks.map((c) => c.unitId), ...turns.map((t) => t.unitId)]);
  return [
    ...inspections.map((i) => ({ kind: 'unitInspection' as const, workflowId: i.id, title: i.campaign.title, unit: i.unit, state: i.state, deadlineAt: i.deadlineAt })),
    ...rectifications.map((r) => ({ kind: 'rectification' as const, workflowId: r.id, title: r.finding.title, unit: r.finding.unit, state: r.state, deadlineAt: r.deadlineAt })),
    ...runs.map((r) => ({ kind: 'routineRun' as const, workflowId: r.id, title: '常态监督', unit: unitsById.get(r.unitId)!, state: r.state, deadlineAt: r.deadlineAt })),
    ...checks.map((c) => ({ kind: 'surpriseCheck' as const, workflowId: c.check.workflowId, title: c.check.title, unit: unitsById.get(c.unitId)!, state: c.check.state, deadlineAt: c.check.deadlineAt })),
    ...audits.map((a) => ({ kind: 'targetedAudit' as const, workflowId: a.workflowId, title: a.title, unit: a.unit, state: a.state, deadlineAt: a.deadlineAt })),
    ...turns.map((t) => ({ kind: 'selfSupervisionTurn' as const, workflowId: t.id, title: `自我监督第${t.turn}次`, unit: unitsById.get(t.unitId)!, state: t.state, deadlineAt: t.deadlineAt })),
  ];
}

const unitIds = async (ctx: ApiContext, where: Prisma.UnitWhereInput) =>
  (await ctx.db.unit.findMany({ where, select: { id: true } })).map((u) => u.id);

async function unitMap(ctx: ApiContext, ids: string[]) {
  const units = await ctx.db.unit.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true, groupId: true } });
  return new Map(units.map((u) => [u.id, u]));
}

/** Rungs (> 0; 0 is the reminder or a notice) whose email went out, per workflow. */
async function rungsFired(ctx: ApiContext, workflowIds: string[]): Promise<Map<string, number[]>> {
  const sent = await ctx.db.emailOutbox.findMany({
    where: { workflowId: { in: workflowIds }, rung: { gt: 0 }, status: 'sent' },
    select: { workflowId: true, rung: true },
    orderBy: [{ createdAt: 'asc' }],
  });
  const byWorkflow = new Map<string, number[]>();
  for (const { workflowId, rung } of sent) byWorkflow.set(workflowId, [...(byWorkflow.get(workflowId) ?? []), rung]);
  return byWorkflow;
}

async function entries(ctx: ApiContext, rows: Row[], now: Date): Promise<ProcessEntry[]> {
  const fired = await rungsFired(ctx, rows.map((r) => r.workflowId));
  return rows.map((r) => ({
    kind: r.kind,
    kindLabel: PROCESS_KIND_LABELS[r.kind],
    workflowId: r.workflowId,
    title: r.title,
    unitId: r.unit.id,
    unitName: r.unit.name,
    groupId: r.unit.groupId,
    state: r.state,
    stateLabel: LABELS[r.kind][r.state] ?? r.state,
    deadlineAt: r.deadlineAt?.toISOString() ?? null,
    overdue: Boolean(r.deadlineAt && r.deadlineAt < now && WAITING[r.kind].includes(r.state)),
    rungsFired: fired.get(r.workflowId) ?? [],
    links: { workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, r.workflowId) },
  }));
}

const byDeadline = (a: ProcessEntry, b: ProcessEntry) => (a.deadlineAt ?? '').localeCompare(b.deadlineAt ?? '');

/** 单位全景: every process touching one unit, and its open findings with their rectification state. */
export async function unitOverview(ctx: ApiContext, actor: Actor, unitId: string): Promise<UnitOverview> {
  const unit = await ctx.db.unit.findFirst({ where: { AND: [{ id: unitId }, readableUnits(actor)] }, include: { group: true } });
  if (!unit) throw notFound(`没有此单位 / no unit ${unitId}`);
  const [rows, findings] = await Promise.all([
    processRows(ctx, actor, { id: unitId }, false),
    ctx.db.finding.findMany({ where: { unitId, state: { not: 'closed' }, ...hiddenFindings(actor) }, include: { rectification: true }, orderBy: { createdAt: 'asc' } }),
  ]);
  return {
    unitId: unit.id,
    unitName: unit.name,
    groupId: unit.groupId,
    groupName: unit.group.name,
    processes: (await entries(ctx, rows, ctx.clock())).sort(byDeadline),
    openFindings: findings.map((f) => ({ id: f.id, title: f.title, state: f.state, sourceKind: f.sourceKind, rectificationState: f.rectification?.state ?? null })),
  };
}

/** Findings of a surprise check are the check's result: unit roles do not learn of it from here. */
const hiddenFindings = (actor: Actor): Prisma.FindingWhereInput =>
  isUnitRole(actor.role) ? { sourceKind: { not: 'surpriseCheck' } } : {};

/** 逾期清单: everything past its deadline, by group, oldest first. Commission-wide for staff and leaders. */
export async function overdueList(ctx: ApiContext, actor: Actor): Promise<OverdueList> {
  if (isUnitRole(actor.role)) throw forbidden('逾期清单仅限委机关、委领导和派驻组 / only the commission and the stationed groups see the overdue list');
  const now = ctx.clock();
  const rows = await processRows(ctx, actor, readableUnits(actor), true);
  const overdue = (await entries(ctx, rows, now)).filter((e) => e.overdue).sort(byDeadline);
  const groups = await ctx.db.group.findMany({ where: { id: { in: [...new Set(overdue.map((e) => e.groupId))] } }, orderBy: { sortOrder: 'asc' } });
  return {
    asOf: now.toISOString(),
    groups: groups.map((g) => ({ groupId: g.id, groupName: g.name, items: overdue.filter((e) => e.groupId === g.id) })),
  };
}
