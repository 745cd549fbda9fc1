import { LEAD_HANDLER_ROLES } from '../../domain/leads';
import {
  DecideCheckConclusionBody,
  DecideCheckSchemeBody,
  PreliminaryCheckDetail,
  PreliminaryCheckParams,
  PreliminaryCheckWorkflowView,
  RecordCheckConclusionBody,
  SubmitCheckSchemeBody,
} from '../schemas/preliminaryChecks';
import { decideCheckConclusion, decideCheckScheme, preliminaryCheckDetail, recordCheckConclusion, submitCheckScheme } from '../services/preliminaryChecks';
import { handlerStepRefusals, overseerStepRefusals, STATE_CONFLICT } from './refusals';
import { route } from './table';

// the lead's visibility, decided in api/services/leads.ts: outside the commission and the unit's group the check does not exist
const HIDDEN = 'no such lead or no preliminary check of it, or the caller is neither of the commission nor of the stationed group of its unit (units never see a lead): it does not exist for them';
const BY_HANDLER = handlerStepRefusals(HIDDEN);
const BY_LEADER = overseerStepRefusals(HIDDEN);

/** 初步核实 of a lead: 核实方案 and its approval, 亮灯预警 while it runs, 核实结论 and its 报批. */
export const preliminaryCheckRoutes = [
  route({
    method: 'get',
    path: '/preliminary-checks/{leadId}',
    summary: '初步核实详情 the check of a lead: its state, 亮灯预警, scheme, conclusion and timeline',
    scope: 'lead',
    params: PreliminaryCheckParams,
    response: { status: 200, description: 'the check', schema: PreliminaryCheckDetail },
    refusals: { 404: HIDDEN },
    run: (ctx, { actor, params }) => preliminaryCheckDetail(ctx, actor, params.leadId),
  }),
  route({
    method: 'post',
    path: '/preliminary-checks/{leadId}/scheme',
    summary: '报核实方案 the handler submits what will be verified, how, the team (at least two) and its leader',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: PreliminaryCheckParams,
    body: SubmitCheckSchemeBody,
    response: { status: 200, description: 'the check’s workflow after the step', schema: PreliminaryCheckWorkflowView },
    callsTemporal: true,
    refusals: {
      ...BY_HANDLER,
      422: { description: 'a team of fewer than two different people, a leader not of the team, a member who is not an active person of the registry', kinds: ['team-too-small', 'team-leader-not-of-team', 'unknown-person'] },
    },
    run: (ctx, { actor, params, body }) => submitCheckScheme(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/preliminary-checks/{leadId}/scheme-decision',
    summary: '审批核实方案 the commission leader over the lead’s group approves the scheme (the 亮灯预警 runs from now) or returns it with a reason',
    scope: 'lead',
    roles: ['COMMISSION_LEADER'],
    rolesCheckedAfterVisibility: true,
    params: PreliminaryCheckParams,
    body: DecideCheckSchemeBody,
    response: { status: 200, description: 'the check’s workflow after the step', schema: PreliminaryCheckWorkflowView },
    callsTemporal: true,
    refusals: BY_LEADER,
    run: (ctx, { actor, params, body }) => decideCheckScheme(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/preliminary-checks/{leadId}/conclusion',
    summary: '核实结论 the handler records the outcome (case_filed 立案 · first_form 第一种形态 with its measures · risk_point 风险点 · false_accusation 诬告陷害) and its facts',
    scope: 'lead',
    roles: [...LEAD_HANDLER_ROLES],
    rolesCheckedAfterVisibility: true,
    params: PreliminaryCheckParams,
    body: RecordCheckConclusionBody,
    response: { status: 200, description: 'the check’s workflow after the step', schema: PreliminaryCheckWorkflowView },
    callsTemporal: true,
    refusals: {
      ...BY_HANDLER,
      422: { description: 'a measure held after today, or by someone who is not an active person of the registry', kinds: ['held-in-future', 'unknown-person'] },
    },
    run: (ctx, { actor, params, body }) => recordCheckConclusion(ctx, actor, params.leadId, body),
  }),
  route({
    method: 'post',
    path: '/preliminary-checks/{leadId}/conclusion-decision',
    summary: '报批 the commission leader over the lead’s group approves the conclusion (its measures, risk point and rectification follow) or returns it with a reason',
    scope: 'lead',
    roles: ['COMMISSION_LEADER'],
    rolesCheckedAfterVisibility: true,
    params: PreliminaryCheckParams,
    body: DecideCheckConclusionBody,
    response: { status: 200, description: 'the check’s workflow after the step', schema: PreliminaryCheckWorkflowView },
    callsTemporal: true,
    refusals: {
      403: 'anyone but the commission leader over the lead’s group',
      404: HIDDEN,
      409: STATE_CONFLICT,
      422: { description: 'no holiday data for the result notice’s or the rectification plan’s working days', kinds: ['calendar-data-missing'] },
    },
    run: (ctx, { actor, params, body }) => decideCheckConclusion(ctx, actor, params.leadId, body),
  }),
];
