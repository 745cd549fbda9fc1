import type { Case, Prisma } from '@prisma/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { commissionLeaderOver } from '../../activities/commissionLeader';
import { heldOn, postingDay } from '../../activities/postings';
import { caseNumber, limitDay, timeLimitRule } from '../../domain/cases';
import { caseWorkflowId, workflowUiUrl } from '../../domain/ids';
import { deadlineByRule, type DeadlineRule } from '../../domain/ladder';
import { hasAnyRole, type Actor } from '../../domain/roles';
import { CASE_STATES, type CaseState } from '../../domain/states';
import {
  closeCaseUpdate,
  decideCaseExtensionUpdate,
  recordHearingOpinionUpdate,
  requestCaseExtensionUpdate,
  transferForHearingUpdate,
  type CaseInput,
  type CaseView,
  type DecideCaseExtensionInput,
} from '../../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import type { ApiContext } from '../context';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import type { CaseDetail, CaseSummary, CloseCaseBody, DecideCaseExtensionBody, OpenCaseBody, OpenCaseResponse } from '../schemas/cases';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { findVisibleLead, requireHandlerRole, visibleLeads } from './leads';
import { nextInYear } from './sequences';
import { callTemporal } from './temporal';

/**
 * 立案审查. A case is seen by whoever sees its lead (visibleLeads): the commission, the stationed group of
 * its unit; unit roles never (404). It is filed, its extension decided and it is closed by the commission
 * leader over its group (commissionLeaderOver): any other commission leader is refused (403).
 */

type PersonConcerned = { name: string; title?: string; personId?: string };

const hidden = (id: string) => notFound(`案件不存在 / no case ${id}`);
const links = (ctx: ApiContext, id: string) => ({ self: `/cases/${encodeURIComponent(id)}`, workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, caseWorkflowId(id)) });

async function findVisible(ctx: ApiContext, actor: Actor, id: string): Promise<Case> {
  const where = visibleLeads(actor);
  const row = where && (await ctx.db.case.findFirst({ where: { AND: [{ id }, where] } }));
  if (!row) throw hidden(id);
  return row;
}

/** The commission leader over the group, and no other: they approve the filing, the extension and the closing. */
async function requireCommissionLeaderOf(ctx: ApiContext, actor: Actor, groupId: string) {
  if ((await commissionLeaderOver(ctx.db, groupId, ctx.clock())) !== actor.personId) {
    throw forbidden('只有分管该派驻组的委领导可以审批 / only the commission leader over the group may approve this');
  }
}

const today = (ctx: ApiContext) => ctx.calendar.shanghaiDate(ctx.clock());

// ---- 立案 ---------------------------------------------------------------------------------------

export interface OpenCaseCommand {
  actor: Actor;
  body: OpenCaseBody;
  idempotencyKey?: string;
  requestId: string;
}

/** 立案: the lead's check ended case_filed and no case exists for it; the caller approves it as the commission leader over its group. */
export async function openCase(ctx: ApiContext, cmd: OpenCaseCommand): Promise<Launched<OpenCaseResponse>> {
  const { made, replayed } = await launchOnce(ctx, { ...cmd, kind: 'case' }, {
    create: async (claim) => insertCase(ctx, cmd, await checkFiling(ctx, cmd), claim),
    load: ([id]) => ctx.db.case.findUniqueOrThrow({ where: { id } }),
    start: (row) => startWorkflow(ctx, row),
    undo: (row) => [ctx.db.auditLog.deleteMany({ where: { targetKind: 'case', targetId: row.id } }), ctx.db.case.delete({ where: { id: row.id } })],
  });
  return answered({ id: made.id, workflowId: made.workflowId, state: made.state as CaseState, timeLimitDueAt: made.timeLimitDueAt.toISOString(), links: links(ctx, made.id) }, replayed);
}

async function checkFiling(ctx: ApiContext, { actor, body }: OpenCaseCommand) {
  const lead = await findVisibleLead(ctx, actor, body.leadId);
  await requireCommissionLeaderOf(ctx, actor, lead.groupId);
  if (lead.outcome !== 'case_filed') throw conflict('lead-not-case-filed', `线索核查结果不是违纪立案 / lead ${lead.id} did not end case_filed (its outcome: ${lead.outcome ?? 'none yet'})`);
  if (await ctx.db.case.count({ where: { leadId: lead.id } })) throw conflict('case-exists', `该线索已立案 / lead ${lead.id} already has a case`);
  if (body.filedOn > today(ctx)) throw unprocessable('filed-in-future', '立案日期不能晚于今天 / filedOn is after today', [{ path: 'filedOn', message: `after ${today(ctx)}` }]);
  const persons: PersonConcerned[] = body.personsConcerned ?? (lead.personsConcerned as PersonConcerned[]);
  const named = persons.flatMap((p) => (p.personId ? [p.personId] : []));
  const known = new Set((await ctx.db.person.findMany({ where: { id: { in: named } }, select: { id: true } })).map((p) => p.id));
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length) throw unprocessable('unknown-reference', '被审查人不在人员名录中 / a person concerned is not in the registry', unknown.map((id) => ({ path: 'personsConcerned', message: `no person ${id}` })));
  if (new Set(persons.map((p) => p.name)).size !== persons.length) {
    throw unprocessable('persons-repeated', '被审查人重名，请以职务区分 / each person concerned is named once', [{ path: 'personsConcerned', message: 'a name appears twice' }]);
  }
  const rule = timeLimitRule(body.filedOn, ctx.config.CASE_TIME_LIMIT_MONTHS);
  return { lead, persons, rule, timeLimit: deadlineByRule(rule, ctx.calendar) };
}

