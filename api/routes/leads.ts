import { IdempotencyHeaders } from '../schemas/common';
import {
  DecideLeadAcceptanceBody,
  LeadDetail,
  LeadList,
  LeadParams,
  LeadReporterView,
  LeadWorkflowView,
  ListLeadsQuery,
  RecordReporterNoticeBody,
  RegisterLeadBody,
  RegisterLeadResponse,
} from '../schemas/leads';
import { decideLeadAcceptance, leadDetail, listLeads, readReporter, recordReporterNotice, registerLead } from '../services/leads';
import { REPLAY_HEADER_DOC, replayHeaders } from '../services/idempotency';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';

// who may know of which lead is decided in the service, in one place: outside the commission and the unit's group a lead does not exist
const HIDDEN = 'no such lead, or the caller is neither of the commission nor of the stationed group of its unit (units never see a lead): it does not exist for them';

/** 问题线索: registered, then accepted (受理) or forwarded (转办) by its handler within 5 工作日. */
export const leadRoutes = [
  route({
    method: 'post',
    path: '/leads',
    summary: '问题线索登记 register a lead: its source, unit, persons concerned, summary, handler, and for a complaint its (sealed) reporter; Idempotency-Key honoured',
    description: 'The lead gets the next 统一编号 of the year (XS-2026-0012). The reporter is stored apart from the lead and is in no answer but GET /leads/{id}/reporter, nor in the lead’s workflow, its emails or the logs.',
    roles: ['STAFF', 'GROUP_LEADER', 'GROUP_MEMBER'],
    headers: IdempotencyHeaders,
    body: RegisterLeadBody,
    response: { status: 202, description: 'recorded, its workflow started (Location: the lead)', schema: RegisterLeadResponse },
    callsTemporal: true,
    refusals: {
      403: 'a group member registering a lead of a unit outside their group',
      422: {
        description: 'a channel not of its source, a reporter on a lead that is not a complaint, a real-name lead without its reporter, receivedAt in the future, an unknown unit or finding, a handler who is neither of the unit’s group nor commission staff, no holiday data, Idempotency-Key reused',
        kinds: ['channel-not-of-source', 'reporter-not-of-source', 'reporter-missing', 'received-in-future', 'unknown-scope', 'unknown-finding', 'handler-not-eligible', 'calendar-data-missing', 'idempotency-key-reused'],
      },
    },
    run: (ctx, { actor, body, headers, requestId }) => registerLead(ctx, { actor, body, idempotencyKey: headers['Idempotency-Key'], requestId }),
    location: (registered) => registered.links.self,
    responseHeaders: { documented: REPLAY_HEADER_DOC, of: (registered) => replayHeaders(registered) },
  }),
  route({
    method: 'get',
    path: '/leads',
    summary: '线索台账 the ledger: leads the caller may see, newest received first, filtered and paged, each with its 三色预警 on acceptance',
    scope: 'lead',
    query: ListLeadsQuery,
    response: { status: 200, description: 'a page of leads and the count of each colour', schema: LeadList },
    refusals: { 404: 'unit roles: the ledger does not exist for them' },
    run: (ctx, { actor, query }) => listLeads(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/leads/{id}',
    summary: '问题线索详情 the lead and its timeline: whether a reporter is on file, never who',
    scope: 'lead',
    params: LeadParams,
    response: { status: 200, description: 'the lead', schema: LeadDetail },
    refusals: { 404: HIDDEN },
    run: (ctx, { actor, params }) => leadDetail(ctx, actor, params.id),
  }),
  route({
    method: 'get',
    path: '/leads/{id}/reporter',
    summary: '举报人信息 the sealed reporter: for the lead’s handler and commission leaders only; every read is audited (lead.reporter_read)',
    description: 'Anyone else of the roles listed (not the handler, not a commission leader) gets 404, as for a lead they may not see. The matrix shows each role as the handler of the lead it is tried on.',
    scope: 'lead',
    roles: ['STAFF', 'COMMISSION_LEADER', 'GROUP_LEADER', 'GROUP_MEMBER'],
    rolesCheckedAfterVisibility: true,
    params: LeadParams,
    response: { status: 200, description: 'the reporter', schema: LeadReporterView },
    refusals: { 404: `${HIDDEN}; or the caller is not its handler nor a commission leader; or no reporter is on file` },
    run: (ctx, { actor, params, requestId }) => readReporter(ctx, actor, params.id, requestId),
  }),
  route({
    method: 'post',
    path: '/leads/{id}/acceptance',
    summary: '受理或转办 the handler accepts the lead, or forwards it (to whom, why), within 5 工作日 of receipt',
    scope: 'lead',
    roles: ['STAFF', 'GROUP_LEADER', 'GROUP_MEMBER'],
    rolesCheckedAfterVisibility: true,
    params: LeadParams,
    body: DecideLeadAcceptanceBody,
    response: { status: 200, description: 'the lead’s workflow after the step', schema: LeadWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'a commission leader (who sees the lead but handles none)', 404: HIDDEN, 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => decideLeadAcceptance(ctx, actor, params.id, body),
  }),
  route({
    method: 'post',
    path: '/leads/{id}/reporter-notices',
    summary: '告知实名举报人 the handler records that the real-name reporter was told of receipt (受理告知) or of the result: how and when',
    scope: 'lead',
    roles: ['STAFF', 'GROUP_LEADER', 'GROUP_MEMBER'],
    rolesCheckedAfterVisibility: true,
    params: LeadParams,
    body: RecordReporterNoticeBody,
    response: { status: 200, description: 'the lead’s workflow after the step', schema: LeadWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'a commission leader (who sees the lead but handles none)', 404: HIDDEN, 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => recordReporterNotice(ctx, actor, params.id, body),
  }),
];
