import type { Prisma, TargetedAudit } from '@prisma/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { CalendarDataMissingError, type IsoDate } from '../../domain/calendar';
import { newTargetedAuditId, targetedAuditWorkflowId, workflowUiUrl } from '../../domain/ids';
import { LEADERSHIP, type Actor } from '../../domain/roles';
import { holders } from '../../activities/postings';
import { TARGETED_AUDIT_STATES, type TargetedAuditState } from '../../domain/states';
import {
  AUDIT_DATES,
  AUDIT_RULES,
  AUDIT_TEMPLATES,
  MAIN_ITEM,
  auditDates,
  auditSteps,
  describeDue,
  dueAt,
  type AuditParams,
  type AuditRuleKey,
  type AuditStepSpec,
} from '../../domain/targetedAudits';
import {
  cancelAuditUpdate,
  fileAuditStepUpdate,
  reviewAuditStepUpdate,
  targetedAuditStatusQuery,
  type AuditStepView,
  type TargetedAuditInput,
  type TargetedAuditView,
} from '../../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import type { targetedAudit } from '../../workflows/targetedAudit';
import { readableUnits, requireGroupOf, requireUnitContact } from '../auth';
import type { ApiContext } from '../context';
import { notFound, unprocessable } from '../errors';
import type {
  AuditTemplateCatalogue,
  FileAuditStepBody,
  LaunchTargetedAuditBody,
  LaunchTargetedAuditResponse,
  ReviewAuditStepBody,
  TargetedAuditDetail,
  TargetedAuditSummary,
} from '../schemas/targetedAudits';
import { deadlineFor, resolveDeadline } from './deadlines';
import { readDetail } from './details';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { requireCommissionLeader, requireCommissionLeaderOver } from './people';
import { rectificationPlanDue } from './rectifications';
import { callTemporal } from './temporal';

/** What a launch stores with the row: the resolved steps and the dates they count from (the workflow's input). */
interface StoredParams {
  body: LaunchTargetedAuditBody;
  steps: AuditStepSpec[];
  dates: Record<string, IsoDate>;
  commissionLeaderId: string;
}
const storedOf = (row: TargetedAudit) => row.params as unknown as StoredParams;

