import type { Clearance, Prisma } from '@prisma/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { commissionLeaderOver } from '../../activities/commissionLeader';
import { CLEARANCE_METHODS, REPORTER_CORRECTIONS, clearanceRule, type ClearanceMethod, type ReporterCorrection } from '../../domain/clearances';
import { clearanceWorkflowId, workflowUiUrl } from '../../domain/ids';
import { deadlineByRule } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import { CLEARANCE_STATES, type ClearanceState } from '../../domain/states';
import { decideClearanceUpdate, recordClearanceDoneUpdate, recordReporterCorrectionUpdate, type ClearanceInput, type ClearanceView, type DecideClearanceInput } from '../../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import type { ApiContext } from '../context';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import type { ClearanceDetail, DecideClearanceBody, StartClearanceBody, StartClearanceResponse } from '../schemas/clearances';
import { calendarGuard } from './deadlines';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { findVisibleLead, requireHandlerRole, visibleLeads } from './leads';
import { callTemporal } from './temporal';

/**
 * 澄清正名. Seen by whoever sees its lead (the commission, the unit's stationed group; never a unit: 404);
 * approved by the commission leader over the group (403 for another). Nothing here reads the reporter:
 * whether one is on file decides only whether a correction (批评教育 / 书面检讨) may be recorded, and
 * who it is stays behind GET /leads/{id}/reporter.
 */

const hidden = (id: string) => notFound(`澄清正名事项不存在 / no clearance ${id}`);
const links = (ctx: ApiContext, id: string) => ({ self: `/clearances/${encodeURIComponent(id)}`, workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, clearanceWorkflowId(id)) });
const dayOf = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

async function findVisible(ctx: ApiContext, actor: Actor, id: string): Promise<Clearance> {
  const where = visibleLeads(actor);
  const row = where && (await ctx.db.clearance.findFirst({ where: { AND: [{ id }, where] } }));
  if (!row) throw hidden(id);
  return row;
}

export interface StartClearanceCommand {
  actor: Actor;
  body: StartClearanceBody;
  idempotencyKey?: string;
  requestId: string;
}

/** 澄清正名: the lead's check ended false_accusation and no clearance exists for it; put to the commission leader over its group. */
export async function startClearance(ctx: ApiContext, cmd: StartClearanceCommand): Promise<Launched<StartClearanceResponse>> {
  const { made, replayed } = await launchOnce(ctx, { ...cmd, kind: 'clearance' }, {
    create: async (claim) => insertClearance(ctx, cmd, await checkClearance(ctx, cmd), claim),
    load: ([id]) => ctx.db.clearance.findUniqueOrThrow({ where: { id } }),
    start: (row) => startWorkflow(row, ctx),
    undo: (row) => [ctx.db.auditLog.deleteMany({ where: { targetKind: 'clearance', targetId: row.id } }), ctx.db.clearance.delete({ where: { id: row.id } })],
  });
  return answered({ id: made.id, workflowId: made.workflowId, state: made.state as ClearanceState, links: links(ctx, made.id) }, replayed);
}

async function checkClearance(ctx: ApiContext, { actor, body }: StartClearanceCommand) {
  const lead = await findVisibleLead(ctx, actor, body.leadId);
  requireHandlerRole(actor);
  if (actor.personId !== lead.handlerId) throw conflict('not-permitted', `只有该线索的承办人可以发起澄清正名（谁核实、谁澄清） / only the lead’s handler (${lead.handlerId}) starts its clearance`);
  if (lead.outcome !== 'false_accusation') throw conflict('lead-not-false-accusation', `线索核查结果不是诬告陷害 / lead ${lead.id} did not end false_accusation (its outcome: ${lead.outcome ?? 'none yet'})`);
  if (await ctx.db.clearance.count({ where: { leadId: lead.id } })) throw conflict('clearance-exists', `该线索已有澄清正名事项 / lead ${lead.id} already has a clearance`);
  const today = ctx.calendar.shanghaiDate(ctx.clock());
  if (body.consent.on > today) throw unprocessable('consent-in-future', '本人同意日期不能晚于今天 / consent.on is after today', [{ path: 'consent.on', message: `after ${today}` }]);
  // whether a reporter is on file, never who
  if (body.reporterCorrection && !(await ctx.db.leadReporter.count({ where: { leadId: lead.id } }))) {
    throw unprocessable('reporter-not-on-file', '该线索没有登记举报人 / the lead has no reporter on file to correct', [{ path: 'reporterCorrection', message: 'no reporter on file' }]);
  }
  return lead;
}

function insertClearance(ctx: ApiContext, { actor, body, requestId }: StartClearanceCommand, lead: Awaited<ReturnType<typeof checkClearance>>, claim: ClaimKey) {
  return ctx.db.$transaction(async (tx) => {
    const id = lead.id;
    const workflowId = clearanceWorkflowId(id);
    const row = await tx.clearance.create({
      data: {
        id,
        workflowId,
        leadId: lead.id,
        unitId: lead.unitId,
        groupId: lead.groupId,
        handlerId: lead.handlerId,
        personsCleared: lead.personsConcerned as Prisma.InputJsonArray,
        consentOn: new Date(`${body.consent.on}T00:00:00Z`),
        method: body.method,
        audience: body.audience,
        state: 'awaiting_approval',
        reporterCorrection: body.reporterCorrection ?? null,
      },
    });
    await claim(tx, [id]);
    const detail = { leadId: lead.id, method: body.method, consentOn: body.consent.on, reporterCorrection: body.reporterCorrection ?? null };
    await tx.clearanceEvent.create({ data: { clearanceId: id, kind: 'registered', actorId: actor.personId, detail, at: ctx.clock(), dedupeKey: `${workflowId}/registered` } });
    await tx.auditLog.create({ data: { actorId: actor.personId, action: 'clearance.registered', targetKind: 'clearance', targetId: id, workflowId, requestId, detail } });
    return row;
  });
}

