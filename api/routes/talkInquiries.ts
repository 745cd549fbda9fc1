import { LEAD_HANDLER_ROLES } from '../../domain/leads';
import {
  DecideInquiryEvaluationBody,
  DecideReplyExtensionBody,
  ProposeInquiryEvaluationBody,
  RecordInquiryFormBody,
  RecordInquiryReplyBody,
  RequestReplyExtensionBody,
  TalkInquiryDetail,
  TalkInquiryParams,
  TalkInquiryWorkflowView,
} from '../schemas/talkInquiries';
import { decideInquiryEvaluation, decideReplyExtension, proposeInquiryEvaluation, recordInquiryForm, recordInquiryReply, requestReplyExtension, talkInquiryDetail } from '../services/talkInquiries';
import { handlerStepRefusals, overseerStepRefusals } from './refusals';
import { route } from './table';

// the lead's visibility, decided in api/services/leads.ts: outside the commission and the unit's group the inquiry does not exist
const HIDDEN = 'no such lead or no talk inquiry of it, or the caller is neither of the commission nor of the stationed group of its unit (units never see a lead): it does not exist for them';
const BY_HANDLER = handlerStepRefusals(HIDDEN);
const BY_LEADER = overseerStepRefusals(HIDDEN);
const AFTER = { status: 200, description: 'the talk inquiry’s workflow after the step', schema: TalkInquiryWorkflowView } as const;
const FUTURE = { description: 'a day recorded that has not come yet', kinds: ['date-in-future'] };

/** 谈话函询 of a lead: the letter or talk, the written reply within 15 工作日 (extended on approval), the evaluation and its 报批. */
export const talkInquiryRoutes = [
  route({
    method: 'get',
    path: '/talk-inquiries/{leadId}',
    summary: '谈话函询详情 the talk inquiry of a lead: its state, form, the reply’s deadline and rule, the evaluation and timeline',
    scope: 'lead',
    params: TalkInquiryParams,
    response: { status: 200, description: 'the talk inquiry', schema: TalkInquiryDetail },
    refusals: { 404: HIDDEN },
    run: (ctx, { actor, params }) => talkInquiryDetail(ctx, actor, params.leadId),
  }),
  route({
    method: 'post',
    path: '/talk-inquiries/{leadId}/form',
    summary: '函询或谈话 the handler records the letter sent and the day it arrived, or the talk held: the written reply is due 15 工作日 after',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: TalkInquiryParams,
    body: RecordInquiryFormBody,
    response: AFTER,
    callsTemporal: true,
    refusals: { ...BY_HANDLER, 422: { description: 'a day that has not come yet, whoever held the talk not an active person, no holiday data for the deadline', kinds: ['date-in-future', 'unknown-person', 'calendar-data-missing'] } },
    run: (ctx, { actor, params, body }) => recordInquiryForm(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/talk-inquiries/{leadId}/extension-request',
    summary: '申请延期 the handler asks for more time for the reply: why, and the day it is now due',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: TalkInquiryParams,
    body: RequestReplyExtensionBody,
    response: AFTER,
    callsTemporal: true,
    refusals: { ...BY_HANDLER, 422: { description: 'no holiday data for the day asked', kinds: ['calendar-data-missing'] } },
    run: (ctx, { actor, params, body }) => requestReplyExtension(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/talk-inquiries/{leadId}/extension-decision',
    summary: '审批延期 the commission leader over the lead’s group grants the extension (the reply’s deadline moves) or refuses it with a reason',
    scope: 'lead',
    roles: ['COMMISSION_LEADER'],
    rolesCheckedAfterVisibility: true,
    params: TalkInquiryParams,
    body: DecideReplyExtensionBody,
    response: AFTER,
    callsTemporal: true,
    refusals: BY_LEADER,
    run: (ctx, { actor, params, body }) => decideReplyExtension(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/talk-inquiries/{leadId}/reply',
    summary: '收到书面说明 the handler records the written reply: the day, and what it says',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: TalkInquiryParams,
    body: RecordInquiryReplyBody,
    response: AFTER,
    callsTemporal: true,
    refusals: { ...BY_HANDLER, 422: FUTURE },
    run: (ctx, { actor, params, body }) => recordInquiryReply(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/talk-inquiries/{leadId}/evaluation',
    summary: '评估 the handler proposes the group’s evaluation of the reply: 采信了结 (with any 第一种形态 measures) or 转初步核实',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: TalkInquiryParams,
    body: ProposeInquiryEvaluationBody,
    response: AFTER,
    callsTemporal: true,
    refusals: { ...BY_HANDLER, 422: { description: 'a measure held on a day not yet come, or by someone not an active person', kinds: ['date-in-future', 'unknown-person'] } },
    run: (ctx, { actor, params, body }) => proposeInquiryEvaluation(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/talk-inquiries/{leadId}/evaluation-decision',
    summary: '报批 the commission leader over the lead’s group approves the evaluation (采信: the lead is closed, its measures recorded; otherwise it goes to 初步核实) or returns it',
    scope: 'lead',
    roles: ['COMMISSION_LEADER'],
    rolesCheckedAfterVisibility: true,
    params: TalkInquiryParams,
    body: DecideInquiryEvaluationBody,
    response: AFTER,
    callsTemporal: true,
    refusals: { ...BY_LEADER, 422: { description: 'no holiday data for the result notice’s deadline', kinds: ['calendar-data-missing'] } },
    run: (ctx, { actor, params, body }) => decideInquiryEvaluation(ctx, actor, params.leadId, body),
  }),
];
