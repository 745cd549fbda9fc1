import { Prisma, type Campaign, type PrismaClient, type UnitInspection } from '@prisma/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { sqlRows } from '../../prisma/client';
import { campaignWorkflowId, newCampaignId, unitInspectionWorkflowId, workflowUiUrl } from '../../domain/ids';
import { APPROVAL_LADDER, dueOf, offsetRule, type Deadline, type Ladder, type Offset } from '../../domain/ladder';
import { seesEverything, type Actor } from '../../domain/roles';
import { CAMPAIGN_STATES, type CampaignState } from '../../domain/states';
import type { campaign } from '../../workflows/campaign';
import {
  campaignStatusQuery,
  cancelCampaignUpdate,
  decideApprovalUpdate,
  type CampaignInput,
  type CampaignView,
  type CancelCampaignInput,
  type ApprovalDecisionInput,
} from '../../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import { readableUnits, readableUnitsSql } from '../auth';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { encodeCursor } from '../schemas/common';
import {
  UNIT_STATES,
  type CampaignRollup,
  type CampaignRollupQuery,
  type CampaignSummary,
  type LaunchCampaignBody,
  type LaunchCampaignResponse,
  type UnitStatus,
  type UnitState,
} from '../schemas/campaigns';
import { calendarGuard, deadlineFor, resolveDeadline } from './deadlines';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { requireCommissionLeader } from './people';
import { checkCampaignScope, scopeOf, type LaunchedScope } from './scope';
import { askWorkflow, callTemporal } from './temporal';

/** Stored in Campaign.deadlines at launch: the computed deadlines, and the ladder a returned report's new deadline is computed with. */
export interface CampaignDeadlines {
  approval: Deadline;
  submission: Deadline;
  ladder: Ladder;
  approvalWindow: Offset;
}

// written only by launchCampaign below
export const deadlinesOf = (row: Campaign) => row.deadlines as unknown as CampaignDeadlines;

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
 * 发起专项督查: check the approver and the scope, compute both deadlines, record the campaign,
 * its scope and the audit entry in one transaction, then start its workflow. A repeated
 * Idempotency-Key (the caller's own) with the same request answers with the campaign it made the first time.
 */
export async function launchCampaign(ctx: ApiContext, cmd: LaunchCommand): Promise<Launched<LaunchCampaignResponse>> {
  const { made, replayed } = await launchOnce(ctx, { ...cmd, kind: 'campaign' }, {
    create: async (claim) => {
      await requireCommissionLeader(ctx, cmd.body.approverId);
      return insertCampaign(ctx, cmd, campaignDeadlines(ctx, cmd.body, ctx.clock()), claim);
    },
    load: ([id]) => ctx.db.campaign.findUniqueOrThrow({ where: { id } }),
    start: (row) => startWorkflow(ctx, row),
    undo: (row) => [
      ctx.db.auditLog.deleteMany({ where: { targetKind: 'campaign', targetId: row.id, action: 'campaign.launched' } }),
      ctx.db.campaign.delete({ where: { id: row.id } }),
    ],
  });
  return answered(launched(ctx, made), replayed);
}

const launched = (ctx: ApiContext, row: Campaign): LaunchCampaignResponse => ({
  id: row.id,
  workflowId: row.workflowId,
  state: row.state as CampaignState,
  links: campaignLinks(ctx, row.id),
});

function campaignDeadlines(ctx: ApiContext, body: LaunchCampaignBody, now: Date): CampaignDeadlines {
  const ladder = body.ladder ?? ctx.defaults.ladder;
  const approvalWindow = body.approvalWindow ?? ctx.defaults.approvalWindow;
  const deadline = resolveDeadline(body.deadline, now, ctx.calendar, 'deadline');
  const approvalDue = offsetRule(now, approvalWindow, ctx.calendar);
  const approvalAt = calendarGuard('approvalWindow', () => dueOf(approvalDue, ctx.calendar));
  return {
    approval: deadlineFor({ due: approvalDue, at: approvalAt, path: 'approvalWindow' }, APPROVAL_LADDER, ctx.calendar),
    // the ladder is named only when the request gave it: a default's rungs are not in the body
    submission: deadlineFor(deadline, ladder, ctx.calendar, body.ladder && 'ladder'),
    ladder,
    approvalWindow,
  };
}

async function insertCampaign(ctx: ApiContext, cmd: LaunchCommand, deadlines: CampaignDeadlines, claim: ClaimKey) {
  const id = newCampaignId(ctx.calendar.shanghaiDate(ctx.clock()));
  const { unitCount, ...scope } = await checkCampaignScope(ctx.db, cmd.body.scope);
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
        deadlineAt: new Date(deadlines.submission.deadlineAt),
        approvalDueAt: new Date(deadlines.approval.deadlineAt),
        deadlines: deadlines as unknown as Prisma.InputJsonObject,
        unitCount,
        scope: scope satisfies LaunchedScope,
      },
    });
    await claim(tx, [id]);
    await tx.auditLog.create({
      data: {
        actorId: cmd.actor.personId,
        action: 'campaign.launched',
        targetKind: 'campaign',
        targetId: id,
        workflowId: row.workflowId,
        requestId: cmd.requestId,
        detail: { unitCount, idempotencyKey: cmd.idempotencyKey ?? null },
      },
    });
    return row;
  });
}