/** The workflow's input: ids, the form and the kind of correction; nothing of the reporter, the persons cleared or the audience. */
const inputOf = (row: Clearance): ClearanceInput => ({
  clearanceId: row.id,
  leadId: row.leadId,
  unitId: row.unitId,
  groupId: row.groupId,
  handlerId: row.handlerId,
  method: row.method as ClearanceMethod,
  reporterCorrection: (row.reporterCorrection as ReporterCorrection | null) ?? null,
});

async function startWorkflow(row: Clearance, ctx: ApiContext): Promise<void> {
  try {
    await callTemporal(ctx, 'workflow start', () =>
      ctx.temporal.workflow.start('clearance', {
        taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
        workflowId: row.workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [inputOf(row)],
        typedSearchAttributes: [
          { key: searchKeys.kind, value: PROCESS_KINDS.clearance },
          { key: searchKeys.groups, value: [row.groupId] },
          { key: searchKeys.unit, value: row.unitId },
          { key: searchKeys.state, value: 'awaiting_approval' },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

function detailOf(ctx: ApiContext, row: Clearance): Omit<ClearanceDetail, 'timeline'> {
  const correction = row.reporterCorrection as ReporterCorrection | null;
  return {
    id: row.id,
    leadId: row.leadId,
    unitId: row.unitId,
    groupId: row.groupId,
    handlerId: row.handlerId,
    personsCleared: row.personsCleared as ClearanceDetail['personsCleared'],
    consentOn: dayOf(row.consentOn)!,
    method: row.method as ClearanceMethod,
    methodLabel: CLEARANCE_METHODS[row.method as ClearanceMethod],
    audience: row.audience as ClearanceDetail['audience'],
    state: row.state as ClearanceState,
    stateLabel: CLEARANCE_STATES[row.state as ClearanceState],
    approvedAt: row.approvedAt?.toISOString() ?? null,
    clearance: row.dueAt ? { dueAt: row.dueAt.toISOString(), doneOn: dayOf(row.doneOn) } : null,
    reporterCorrection: correction ? { kind: correction, label: REPORTER_CORRECTIONS[correction], dueAt: row.correctionDueAt?.toISOString() ?? null, doneOn: dayOf(row.correctionDoneOn) } : null,
    workflowId: row.workflowId,
    version: row.version,
    links: links(ctx, row.id),
  };
}

export async function listClearances(ctx: ApiContext, actor: Actor) {
  const visible = visibleLeads(actor);
  if (!visible) throw notFound('没有这个接口 / no route GET /clearances');
  const rows = await ctx.db.clearance.findMany({ where: visible, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 });
  return { items: rows.map((r) => detailOf(ctx, r)) };
}

export async function clearanceDetail(ctx: ApiContext, actor: Actor, id: string): Promise<ClearanceDetail> {
  const row = await findVisible(ctx, actor, id);
  const events = await ctx.db.clearanceEvent.findMany({ where: { clearanceId: id }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] });
  return { ...detailOf(ctx, row), timeline: events.map((e) => ({ kind: e.kind, actorId: e.actorId, at: e.at.toISOString(), detail: e.detail ?? null })) };
}

const update = <I>(ctx: ApiContext, row: Clearance, def: UpdateDefinition<ClearanceView, [I]>, input: I): Promise<ClearanceView> =>
  callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(def, { args: [input] }));

/** 审批: the commission leader over the group; approving starts both deadlines, counted from today on the calendar in force. */
export async function decideClearance(ctx: ApiContext, actor: Actor, id: string, body: DecideClearanceBody): Promise<ClearanceView> {
  const row = await findVisible(ctx, actor, id);
  if ((await commissionLeaderOver(ctx.db, row.groupId, ctx.clock())) !== actor.personId) {
    throw forbidden('只有分管该派驻组的委领导可以审批 / only the commission leader over the group may approve this');
  }
  const due = (days: number) => calendarGuard('decision', () => deadlineByRule(clearanceRule(ctx.clock(), days), ctx.calendar));
  const input: DecideClearanceInput =
    body.decision === 'approve'
      ? { actor, decision: 'approve', comment: body.comment, due: due(ctx.config.CLEARANCE_DUE_WORKING_DAYS), correctionDue: row.reporterCorrection ? due(ctx.config.REPORTER_CORRECTION_DUE_WORKING_DAYS) : null }
      : { actor, decision: 'reject', reason: body.reason };
  return update(ctx, row, decideClearanceUpdate, input);
}

/** The handler records the clearance done (the workflow checks it is the lead's handler). */
export async function recordClearanceDone(ctx: ApiContext, actor: Actor, id: string, body: { doneOn: string; how: string }): Promise<ClearanceView> {
  const row = await findVisible(ctx, actor, id);
  requireHandlerRole(actor);
  return update(ctx, row, recordClearanceDoneUpdate, { ...body, actor });
}

/** The handler records the reporter's 批评教育 given or 书面检讨 received. */
export async function recordReporterCorrection(ctx: ApiContext, actor: Actor, id: string, body: { doneOn: string }): Promise<ClearanceView> {
  const row = await findVisible(ctx, actor, id);
  requireHandlerRole(actor);
  return update(ctx, row, recordReporterCorrectionUpdate, { ...body, actor });
}