function insertCase(ctx: ApiContext, { actor, body, requestId }: OpenCaseCommand, checked: Awaited<ReturnType<typeof checkFiling>>, claim: ClaimKey) {
  const { lead, persons, rule, timeLimit } = checked;
  return ctx.db.$transaction(async (tx) => {
    const year = Number(body.filedOn.slice(0, 4));
    const id = caseNumber(year, await nextInYear(tx, 'CaseNumberSequence', year));
    const workflowId = caseWorkflowId(id);
    const row = await tx.case.create({
      data: {
        id,
        workflowId,
        leadId: lead.id,
        unitId: lead.unitId,
        groupId: lead.groupId,
        handlerId: lead.handlerId,
        personsConcerned: persons,
        filedOn: new Date(`${body.filedOn}T00:00:00Z`),
        filedById: actor.personId,
        state: 'under_investigation',
        timeLimitDueAt: new Date(timeLimit.deadlineAt),
        timeLimitRemindAt: timeLimit.remindAt ? new Date(timeLimit.remindAt) : null,
        timeLimitRule: rule as unknown as Prisma.InputJsonObject,
      },
    });
    await claim(tx, [id]);
    // ids and dates: the persons concerned stay in the row
    const detail = { leadId: lead.id, filedOn: body.filedOn, persons: persons.length, timeLimitDueAt: timeLimit.deadlineAt, ...(body.comment && { comment: body.comment }) };
    await tx.caseEvent.create({ data: { caseId: id, kind: 'filed', actorId: actor.personId, detail, at: ctx.clock(), dedupeKey: `${workflowId}/filed` } });
    await tx.auditLog.create({ data: { actorId: actor.personId, action: 'case.filed', targetKind: 'case', targetId: id, workflowId, requestId, detail } });
    return row;
  });
}

const inputOf = (ctx: ApiContext, row: Case): CaseInput => ({
  caseId: row.id,
  leadId: row.leadId,
  unitId: row.unitId,
  groupId: row.groupId,
  handlerId: row.handlerId,
  persons: (row.personsConcerned as PersonConcerned[]).length,
  timeLimit: deadlineByRule(row.timeLimitRule as unknown as DeadlineRule, ctx.calendar),
});

