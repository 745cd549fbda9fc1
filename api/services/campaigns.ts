import type { Campaign, EmailOutbox, Prisma, PrismaClient, UnitInspection } from '@prisma/client';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { isUniqueViolation } from '../../activities/audit';
import { campaignWorkflowId, newCampaignId, unitInspectionWorkflowId, workflowUiUrl } from '../../domain/ids';
import { APPROVAL_LADDER, shift, type DeadlinePlan, type Ladder, type Offset } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import { CAMPAIGN_STATES, type CampaignState } from '../../domain/states';
import type { campaign } from '../../workflows/campaign';
import {
  campaignStatusQuery,
  cancelCampaignUpdate,
  decidePlanUpdate,
  type CampaignInput,
  type CampaignView,
  type CancelInput,
  type PlanDecisionInput,
} from '../../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import { readableUnits, seesEverything } from '../auth';
import type { ApiContext } from '../context';
import { notFound, unprocessable, type FieldError } from '../errors';
import {
  UNIT_STATES,
  type CampaignRollup,
  type CampaignSummary,
  type LaunchCampaignBody,
  type LaunchCampaignResponse,
  type UnitRollup,
  type UnitStatus,
  type UnitState,
} from '../schemas/campaigns';
import { calendarGuard, planFor, resolveDeadline } from './deadlines';
import { hashRequest, requireSameRequest } from './idempotency';

/** Stored in Campaign.schedule at launch: the computed plans, and the ladder a returned report is re-planned with. */
export interface CampaignSchedule {
  approval: DeadlinePlan;
  submission: DeadlinePlan;
  ladder: Ladder;
  approvalWindow: Offset;
}

// written only by launchCampaign below
export const scheduleOf = (row: Campaign) => row.schedule as unknown as CampaignSchedule;

