import type { TalkInquiry } from '@prisma/client';
import type { UpdateDefinition } from '@temporalio/common';
import { workflowUiUrl } from '../../domain/ids';
import { deadlineByRule, type DeadlineRule } from '../../domain/ladder';
import { deadlineRuleText } from '../../domain/deadlineText';
import type { Actor } from '../../domain/roles';
import { TALK_INQUIRY_STATES, type TalkInquiryState } from '../../domain/states';
import { extendedReplyRule, replyRule } from '../../domain/talkInquiries';
import {
  decideInquiryEvaluationUpdate,
  decideReplyExtensionUpdate,
  proposeInquiryEvaluationUpdate,
  recordInquiryFormUpdate,
  recordInquiryReplyUpdate,
  requestReplyExtensionUpdate,
  type TalkInquiryView,
} from '../../workflows/messages';
import type { ApiContext } from '../context';
import { notFound, unprocessable } from '../errors';
import type {
  DecideInquiryEvaluationBody,
  DecideReplyExtensionBody,
  ProposeInquiryEvaluationBody,
  RecordInquiryFormBody,
  RecordInquiryReplyBody,
  RequestReplyExtensionBody,
  TalkInquiryDetail,
} from '../schemas/talkInquiries';
import { calendarGuard } from './deadlines';
import { findVisibleLead, requireCommissionLeaderOver, requireHandlerRole, requirePeople, resultNoticeDueNow } from './leads';
import { callTemporal } from './temporal';

/**
 * 谈话函询 of a lead, under the lead's visibility (api/services/leads.ts): a unit, or another group, gets the
 * lead's 404. The handler's steps go to the workflow (which checks it is the handler); the decisions are
 * the commission leader's over the lead's group, checked here. The reply's deadline (15 工作日 after the
 * arrival, or the day an extension asks for) and a real-name lead's result notice are computed here.
 */

async function findInquiry(ctx: ApiContext, actor: Actor, leadId: string) {
  const lead = await findVisibleLead(ctx, actor, leadId);
  const inquiry = await ctx.db.talkInquiry.findUnique({ where: { leadId } });
  if (!inquiry) throw notFound(`该线索没有谈话函询 / lead ${leadId} is not under talk inquiry`);
  return { lead, inquiry };
}

const update = <I>(ctx: ApiContext, inquiry: TalkInquiry, def: UpdateDefinition<TalkInquiryView, [I]>, input: I) =>
  callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(inquiry.workflowId).executeUpdate(def, { args: [input] }));

const notAfterToday = (ctx: ApiContext, days: { path: string; day: string }[]) => {
  const today = ctx.calendar.shanghaiDate(ctx.clock());
  const late = days.filter((d) => d.day > today);
  if (late.length) throw unprocessable('date-in-future', '日期不能晚于今天 / a day recorded has not come yet', late.map((d) => ({ path: d.path, message: `after today (${today})` })));
};

export async function talkInquiryDetail(ctx: ApiContext, actor: Actor, leadId: string): Promise<TalkInquiryDetail> {
  const { inquiry } = await findInquiry(ctx, actor, leadId);
  const events = await ctx.db.talkInquiryEvent.findMany({ where: { leadId }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] });
  const rule = inquiry.replyRule as unknown as DeadlineRule | null;
  return {
    leadId,
    number: inquiry.number,
    workflowId: inquiry.workflowId,
    unitId: inquiry.unitId,
    groupId: inquiry.groupId,
    handlerId: inquiry.handlerId,
    state: inquiry.state as TalkInquiryState,
    stateLabel: TALK_INQUIRY_STATES[inquiry.state as TalkInquiryState],
    form: inquiry.form,
    replyDueAt: inquiry.replyDueAt?.toISOString() ?? null,
    replyDueRule: rule ? deadlineRuleText(rule.due, ctx.calendar) : null,
    pendingExtension: inquiry.pendingExtension,
    replyReceivedOn: inquiry.replyReceivedOn,
    evaluation: inquiry.evaluation,
    completedAt: inquiry.completedAt?.toISOString() ?? null,
    timeline: events.map((e) => ({ kind: e.kind, actorId: e.actorId, at: e.at.toISOString(), detail: e.detail ?? null })),
    links: {
      self: `/talk-inquiries/${encodeURIComponent(leadId)}`,
      lead: `/leads/${encodeURIComponent(leadId)}`,
      workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, inquiry.workflowId),
    },
  };
}