async function startWorkflow(ctx: ApiContext, row: Case): Promise<void> {
  try {
    await callTemporal(ctx, 'workflow start', () =>
      ctx.temporal.workflow.start('case', {
        taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
        workflowId: row.workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [inputOf(ctx, row)],
        typedSearchAttributes: [
          { key: searchKeys.kind, value: PROCESS_KINDS.case },
          { key: searchKeys.groups, value: [row.groupId] },
          { key: searchKeys.unit, value: row.unitId },
          { key: searchKeys.state, value: 'under_investigation' },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

// ---- reading ------------------------------------------------------------------------------------

const summaryOf = (ctx: ApiContext, row: Case): CaseSummary => ({
  id: row.id,
  leadId: row.leadId,
  unitId: row.unitId,
  groupId: row.groupId,
  handlerId: row.handlerId,
  personsConcerned: row.personsConcerned as PersonConcerned[],
  filedOn: row.filedOn.toISOString().slice(0, 10),
  filedById: row.filedById,
  state: row.state as CaseState,
  stateLabel: CASE_STATES[row.state as CaseState],
  timeLimitDueAt: row.timeLimitDueAt.toISOString(),
  extended: row.extendedAt !== null,
  closedAt: row.closedAt?.toISOString() ?? null,
  links: links(ctx, row.id),
});

/** 案件台账: the cases the caller may see, newest filed first. */
export async function listCases(ctx: ApiContext, actor: Actor) {
  const visible = visibleLeads(actor);
  if (!visible) throw notFound('没有这个接口 / no route GET /cases');
  const rows = await ctx.db.case.findMany({ where: visible, orderBy: [{ filedOn: 'desc' }, { id: 'desc' }], take: 200 });
  return { items: rows.map((r) => summaryOf(ctx, r)) };
}

export async function caseDetail(ctx: ApiContext, actor: Actor, id: string): Promise<CaseDetail> {
  const row = await findVisible(ctx, actor, id);
  const events = await ctx.db.caseEvent.findMany({ where: { caseId: id }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] });
  return {
    ...summaryOf(ctx, row),
    workflowId: row.workflowId,
    version: row.version,
    hearingReviewerId: row.hearingReviewerId,
    dispositions: (row.dispositions as CaseDetail['dispositions']) ?? null,
    timeline: events.map((e) => ({ kind: e.kind, actorId: e.actorId, at: e.at.toISOString(), detail: e.detail ?? null })),
  };
}

// ---- steps --------------------------------------------------------------------------------------

const update = <I>(ctx: ApiContext, row: Case, def: UpdateDefinition<CaseView, [I]>, input: I): Promise<CaseView> =>
  callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(def, { args: [input] }));

/** The handler asks for the one extension (the workflow checks who and whether it was asked before). */
export async function requestCaseExtension(ctx: ApiContext, actor: Actor, id: string, body: { reason: string }): Promise<CaseView> {
  const row = await findVisible(ctx, actor, id);
  requireHandlerRole(actor);
  return update(ctx, row, requestCaseExtensionUpdate, { ...body, actor });
}

/** Granted, the limit moves CASE_EXTENSION_MONTHS natural months from the day it falls on. */
export async function decideCaseExtension(ctx: ApiContext, actor: Actor, id: string, body: DecideCaseExtensionBody): Promise<CaseView> {
  const row = await findVisible(ctx, actor, id);
  await requireCommissionLeaderOf(ctx, actor, row.groupId);
  const input: DecideCaseExtensionInput =
    body.decision === 'grant'
      ? { actor, decision: 'grant', comment: body.comment, timeLimit: deadlineByRule(timeLimitRule(limitDay(row.timeLimitDueAt.toISOString()), ctx.config.CASE_EXTENSION_MONTHS), ctx.calendar) }
      : { actor, decision: 'refuse', reason: body.reason };
  return update(ctx, row, decideCaseExtensionUpdate, input);
}

/** Who may hear a case (审理): commission staff posted today, other than its handler. */
const reviewerWhere = (ctx: ApiContext, row: Case): Prisma.PersonWhereInput => ({
  id: { not: row.handlerId },
  deactivatedAt: null,
  postings: { some: { role: 'STAFF', ...heldOn(postingDay(ctx.clock())) } },
});

/** The 审理 reviewers the console offers for the case's transfer. */
export async function hearingReviewerCandidates(ctx: ApiContext, actor: Actor, id: string) {
  const row = await findVisible(ctx, actor, id);
  return { items: await ctx.db.person.findMany({ where: reviewerWhere(ctx, row), select: { id: true, name: true, title: true }, orderBy: { id: 'asc' } }) };
}

/** 移送审理: to a 审理 reviewer of the commission staff, someone other than the handler. */
export async function transferForHearing(ctx: ApiContext, actor: Actor, id: string, body: { reviewerId: string }): Promise<CaseView> {
  const row = await findVisible(ctx, actor, id);
  requireHandlerRole(actor);
  if (!(await ctx.db.person.count({ where: { AND: [{ id: body.reviewerId }, reviewerWhere(ctx, row)] } }))) {
    throw unprocessable('reviewer-not-eligible', '审理人须为委机关工作人员且不是承办人 / the reviewer must be commission staff other than the handler', [{ path: 'reviewerId', message: `${body.reviewerId} is not eligible` }]);
  }
  return update(ctx, row, transferForHearingUpdate, { ...body, actor });
}

/** 审理意见: the reviewer named at the transfer (the workflow checks it). */
export async function recordHearingOpinion(ctx: ApiContext, actor: Actor, id: string, body: { opinion: string }): Promise<CaseView> {
  const row = await findVisible(ctx, actor, id);
  if (!hasAnyRole(actor, ['STAFF'])) throw forbidden('审理意见由委机关审理人员出具 / only commission staff record a 审理 opinion');
  return update(ctx, row, recordHearingOpinionUpdate, { ...body, actor });
}

/** 结案: each person concerned, by name, with a measure of the four forms; the workflow writes them as measures. */
export async function closeCase(ctx: ApiContext, actor: Actor, id: string, body: CloseCaseBody): Promise<CaseView> {
  const row = await findVisible(ctx, actor, id);
  await requireCommissionLeaderOf(ctx, actor, row.groupId);
  const names = (row.personsConcerned as PersonConcerned[]).map((p) => p.name);
  const dispositions = body.dispositions.map((d) => ({ person: names.indexOf(d.name), kind: d.kind }));
  const unknown = body.dispositions.filter((_d, i) => dispositions[i].person < 0);
  if (unknown.length || new Set(dispositions.map((d) => d.person)).size !== names.length || dispositions.length !== names.length) {
    throw unprocessable('dispositions-incomplete', '须对每名被审查人作出一项处理 / one disposition for each person concerned, by name', [
      { path: 'dispositions', message: unknown.length ? `not persons of the case: ${unknown.map((d) => d.name).join(', ')}` : `expected one each for ${names.join(', ')}` },
    ]);
  }
  return update(ctx, row, closeCaseUpdate, { actor, dispositions, comment: body.comment });
}
