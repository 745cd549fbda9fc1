import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  CampaignList,
  CampaignParams,
  CampaignRollup,
  CampaignWorkflowView,
  CancelBody,
  DecisionBody,
  LaunchCampaignBody,
  LaunchCampaignResponse,
  ListCampaignsQuery,
} from './schemas/campaigns';
import { Problem } from './schemas/common';
import { InspectionDetail, InspectionParams, InspectionWorkflowView, ReviewBody, SubmitReportBody } from './schemas/inspections';
import { z } from './schemas/zod';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

/** The refusals every authenticated route can give; each route adds its own. */
const refusals = {
  400: problem('the body or query does not match the schema; `errors` names each field'),
  401: problem('missing, invalid or revoked bearer token'),
  403: problem('the role or scope of the caller does not allow this'),
  404: problem('no such campaign or unit, or not visible to the caller'),
};
const stateConflict = { 409: problem("the workflow is not in a state where this step is allowed (the validator's message is the detail)") };

function register(registry: OpenAPIRegistry, route: Omit<RouteConfig, 'security'>): void {
  registry.registerPath({ ...route, security: [{ bearer: [] }] });
}

/** OpenAPI 3.1 generated from the same zod schemas that parse the requests. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'personal API token' });

  register(registry, {
    method: 'post',
    path: '/campaigns',
    summary: '发起专项督查 launch a special campaign (STAFF)',
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().optional() }),
      body: { content: { 'application/json': { schema: LaunchCampaignBody } } },
    },
    responses: {
      202: json(LaunchCampaignResponse, 'recorded and its workflow started; awaiting the approver'),
      ...refusals,
      413: problem('body larger than 100kb'),
      422: problem('unknown approver, group or unit; deadline in the past or in a year without holiday data; Idempotency-Key reused'),
    },
  });
  register(registry, {
    method: 'get',
    path: '/campaigns',
    summary: '专项督查列表 campaigns visible to the caller, newest first',
    request: { query: ListCampaignsQuery },
    responses: { 200: json(CampaignList, 'campaigns'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/campaigns/{id}',
    summary: '督查汇总 roll-up per group and unit, limited to the units the caller may see',
    request: { params: CampaignParams },
    responses: { 200: json(CampaignRollup, 'roll-up'), ...refusals },
  });
  register(registry, {
    method: 'post',
    path: '/campaigns/{id}/decision',
    summary: '审批方案 approve or reject the plan (COMMISSION_LEADER)',
    request: { params: CampaignParams, body: { content: { 'application/json': { schema: DecisionBody } } } },
    responses: { 200: json(CampaignWorkflowView, 'the campaign after the decision'), ...refusals, ...stateConflict },
  });
  register(registry, {
    method: 'post',
    path: '/campaigns/{id}/cancel',
    summary: '撤销专项督查 cancel the campaign and every unit inspection (STAFF)',
    request: { params: CampaignParams, body: { content: { 'application/json': { schema: CancelBody } } } },
    responses: { 200: json(CampaignWorkflowView, 'the campaign after cancelling'), ...refusals, ...stateConflict },
  });
  register(registry, {
    method: 'get',
    path: '/inspections/{campaignId}/{unitId}',
    summary: '单位自查详情 one unit’s inspection with its submissions, reviews and findings',
    request: { params: InspectionParams },
    responses: { 200: json(InspectionDetail, 'the inspection'), ...refusals },
  });
  register(registry, {
    method: 'post',
    path: '/inspections/{campaignId}/{unitId}/report',
    summary: '提交自查报告 submit the self-inspection report (the unit’s UNIT_CONTACT)',
    request: { params: InspectionParams, body: { content: { 'application/json': { schema: SubmitReportBody } } } },
    responses: { 200: json(InspectionWorkflowView, 'submitted, under review'), ...refusals, ...stateConflict },
  });
  register(registry, {
    method: 'post',
    path: '/inspections/{campaignId}/{unitId}/review',
    summary: '审核自查报告 accept (with findings) or return with a new deadline (the unit’s stationed group)',
    request: { params: InspectionParams, body: { content: { 'application/json': { schema: ReviewBody } } } },
    responses: {
      200: json(InspectionWorkflowView, 'reviewed'),
      ...refusals,
      ...stateConflict,
      422: problem('new deadline in the past or in a year without holiday data'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/health',
    summary: 'PostgreSQL and Temporal reachable',
    responses: {
      200: json(z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.string()) }), 'both answer'),
      503: json(z.object({ status: z.literal('unavailable'), checks: z.record(z.string(), z.string()) }), 'one does not'),
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: '探头 tantou API', version: '0.1.0', description: '专项督查 special campaigns of the district discipline-inspection commission' },
  });
}
