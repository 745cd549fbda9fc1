import { CampaignList, CampaignParams, CampaignRollup, CampaignRollupQuery, CampaignWorkflowView, CancelCampaignBody, ApprovalBody, LaunchCampaignBody, LaunchCampaignResponse, ListCampaignsQuery } from '../schemas/campaigns';
import { IdempotencyHeaders } from '../schemas/common';
import { campaignRollup, cancelCampaign, decideApproval, launchCampaign, listCampaigns } from '../services/campaigns';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';
import { REPLAY_HEADER_DOC, replayHeaders } from '../services/idempotency';

/** 专项督查: launch, approval, cancelling and the roll-up. */
export const campaignRoutes = [
  route({
    method: 'post',
    path: '/campaigns',
    summary: '发起专项督查 launch a special campaign; Idempotency-Key honoured',
    roles: ['STAFF'],
    headers: IdempotencyHeaders,
    body: LaunchCampaignBody,
    response: { status: 202, description: 'recorded and its workflow started; awaiting the approver (Location: the campaign)', schema: LaunchCampaignResponse },
    callsTemporal: true,
    refusals: {
      422: {
        description: 'unknown approver, group or unit; a group without units; deadline in the past or in a year without holiday data; rungs that do not climb; Idempotency-Key reused with another body',
        kinds: ['unknown-approver', 'unknown-scope', 'empty-scope', 'deadline-in-past', 'calendar-data-missing', 'invalid-ladder', 'idempotency-key-reused'],
      },
    },
    run: (ctx, { actor, body, headers, requestId }) => launchCampaign(ctx, { actor, body, idempotencyKey: headers['Idempotency-Key'], requestId }),
    location: (launched) => launched.links.self,
    responseHeaders: { documented: REPLAY_HEADER_DOC, of: (launched) => replayHeaders(launched) },
  }),
  route({
    method: 'get',
    path: '/campaigns',
    summary: '专项督查列表 campaigns visible to the caller, newest first',
    query: ListCampaignsQuery,
    response: { status: 200, description: 'campaigns', schema: CampaignList },
    run: (ctx, { actor, query }) => listCampaigns(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/campaigns/{id}',
    summary: '督查汇总 roll-up: counts per state and group, and a page of units (filters: group, state), limited to the units the caller may see',
    scope: 'unit',
    params: CampaignParams,
    query: CampaignRollupQuery,
    response: { status: 200, description: 'roll-up', schema: CampaignRollup },
    refusals: { 404: 'no such campaign, or none of its units is visible to the caller' },
    run: (ctx, { actor, params, query }) => campaignRollup(ctx, actor, params.id, query),
  }),
  route({
    method: 'post',
    path: '/campaigns/{id}/decision',
    summary: '审批 approve or reject the campaign put to approval (decideApproval)',
    scope: 'unit',
    roles: ['COMMISSION_LEADER'],
    params: CampaignParams,
    body: ApprovalBody,
    response: { status: 200, description: 'the campaign after the decision', schema: CampaignWorkflowView },
    callsTemporal: true,
    refusals: { 404: 'no such campaign', 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => decideApproval(ctx, params.id, { actor, ...body }),
  }),
  route({
    method: 'post',
    path: '/campaigns/{id}/cancel',
    summary: '撤销专项督查 cancel the campaign and every unit inspection',
    scope: 'unit',
    roles: ['STAFF'],
    params: CampaignParams,
    body: CancelCampaignBody,
    response: { status: 200, description: 'the campaign after cancelling', schema: CampaignWorkflowView },
    callsTemporal: true,
    refusals: { 404: 'no such campaign', 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => cancelCampaign(ctx, params.id, { actor, reason: body.reason }),
  }),
];