const links = (ctx: ApiContext, id: string) => ({
  self: `/targeted-audits/${encodeURIComponent(id)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, targetedAuditWorkflowId(id)),
});

/** The template catalogue: what each template is called and the periods in force, each with its rule. */
export const auditTemplates = (ctx: ApiContext): AuditTemplateCatalogue => ({
  templates: Object.entries(AUDIT_TEMPLATES).map(([template, label]) => ({ template: template as keyof typeof AUDIT_TEMPLATES, label })),
  rules: Object.entries(AUDIT_RULES).map(([key, r]) => ({ key, amount: ctx.defaults.auditRules[key as AuditRuleKey], unit: r.period.unit, default: r.period.amount, rule: r.rule })),
});

// ---- launch ---------------------------------------------------------------------------------------

export interface LaunchAuditCommand {
  actor: Actor;
  body: LaunchTargetedAuditBody;
  idempotencyKey?: string;
  requestId: string;
}

/**
 * 发起靶向督查: check the unit, the leader and the template's parameters, resolve its steps with the
 * periods in force, record the audit with its audit entry, then start its workflow. A repeated
 * Idempotency-Key with the same request answers with the audit it made the first time.
 */
export async function launchTargetedAudit(ctx: ApiContext, cmd: LaunchAuditCommand): Promise<Launched<LaunchTargetedAuditResponse>> {
  const { made, replayed } = await launchOnce(ctx, { ...cmd, kind: 'targetedAudit' }, {
    create: async (claim) => {
      const { body } = cmd;
      const unit = await ctx.db.unit.findUnique({ where: { id: body.unitId }, select: { id: true, name: true, groupId: true } });
      if (!unit) throw unprocessable('unknown-unit', '单位不存在 / no such unit', [{ path: 'unitId', message: `no unit ${body.unitId}` }]);
      const commissionLeaderId = await commissionLeaderOf(ctx, unit.groupId, body.commissionLeaderId);
      const params = await paramsOf(ctx, body);
      const steps = auditSteps(params, ctx.defaults.auditRules);
      const dates = auditDates(params, ctx.calendar);
      requireFutureDeadlines(ctx, steps, dates);
      const title = body.title ?? `${AUDIT_TEMPLATES[body.template]}（${unit.name}）`;
      return insertAudit(ctx, cmd, { ...unit, title }, { body, steps, dates, commissionLeaderId }, claim);
    },
    load: ([id]) => ctx.db.targetedAudit.findUniqueOrThrow({ where: { id } }),
    start: (row) => startWorkflow(ctx, row),
    undo: (row) => [
      ctx.db.auditLog.deleteMany({ where: { targetKind: 'targetedAudit', targetId: row.id, action: 'targetedAudit.launched' } }),
      ctx.db.targetedAudit.delete({ where: { id: row.id } }),
    ],
  });
  return answered(launched(ctx, made), replayed);
}

const launched = (ctx: ApiContext, row: TargetedAudit): LaunchTargetedAuditResponse => ({
  id: row.id,
  workflowId: row.workflowId,
  state: row.state as TargetedAuditState,
  steps: storedOf(row).steps.map((s) => ({ key: s.key, label: s.label, by: s.by, due: describeDue(s.due) })),
  links: links(ctx, row.id),
});

/** The named commission leader, or the commission leader over the unit's group (api/services/people.ts). */
async function commissionLeaderOf(ctx: ApiContext, groupId: string, named: string | undefined): Promise<string> {
  if (!named) return requireCommissionLeaderOver(ctx, groupId);
  await requireCommissionLeader(ctx, named, 'commissionLeaderId');
  return named;
}

/** The template's parameters, with the 民主生活会 members resolved to the unit's leadership (班子成员). */
async function paramsOf(ctx: ApiContext, body: LaunchTargetedAuditBody): Promise<AuditParams> {
  if (body.template !== 'democratic_life') {
    const { unitId: _u, title: _t, commissionLeaderId: _c, ...params } = body;
    return params;
  }
  const leadership = await holders(ctx.db, { unitId: body.unitId }, LEADERSHIP, ctx.clock());
  const ids = body.memberIds ?? leadership.map((p) => p.id);
  const errors = ids.flatMap((id, i) => (leadership.some((p) => p.id === id) ? [] : [{ path: `memberIds.${i}`, message: `${id} is not a leadership member (一把手 or 班子成员) of ${body.unitId}` }]));
  if (new Set(ids).size !== ids.length) errors.push({ path: 'memberIds', message: 'a member is listed twice' });
  if (!ids.length) errors.push({ path: 'memberIds', message: `${body.unitId} has no leadership members on record; list them` });
  if (errors.length) throw unprocessable('not-leadership', '参会班子成员有误 / the members are not the unit’s leadership', errors);
  const members = ids.map((id) => ({ id, label: leadership.find((p) => p.id === id)!.name }));
  return { template: 'democratic_life', theme: body.theme, meetingDate: body.meetingDate, members };
}

/**
 * Deadlines fixed by a date of the template must lie ahead, e.g. a 民主生活会 at least 15 days away.
 * A year without holiday data is left to the workflow, which reports it and waits for the data.
 */
function requireFutureDeadlines(ctx: ApiContext, steps: AuditStepSpec[], dates: Record<string, IsoDate>) {
  const now = ctx.clock();
  const anchors = { startedAt: now, previousDoneAt: now, dates };
  const errors = steps.flatMap((s) => {
    if (s.due.anchor.kind !== 'date') return [];
    let at: Date;
    try {
      at = dueAt(s.due, anchors, ctx.calendar);
    } catch (e) {
      if (e instanceof CalendarDataMissingError) return [];
      throw e;
    }
    const path = AUDIT_DATES[s.due.anchor.name]?.field ?? s.due.anchor.name;
    return at > now ? [] : [{ path, message: `「${s.label}」is due ${describeDue(s.due)} (${at.toISOString()}), which has passed` }];
  });
  if (errors.length) throw unprocessable('deadline-in-past', '按规定期限，有环节的截止时间已过 / a step would be due in the past', errors);
}

function insertAudit(ctx: ApiContext, cmd: LaunchAuditCommand, unit: { id: string; groupId: string; title: string }, stored: StoredParams, claim: ClaimKey) {
  const id = newTargetedAuditId(ctx.calendar.shanghaiDate(ctx.clock()));
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.targetedAudit.create({
      data: {
        id,
        workflowId: targetedAuditWorkflowId(id),
        template: cmd.body.template,
        title: unit.title,
        unitId: unit.id,
        groupId: unit.groupId,
        state: 'in_progress',
        currentStep: stored.steps[0].key,
        params: stored as unknown as Prisma.InputJsonObject,
        steps: [],
        createdById: cmd.actor.personId,
      },
    });
    await claim(tx, [id]);
    await tx.auditLog.create({
      data: {
        actorId: cmd.actor.personId,
        action: 'targetedAudit.launched',
        targetKind: 'targetedAudit',
        targetId: id,
        workflowId: row.workflowId,
        requestId: cmd.requestId,
        detail: { template: cmd.body.template, unitId: unit.id, idempotencyKey: cmd.idempotencyKey ?? null },
      },
    });
    return row;
  });
}

async function startWorkflow(ctx: ApiContext, row: TargetedAudit): Promise<void> {
  const { steps, dates, commissionLeaderId } = storedOf(row);
  const input: TargetedAuditInput = { auditId: row.id, template: row.template as TargetedAuditInput['template'], title: row.title, unitId: row.unitId, groupId: row.groupId, steps, dates, commissionLeaderId };
  try {
    await callTemporal(ctx, 'workflow start', () => ctx.temporal.workflow.start<typeof targetedAudit>('targetedAudit', {
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      workflowId: row.workflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      typedSearchAttributes: [
        { key: searchKeys.kind, value: PROCESS_KINDS.targetedAudit },
        { key: searchKeys.groups, value: [row.groupId] },
        { key: searchKeys.unit, value: row.unitId },
        { key: searchKeys.state, value: 'in_progress' },
      ],
    }));
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

// ---- reading --------------------------------------------------------------------------------------

const summaryOf = (ctx: ApiContext, row: TargetedAudit): TargetedAuditSummary => ({
  id: row.id,
  template: row.template as TargetedAuditSummary['template'],
  templateLabel: AUDIT_TEMPLATES[row.template as keyof typeof AUDIT_TEMPLATES],
  title: row.title,
  unitId: row.unitId,
  groupId: row.groupId,
  state: row.state as TargetedAuditState,
  stateLabel: TARGETED_AUDIT_STATES[row.state as TargetedAuditState],
  currentStep: row.currentStep,
  deadlineAt: row.deadlineAt?.toISOString() ?? null,
  workflowId: row.workflowId,
  links: links(ctx, row.id),
});

/** The audit if the reader's scope holds its unit; 404 otherwise, as for an id that does not exist. */
async function findAudit(ctx: ApiContext, actor: Actor, id: string): Promise<TargetedAudit> {
  const row = await ctx.db.targetedAudit.findFirst({ where: { id, unit: readableUnits(actor) } });
  if (!row) throw notFound(`靶向督查不存在 / no targeted audit ${id}`);
  return row;
}

export async function listTargetedAudits(ctx: ApiContext, actor: Actor, q: { unitId?: string; template?: string; state?: string; limit: number }) {
  const rows = await ctx.db.targetedAudit.findMany({
    where: { unit: readableUnits(actor), ...(q.unitId ? { unitId: q.unitId } : {}), ...(q.template ? { template: q.template } : {}), ...(q.state ? { state: q.state } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit,
  });
  return { items: rows.map((r) => summaryOf(ctx, r)) };
}

export async function targetedAuditDetail(ctx: ApiContext, actor: Actor, id: string): Promise<TargetedAuditDetail> {
  const row = await findAudit(ctx, actor, id);
  const { records: events, rungsFired, workflow } = await readDetail(ctx, {
    workflowId: row.workflowId,
    query: targetedAuditStatusQuery,
    records: () => ctx.db.targetedAuditEvent.findMany({ where: { auditId: row.id }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] }),
    rungKinds: ['audit_step_reminder', 'audit_step_overdue'],
  });
  const { body } = storedOf(row);
  return {
    ...summaryOf(ctx, row),
    params: body,
    steps: row.steps as unknown as AuditStepView[],
    rungsFired,
    events: events.map((e) => ({ kind: e.kind, stepKey: e.stepKey, item: e.item, actorId: e.actorId, at: e.at.toISOString(), detail: e.detail })),
    workflow,
  };
}

// ---- acting on a step -----------------------------------------------------------------------------

/** The step as launched, and the item a body names (a step's only item when it names none). */
function stepOf(row: TargetedAudit, stepKey: string, item: string | undefined) {
  const spec = storedOf(row).steps.find((s) => s.key === stepKey);
  if (!spec) throw notFound(`靶向督查${row.id}没有环节 ${stepKey} / no step ${stepKey}; steps are ${storedOf(row).steps.map((s) => s.key).join(', ')}`);
  const ids = spec.items.map((i) => i.id);
  const chosen = item ?? (ids.length === 1 ? MAIN_ITEM : undefined);
  if (!chosen || !ids.includes(chosen)) {
    throw unprocessable('unknown-item', '请指明报送的是哪一项 / name one of the step’s items', [{ path: 'item', message: `items of ${stepKey}: ${ids.join(', ')}` }]);
  }
  return { spec, item: chosen };
}

const update = <I>(ctx: ApiContext, row: TargetedAudit, def: UpdateDefinition<TargetedAuditView, [I]>, input: I) =>
  callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(def, { args: [input] }));

/** 报送: the unit's contact for a unit step, a member of the group for a group step (who may raise findings). */
export async function fileAuditStep(ctx: ApiContext, actor: Actor, id: string, stepKey: string, body: FileAuditStepBody) {
  const row = await findAudit(ctx, actor, id);
  const { spec, item } = stepOf(row, stepKey, body.item);
  if (spec.by === 'unit') requireUnitContact(actor, row.unitId, '报送本单位材料 / file its unit’s material');
  const acting = spec.by === 'unit' ? actor : requireGroupOf(actor, row.groupId);
  if (body.findings?.length && spec.by !== 'group') {
    throw unprocessable('findings-not-here', '问题由派驻组在审阅或核查时提出 / findings are raised by the group', [{ path: 'findings', message: `step ${stepKey} is filed by the unit` }]);
  }
  if (spec.meeting) await requireMeetingFacts(ctx, row, body);
  return update(ctx, row, fileAuditStepUpdate, {
    actor: acting,
    stepKey,
    item,
    content: body.content,
    ...(spec.meeting ? { heldOn: body.heldOn, attendeeId: body.attendeeId } : {}),
    ...(body.findings?.length ? { findings: body.findings, rectificationPlanDue: rectificationPlanDue(ctx, 'findings') } : {}),
  });
}

/** A meeting was held on a day not after today, attended (列席) by a member of the unit's group. */
async function requireMeetingFacts(ctx: ApiContext, row: TargetedAudit, body: FileAuditStepBody) {
  const today = ctx.calendar.shanghaiDate(ctx.clock());
  const errors = [];
  if (!body.heldOn) errors.push({ path: 'heldOn', message: 'the day the meeting was held is required' });
  else if (body.heldOn > today) errors.push({ path: 'heldOn', message: `${body.heldOn} is after today (${today})` });
  const attendee = body.attendeeId && (await holders(ctx.db, { groupId: row.groupId }, ['GROUP_LEADER', 'GROUP_MEMBER'], ctx.clock())).some((p) => p.id === body.attendeeId);
  if (!attendee) errors.push({ path: 'attendeeId', message: `a member of group ${row.groupId} who attended (列席) is required` });
  if (errors.length) throw unprocessable('meeting-facts', '会议召开日期或列席人员有误 / the meeting day or attendee is wrong', errors);
}

/** 审阅: the unit's group accepts (perhaps with findings) or returns a filing. */
export async function reviewAuditStep(ctx: ApiContext, actor: Actor, id: string, stepKey: string, body: ReviewAuditStepBody) {
  const row = await findAudit(ctx, actor, id);
  const { item } = stepOf(row, stepKey, body.item);
  const acting = requireGroupOf(actor, row.groupId);
  if (body.decision === 'accept') {
    const findings = body.findings?.length ? { findings: body.findings, rectificationPlanDue: rectificationPlanDue(ctx, 'findings') } : {};
    return update(ctx, row, reviewAuditStepUpdate, { actor: acting, stepKey, item, decision: 'accept', comment: body.comment, ...findings });
  }
  const newDeadline = body.newDeadline && deadlineFor(resolveDeadline(body.newDeadline, ctx.clock(), ctx.calendar, 'newDeadline'), ctx.defaults.ladder, ctx.calendar);
  return update(ctx, row, reviewAuditStepUpdate, { actor: acting, stepKey, item, decision: 'return', reason: body.reason, newDeadline });
}

/** 撤销 (staff only; the role is checked by the router). */
export async function cancelTargetedAudit(ctx: ApiContext, actor: Actor, id: string, reason: string) {
  const row = await findAudit(ctx, actor, id);
  return update(ctx, row, cancelAuditUpdate, { actor, reason });
}
