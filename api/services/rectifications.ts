import type { Finding, Rectification } from '@prisma/client';
import type { UpdateDefinition } from '@temporalio/common';
import { rectificationWorkflowId, workflowUiUrl } from '../../domain/ids';
import type { Deadline } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import { RECTIFICATION_STATES, type RectificationState } from '../../domain/states';
import {
  RECTIFICATION_DEADLINES,
  decideAcceptanceUpdate,
  decideExtensionUpdate,
  rectificationStatusQuery,
  recordRevisitUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  reviewPlanUpdate,
  submitPlanUpdate,
  type RectificationTerms,
  type RectificationView,
} from '../../workflows/messages';
import { readableUnits, requireGroupOf, requireUnitContact } from '../auth';
import type { ApiContext } from '../context';
import { notFound, unprocessable } from '../errors';
import type {
  DecideAcceptanceBody,
  RequestExtensionBody,
  ReviewPlanBody,
  RectificationDetail,
  RectificationSummary,
  RecordRevisitBody,
  SubmitPlanBody,
} from '../schemas/rectifications';
import { calendarGuard, deadlineFor, resolveDeadline, type DeadlineSpec } from './deadlines';
import { readDetail } from './details';
import { requireCommissionLeaderOver } from './people';
import { callTemporal } from './temporal';

const DEADLINE_EMAILS = Object.values(RECTIFICATION_DEADLINES).flatMap((d) => [d.reminder, d.overdue]);

/** A deadline the caller names, deadlineOf on the default ladder (rectification has no ladder of its own). */
const deadlineOf = (ctx: ApiContext, spec: DeadlineSpec, field: string): Deadline =>
  deadlineFor(resolveDeadline(spec, ctx.clock(), ctx.calendar, field), ctx.defaults.ladder, ctx.calendar);

/** 整改方案 due date for a finding just recorded: a configured number of working days from now. */
export const rectificationPlanDue = (ctx: ApiContext, field: string): Deadline =>
  deadlineOf(ctx, { workingDays: ctx.config.RECTIFICATION_PLAN_DUE_WORKING_DAYS }, field);

/**
 * What starting the rectification of findings just recorded in a unit of `groupId` needs: the plan's due
 * date, and the commission leader over the group (api/services/people.ts), who gets the top rung.
 */
export async function rectificationTerms(ctx: ApiContext, groupId: string, field: string): Promise<RectificationTerms> {
  const planDue = rectificationPlanDue(ctx, field);
  return { planDue, commissionLeaderId: await requireCommissionLeaderOver(ctx, groupId) };
}

/** 回头看: end of the day a configured number of natural months after 销号 (Asia/Shanghai). */
const revisitAt = (ctx: ApiContext) =>
  calendarGuard('decision', () =>
    ctx.calendar.endOfDay(ctx.calendar.addNaturalMonths(ctx.calendar.shanghaiDate(ctx.clock()), ctx.config.RECTIFICATION_REVISIT_AFTER_MONTHS)),
  ).toISOString();

