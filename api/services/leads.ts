import { Prisma, type Lead } from '@prisma/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { commissionLeaderOver } from '../../activities/commissionLeader';
import { heldOn, postingDay } from '../../activities/postings';
import { addNaturalDays, endOfDay } from '../../domain/calendar';
import { leadWorkflowId, workflowUiUrl } from '../../domain/ids';
import { PROCESS_PAGES } from '../../domain/processPages';
import { deadlineByRule, type Deadline, type DeadlineRule } from '../../domain/ladder';
import {
  acceptanceRule,
  channelFits,
  DISPOSAL_METHODS,
  hasReporter,
  leadNumber,
  mayReadReporter,
  receiptNoticeRule,
  resultNoticeRule,
  sourceLabel,
  type DisposalMethod,
  type LeadChannel,
  type LeadSourceKind,
  LEAD_HANDLER_ROLES,
} from '../../domain/leads';
import { groupsOf, hasAnyRole, heldBy, isOfGroup, seesEverything, type Actor } from '../../domain/roles';
import { CASE_STATES, CLEARANCE_STATES, LEAD_STATES, PRELIMINARY_CHECK_STATES, TALK_INQUIRY_STATES, type CaseState, type ClearanceState, type LeadState, type PreliminaryCheckState, type TalkInquiryState } from '../../domain/states';
import { sqlRows } from '../../prisma/client';
import type { lead as leadWorkflow } from '../../workflows/lead';
import {
  decideLeadAcceptanceUpdate,
  decideLeadDisposalUpdate,
  proposeLeadDisposalUpdate,
  recordCollectiveReviewUpdate,
  recordReporterNoticeUpdate,
  type DecideLeadAcceptanceInput,
  type DecideLeadDisposalInput,
  type LeadInput,
  type LeadView,
  type ProposeLeadDisposalInput,
  type RecordReporterNoticeInput,
} from '../../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import type { ApiContext } from '../context';
import { forbidden, notFound, unprocessable } from '../errors';
import type { DecideLeadDisposalBody, LeadDetail, LeadSummary, ListLeadsQuery, ProposeLeadDisposalBody, RecordCollectiveReviewBody, RegisterLeadBody, RegisterLeadResponse } from '../schemas/leads';
import type { Mark } from '../schemas/me';
import { calendarGuard } from './deadlines';
import { answered, launchOnce, type ClaimKey, type Launched } from './idempotency';
import { leadMarksSql, openStepsOf } from './tasks';
import { nextInYear } from './sequences';
import { callTemporal } from './temporal';

/**
 * 问题线索. Who may know of a lead is decided here, in one place (`visibleLeads`): the commission sees
 * every lead, a stationed group the leads of its units, unit roles none (the unit, and the person
 * reported, never learn of a lead from us). Everyone else gets 404, as for a lead that does not exist.
 * The reporter (LeadReporter) is read by one function, `readReporter`, for the lead's handler and
 * commission leaders, and every read is in the audit log.
 */

const hidden = (id: string) => notFound(`问题线索不存在 / no lead ${id}`);

const leadLinks = (ctx: ApiContext, id: string) => ({
  self: `/leads/${encodeURIComponent(id)}`,
  workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, leadWorkflowId(id)),
});

/**
 * The leads an actor may know of, and the cases and clearances that come of them: the commission all,
 * a stationed group its own; null for someone who may know of none (unit roles only).
 */
export function visibleLeads(actor: Actor): { groupId?: { in: string[] } } | null {
  if (seesEverything(actor)) return {};
  const groupIds = groupsOf(actor);
  return groupIds.length ? { groupId: { in: groupIds } } : null;
}

export async function findVisibleLead(ctx: ApiContext, actor: Actor, id: string): Promise<Lead> {
  const where = visibleLeads(actor);
  const row = where && (await ctx.db.lead.findFirst({ where: { AND: [{ id }, where] } }));
  if (!row) throw hidden(id);
  return row;
}

// ---- register -----------------------------------------------------------------------------------

export interface RegisterLeadCommand {
  actor: Actor;
  body: RegisterLeadBody;
  idempotencyKey?: string;
  requestId: string;
}

