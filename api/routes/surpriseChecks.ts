import { IdempotencyHeaders } from '../schemas/common';
import {
  CancelSurpriseCheckBody,
  LaunchSurpriseCheckBody,
  LaunchSurpriseCheckResponse,
  ListSurpriseChecksQuery,
  RecordResultBody,
  SampleProof,
  SurpriseCheckDetail,
  SurpriseCheckList,
  SurpriseCheckParams,
  SurpriseCheckWorkflowView,
  SurpriseTargetParams,
} from '../schemas/surpriseChecks';
import { cancelSurpriseCheck, launchSurpriseCheck, listSurpriseChecks, recordResult, sampleProof, surpriseCheckDetail } from '../services/surpriseChecks';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';
import { REPLAY_HEADER_DOC, replayHeaders } from '../services/idempotency';

// who may see which check (sealing) is decided in the service, in one place: a sealed check is 404 outside the commission
const SEALED = 'no such check, or sealed (not started) and the caller is outside the commission: it does not exist for them';

/** 突击抽查: planned sealed, started at startsAt, results per unit. */
export const surpriseCheckRoutes = [
  route({
    method: 'post',
    path: '/surprise-checks',
    summary: '部署突击抽查 plan a surprise check on named units or a seeded random sample; Idempotency-Key honoured',
    roles: ['STAFF'],
    headers: IdempotencyHeaders,
    body: LaunchSurpriseCheckBody,
    response: { status: 202, description: 'recorded, its workflow started; sealed until startsAt (Location: the check)', schema: LaunchSurpriseCheckResponse },
    callsTemporal: true,
    refusals: {
      422: {
        description: 'startsAt not ahead, deadline not after startsAt, unknown group or unit, sample larger than its scope, Idempotency-Key reused with another body',
        kinds: ['starts-in-past', 'deadline-before-start', 'unknown-scope', 'empty-scope', 'sample-too-large', 'calendar-data-missing', 'idempotency-key-reused'],
      },
    },
    run: (ctx, { actor, body, headers, requestId }) => launchSurpriseCheck(ctx, { actor, body, idempotencyKey: headers['Idempotency-Key'], requestId }),
    location: (launched) => launched.links.self,
    responseHeaders: { documented: REPLAY_HEADER_DOC, of: (launched) => replayHeaders(launched) },
  }),
  route({
    method: 'get',
    path: '/surprise-checks',
    summary: '突击抽查列表 checks visible to the caller: all for the commission, started ones of their units for a group',
    scope: 'sealed',
    query: ListSurpriseChecksQuery,
    response: { status: 200, description: 'checks, newest first', schema: SurpriseCheckList },
    refusals: { 404: 'unit roles: the list does not exist for them' },
    run: (ctx, { actor, query, requestId }) => listSurpriseChecks(ctx, actor, query, requestId),
  }),
  route({
    method: 'get',
    path: '/surprise-checks/{id}',
    summary: '突击抽查详情 the check and the targets the caller may see',
    scope: 'sealed',
    params: SurpriseCheckParams,
    response: { status: 200, description: 'the check', schema: SurpriseCheckDetail },
    refusals: { 404: SEALED },
    run: (ctx, { actor, params, requestId }) => surpriseCheckDetail(ctx, actor, params.id, requestId),
  }),
  route({
    method: 'get',
    path: '/surprise-checks/{id}/sample-proof',
    summary: '抽样复核 draw the sample again from its recorded seed and say whether it matches',
    scope: 'sealed',
    roles: ['STAFF', 'COMMISSION_LEADER'],
    rolesCheckedAfterVisibility: true,
    params: SurpriseCheckParams,
    response: { status: 200, description: 'the re-draw', schema: SampleProof },
    refusals: { 403: 'a group that sees the check (started, of its units)', 404: SEALED, 409: { description: 'the check names its units, or its sample is not drawn yet', kinds: ['not-sampled', 'sample-not-drawn'] } },
    run: (ctx, { actor, params, requestId }) => sampleProof(ctx, actor, params.id, requestId),
  }),
  route({
    method: 'post',
    path: '/surprise-checks/{id}/results/{unitId}',
    summary: '录入抽查结果 found (becomes a finding, whose rectification starts at once) or not found, for one unit (the unit’s stationed group)',
    scope: 'sealed',
    roles: ['GROUP_LEADER', 'GROUP_MEMBER'],
    rolesCheckedAfterVisibility: true,
    params: SurpriseTargetParams,
    body: RecordResultBody,
    response: { status: 200, description: 'recorded', schema: SurpriseCheckWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'the commission (it sees the check but records no result)', 404: `${SEALED}; or the unit is not a target visible to the caller`, 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => recordResult(ctx, actor, params.id, params.unitId, body),
  }),
  route({
    method: 'post',
    path: '/surprise-checks/{id}/cancel',
    summary: '撤销突击抽查 cancel before or after the start; before it, the check stays sealed for good',
    scope: 'sealed',
    roles: ['STAFF'],
    rolesCheckedAfterVisibility: true,
    params: SurpriseCheckParams,
    body: CancelSurpriseCheckBody,
    response: { status: 200, description: 'the check after cancelling', schema: SurpriseCheckWorkflowView },
    callsTemporal: true,
    refusals: { 403: 'a role that sees the check but may not cancel it', 404: SEALED, 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => cancelSurpriseCheck(ctx, actor, params.id, body.reason),
  }),
];