const links = (ctx: ApiContext, findingId: string) => ({
  self: `/rectifications/${encodeURIComponent(findingId)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, rectificationWorkflowId(findingId)),
});

const summaryOf = (ctx: ApiContext, row: Rectification & { finding: Finding }): RectificationSummary => ({
  findingId: row.findingId,
  title: row.finding.title,
  unitId: row.unitId,
  groupId: row.groupId,
  state: row.state as RectificationState,
  stateLabel: RECTIFICATION_STATES[row.state as RectificationState],
  round: row.round,
  deadlineAt: row.deadlineAt?.toISOString() ?? null,
  closedAt: row.closedAt?.toISOString() ?? null,
  revisitAt: row.revisitAt?.toISOString() ?? null,
  workflowId: row.id,
  links: links(ctx, row.findingId),
});

/** The rectification of a finding; outside the reader's scope it does not exist for them (404). */
async function findRectification(ctx: ApiContext, findingId: string, reader?: Actor) {
  const row = await ctx.db.rectification.findFirst({
    where: { findingId, ...(reader ? { finding: { unit: readableUnits(reader) } } : {}) },
    include: { finding: true },
  });
  if (!row) throw notFound(`没有这项整改 / no rectification for finding ${findingId}`);
  return row;
}

export async function listRectifications(
  ctx: ApiContext,
  actor: Actor,
  query: { unitId?: string; state?: RectificationState; limit: number },
): Promise<{ items: RectificationSummary[] }> {
  const rows = await ctx.db.rectification.findMany({
    where: { finding: { unit: readableUnits(actor) }, ...(query.unitId ? { unitId: query.unitId } : {}), ...(query.state ? { state: query.state } : {}) },
    include: { finding: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: query.limit,
  });
  return { items: rows.map((r) => summaryOf(ctx, r)) };
}

/** One rectification: projection, steps, rungs sent, and the workflow's live answer. */
export async function rectificationDetail(ctx: ApiContext, actor: Actor, findingId: string): Promise<RectificationDetail> {
  const row = await findRectification(ctx, findingId, actor);
  const { records: events, rungsFired, workflow } = await readDetail(ctx, {
    workflowId: row.id,
    query: rectificationStatusQuery,
    records: () => ctx.db.rectificationEvent.findMany({ where: { rectificationId: row.id }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] }),
    rungKinds: DEADLINE_EMAILS,
  });
  return {
    ...summaryOf(ctx, row),
    detail: row.finding.detail,
    source: { kind: row.finding.sourceKind, id: row.finding.sourceId ?? row.finding.inspectionId },
    rungsFired,
    events: events.map((e) => ({ kind: e.kind, actorId: e.actorId, at: e.at.toISOString(), detail: e.detail })),
    workflow,
  };
}

/** Who acts on a rectification: the unit's own contact, the unit's stationed group, or a commission leader (role checked by the router). */
type Party = 'unit' | 'group' | 'commission';

async function act<I extends { actor: Actor }>(ctx: ApiContext, actor: Actor, findingId: string, party: Party, update: UpdateDefinition<RectificationView, [I]>, input: (row: Rectification) => I) {
  const row = await findRectification(ctx, findingId);
  if (party === 'unit') requireUnitContact(actor, row.unitId, '办理本单位整改 / act on its rectification');
  const acting = party === 'group' ? requireGroupOf(actor, row.groupId) : actor;
  const args: [I] = [{ ...input(row), actor: acting }];
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.id).executeUpdate(update, { args }));
}

/** 提交整改方案 */
export const submitPlan = (ctx: ApiContext, actor: Actor, findingId: string, body: SubmitPlanBody) =>
  act(ctx, actor, findingId, 'unit', submitPlanUpdate, () => ({ actor, measures: body.measures, owner: body.owner, deadline: deadlineOf(ctx, body.deadline, 'deadline') }));

/** 审核整改方案 */
export const reviewPlan = (ctx: ApiContext, actor: Actor, findingId: string, body: ReviewPlanBody) =>
  act(ctx, actor, findingId, 'group', reviewPlanUpdate, () =>
    body.decision === 'approve' ? { actor, decision: 'approve' as const } : { actor, decision: 'return' as const, reason: body.reason, newDeadline: deadlineOf(ctx, body.newDeadline, 'newDeadline') },
  );

/** 报告整改进展 (the last asks for 验收) */
export const reportProgress = (ctx: ApiContext, actor: Actor, findingId: string, body: { content: string; requestAcceptance: boolean }) =>
  act(ctx, actor, findingId, 'unit', reportProgressUpdate, () => ({ actor, ...body }));

/** 验收: accept (销号, revisit deadlineOf) or reopen */
export const decideAcceptance = (ctx: ApiContext, actor: Actor, findingId: string, body: DecideAcceptanceBody) =>
  act(ctx, actor, findingId, 'group', decideAcceptanceUpdate, () =>
    body.decision === 'accept'
      ? { actor, decision: 'accept' as const, revisitAt: revisitAt(ctx), comment: body.comment }
      : { actor, decision: 'reopen' as const, reason: body.reason, newDeadline: body.newDeadline && deadlineOf(ctx, body.newDeadline, 'newDeadline') },
  );

/** 延期申请: the requested deadline must lie beyond the running one */
export const requestExtension = (ctx: ApiContext, actor: Actor, findingId: string, body: RequestExtensionBody) =>
  act(ctx, actor, findingId, 'unit', requestExtensionUpdate, (row) => {
    const deadline = deadlineOf(ctx, body.deadline, 'deadline');
    if (row.deadlineAt && Date.parse(deadline.deadlineAt) <= row.deadlineAt.getTime()) {
      throw unprocessable('deadline-not-later', '延期后的期限须晚于现有期限 / the requested deadline must be later than the current one', [
        { path: 'deadline', message: `${deadline.deadlineAt} is not after ${row.deadlineAt.toISOString()}` },
      ]);
    }
    return { actor, reason: body.reason, deadline };
  });

/** 审批延期申请 (any commission leader; the role is checked by the router) */
export const decideExtension = (ctx: ApiContext, actor: Actor, findingId: string, body: { decision: 'grant' } | { decision: 'refuse'; reason: string }) =>
  act(ctx, actor, findingId, 'commission', decideExtensionUpdate, () => ({ actor, ...body }));

/** 回头看: confirm, or reopen with a new deadline */
export const recordRevisit = (ctx: ApiContext, actor: Actor, findingId: string, body: RecordRevisitBody) =>
  act(ctx, actor, findingId, 'group', recordRevisitUpdate, () =>
    body.decision === 'confirm'
      ? { actor, decision: 'confirm' as const, comment: body.comment }
      : { actor, decision: 'reopen' as const, reason: body.reason, newDeadline: deadlineOf(ctx, body.newDeadline, 'newDeadline') },
  );