/**
 * 问题线索登记: check the source, the unit (the caller's group's, for a group), the handler and the
 * reporter; record the lead with its number, its sealed reporter apart, its first event and its audit
 * entry in one transaction; then start its workflow, which is given the lead's id and deadlines only.
 */
export async function registerLead(ctx: ApiContext, cmd: RegisterLeadCommand): Promise<Launched<RegisterLeadResponse>> {
  const { made, replayed } = await launchOnce(ctx, { ...cmd, kind: 'lead' }, {
    create: async (claim) => insertLead(ctx, cmd, await checkRegistration(ctx, cmd), claim),
    load: ([id]) => ctx.db.lead.findUniqueOrThrow({ where: { id } }),
    start: (row) => startWorkflow(ctx, row),
    // the number stays taken: a gap in the sequence, never a number given twice
    undo: (row) => [ctx.db.auditLog.deleteMany({ where: { targetKind: 'lead', targetId: row.id } }), ctx.db.lead.delete({ where: { id: row.id } })],
  });
  return answered(
    { id: made.id, number: made.number, workflowId: made.workflowId, state: made.state as LeadState, acceptanceDueAt: made.acceptanceDueAt.toISOString(), links: leadLinks(ctx, made.id) },
    replayed,
  );
}

async function checkRegistration(ctx: ApiContext, { actor, body }: RegisterLeadCommand) {
  const { kind, channel } = body.source;
  if (!channelFits(kind, channel)) {
    throw unprocessable('channel-not-of-source', `线索来源与方式不符 / channel ${body.source.channel} is not one of ${kind}`, [{ path: 'source.channel', message: `not a channel of ${kind}` }]);
  }
  if (body.reporter && !hasReporter(kind)) {
    throw unprocessable('reporter-not-of-source', '只有信访举报有举报人 / only a complaint has a reporter', [{ path: 'reporter', message: `a ${kind} lead has no reporter` }]);
  }
  if (body.realName && !body.reporter) {
    throw unprocessable('reporter-missing', '实名举报须登记举报人信息 / a real-name complaint needs its reporter', [{ path: 'reporter', message: 'required when realName' }]);
  }
  const now = ctx.clock();
  const receivedAt = body.receivedAt ? new Date(body.receivedAt) : now;
  if (receivedAt > now) {
    throw unprocessable('received-in-future', '收到时间不能晚于当前时间 / receivedAt is in the future', [{ path: 'receivedAt', message: `${receivedAt.toISOString()} is after ${now.toISOString()}` }]);
  }
  const unit = await ctx.db.unit.findFirst({ where: { id: body.unitId, deactivatedAt: null } });
  if (!unit) throw unprocessable('unknown-scope', `单位不存在 / no unit ${body.unitId}`, [{ path: 'unitId', message: 'no such active unit' }]);
  if (!seesEverything(actor) && !isOfGroup(actor, unit.groupId)) {
    throw forbidden('只有该单位的派驻组或委机关可以登记其问题线索 / only the unit’s stationed group or the commission may register its leads');
  }
  const handler = await ctx.db.posting.findFirst({
    where: {
      personId: body.handlerId,
      person: { deactivatedAt: null },
      // both ORs: the posting held today (heldOn's own OR) and of a role that handles leads
      AND: [heldOn(postingDay(now)), { OR: [{ role: 'STAFF' }, { role: { in: ['GROUP_LEADER', 'GROUP_MEMBER'] }, groupId: unit.groupId }] }],
    },
  });
  if (!handler) {
    throw unprocessable('handler-not-eligible', '承办人须为该单位派驻组成员或委机关工作人员 / the handler must be of the unit’s stationed group or commission staff', [
      { path: 'handlerId', message: `${body.handlerId} is neither` },
    ]);
  }
  if (body.raisedFrom && 'findingId' in body.raisedFrom && !(await ctx.db.finding.findUnique({ where: { id: body.raisedFrom.findingId } }))) {
    throw unprocessable('unknown-finding', `问题不存在 / no finding ${body.raisedFrom.findingId}`, [{ path: 'raisedFrom.findingId', message: 'no such finding' }]);
  }
  const rules = { acceptance: acceptanceRule(receivedAt), receiptNotice: body.realName ? receiptNoticeRule(receivedAt) : null };
  // both computed now, so a year without holiday data is a 422 here, not a stuck workflow
  const acceptance = calendarGuard('receivedAt', () => deadlineByRule(rules.acceptance, ctx.calendar));
  const receiptNotice = rules.receiptNotice && calendarGuard('receivedAt', () => deadlineByRule(rules.receiptNotice!, ctx.calendar));
  return { unit, receivedAt, rules, acceptance, receiptNotice };
}

