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
} from './schemas/surpriseChecks';
import {
  AcceptanceBody,
  ExtensionBody,
  ExtensionDecisionBody,
  ListRectificationsQuery,
  PlanReviewBody,
  ProgressBody,
  RectificationDetail,
  RectificationList,
  RectificationParams,
  RectificationWorkflowView,
  RevisitBody,
  SubmitPlanBody,
} from './schemas/rectifications';
import {
  ChangeCadenceBody,
  CreateRoutineCyclesBody,
  ListRoutineCyclesQuery,
  RecordObservationBody,
  RoutineCycleDetail,
  RoutineCycleList,
  RoutineCycleParams,
  RoutineRunDetail,
  RoutineRunList,
  RoutineRunParams,
  RoutineRunWorkflowView,
} from './schemas/routineCycles';
import { OverdueList, UnitOverview, UnitParams } from './schemas/overview';
import {
  AuditStepParams,
  AuditTemplateCatalogue,
  CancelAuditBody,
  FileAuditStepBody,
  LaunchTargetedAuditBody,
  LaunchTargetedAuditResponse,
  ListTargetedAuditsQuery,
  ReviewAuditStepBody,
  TargetedAuditDetail,
  TargetedAuditList,
  TargetedAuditParams,
  TargetedAuditWorkflowView,
} from './schemas/targetedAudits';
import {
  CreateRotaBody,
  FileRecordBody,
  ListRotasQuery,
  ListTurnsQuery,
  RotaDetail,
  RotaList,
  RotaParams,
  RotaView,
  TurnDetail,
  TurnList,
  TurnParams,
  TurnWorkflowView,
} from './schemas/selfSupervision';
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