/** 函询 or 谈话 recorded by the handler: its days not after today, whoever held a talk a registry person; the reply due 15 工作日 after. */
export async function recordInquiryForm(ctx: ApiContext, actor: Actor, leadId: string, body: RecordInquiryFormBody): Promise<TalkInquiryView> {
  const { inquiry } = await findInquiry(ctx, actor, leadId);
  requireHandlerRole(actor);
  const from = body.form === 'letter' ? { path: 'arrivedOn', day: body.arrivedOn } : { path: 'heldOn', day: body.heldOn };
  notAfterToday(ctx, body.form === 'letter' ? [{ path: 'sentOn', day: body.sentOn }, from] : [from]);
  if (body.form === 'talk') await requirePeople(ctx, [{ path: 'heldById', id: body.heldById }]);
  const replyDue = calendarGuard(from.path, () => deadlineByRule(replyRule(from.day), ctx.calendar));
  return update(ctx, inquiry, recordInquiryFormUpdate, { ...body, actor, replyDue });
}

/** 延期申请 by the handler: to 24:00 of the day asked (the workflow refuses a day not later than the deadline). */
export async function requestReplyExtension(ctx: ApiContext, actor: Actor, leadId: string, body: RequestReplyExtensionBody): Promise<TalkInquiryView> {
  const { inquiry } = await findInquiry(ctx, actor, leadId);
  requireHandlerRole(actor);
  const replyDue = calendarGuard('dueOn', () => deadlineByRule(extendedReplyRule(body.dueOn, (d) => ctx.calendar.endOfDay(d)), ctx.calendar));
  return update(ctx, inquiry, requestReplyExtensionUpdate, { ...body, actor, replyDue });
}

export async function decideReplyExtension(ctx: ApiContext, actor: Actor, leadId: string, body: DecideReplyExtensionBody): Promise<TalkInquiryView> {
  const { inquiry } = await findInquiry(ctx, actor, leadId);
  await requireCommissionLeaderOver(ctx, actor, inquiry.groupId);
  return update(ctx, inquiry, decideReplyExtensionUpdate, { ...body, actor });
}

export async function recordInquiryReply(ctx: ApiContext, actor: Actor, leadId: string, body: RecordInquiryReplyBody): Promise<TalkInquiryView> {
  const { inquiry } = await findInquiry(ctx, actor, leadId);
  requireHandlerRole(actor);
  notAfterToday(ctx, [{ path: 'receivedOn', day: body.receivedOn }]);
  return update(ctx, inquiry, recordInquiryReplyUpdate, { ...body, actor });
}

/** 评估 proposed by the handler: an accepted reply's measures held by registry people, not after today. */
export async function proposeInquiryEvaluation(ctx: ApiContext, actor: Actor, leadId: string, body: ProposeInquiryEvaluationBody): Promise<TalkInquiryView> {
  const { inquiry } = await findInquiry(ctx, actor, leadId);
  requireHandlerRole(actor);
  const measures = body.verdict === 'accepted' ? body.measures : [];
  notAfterToday(ctx, measures.map((m, i) => ({ path: `measures.${i}.heldOn`, day: m.heldOn })));
  await requirePeople(ctx, measures.map((m, i) => ({ path: `measures.${i}.heldById`, id: m.heldById })));
  return update(ctx, inquiry, proposeInquiryEvaluationUpdate, { ...body, measures, actor });
}

/** 报批: approved (a real-name lead's result notice due 15 工作日 from now when the reply is accepted), or returned. */
export async function decideInquiryEvaluation(ctx: ApiContext, actor: Actor, leadId: string, body: DecideInquiryEvaluationBody): Promise<TalkInquiryView> {
  const { lead, inquiry } = await findInquiry(ctx, actor, leadId);
  await requireCommissionLeaderOver(ctx, actor, inquiry.groupId);
  if (body.decision === 'return') return update(ctx, inquiry, decideInquiryEvaluationUpdate, { ...body, actor });
  const accepted = (inquiry.evaluation as { verdict?: string } | null)?.verdict === 'accepted';
  return update(ctx, inquiry, decideInquiryEvaluationUpdate, { ...body, actor, resultNoticeDue: accepted ? await resultNoticeDueNow(ctx, lead) : null });
}
