import { LEAD_HANDLER_ROLES } from '../../domain/leads';
import { IdempotencyHeaders } from '../schemas/common';
import {
  ClearanceDetail,
  ClearanceList,
  ClearanceParams,
  ClearanceWorkflowView,
  DecideClearanceBody,
  RecordClearanceDoneBody,
  RecordReporterCorrectionBody,
  StartClearanceBody,
  StartClearanceResponse,
} from '../schemas/clearances';
import { clearanceDetail, decideClearance, listClearances, recordClearanceDone, recordReporterCorrection, startClearance } from '../services/clearances';
import { REPLAY_HEADER_DOC, replayHeaders } from '../services/idempotency';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';

const HIDDEN = 'no such clearance, or the caller is neither of the commission nor of the stationed group of its unit (units never see one)';

/** 澄清正名: the accused of a false accusation cleared on approval; the reporter criticised or their self-criticism received. */
export const clearanceRoutes = [
  route({
    method: 'post',
    path: '/clearances',
    summary: '澄清正名 propose clearing the accused of a lead whose check ended false_accusation: their consent, the form, who is told, the reporter’s correction; Idempotency-Key honoured',
    description: 'Named by its lead’s number. Put to the commission leader over the group; its workflow carries the lead’s id and the kind of correction, never the reporter.',
    roles: [...LEAD_HANDLER_ROLES],
    headers: IdempotencyHeaders,
    body: StartClearanceBody,
    response: { status: 202, description: 'recorded, its workflow started (Location: the clearance)', schema: StartClearanceResponse },
    callsTemporal: true,
    refusals: {
      404: 'no such lead, or one the caller may not see',
      409: { description: 'the lead’s outcome is not false_accusation, or it already has a clearance', kinds: ['lead-not-false-accusation', 'clearance-exists'] },
      422: { description: 'consent after today, a correction where no reporter is on file, Idempotency-Key reused', kinds: ['consent-in-future', 'reporter-not-on-file', 'idempotency-key-reused'] },
    },
    run: (ctx, { actor, body, headers, requestId }) => startClearance(ctx, { actor, body, idempotencyKey: headers['Idempotency-Key'], requestId }),
    location: (made) => made.links.self,
    responseHeaders: { documented: REPLAY_HEADER_DOC, of: (made) => replayHeaders(made) },
  }),
  route({
    method: 'get',
    path: '/clearances',
    summary: '澄清正名台账 the clearances the caller may see, newest first',
    scope: 'lead',
    response: { status: 200, description: 'the clearances', schema: ClearanceList },
    refusals: { 404: 'unit roles: the list does not exist for them' },
    run: (ctx, { actor }) => listClearances(ctx, actor),
  }),
  route({
    method: 'get',
    path: '/clearances/{id}',
    summary: '澄清正名详情 the clearance, its deadlines and timeline; whether the reporter was corrected, never who they are',
    scope: 'lead',
    params: ClearanceParams,
    response: { status: 200, description: 'the clearance', schema: ClearanceDetail },
    refusals: { 404: HIDDEN },
    run: (ctx, { actor, params }) => clearanceDetail(ctx, actor, params.id),
  }),
  route({
    method: 'post',
    path: '/clearances/{id}/decision',
    summary: '审批澄清正名 the commission leader over the group approves (both deadlines start) or rejects',
    scope: 'lead',
    roles: ['COMMISSION_LEADER'],
    rolesCheckedAfterVisibility: true,
    params: ClearanceParams,
    body: DecideClearanceBody,
    response: { status: 200, description: 'the clearance’s workflow after the step', schema: ClearanceWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'anyone but a commission leader; a commission leader not over the group', 404: HIDDEN, 409: STATE_CONFLICT, 422: { description: 'no holiday data for the deadlines', kinds: ['calendar-data-missing'] } },
    run: (ctx, { actor, params, body }) => decideClearance(ctx, actor, params.id, body),
  }),
  route({
    method: 'post',
    path: '/clearances/{id}/done',
    summary: '澄清正名完成 the lead’s handler records the clearance done: when and how',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: ClearanceParams,
    body: RecordClearanceDoneBody,
    response: { status: 200, description: 'the clearance’s workflow after the step', schema: ClearanceWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'a commission leader', 404: HIDDEN, 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => recordClearanceDone(ctx, actor, params.id, body),
  }),
  route({
    method: 'post',
    path: '/clearances/{id}/reporter-correction',
    summary: '举报人批评教育/书面检讨 the handler records the reporter’s 批评教育 given or 书面检讨 received',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: ClearanceParams,
    body: RecordReporterCorrectionBody,
    response: { status: 200, description: 'the clearance’s workflow after the step', schema: ClearanceWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'a commission leader', 404: HIDDEN, 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => recordReporterCorrection(ctx, actor, params.id, body),
  }),
];