const campaignLinks = (ctx: ApiContext, id: string) => ({
  self: `/campaigns/${encodeURIComponent(id)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, campaignWorkflowId(id)),
});

export interface LaunchCommand {
  actor: Actor;
  body: LaunchCampaignBody;
  idempotencyKey?: string;
  requestId: string;
}

/**
 * 发起专项督查: check the approver and the scope, compute both deadline plans, record the campaign,
 * its scope and the audit entry in one transaction, then start its workflow. A repeated
 * Idempotency-Key with the same request answers with the campaign it made the first time.
 */
export async function launchCampaign(ctx: ApiContext, cmd: LaunchCommand): Promise<LaunchCampaignResponse> {
  const requestHash = hashRequest(cmd.actor.personId, cmd.body);
  const earlier = cmd.idempotencyKey && (await ctx.db.campaign.findUnique({ where: { idempotencyKey: cmd.idempotencyKey } }));
  if (earlier) return replay(ctx, earlier, requestHash);

  await requireApprover(ctx.db, cmd.body.approverId);
  const units = await resolveScope(ctx.db, cmd.body.scope);
  const schedule = planSchedule(ctx, cmd.body, ctx.clock());
  let row: Campaign;
  try {
    row = await insertCampaign(ctx, cmd, units, schedule, requestHash);
  } catch (e) {
    // the same key raced in from a concurrent retry: that one made the campaign
    if (!cmd.idempotencyKey || !isUniqueViolation(e)) throw e;
    return replay(ctx, await ctx.db.campaign.findUniqueOrThrow({ where: { idempotencyKey: cmd.idempotencyKey } }), requestHash);
  }
  try {
    await startWorkflow(ctx, row, distinct(units.map((u) => u.groupId)));
  } catch (e) {
    // nothing half-made: a campaign without its workflow would wait for an approval nobody is asked for
    await ctx.db.$transaction([
      ctx.db.auditLog.deleteMany({ where: { targetKind: 'campaign', targetId: row.id, action: 'campaign.launch' } }),
      ctx.db.campaign.delete({ where: { id: row.id } }),
    ]);
    throw e;
  }
  return launched(ctx, row);
}

async function replay(ctx: ApiContext, row: Campaign, requestHash: string): Promise<LaunchCampaignResponse> {
  requireSameRequest(row.requestHash, requestHash, `campaign ${row.id}`);
  // the first attempt may have died between commit and start; starting again is a no-op otherwise
  const scope = await ctx.db.campaignUnit.findMany({ where: { campaignId: row.id }, select: { unit: { select: { groupId: true } } } });
  await startWorkflow(ctx, row, distinct(scope.map((s) => s.unit.groupId)));
  return launched(ctx, row);
}

const launched = (ctx: ApiContext, row: Campaign): LaunchCampaignResponse => ({
  id: row.id,
  workflowId: row.workflowId,
  state: row.state as CampaignState,
  links: campaignLinks(ctx, row.id),
});

const distinct = <T>(xs: T[]) => [...new Set(xs)];

/** `field` names where the id sits in the request body. */
export async function requireApprover(db: PrismaClient, approverId: string, field = 'approverId'): Promise<void> {
  const approver = await db.person.findUnique({ where: { id: approverId }, select: { role: true } });
  if (approver?.role !== 'COMMISSION_LEADER') {
    throw unprocessable('unknown-approver', '审批人须为委领导 / the approver must be a commission leader', [
      { path: field, message: approver ? `${approverId} is a ${approver.role}, not a COMMISSION_LEADER` : `no person ${approverId}` },
    ]);
  }
}

/**
 * All units of the groups plus the listed units, once each, in group order then unit id (the fan-out
 * order); `field` is where the scope sits in the request body, for the paths of unknown ids.
 */
export async function resolveScope(db: PrismaClient, scope: LaunchCampaignBody['scope'], field = 'scope') {
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

function planSchedule(ctx: ApiContext, body: LaunchCampaignBody, now: Date): CampaignSchedule {
  const ladder = body.ladder ?? ctx.defaults.ladder;
  const approvalWindow = body.approvalWindow ?? ctx.defaults.approvalWindow;
  const deadline = resolveDeadline(body.deadline, now, ctx.calendar, 'deadline');
  const approvalDue = calendarGuard('approvalWindow', () => shift(now, approvalWindow, 1, ctx.calendar));
  return {
    approval: planFor({ at: approvalDue, path: 'approvalWindow' }, APPROVAL_LADDER, ctx.calendar, 'approvalWindow'),
    submission: planFor(deadline, ladder, ctx.calendar, 'ladder'),
    ladder,
    approvalWindow,
  };
}

function insertCampaign(ctx: ApiContext, cmd: LaunchCommand, units: { id: string }[], schedule: CampaignSchedule, requestHash: string) {
  const id = newCampaignId(ctx.calendar.shanghaiDate(ctx.clock()));
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.campaign.create({
      data: {
        id,
        workflowId: campaignWorkflowId(id),
        title: cmd.body.title,
        topic: cmd.body.topic,
        state: 'awaiting_approval',
        version: 0,
        createdById: cmd.actor.personId,
        approverId: cmd.body.approverId,
        idempotencyKey: cmd.idempotencyKey,
        requestHash,
        deadlineAt: new Date(schedule.submission.deadlineAt),
        approvalDueAt: new Date(schedule.approval.deadlineAt),
        schedule: schedule as unknown as Prisma.InputJsonObject,
        unitCount: units.length,
      },
    });
    await tx.campaignUnit.createMany({ data: units.map((u, ordinal) => ({ campaignId: id, unitId: u.id, ordinal })) });
    await tx.auditLog.create({
      data: {
        actorId: cmd.actor.personId,
        action: 'campaign.launch',
        targetKind: 'campaign',
        targetId: id,
        requestId: cmd.requestId,
        detail: { unitCount: units.length, idempotencyKey: cmd.idempotencyKey ?? null },
      },
    });
    return row;
  });
}

async function startWorkflow(ctx: ApiContext, row: Campaign, groupIds: string[]): Promise<void> {
  const { approval, submission } = scheduleOf(row);
  const input: CampaignInput = {
    campaignId: row.id,
    title: row.title,
    topic: row.topic,
    approverId: row.approverId,
    unitCount: row.unitCount,
    approval,
    submission,
    fanOutWindow: ctx.config.FAN_OUT_WINDOW,
  };
  try {
    // by name, with the type only: the API process never loads workflow code
    await ctx.temporal.workflow.start<typeof campaign>('campaign', {
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      workflowId: row.workflowId,
      // a retried launch must never start a finished campaign again
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      typedSearchAttributes: [
        { key: searchKeys.kind, value: PROCESS_KINDS.campaign },
        { key: searchKeys.campaign, value: row.id },
        { key: searchKeys.groups, value: groupIds },
        { key: searchKeys.state, value: 'awaiting_approval' },
      ],
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

// ---- decisions on a running campaign -----------------------------------------------------------

async function findCampaign(db: PrismaClient, id: string): Promise<Campaign> {
  const row = await db.campaign.findUnique({ where: { id } });
  if (!row) throw notFound(`专项督查不存在 / no campaign ${id}`);
  return row;
}

/** Updates, not signals: the caller learns at once whether the workflow accepted the step (409 if not). */
async function updateCampaign<I>(temporal: Client, row: Campaign, update: UpdateDefinition<CampaignView, [I]>, input: I) {
  return temporal.workflow.getHandle(row.workflowId).executeUpdate(update, { args: [input] });
}

export async function decidePlan(ctx: ApiContext, campaignId: string, input: PlanDecisionInput): Promise<CampaignView> {
  return updateCampaign(ctx.temporal, await findCampaign(ctx.db, campaignId), decidePlanUpdate, input);
}

export async function cancelCampaign(ctx: ApiContext, campaignId: string, input: CancelInput): Promise<CampaignView> {
  return updateCampaign(ctx.temporal, await findCampaign(ctx.db, campaignId), cancelCampaignUpdate, input);
}

// ---- reading ------------------------------------------------------------------------------------

const summaryOf = (ctx: ApiContext, row: Campaign): CampaignSummary => ({
  id: row.id,
  title: row.title,
  topic: row.topic,
  state: row.state as CampaignState,
  stateLabel: CAMPAIGN_STATES[row.state as CampaignState],
  unitCount: row.unitCount,
  deadlineAt: row.deadlineAt.toISOString(),
  approvalDueAt: row.approvalDueAt.toISOString(),
  approverId: row.approverId,
  createdById: row.createdById,
  createdAt: row.createdAt.toISOString(),
  links: campaignLinks(ctx, row.id),
});

/** Campaigns newest first; group and unit roles see only those whose scope includes one of their units. */
export async function listCampaigns(ctx: ApiContext, actor: Actor, filter: { state?: CampaignState; limit: number }) {
  const rows = await ctx.db.campaign.findMany({
    where: {
      ...(filter.state ? { state: filter.state } : {}),
      ...(seesEverything(actor) ? {} : { units: { some: { unit: readableUnits(actor) } } }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit,
  });
  return { items: rows.map((r) => summaryOf(ctx, r)) };
}

/** A workflow's own answer when it can give one in time; a closed or unreachable workflow is reported, not a 500. */
export async function askWorkflow<T>(temporal: Client, ask: () => Promise<T>) {
  try {
    return { available: true as const, view: await temporal.withDeadline(Date.now() + 3_000, ask) };
  } catch (e) {
    return { available: false as const, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** 汇总: the campaign, the workflow's answer, and per group per unit where each inspection stands. */
export async function campaignRollup(ctx: ApiContext, actor: Actor, campaignId: string): Promise<CampaignRollup> {
  const [row, scope] = await Promise.all([
    ctx.db.campaign.findUnique({ where: { id: campaignId } }),
    ctx.db.campaignUnit.findMany({
      where: { campaignId, unit: readableUnits(actor) },
      orderBy: { ordinal: 'asc' },
      select: { unit: { select: { id: true, name: true, group: { select: { id: true, name: true } } } } },
    }),
  ]);
  // outside the caller's scope it does not exist for them
  if (!row || (!scope.length && !seesEverything(actor))) throw notFound(`专项督查不存在 / no campaign ${campaignId}`);
  const workflowIds = scope.map((s) => unitInspectionWorkflowId(campaignId, s.unit.id));
  const [inspections, escalations, workflow] = await Promise.all([
    ctx.db.unitInspection.findMany({ where: { id: { in: workflowIds } } }),
    ctx.db.emailOutbox.findMany({
      where: { workflowId: { in: workflowIds }, kind: 'submission_overdue', status: 'sent' },
      orderBy: [{ sentAt: 'asc' }, { rung: 'asc' }],
      select: { workflowId: true, step: true, rung: true, sentAt: true },
    }),
    askWorkflow(ctx.temporal, () => ctx.temporal.workflow.getHandle(row.workflowId).query(campaignStatusQuery)),
  ]);
  // maps, not scans: a campaign may cover thousands of units
  const inspectionOf = new Map(inspections.map((i) => [i.id, i]));
  const escalationsOf = new Map<string, typeof escalations>();
  for (const e of escalations) escalationsOf.set(e.workflowId, [...(escalationsOf.get(e.workflowId) ?? []), e]);
  const groups = new Map<string, CampaignRollup['groups'][number]>();
  for (const { unit } of scope) {
    const group = groups.get(unit.group.id) ?? { groupId: unit.group.id, groupName: unit.group.name, units: [] };
    groups.set(unit.group.id, group);
    const workflowId = unitInspectionWorkflowId(campaignId, unit.id);
    group.units.push(unitRollup(ctx, campaignId, unit, inspectionOf.get(workflowId), escalationsOf.get(workflowId) ?? []));
  }
  return {
    ...summaryOf(ctx, row),
    version: row.version,
    decisionReason: row.decisionReason,
    cancelReason: row.cancelReason,
    workflowId: row.workflowId,
    workflow,
    groups: [...groups.values()],
  };
}

function unitRollup(
  ctx: ApiContext,
  campaignId: string,
  unit: { id: string; name: string },
  inspection: UnitInspection | undefined,
  escalations: Pick<EmailOutbox, 'step' | 'rung' | 'sentAt'>[],
): UnitRollup {
  return {
    ...unitStatus(ctx, campaignId, unit, inspection),
    escalations: escalations.map((e) => ({ round: roundOfStep(e.step), rung: e.rung, sentAt: e.sentAt?.toISOString() ?? null })),
  };
}

/** A unit's inspection from its projection row ('not_started' before the fan-out reaches it). */
export function unitStatus(
  ctx: ApiContext,
  campaignId: string,
  unit: { id: string; name: string },
  inspection: Pick<UnitInspection, 'state' | 'round' | 'deadlineAt'> | null | undefined,
): UnitStatus {
  const state = (inspection?.state ?? 'not_started') as UnitState;
  return {
    unitId: unit.id,
    unitName: unit.name,
    state,
    stateLabel: UNIT_STATES[state],
    round: inspection?.round ?? null,
    deadlineAt: inspection?.deadlineAt.toISOString() ?? null,
    workflowId: unitInspectionWorkflowId(campaignId, unit.id),
    links: inspectionLinks(ctx, campaignId, unit.id),
  };
}

// escalation emails of a unit are keyed `submission-r<round>` by the unit inspection workflow
const roundOfStep = (step: string) => Number(/-r(\d+)$/.exec(step)?.[1] ?? 1);

export const inspectionLinks = (ctx: ApiContext, campaignId: string, unitId: string) => ({
  self: `/inspections/${encodeURIComponent(campaignId)}/${encodeURIComponent(unitId)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, unitInspectionWorkflowId(campaignId, unitId)),
});
