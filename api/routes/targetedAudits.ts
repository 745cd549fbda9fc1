import { IdempotencyHeaders } from '../schemas/common';
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
} from '../schemas/targetedAudits';
import * as audits from '../services/targetedAudits';
import { STATE_CONFLICT } from './refusals';
import { route } from './table';
import { REPLAY_HEADER_DOC, replayHeaders } from '../services/idempotency';

const NO_AUDIT = 'no such audit or step, or not visible to the caller';

/** 靶向督查: one unit, one template; the unit, group and step an actor may act on are checked in the services. */
export const targetedAuditRoutes = [
  route({
    method: 'post',
    path: '/targeted-audits',
    summary: '发起靶向督查 one unit, one template (财务制度执行 / 巡察整改 / 考风考纪 / 受处分人员管理教育 / 民主生活会); Idempotency-Key honoured',
    roles: ['STAFF'],
    headers: IdempotencyHeaders,
    body: LaunchTargetedAuditBody,
    response: { status: 202, description: 'launched: its steps and the rule each is due by (Location: the audit)', schema: LaunchTargetedAuditResponse },
    callsTemporal: true,
    refusals: {
      409: { description: 'no leader named, and the unit’s group leader reports to no commission leader', kinds: ['no-commission-leader'] },
      422: {
        description: 'unknown unit, leader or member; a step that would be due in the past; an Idempotency-Key reused with another body',
        kinds: ['unknown-unit', 'unknown-approver', 'not-leadership', 'deadline-in-past', 'calendar-data-missing', 'idempotency-key-reused'],
      },
    },
    run: (ctx, { actor, body, headers, requestId }) => audits.launchTargetedAudit(ctx, { actor, body, idempotencyKey: headers['Idempotency-Key'], requestId }),
    location: (launched) => launched.links.self,
    responseHeaders: { documented: REPLAY_HEADER_DOC, of: (launched) => replayHeaders(launched) },
  }),
  route({
    method: 'get',
    path: '/targeted-audits',
    summary: '靶向督查列表 audits of the units the caller may see, newest first',
    query: ListTargetedAuditsQuery,
    response: { status: 200, description: 'audits', schema: TargetedAuditList },
    run: (ctx, { actor, query }) => audits.listTargetedAudits(ctx, actor, query),
  }),
  // before /targeted-audits/{id}, which would take "templates" for an id
  route({
    method: 'get',
    path: '/targeted-audits/templates',
    summary: '模板与期限 the templates and the periods in force, each with the rule it comes from (AUDIT_RULES_JSON overrides)',
    response: { status: 200, description: 'templates and rules', schema: AuditTemplateCatalogue },
    run: (ctx) => audits.auditTemplates(ctx),
  }),
  route({
    method: 'get',
    path: '/targeted-audits/{id}',
    summary: '靶向督查详情 steps, items filed, deadlines, rungs sent, events and the workflow’s answer',
    scope: 'unit',
    params: TargetedAuditParams,
    response: { status: 200, description: 'the audit', schema: TargetedAuditDetail },
    refusals: { 404: NO_AUDIT },
    run: (ctx, { actor, params }) => audits.targetedAuditDetail(ctx, actor, params.id),
  }),
  route({
    method: 'post',
    path: '/targeted-audits/{id}/steps/{stepKey}/filing',
    summary: '报送 file an item of the open step (the unit’s contact; group steps: the unit’s group, which may raise findings)',
    scope: 'unit',
    roles: ['UNIT_CONTACT', 'GROUP_LEADER', 'GROUP_MEMBER'],
    params: AuditStepParams,
    body: FileAuditStepBody,
    response: { status: 200, description: 'the audit after the step', schema: TargetedAuditWorkflowView },
    callsTemporal: true,
    refusals: {
      403: 'not the unit’s contact (unit steps) or group (group steps)',
      404: NO_AUDIT,
      409: STATE_CONFLICT,
      422: { description: 'unknown item; findings on a unit step; meeting without its day or attendee (列席)', kinds: ['unknown-item', 'findings-not-here', 'meeting-facts'] },
    },
    run: (ctx, { actor, params, body }) => audits.fileAuditStep(ctx, actor, params.id, params.stepKey, body),
  }),
  route({
    method: 'post',
    path: '/targeted-audits/{id}/steps/{stepKey}/review',
    summary: '审阅 accept (perhaps with findings, each rectified) or return with a reason (the unit’s group)',
    scope: 'unit',
    roles: ['GROUP_LEADER', 'GROUP_MEMBER'],
    params: AuditStepParams,
    body: ReviewAuditStepBody,
    response: { status: 200, description: 'the audit after the step', schema: TargetedAuditWorkflowView },
    callsTemporal: true,
    refusals: {
      403: 'a group other than the unit’s',
      404: NO_AUDIT,
      409: STATE_CONFLICT,
      422: { description: 'unknown item; a new deadline in the past', kinds: ['unknown-item', 'deadline-in-past', 'calendar-data-missing'] },
    },
    run: (ctx, { actor, params, body }) => audits.reviewAuditStep(ctx, actor, params.id, params.stepKey, body),
  }),
  route({
    method: 'post',
    path: '/targeted-audits/{id}/cancel',
    summary: '撤销 cancel with a reason',
    scope: 'unit',
    roles: ['STAFF'],
    params: TargetedAuditParams,
    body: CancelAuditBody,
    response: { status: 200, description: 'the cancelled audit', schema: TargetedAuditWorkflowView },
    callsTemporal: true,
    refusals: { 404: NO_AUDIT, 409: STATE_CONFLICT },
    run: (ctx, { actor, params, body }) => audits.cancelTargetedAudit(ctx, actor, params.id, body.reason),
  }),
];