function insertLead(ctx: ApiContext, { actor, body, requestId }: RegisterLeadCommand, checked: Awaited<ReturnType<typeof checkRegistration>>, claim: ClaimKey) {
  const { unit, receivedAt, rules, acceptance, receiptNotice } = checked;
  return ctx.db.$transaction(async (tx) => {
    const year = Number(ctx.calendar.shanghaiDate(ctx.clock()).slice(0, 4));
    const number = leadNumber(year, await nextInYear(tx, 'LeadNumberSequence', year));
    const workflowId = leadWorkflowId(number);
    const row = await tx.lead.create({
      data: {
        id: number,
        number,
        workflowId,
        sourceKind: body.source.kind,
        channel: body.source.channel,
        raisedFromFindingId: body.raisedFrom && 'findingId' in body.raisedFrom ? body.raisedFrom.findingId : null,
        raisedFromWorkflowId: body.raisedFrom && 'workflowId' in body.raisedFrom ? body.raisedFrom.workflowId : null,
        unitId: unit.id,
        groupId: unit.groupId,
        personsConcerned: body.personsConcerned,
        summary: body.summary,
        realName: body.realName,
        handlerId: body.handlerId,
        registeredById: actor.personId,
        state: 'registered',
        version: 0,
        receivedAt,
        acceptanceDueAt: new Date(acceptance.deadlineAt),
        acceptanceRemindAt: acceptance.remindAt ? new Date(acceptance.remindAt) : null,
        acceptanceRule: rules.acceptance as unknown as Prisma.InputJsonObject,
        receiptNoticeDueAt: receiptNotice ? new Date(receiptNotice.deadlineAt) : null,
        receiptNoticeRemindAt: receiptNotice?.remindAt ? new Date(receiptNotice.remindAt) : null,
        receiptNoticeRule: rules.receiptNotice ? (rules.receiptNotice as unknown as Prisma.InputJsonObject) : Prisma.DbNull,
        ...(body.reporter && { reporter: { create: { name: body.reporter.name, phone: body.reporter.phone, email: body.reporter.email, unit: body.reporter.unit, address: body.reporter.address } } }),
      },
    });
    await claim(tx, [row.id]);
    // what was registered, never who reported it: the audit log is read by all commission staff
    const detail = { number, source: body.source, unitId: unit.id, handlerId: body.handlerId, realName: body.realName, reporterOnFile: !!body.reporter, acceptanceDueAt: acceptance.deadlineAt };
    await tx.leadEvent.create({ data: { leadId: row.id, kind: 'registered', actorId: actor.personId, detail, at: ctx.clock(), dedupeKey: `${workflowId}/registered` } });
    await tx.auditLog.create({ data: { actorId: actor.personId, action: 'lead.registered', targetKind: 'lead', targetId: row.id, workflowId, requestId, detail } });
    return row;
  });
}

/** The workflow's input from the row: ids and deadlines (each by its rule, on the calendar in force), nothing of the reporter. */
const inputOf = (ctx: ApiContext, row: Lead): LeadInput => ({
  leadId: row.id,
  number: row.number,
  unitId: row.unitId,
  groupId: row.groupId,
  handlerId: row.handlerId,
  sourceLabel: sourceLabel(row.sourceKind as LeadSourceKind, row.channel as LeadChannel),
  realName: row.realName,
  acceptanceDue: deadlineByRule(row.acceptanceRule as unknown as DeadlineRule, ctx.calendar),
  receiptNoticeDue: row.receiptNoticeRule ? (deadlineByRule(row.receiptNoticeRule as unknown as DeadlineRule, ctx.calendar) satisfies Deadline) : null,
});