/** 自我监督: rotas on Temporal Schedules (staff steer them), and the turns they start. */
function registerSelfSupervision(registry: OpenAPIRegistry): void {
  const rotaRefusals = { ...refusals, 404: problem('no such rota, or not visible to the caller'), 409: problem('the rota has been deleted') };
  register(registry, {
    method: 'post',
    path: '/self-supervision-rotas',
    summary: '设置自我监督轮值 one rota (a Temporal Schedule in Asia/Shanghai, weekly by default) for a unit’s leadership members (STAFF)',
    request: { body: { content: { 'application/json': { schema: CreateRotaBody } } } },
    responses: { 201: json(RotaView, 'the rota'), ...refusals, 409: problem('the unit already has a rota'), 422: problem('unknown unit; a member who is not of the unit’s leadership; a unit without leadership members') },
  });
  register(registry, {
    method: 'get',
    path: '/self-supervision-rotas',
    summary: '自我监督轮值列表 rotas of the units the caller may see, newest first',
    request: { query: ListRotasQuery },
    responses: { 200: json(RotaList, 'rotas'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/self-supervision-rotas/{id}',
    summary: '自我监督轮值详情 the rota, its Schedule (next run times), who is on duty next and its recent turns',
    request: { params: RotaParams },
    responses: { 200: json(RotaDetail, 'the rota'), ...rotaRefusals },
  });
  for (const [method, path, summary] of [
    ['post', '/self-supervision-rotas/{id}/pause', '暂停 pause the Schedule (STAFF)'],
    ['post', '/self-supervision-rotas/{id}/resume', '恢复 resume the Schedule (STAFF)'],
    ['delete', '/self-supervision-rotas/{id}', '删除 delete the Schedule; the rota stays on record as deleted, started turns finish (STAFF)'],
  ] as const) {
    register(registry, { method, path, summary, request: { params: RotaParams }, responses: { 200: json(RotaDetail, 'the rota'), ...rotaRefusals } });
  }
  register(registry, {
    method: 'post',
    path: '/self-supervision-rotas/{id}/trigger',
    summary: '立即触发 start the next turn now (Location: the rota’s turns) (STAFF)',
    request: { params: RotaParams },
    responses: { 202: json(z.object({ rotaId: z.string(), triggeredAt: z.string() }), 'the Schedule was asked to start a turn'), ...rotaRefusals },
  });
  register(registry, {
    method: 'get',
    path: '/self-supervision-turns',
    summary: '自我监督轮次列表 turns of the units the caller may see, by unit and/or rota, newest first',
    request: { query: ListTurnsQuery },
    responses: { 200: json(TurnList, 'turns'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/self-supervision-turns/{turnId}',
    summary: '自我监督轮次详情 the turn, its record and the workflow’s answer (id URL-encoded)',
    request: { params: TurnParams },
    responses: { 200: json(TurnDetail, 'the turn'), ...refusals },
  });
  register(registry, {
    method: 'post',
    path: '/self-supervision-turns/{turnId}/record',
    summary: '提交检查记录 file the turn’s record (the member on duty only)',
    request: { params: TurnParams, body: { content: { 'application/json': { schema: FileRecordBody } } } },
    responses: { 200: json(TurnWorkflowView, 'the turn'), ...refusals, ...stateConflict },
  });
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
  // 突击抽查: a sealed check answers 404 to everyone outside the commission, exactly like an unknown id
  register(registry, {
    method: 'post',
    path: '/surprise-checks',
    summary: '部署突击抽查 plan a surprise check on named units or a seeded random sample (STAFF)',
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().optional() }),
      body: { content: { 'application/json': { schema: LaunchSurpriseCheckBody } } },
    },
    responses: {
      202: json(LaunchSurpriseCheckResponse, 'recorded, its workflow started; sealed until startsAt'),
      ...refusals,
      422: problem('startsAt not ahead, dueAt not after startsAt, unknown group or unit, sample larger than its scope, Idempotency-Key reused'),
    },
  });
  register(registry, {
    method: 'get',
    path: '/surprise-checks',
    summary: '突击抽查列表 checks visible to the caller: all for the commission, started ones of their units for a group; 404 for unit roles',
    request: { query: ListSurpriseChecksQuery },
    responses: { 200: json(SurpriseCheckList, 'checks, newest first'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/surprise-checks/{id}',
    summary: '突击抽查详情 the check and the targets the caller may see',
    request: { params: SurpriseCheckParams },
    responses: { 200: json(SurpriseCheckDetail, 'the check'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/surprise-checks/{id}/sample-proof',
    summary: '抽样复核 draw the sample again from its recorded seed and say whether it matches (STAFF, COMMISSION_LEADER)',
    request: { params: SurpriseCheckParams },
    responses: { 200: json(SampleProof, 'the re-draw'), ...refusals, 409: problem('the check names its units, or its sample is not drawn yet') },
  });
  register(registry, {
    method: 'post',
    path: '/surprise-checks/{id}/results/{unitId}',
    summary: '录入抽查结果 found (becomes a finding, whose rectification starts at once) or not found, for one unit (the unit’s stationed group)',
    request: { params: SurpriseTargetParams, body: { content: { 'application/json': { schema: RecordResultBody } } } },
    responses: { 200: json(SurpriseCheckWorkflowView, 'recorded'), ...refusals, ...stateConflict },
  });
  register(registry, {
    method: 'post',
    path: '/surprise-checks/{id}/cancel',
    summary: '撤销突击抽查 cancel before or after the start (STAFF); before it, the check stays sealed for good',
    request: { params: SurpriseCheckParams, body: { content: { 'application/json': { schema: CancelSurpriseCheckBody } } } },
    responses: { 200: json(SurpriseCheckWorkflowView, 'the check after cancelling'), ...refusals, ...stateConflict },
  });
  // 整改: {findingId} is ONE URL-encoded path segment (finding ids hold slashes)
  register(registry, {
    method: 'get',
    path: '/rectifications',
    summary: '整改列表 rectifications of the units the caller may see, newest first',
    request: { query: ListRectificationsQuery },
    responses: { 200: json(RectificationList, 'rectifications'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/rectifications/{findingId}',
    summary: '整改详情 state, deadline, rungs sent, steps and the workflow’s answer',
    request: { params: RectificationParams },
    responses: { 200: json(RectificationDetail, 'the rectification'), ...refusals },
  });
  const rectificationSteps: [string, string, z.ZodType][] = [
    ['plan', '提交整改方案 file the plan: measures, owner, deadline (the unit’s UNIT_CONTACT)', SubmitPlanBody],
    ['plan-review', '审核整改方案 approve, or return with reasons and a new plan due date (the unit’s group)', PlanReviewBody],
    ['progress', '报告整改进展 report progress; requestAcceptance asks for 验收 (the unit’s UNIT_CONTACT)', ProgressBody],
    ['acceptance', '验收 accept (销号, revisit planned) or reopen with reasons (the unit’s group)', AcceptanceBody],
    ['extension', '延期申请 ask for a later deadline, one pending at a time (the unit’s UNIT_CONTACT)', ExtensionBody],
    ['extension-decision', '审批延期 grant (re-arms the deadline) or refuse with a reason (COMMISSION_LEADER)', ExtensionDecisionBody],
    ['revisit', '回头看 confirm, or reopen with reasons and a new deadline (the unit’s group)', RevisitBody],
  ];
  for (const [step, summary, body] of rectificationSteps) {
    register(registry, {
      method: 'post',
      path: `/rectifications/{findingId}/${step}`,
      summary,
      request: { params: RectificationParams, body: { content: { 'application/json': { schema: body } } } },
      responses: {
        200: json(RectificationWorkflowView, 'the rectification after the step'),
        ...refusals,
        ...stateConflict,
        422: problem('a deadline in the past, in a year without holiday data, or (extension) not later than the current one'),
      },
    });
  }
  // 常态监督: cycles on Temporal Schedules, and the runs they start
  const cycleRefusals = { ...refusals, 404: problem('no such routine cycle, or not visible to the caller'), 409: problem('the cycle has been deleted') };
  register(registry, {
    method: 'post',
    path: '/routine-cycles',
    summary: '设置常态监督周期 one cycle (a Temporal Schedule in Asia/Shanghai) per unit (STAFF, or the units’ GROUP_LEADER)',
    request: { body: { content: { 'application/json': { schema: CreateRoutineCyclesBody } } } },
    responses: { 201: json(RoutineCycleList, 'the cycles made'), ...refusals, 422: problem('unknown or empty group, unknown unit') },
  });
  register(registry, {
    method: 'get',
    path: '/routine-cycles',
    summary: '常态监督周期列表 cycles of the units the caller may see, newest first',
    request: { query: ListRoutineCyclesQuery },
    responses: { 200: json(RoutineCycleList, 'cycles'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/routine-cycles/{id}',
    summary: '常态监督周期详情 the cycle and its Schedule: paused or not, next run times, recent runs',
    request: { params: RoutineCycleParams },
    responses: { 200: json(RoutineCycleDetail, 'the cycle'), ...cycleRefusals },
  });
  register(registry, {
    method: 'patch',
    path: '/routine-cycles/{id}',
    summary: '调整周期 change the cadence (and the run deadline) of future runs',
    request: { params: RoutineCycleParams, body: { content: { 'application/json': { schema: ChangeCadenceBody } } } },
    responses: { 200: json(RoutineCycleDetail, 'the cycle after the change'), ...cycleRefusals },
  });
  register(registry, {
    method: 'delete',
    path: '/routine-cycles/{id}',
    summary: '删除周期 delete the Schedule; the cycle stays on record as deleted, started runs finish',
    request: { params: RoutineCycleParams },
    responses: { 200: json(RoutineCycleDetail, 'the deleted cycle'), ...cycleRefusals },
  });
  for (const [step, summary] of [
    ['pause', '暂停 pause the Schedule'],
    ['resume', '恢复 resume the Schedule'],
  ] as const) {
    register(registry, {
      method: 'post',
      path: `/routine-cycles/{id}/${step}`,
      summary,
      request: { params: RoutineCycleParams },
      responses: { 200: json(RoutineCycleDetail, 'the cycle'), ...cycleRefusals },
    });
  }
  register(registry, {
    method: 'post',
    path: '/routine-cycles/{id}/trigger',
    summary: '立即触发 start one run now (Location: the cycle’s runs)',
    request: { params: RoutineCycleParams },
    responses: { 202: json(z.object({ cycleId: z.string(), triggeredAt: z.string() }), 'the Schedule was asked to start a run'), ...cycleRefusals },
  });
  register(registry, {
    method: 'get',
    path: '/routine-cycles/{id}/runs',
    summary: '常态监督任务列表 the runs of a cycle, newest first',
    request: { params: RoutineCycleParams },
    responses: { 200: json(RoutineRunList, 'runs'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/routine-runs/{id}',
    summary: '常态监督任务详情 the checklist with its observations, findings and the workflow’s answer (id URL-encoded)',
    request: { params: RoutineRunParams },
    responses: { 200: json(RoutineRunDetail, 'the run'), ...refusals },
  });
  register(registry, {
    method: 'post',
    path: '/routine-runs/{id}/observations',
    summary: '记录检查情况 an observation on one checklist item, optionally raising a finding (the unit’s stationed group)',
    request: { params: RoutineRunParams, body: { content: { 'application/json': { schema: RecordObservationBody } } } },
    responses: { 200: json(RoutineRunWorkflowView, 'the run'), ...refusals, ...stateConflict },
  });
  register(registry, {
    method: 'post',
    path: '/routine-runs/{id}/complete',
    summary: '完成 complete the run once every item has an observation (the unit’s GROUP_LEADER); each finding of the run starts its rectification',
    request: { params: RoutineRunParams },
    responses: { 200: json(RoutineRunWorkflowView, 'the completed run'), ...refusals, ...stateConflict },
  });
  registerSelfSupervision(registry);
  register(registry, {
    method: 'get',
    path: '/units/{unitId}/overview',
    summary: '单位全景 every process touching a unit, its open findings and their rectification (sealed surprise checks hidden)',
    request: { params: UnitParams },
    responses: { 200: json(UnitOverview, 'the unit'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/overdue',
    summary: '逾期清单 everything past its deadline, by group, oldest first (commission, or the caller’s group)',
    responses: { 200: json(OverdueList, 'overdue processes'), ...refusals },
  });
  // 靶向督查: targeted audits from templates
  register(registry, {
    method: 'post',
    path: '/targeted-audits',
    summary: '发起靶向督查 one unit, one template (财务制度执行 / 巡察整改 / 考风考纪 / 受处分人员管理教育 / 民主生活会) (STAFF; Idempotency-Key honoured)',
    request: { body: { content: { 'application/json': { schema: LaunchTargetedAuditBody } } } },
    responses: {
      202: json(LaunchTargetedAuditResponse, 'launched: its steps and the rule each is due by'),
      ...refusals,
      422: problem('unknown unit, leader or member; a step that would be due in the past; an Idempotency-Key reused with another body'),
    },
  });
  register(registry, {
    method: 'get',
    path: '/targeted-audits',
    summary: '靶向督查列表 audits of the units the caller may see, newest first',
    request: { query: ListTargetedAuditsQuery },
    responses: { 200: json(TargetedAuditList, 'audits'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/targeted-audits/templates',
    summary: '模板与期限 the templates and the periods in force, each with the rule it comes from (AUDIT_RULES_JSON overrides)',
    responses: { 200: json(AuditTemplateCatalogue, 'templates and rules'), ...refusals },
  });
  register(registry, {
    method: 'get',
    path: '/targeted-audits/{id}',
    summary: '靶向督查详情 steps, items filed, deadlines, rungs sent, events and the workflow’s answer',
    request: { params: TargetedAuditParams },
    responses: { 200: json(TargetedAuditDetail, 'the audit'), ...refusals },
  });
  const auditSteps: [string, string, z.ZodType, string][] = [
    ['filing', '报送 file an item of the open step (the unit’s UNIT_CONTACT; group steps: the unit’s group, which may raise findings)', FileAuditStepBody, 'unknown item; findings on a unit step; meeting without its day or attendee (列席)'],
    ['review', '审阅 accept (perhaps with findings, each rectified) or return with reasons (the unit’s group)', ReviewAuditStepBody, 'unknown item; a new deadline in the past'],
  ];
  for (const [action, summary, body, invalid] of auditSteps) {
    register(registry, {
      method: 'post',
      path: `/targeted-audits/{id}/steps/{stepKey}/${action}`,
      summary,
      request: { params: AuditStepParams, body: { content: { 'application/json': { schema: body } } } },
      responses: { 200: json(TargetedAuditWorkflowView, 'the audit after the step'), ...refusals, ...stateConflict, 422: problem(invalid) },
    });
  }
  register(registry, {
    method: 'post',
    path: '/targeted-audits/{id}/cancel',
    summary: '撤销 cancel with a reason (STAFF)',
    request: { params: TargetedAuditParams, body: { content: { 'application/json': { schema: CancelAuditBody } } } },
    responses: { 200: json(TargetedAuditWorkflowView, 'the cancelled audit'), ...refusals, ...stateConflict },
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