async function startWorkflow(ctx: ApiContext, row: Campaign): Promise<void> {
  const { approval, submission } = deadlinesOf(row);
  const input: CampaignInput = {
    campaignId: row.id,
    title: row.title,
    topic: row.topic,
    approverId: row.approverId,
    unitCount: row.unitCount,
    approval,
    submission,
  };
  try {
    // by name, with the type only: the API process never loads workflow code
    await callTemporal(ctx, 'workflow start', () => ctx.temporal.workflow.start<typeof campaign>('campaign', {
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      workflowId: row.workflowId,
      // a retried launch must never start a finished campaign again
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      typedSearchAttributes: [
        { key: searchKeys.kind, value: PROCESS_KINDS.campaign },
        { key: searchKeys.campaign, value: row.id },
        { key: searchKeys.groups, value: scopeOf(row).reached },
        { key: searchKeys.state, value: 'awaiting_approval' },
      ],
    }));
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
async function updateCampaign<I>(ctx: ApiContext, row: Campaign, update: UpdateDefinition<CampaignView, [I]>, input: I) {
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(update, { args: [input] }));
}

export async function decideApproval(ctx: ApiContext, campaignId: string, input: ApprovalDecisionInput): Promise<CampaignView> {
  return updateCampaign(ctx, await findCampaign(ctx.db, campaignId), decideApprovalUpdate, input);
}

export async function cancelCampaign(ctx: ApiContext, campaignId: string, input: CancelCampaignInput): Promise<CampaignView> {
  return updateCampaign(ctx, await findCampaign(ctx.db, campaignId), cancelCampaignUpdate, input);
}

// ---- reading ------------------------------------------------------------------------------------

/** `unitCount` is the reader's: staff and leaders count the whole scope, a group or a unit only its own units in it. */
const summaryOf = (ctx: ApiContext, row: Campaign, unitCount = row.unitCount): CampaignSummary => ({
  id: row.id,
  title: row.title,
  topic: row.topic,
  state: row.state as CampaignState,
  stateLabel: CAMPAIGN_STATES[row.state as CampaignState],
  unitCount,
  deadlineAt: row.deadlineAt.toISOString(),
  approvalDueAt: row.approvalDueAt.toISOString(),
  approverId: row.approverId,
  createdById: row.createdById,
  createdAt: row.createdAt.toISOString(),
  links: campaignLinks(ctx, row.id),
});

/**
 * Campaigns newest first; group and unit roles see only those whose scope includes one of their units,
 * each counted by their own units in it (how many others it covers is none of theirs).
 */
export async function listCampaigns(ctx: ApiContext, actor: Actor, filter: { state?: CampaignState; limit: number }) {
  const everything = seesEverything(actor);
  const rows = await ctx.db.campaign.findMany({
    where: {
      ...(filter.state ? { state: filter.state } : {}),
      ...(everything ? {} : { units: { some: { unit: readableUnits(actor) } } }),
    },
    include: { _count: { select: { units: { where: everything ? {} : { unit: readableUnits(actor) } } } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit,
  });
  return { items: rows.map((r) => summaryOf(ctx, r, r._count.units)) };
}

/** The campaign workflow answers for every unit at once, so only those who see every unit get its answer. */
const WHOLE_CAMPAIGN_ONLY = {
  available: false as const,
  reason: '流程状态涵盖全部单位，仅委机关和委领导可见 / the workflow answers for every unit of the campaign; only staff and commission leaders see it',
};

interface RollupRow {
  ordinal: number;
  unitId: string;
  unitName: string;
  groupId: string;
  groupName: string;
  /** null: not started, no inspection row yet */
  inspectionId: string | null;
  state: string | null;
  round: number | null;
  deadlineAt: Date | null;
}

const sql = Prisma.sql;
/** A campaign's scope with each unit's group and inspection (none before the fan-out reaches it). */
const SCOPE = sql`"CampaignUnit" cu JOIN "Unit" u ON u.id = cu."unitId" JOIN "Group" g ON g.id = u."groupId"
  LEFT JOIN "UnitInspection" i ON i."campaignId" = cu."campaignId" AND i."unitId" = cu."unitId"`;
const UNIT_STATE = sql`COALESCE(i.state, 'not_started')`;
const zeroByState = () => Object.fromEntries(Object.keys(UNIT_STATES).map((s) => [s, 0])) as Record<UnitState, number>;

/**
 * 汇总: the campaign, its reader's units counted per state and per group (aggregates), and a page of
 * those units in scope order (keyset on the ordinal), filtered by group and state. The workflow is asked
 * only with `live`: it answers for every unit, and asking it on every read loads the server for nothing.
 */
export async function campaignRollup(ctx: ApiContext, actor: Actor, campaignId: string, query: CampaignRollupQuery): Promise<CampaignRollup> {
  const filters = [
    sql`cu."campaignId" = ${campaignId}`,
    readableUnitsSql(actor, { unitId: sql`cu."unitId"`, groupId: sql`u."groupId"` }),
    query.cursor && sql`cu.ordinal > ${query.cursor.ordinal}`,
    query.groupId && sql`u."groupId" = ${query.groupId}`,
    query.state && sql`${UNIT_STATE} = ${query.state}`,
  ].filter((f) => f !== undefined);
  const [[row], groups, started, rows] = await Promise.all([
    sqlRows<Campaign>(ctx.db, sql`SELECT * FROM "Campaign" WHERE id = ${campaignId}`),
    scopeGroups(ctx, actor, campaignId),
    sqlRows<{ groupId: string; state: UnitState; count: number }>(ctx.db, sql`
      SELECT i."groupId", i.state, count(*)::int AS count FROM "UnitInspection" i
      WHERE i."campaignId" = ${campaignId} AND ${readableUnitsSql(actor, { unitId: sql`i."unitId"`, groupId: sql`i."groupId"` })} GROUP BY 1, 2`),
    sqlRows<RollupRow>(ctx.db, sql`
      SELECT cu.ordinal, cu."unitId", u.name AS "unitName", u."groupId", g.name AS "groupName", i.id AS "inspectionId", i.state, i.round, i."deadlineAt"
      FROM ${SCOPE} WHERE ${Prisma.join(filters, ' AND ')} ORDER BY cu.ordinal LIMIT ${query.limit + 1}`),
  ]);
  // outside the caller's scope it does not exist for them
  if (!row || (!groups.length && !seesEverything(actor))) throw notFound(`专项督查不存在 / no campaign ${campaignId}`);
  const page = rows.slice(0, query.limit);
  const [escalations, workflow] = await Promise.all([
    escalationsOf(ctx, page.flatMap((r) => r.inspectionId ?? [])),
    query.live ? liveView(ctx, actor, row) : undefined,
  ]);
  const tallied = tally(groups, started);
  return {
    ...summaryOf(ctx, row, seesEverything(actor) ? row.unitCount : tallied.groups.reduce((n, g) => n + g.unitCount, 0)),
    version: row.version,
    decisionReason: row.decisionReason,
    cancelReason: row.cancelReason,
    workflowId: row.workflowId,
    workflow,
    ...tallied,
    units: page.map((r) => ({
      ...unitStatus(ctx, campaignId, { id: r.unitId, name: r.unitName }, r.state ? { state: r.state, round: r.round!, deadlineAt: r.deadlineAt! } : null),
      groupId: r.groupId,
      groupName: r.groupName,
      escalations: (escalations.get(r.inspectionId ?? '') ?? []).map((e) => ({ round: roundOfKey(e.key), rung: e.rung, sentAt: e.sentAt?.toISOString() ?? null })),
    })),
    nextCursor: rows.length > query.limit ? encodeCursor({ ordinal: page.at(-1)!.ordinal }) : null,
  };
}

const liveView = (ctx: ApiContext, actor: Actor, row: Campaign) =>
  seesEverything(actor) ? askWorkflow(ctx, () => ctx.temporal.workflow.getHandle(row.workflowId).query(campaignStatusQuery)) : WHOLE_CAMPAIGN_ONLY;

interface ScopeGroup {
  groupId: string;
  groupName: string;
  units: number;
  /** the group's first ordinal: groups in scope order */
  first: number;
}

/** Whole scopes, per database: a scope is written once, with its campaign, and never changes. */
const wholeScopes = new WeakMap<PrismaClient, Map<string, ScopeGroup[]>>();
const WHOLE_SCOPES_KEPT = 1_000;

/**
 * The reader's units of the campaign per group, in scope order. The whole scope (staff and leaders) is
 * kept once read: it is the one count that grows with the campaign, and it cannot change.
 */
async function scopeGroups(ctx: ApiContext, actor: Actor, campaignId: string): Promise<ScopeGroup[]> {
  const whole = seesEverything(actor);
  const kept = wholeScopes.get(ctx.db) ?? new Map<string, ScopeGroup[]>();
  wholeScopes.set(ctx.db, kept);
  if (whole && kept.has(campaignId)) return kept.get(campaignId)!;
  const groups = await sqlRows<ScopeGroup>(ctx.db, sql`
    SELECT u."groupId", g.name AS "groupName", count(*)::int AS units, min(cu.ordinal) AS first
    FROM "CampaignUnit" cu JOIN "Unit" u ON u.id = cu."unitId" JOIN "Group" g ON g.id = u."groupId"
    WHERE cu."campaignId" = ${campaignId} AND ${readableUnitsSql(actor, { unitId: sql`cu."unitId"`, groupId: sql`u."groupId"` })}
    GROUP BY u."groupId", g.name ORDER BY first`);
  // none yet may be a launch not yet committed: not kept
  if (whole && groups.length) {
    if (kept.size >= WHOLE_SCOPES_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(campaignId, groups);
  }
  return groups;
}

/** Per state, over the reader's units and per group: started units by their inspection's state, the rest not started. */
function tally(groups: ScopeGroup[], started: { groupId: string; state: UnitState; count: number }[]) {
  const byState = zeroByState();
  const perGroup = groups.map(({ groupId, groupName, units }) => {
    const counts = zeroByState();
    for (const s of started) if (s.groupId === groupId) counts[s.state] += s.count;
    counts.not_started = units - Object.values(counts).reduce((n, c) => n + c, 0);
    for (const state of Object.keys(counts) as UnitState[]) byState[state] += counts[state];
    return { groupId, groupName, unitCount: units, byState: counts };
  });
  return { byState, groups: perGroup };
}

/** Overdue rungs sent, per inspection workflow, in the order sent. */
async function escalationsOf(ctx: ApiContext, workflowIds: string[]) {
  const sent = await sqlRows<{ workflowId: string; key: string; rung: number; sentAt: Date | null }>(ctx.db, sql`
    SELECT "workflowId", key, rung, "sentAt" FROM "EmailOutbox"
    WHERE "workflowId" = ANY(${workflowIds}::text[]) AND kind = 'inspection_overdue' AND status = 'sent' ORDER BY "sentAt", rung`);
  const byWorkflow = new Map<string, typeof sent>();
  for (const e of sent) byWorkflow.set(e.workflowId, [...(byWorkflow.get(e.workflowId) ?? []), e]);
  return byWorkflow;
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
const roundOfKey = (key: string) => Number(/-r(\d+)$/.exec(key)?.[1] ?? 1);

export const inspectionLinks = (ctx: ApiContext, campaignId: string, unitId: string) => ({
  self: `/inspections/${encodeURIComponent(campaignId)}/${encodeURIComponent(unitId)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, unitInspectionWorkflowId(campaignId, unitId)),
});