async function startWorkflow(ctx: ApiContext, row: Lead): Promise<void> {
  try {
    await callTemporal(ctx, 'workflow start', () =>
      ctx.temporal.workflow.start<typeof leadWorkflow>('lead', {
        taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
        workflowId: row.workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [inputOf(ctx, row)],
        // kind, group, unit and state: never the reporter, the summary or the persons concerned
        typedSearchAttributes: [
          { key: searchKeys.kind, value: PROCESS_KINDS.lead },
          { key: searchKeys.groups, value: [row.groupId] },
          { key: searchKeys.unit, value: row.unitId },
          { key: searchKeys.state, value: 'registered' },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

// ---- reading ------------------------------------------------------------------------------------

/** A lead as the ledger lists it; `mark` the worst colour of its open steps and its processes' (leadMarksSql). */
const summaryOf = (ctx: ApiContext, row: Lead & { unit: { name: string } }, mark: Mark): LeadSummary => ({
  id: row.id,
  number: row.number,
  source: { kind: row.sourceKind as LeadSourceKind, channel: row.channel as LeadChannel, label: sourceLabel(row.sourceKind as LeadSourceKind, row.channel as LeadChannel) },
  unit: { id: row.unitId, name: row.unit.name },
  groupId: row.groupId,
  personsConcerned: row.personsConcerned as LeadSummary['personsConcerned'],
  summary: row.summary,
  realName: row.realName,
  handlerId: row.handlerId,
  state: row.state as LeadState,
  stateLabel: LEAD_STATES[row.state as LeadState],
  receivedAt: row.receivedAt.toISOString(),
  acceptanceDueAt: row.acceptanceDueAt.toISOString(),
  mark,
  links: leadLinks(ctx, row.id),
});

const withUnit = async <T extends Lead>(ctx: ApiContext, rows: T[]) => {
  const names = new Map((await ctx.db.unit.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return rows.map((r) => ({ ...r, unit: { name: names.get(r.unitId) ?? r.unitId } }));
};

/** 线索台账: newest received first, filtered, paged, with the count of each colour over the whole filter: one statement. */
export async function listLeads(ctx: ApiContext, actor: Actor, q: ListLeadsQuery) {
  const visible = visibleLeads(actor);
  if (!visible) throw notFound('没有这个接口 / no route GET /leads');
  const sql = Prisma.sql;
  const where = [
    visible.groupId && sql`l."groupId" = ANY(${visible.groupId.in})`,
    q.state && sql`l.state = ${q.state}`,
    q.sourceKind && sql`l."sourceKind" = ${q.sourceKind}`,
    q.groupId && sql`l."groupId" = ${q.groupId}`,
    q.unitId && sql`l."unitId" = ${q.unitId}`,
    q.handlerId && sql`l."handlerId" = ${q.handlerId}`,
    q.receivedFrom && sql`l."receivedAt" >= ${new Date(q.receivedFrom)}`,
    q.receivedTo && sql`l."receivedAt" < ${new Date(q.receivedTo)}`,
  ].filter((c): c is Prisma.Sql => Boolean(c));
  type Row = Lead & { mark: Mark; unitName: string | null; allLeads: number; total: number | null; red: number; yellow: number };
  const filter = where.length ? Prisma.join(where, ' AND ') : sql`TRUE`;
  // the leads of the colour asked for (green: those without a yellow or red step)
  const ofMark = !q.mark ? sql`TRUE` : q.mark === 'green' ? sql`m.mark IS NULL OR m.mark = 'green'` : sql`m.mark = ${q.mark}`;
  // the colours are the leads' with an open step (fewer than all): counted over them; the page read by its index (of a colour, by the join), then coloured
  const rows = await sqlRows<Row>(
    ctx.db,
    sql`WITH m AS MATERIALIZED (${leadMarksSql(ctx, ctx.clock())})
        SELECT c.*, p.* FROM (
          SELECT (SELECT count(*)::int FROM "Lead" l WHERE ${filter}) AS "allLeads",
                 ${q.mark ? sql`(SELECT count(*)::int FROM "Lead" l LEFT JOIN m ON m."leadId" = l.id WHERE ${filter} AND (${ofMark}))` : sql`NULL::int`} AS total,
                 count(*) FILTER (WHERE m.mark = 'red')::int AS red, count(*) FILTER (WHERE m.mark = 'yellow')::int AS yellow
          FROM m JOIN "Lead" l ON l.id = m."leadId" WHERE ${filter}) c
        LEFT JOIN LATERAL (
          SELECT page.*, COALESCE(m.mark, 'green') AS mark, u.name AS "unitName" FROM (
            SELECT l.* FROM "Lead" l ${q.mark ? sql`LEFT JOIN m ON m."leadId" = l.id` : sql``} WHERE ${filter} AND (${ofMark})
            ORDER BY l."receivedAt" DESC, l.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}
          ) page LEFT JOIN m ON m."leadId" = page.id LEFT JOIN "Unit" u ON u.id = page."unitId"
          -- the page's own order again: the joins keep none
          ORDER BY page."receivedAt" DESC, page.id DESC
        ) p ON TRUE`,
  );
  const [{ allLeads, total, red, yellow }] = rows;
  return {
    items: rows.filter((r) => r.id !== null).map((r) => summaryOf(ctx, { ...r, unit: { name: r.unitName ?? r.unitId } }, r.mark)),
    total: total ?? allLeads,
    counts: { red, yellow, green: allLeads - red - yellow },
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The lead and its timeline, with the steps and events of the processes its disposal led to (its talk
 * inquiry, preliminary check, case, clearance): whether a reporter is on file, never who.
 */
export async function leadDetail(ctx: ApiContext, actor: Actor, id: string): Promise<LeadDetail> {
  const row = await findVisibleLead(ctx, actor, id);
  const [events, reporters, processes, finding] = await Promise.all([
    leadTimeline(ctx, id),
    ctx.db.leadReporter.count({ where: { leadId: id } }),
    leadProcesses(ctx, id),
    row.raisedFromFindingId ? ctx.db.finding.findUnique({ where: { id: row.raisedFromFindingId }, select: { title: true } }) : null,
  ]);
  const pages = [leadLinks(ctx, id).self, ...processes.map((p) => p.page)];
  const [[withName], steps, overseer] = await Promise.all([withUnit(ctx, [row]), openStepsOf(ctx, pages), commissionLeaderOver(ctx.db, row.groupId, ctx.clock())]);
  const sentBack = row.disposalSentBack as { byId: string; reason: string; at: string }[];
  const named = await personNames(ctx, [row.handlerId, overseer, row.disposalApprovedById, ...row.collectiveReviewAttendeeIds, ...sentBack.map((b) => b.byId), ...steps.map((s) => s.personId)]);
  return {
    ...summaryOf(ctx, withName, worstMark(steps.map((s) => s.mark))),
    workflowId: row.workflowId,
    version: row.version,
    raisedFrom: { findingId: row.raisedFromFindingId, findingTitle: finding?.title ?? null, workflowId: row.raisedFromWorkflowId },
    reporterOnFile: reporters > 0,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    receiptNotice: row.receiptNoticeDueAt ? { dueAt: row.receiptNoticeDueAt.toISOString(), toldAt: row.receiptToldAt?.toISOString() ?? null } : null,
    disposal: disposalOf(row, named),
    sentBack: sentBack.map((b) => ({ by: named(b.byId)!, reason: b.reason, at: b.at })),
    closedAt: row.closedAt?.toISOString() ?? null,
    resultNotice: row.resultNoticeDueAt ? { dueAt: row.resultNoticeDueAt.toISOString(), toldAt: row.resultToldAt?.toISOString() ?? null } : null,
    // a decision is the commission leader's over the group; every other step the person its row names
    processes,
    openSteps: steps.map(({ kind, what, dueAt, dueRule, mark, markRule, act, page, party, personId }) => ({
      ...{ kind, what, dueAt, dueRule, mark, markRule, act, page },
      owner: named(party === 'overseer' ? overseer : personId),
    })),
    timeline: events,
  };
}

/** The processes the lead's disposal and outcome led to, in their order, each with its state and API page. */
async function leadProcesses(ctx: ApiContext, id: string): Promise<LeadDetail['processes']> {
  const [inquiry, check, kase, clearance] = await Promise.all([
    ctx.db.talkInquiry.findUnique({ where: { leadId: id }, select: { state: true } }),
    ctx.db.preliminaryCheck.findUnique({ where: { leadId: id }, select: { state: true } }),
    ctx.db.case.findUnique({ where: { leadId: id }, select: { id: true, state: true } }),
    ctx.db.clearance.findUnique({ where: { leadId: id }, select: { id: true, state: true } }),
  ]);
  const page = (kind: keyof typeof PROCESS_PAGES, of: string) => `${PROCESS_PAGES[kind]}${encodeURIComponent(of)}`;
  return [
    inquiry && { kind: 'talkInquiry' as const, id, state: inquiry.state, stateLabel: TALK_INQUIRY_STATES[inquiry.state as TalkInquiryState], page: page('talkInquiry', id) },
    check && { kind: 'preliminaryCheck' as const, id, state: check.state, stateLabel: PRELIMINARY_CHECK_STATES[check.state as PreliminaryCheckState], page: page('preliminaryCheck', id) },
    kase && { kind: 'case' as const, id: kase.id, state: kase.state, stateLabel: CASE_STATES[kase.state as CaseState], page: page('case', kase.id) },
    clearance && { kind: 'clearance' as const, id: clearance.id, state: clearance.state, stateLabel: CLEARANCE_STATES[clearance.state as ClearanceState], page: page('clearance', clearance.id) },
  ].filter((p) => p !== null);
}

/** The events of the lead and of the processes that come of it, oldest first, each with the process it belongs to. */
async function leadTimeline(ctx: ApiContext, id: string): Promise<LeadDetail['timeline']> {
  const rows = await sqlRows<{ process: LeadDetail['timeline'][number]['process']; kind: string; actorId: string | null; at: Date; detail: unknown }>(
    ctx.db,
    Prisma.sql`SELECT * FROM (
        SELECT 'lead' AS process, kind, "actorId", at, detail, "dedupeKey" FROM "LeadEvent" WHERE "leadId" = ${id}
        UNION ALL SELECT 'talkInquiry', kind, "actorId", at, detail, "dedupeKey" FROM "TalkInquiryEvent" WHERE "leadId" = ${id}
        UNION ALL SELECT 'preliminaryCheck', kind, "actorId", at, detail, "dedupeKey" FROM "PreliminaryCheckEvent" WHERE "leadId" = ${id}
        UNION ALL SELECT 'case', e.kind, e."actorId", e.at, e.detail, e."dedupeKey" FROM "CaseEvent" e JOIN "Case" c ON c.id = e."caseId" WHERE c."leadId" = ${id}
        UNION ALL SELECT 'clearance', e.kind, e."actorId", e.at, e.detail, e."dedupeKey" FROM "ClearanceEvent" e JOIN "Clearance" c ON c.id = e."clearanceId" WHERE c."leadId" = ${id}
      ) t ORDER BY at, "dedupeKey"`,
  );
  return rows.map((e) => ({ process: e.process, kind: e.kind, actorId: e.actorId, at: e.at.toISOString(), detail: e.detail ?? null }));
}

const MARK_ORDER: Mark[] = ['green', 'yellow', 'red'];
/** The worst of some colours (green for none), as leadMarksSql takes it in SQL. */
const worstMark = (marks: Mark[]): Mark => MARK_ORDER[Math.max(0, ...marks.map((m) => MARK_ORDER.indexOf(m)))];

type Named = (id: string | null) => { id: string; name: string } | null;

/** The registry names of people a lead's page shows (a person since removed keeps their id as name). */
async function personNames(ctx: ApiContext, ids: (string | null)[]): Promise<Named> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  const names = new Map((await ctx.db.person.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  return (id) => (id === null ? null : { id, name: names.get(id) ?? id });
}

function disposalOf(row: Lead, named: Named): LeadDetail['disposal'] {
  if (!row.disposalMethod || !row.disposalProposedAt) return null;
  const method = row.disposalMethod as DisposalMethod;
  return {
    method,
    methodLabel: DISPOSAL_METHODS[method],
    reason: row.disposalReason ?? '',
    reviewOn: row.shelveReviewOn,
    closingReason: row.closingReason,
    proposedAt: row.disposalProposedAt.toISOString(),
    collectiveReview: row.collectiveReviewOn
      ? { heldOn: row.collectiveReviewOn, attendees: row.collectiveReviewAttendeeIds.map((a) => named(a)!), opinion: row.collectiveReviewOpinion ?? '' }
      : null,
    approved: row.disposalApprovedAt && row.disposalApprovedById ? { by: named(row.disposalApprovedById)!, at: row.disposalApprovedAt.toISOString() } : null,
  };
}

/**
 * 举报人: the lead's handler and commission leaders only; for anyone else the lead's reporter does not
 * exist (404, as for a lead they may not see). The audit entry is written in the read's transaction,
 * so no read goes unrecorded.
 */
export async function readReporter(ctx: ApiContext, actor: Actor, id: string, requestId: string) {
  const row = await findVisibleLead(ctx, actor, id);
  if (!mayReadReporter(actor.personId, heldBy(actor).map((h) => h.role), row.handlerId)) throw hidden(id);
  const reporter = await ctx.db.$transaction(async (tx) => {
    const found = await tx.leadReporter.findUnique({ where: { leadId: id } });
    if (found) {
      await tx.auditLog.create({ data: { actorId: actor.personId, action: 'lead.reporter_read', targetKind: 'lead', targetId: id, workflowId: row.workflowId, requestId, detail: { number: row.number } } });
    }
    return found;
  });
  if (!reporter) throw notFound(`该线索没有登记举报人 / lead ${id} has no reporter on file`);
  return { leadId: id, name: reporter.name, phone: reporter.phone, email: reporter.email, unit: reporter.unit, address: reporter.address };
}

// ---- steps --------------------------------------------------------------------------------------

/** Asked only after `findVisibleLead` (or a case's, a clearance's), so a unit role gets the record's 404, never a 403 that says it exists. */
export function requireHandlerRole(actor: Actor): void {
  if (!hasAnyRole(actor, LEAD_HANDLER_ROLES)) throw forbidden('仅限线索承办人办理 / only a lead’s handler (commission staff or a group member) acts on it');
}

/** 受理 or 转办: the handler, which the workflow's validator checks (and the state). */
export async function decideLeadAcceptance(ctx: ApiContext, actor: Actor, id: string, body: Omit<DecideLeadAcceptanceInput, 'actor'>): Promise<LeadView> {
  const row = await findVisibleLead(ctx, actor, id);
  requireHandlerRole(actor);
  const args = [{ ...body, actor } as DecideLeadAcceptanceInput] as const;
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(decideLeadAcceptanceUpdate, { args: [...args] }));
}

/** 受理告知 / 处理结果告知 recorded by the handler: how and when the real-name reporter was told. */
export async function recordReporterNotice(ctx: ApiContext, actor: Actor, id: string, body: Omit<RecordReporterNoticeInput, 'actor'>): Promise<LeadView> {
  const row = await findVisibleLead(ctx, actor, id);
  requireHandlerRole(actor);
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(recordReporterNoticeUpdate, { args: [{ ...body, actor }] }));
}

/** The decisions on a lead's steps are the commission leader's over the lead's group (分管派驻工作的委领导), as of today. */
export async function requireCommissionLeaderOver(ctx: ApiContext, actor: Actor, groupId: string): Promise<void> {
  const overseer = await commissionLeaderOver(ctx.db, groupId, ctx.clock());
  if (overseer !== actor.personId) {
    throw forbidden(`只有分管该派驻组的委领导${overseer ? `（${overseer}）` : ''}可以审批 / only the commission leader over group ${groupId}${overseer ? ` (${overseer})` : ''} may decide this`);
  }
}

/** The people a step names (attendees, a team, who held a measure) are active people of the registry holding a post today, or a 422 naming each that is not. */
export async function requirePeople(ctx: ApiContext, named: { path: string; id: string }[]): Promise<void> {
  const found = new Set(
    (await ctx.db.person.findMany({ where: { id: { in: named.map((n) => n.id) }, deactivatedAt: null, postings: { some: heldOn(postingDay(ctx.clock())) } }, select: { id: true } })).map((p) => p.id),
  );
  const missing = named.filter((n) => !found.has(n.id));
  if (missing.length) {
    throw unprocessable('unknown-person', `所列人员不是系统中的在职人员 / not active people of the registry: ${missing.map((n) => n.id).join(', ')}`, missing.map((n) => ({ path: n.path, message: `no active person ${n.id}` })));
  }
}

/**
 * A real-name lead's result notice, due 15 工作日 from now, for the update that ends the lead: its rule is
 * kept on the row for 我的待办 before the workflow is asked (an update it refuses leaves a rule the next
 * one overwrites); null for a lead without a real-name reporter.
 */
export async function resultNoticeDueNow(ctx: ApiContext, row: Lead, field = 'decision'): Promise<Deadline | null> {
  if (!row.realName) return null;
  const rule = resultNoticeRule(ctx.clock());
  const due = calendarGuard(field, () => deadlineByRule(rule, ctx.calendar));
  await ctx.db.lead.update({ where: { id: row.id }, data: { resultNoticeRule: rule as unknown as Prisma.InputJsonObject } });
  return due;
}

// ---- 线索处置 --------------------------------------------------------------------------------------

/**
 * 拟处置 by the handler (the workflow checks who, and the state). A shelved lead's review date must be a
 * Shanghai date after today; the workflow is handed the instant that day starts, when the lead comes back.
 */
export async function proposeLeadDisposal(ctx: ApiContext, actor: Actor, id: string, body: ProposeLeadDisposalBody): Promise<LeadView> {
  const row = await findVisibleLead(ctx, actor, id);
  requireHandlerRole(actor);
  let proposal: ProposeLeadDisposalInput = { ...body, actor };
  if (body.method === 'shelve') {
    const today = ctx.calendar.shanghaiDate(ctx.clock());
    if (body.reviewOn <= today) throw unprocessable('date-invalid', `暂存待查的复查日期须晚于今天（${today}）/ reviewOn must be a Shanghai date after ${today}`, [{ path: 'reviewOn', message: `${body.reviewOn} is not after ${today}` }]);
    proposal = { ...proposal, reviewAt: endOfDay(addNaturalDays(body.reviewOn, -1)).toISOString() };
  }
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(proposeLeadDisposalUpdate, { args: [proposal] }));
}

/** 集体研究 recorded by the handler: held on a Shanghai date not after today, every attendee a person of the registry holding a post that day. */
export async function recordCollectiveReview(ctx: ApiContext, actor: Actor, id: string, body: RecordCollectiveReviewBody): Promise<LeadView> {
  const row = await findVisibleLead(ctx, actor, id);
  requireHandlerRole(actor);
  const today = ctx.calendar.shanghaiDate(ctx.clock());
  if (body.heldOn > today) throw unprocessable('date-invalid', `集体研究日期不能晚于今天（${today}）/ heldOn is after ${today}`, [{ path: 'heldOn', message: `${body.heldOn} is after ${today}` }]);
  await requirePeople(ctx, body.attendeeIds.map((id, i) => ({ path: `attendeeIds.${i}`, id })));
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(recordCollectiveReviewUpdate, { args: [{ ...body, actor }] }));
}

/** The people the console offers as a collective review's attendees: active, posted today to the commission or the lead's group. */
export async function reviewCandidates(ctx: ApiContext, actor: Actor, id: string) {
  const row = await findVisibleLead(ctx, actor, id);
  const posted: Prisma.PostingWhereInput = {
    AND: [heldOn(postingDay(ctx.clock())), { OR: [{ role: { in: ['STAFF', 'COMMISSION_LEADER'] } }, { role: { in: ['GROUP_LEADER', 'GROUP_MEMBER'] }, groupId: row.groupId }] }],
  };
  const people = await ctx.db.person.findMany({ where: { deactivatedAt: null, postings: { some: posted } }, select: { id: true, name: true, title: true }, orderBy: { id: 'asc' } });
  return { items: people };
}

/**
 * 报批: the commission leader over the lead's group alone (anyone else: 403, after the lead's 404). Approving
 * a real-name lead's 予以了结 starts its result notice, due 15 工作日 after today: its rule is kept on the
 * row for 我的待办 before the workflow is asked (an approval it refuses leaves a rule the next one overwrites).
 */
export async function decideLeadDisposal(ctx: ApiContext, actor: Actor, id: string, body: DecideLeadDisposalBody): Promise<LeadView> {
  const row = await findVisibleLead(ctx, actor, id);
  await requireCommissionLeaderOver(ctx, actor, row.groupId);
  const closing = row.state === 'disposal_proposed' && row.disposalMethod === 'close';
  const decision: DecideLeadDisposalInput = body.decision === 'approve' ? { ...body, actor, resultNoticeDue: closing ? await resultNoticeDueNow(ctx, row) : null } : { ...body, actor };
  return callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(decideLeadDisposalUpdate, { args: [decision] }));
}
