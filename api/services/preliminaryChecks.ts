import type { Lead, PreliminaryCheck } from '@prisma/client';
import type { UpdateDefinition } from '@temporalio/common';
import { newRiskPointId, workflowUiUrl } from '../../domain/ids';
import { deadlineByRule } from '../../domain/ladder';
import type { LeadOutcome } from '../../domain/leads';
import { CHECK_TEAM_MIN, WARNING_LEVELS, warningRule, type WarningLevel } from '../../domain/preliminaryChecks';
import type { Actor } from '../../domain/roles';
import { PRELIMINARY_CHECK_STATES, type PreliminaryCheckState } from '../../domain/states';
import {
  decideCheckConclusionUpdate,
  decideCheckSchemeUpdate,
  recordCheckConclusionUpdate,
  submitCheckSchemeUpdate,
  type DecideCheckConclusionInput,
  type PreliminaryCheckView,
} from '../../workflows/messages';
import type { ApiContext } from '../context';
import { notFound, unprocessable } from '../errors';
import type { DecideCheckConclusionBody, DecideCheckSchemeBody, PreliminaryCheckDetail, RecordCheckConclusionBody, SubmitCheckSchemeBody } from '../schemas/preliminaryChecks';
import { findVisibleLead, requireCommissionLeaderOver, requireHandlerRole, requirePeople, resultNoticeDueNow } from './leads';
import { rectificationTerms } from './rectifications';
import { callTemporal } from './temporal';

/**
 * 初步核实 of a lead, under the lead's visibility (api/services/leads.ts `visibleLeads`): a unit, or another
 * group, gets the lead's 404. The handler's steps go to the workflow (which checks it is the handler);
 * the decisions are the commission leader's over the lead's group, checked here. The deadlines the
 * workflow runs by (its warnings, the result notice) and a risk point's terms are computed here.
 */

/** The check of a lead the caller may see; a lead not (yet) checked has none (404). */
async function findCheck(ctx: ApiContext, actor: Actor, leadId: string): Promise<{ lead: Lead; check: PreliminaryCheck }> {
  const lead = await findVisibleLead(ctx, actor, leadId);
  const check = await ctx.db.preliminaryCheck.findUnique({ where: { leadId } });
  if (!check) throw notFound(`该线索没有初步核实 / lead ${leadId} is not under preliminary check`);
  return { lead, check };
}

const update = <I>(ctx: ApiContext, check: PreliminaryCheck, def: UpdateDefinition<PreliminaryCheckView, [I]>, input: I) =>
  callTemporal(ctx, 'update', () => ctx.temporal.workflow.getHandle(check.workflowId).executeUpdate(def, { args: [input] }));

export async function preliminaryCheckDetail(ctx: ApiContext, actor: Actor, leadId: string): Promise<PreliminaryCheckDetail> {
  const { check } = await findCheck(ctx, actor, leadId);
  const [events, riskPoint] = await Promise.all([
    ctx.db.preliminaryCheckEvent.findMany({ where: { leadId }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] }),
    ctx.db.riskPoint.findFirst({ where: { leadId }, select: { id: true, findingId: true } }),
  ]);
  return {
    leadId,
    number: check.number,
    workflowId: check.workflowId,
    unitId: check.unitId,
    groupId: check.groupId,
    handlerId: check.handlerId,
    state: check.state as PreliminaryCheckState,
    stateLabel: PRELIMINARY_CHECK_STATES[check.state as PreliminaryCheckState],
    warningLevel: check.warningLevel as WarningLevel,
    warningLabel: WARNING_LEVELS[check.warningLevel as WarningLevel],
    yellowAt: check.yellowAt?.toISOString() ?? null,
    redAt: check.redAt?.toISOString() ?? null,
    scheme: check.scheme,
    conclusion: check.conclusion,
    outcome: check.outcome as LeadOutcome | null,
    riskPoint,
    completedAt: check.completedAt?.toISOString() ?? null,
    timeline: events.map((e) => ({ kind: e.kind, actorId: e.actorId, at: e.at.toISOString(), detail: e.detail ?? null })),
    links: {
      self: `/preliminary-checks/${encodeURIComponent(leadId)}`,
      lead: `/leads/${encodeURIComponent(leadId)}`,
      workflowUi: workflowUiUrl(ctx.config.TEMPORAL_UI_URL, ctx.config.TEMPORAL_NAMESPACE, check.workflowId),
    },
  };
}

/** 核实方案, by the handler (the workflow checks it is theirs): a team of at least two active people of the registry, led by one of them. */
export async function submitCheckScheme(ctx: ApiContext, actor: Actor, leadId: string, body: SubmitCheckSchemeBody): Promise<PreliminaryCheckView> {
  const { check } = await findCheck(ctx, actor, leadId);
  requireHandlerRole(actor);
  if (new Set(body.teamIds).size < CHECK_TEAM_MIN) {
    throw unprocessable('team-too-small', `核查组至少${CHECK_TEAM_MIN}名不同人员 / a preliminary check is done by a team of at least ${CHECK_TEAM_MIN} people`, [{ path: 'teamIds', message: `${new Set(body.teamIds).size} different people` }]);
  }
  if (!body.teamIds.includes(body.teamLeaderId)) {
    throw unprocessable('team-leader-not-of-team', '核查组组长须为核查组成员 / the team leader must be one of the team', [{ path: 'teamLeaderId', message: `${body.teamLeaderId} is not in teamIds` }]);
  }
  await requirePeople(ctx, body.teamIds.map((id, i) => ({ path: `teamIds.${i}`, id })));
  return update(ctx, check, submitCheckSchemeUpdate, { ...body, actor });
}

/** The scheme approved, with its warnings from now (natural months, config PRELIMINARY_CHECK_*_MONTHS), or returned. */
export async function decideCheckScheme(ctx: ApiContext, actor: Actor, leadId: string, body: DecideCheckSchemeBody): Promise<PreliminaryCheckView> {
  const { check } = await findCheck(ctx, actor, leadId);
  await requireCommissionLeaderOver(ctx, actor, check.groupId);
  if (body.decision === 'return') return update(ctx, check, decideCheckSchemeUpdate, { ...body, actor });
  const months = { yellow: ctx.config.PRELIMINARY_CHECK_YELLOW_MONTHS, red: ctx.config.PRELIMINARY_CHECK_RED_MONTHS };
  const warnings = deadlineByRule(warningRule(ctx.clock(), months), ctx.calendar);
  return update(ctx, check, decideCheckSchemeUpdate, { ...body, actor, warnings });
}

/** 核实结论, by the handler: a 第一种形态 conclusion's measures were held by active people, not after today. */
export async function recordCheckConclusion(ctx: ApiContext, actor: Actor, leadId: string, body: RecordCheckConclusionBody): Promise<PreliminaryCheckView> {
  const { check } = await findCheck(ctx, actor, leadId);
  requireHandlerRole(actor);
  if (body.outcome === 'first_form') {
    const today = ctx.calendar.shanghaiDate(ctx.clock());
    const late = body.measures.flatMap((m, i) => (m.heldOn > today ? [{ path: `measures.${i}.heldOn`, message: `after today (${today})` }] : []));
    if (late.length) throw unprocessable('held-in-future', '实施日期不能晚于今天 / a measure is recorded once held', late);
    await requirePeople(ctx, body.measures.map((m, i) => ({ path: `measures.${i}.heldById`, id: m.heldById })));
  }
  return update(ctx, check, recordCheckConclusionUpdate, { ...body, actor });
}

/**
 * 报批: approved, with a real-name reporter's result notice deadline (15 工作日 from now) and for a risk
 * point its id and its rectification's terms; or returned.
 */
export async function decideCheckConclusion(ctx: ApiContext, actor: Actor, leadId: string, body: DecideCheckConclusionBody): Promise<PreliminaryCheckView> {
  const { lead, check } = await findCheck(ctx, actor, leadId);
  await requireCommissionLeaderOver(ctx, actor, check.groupId);
  if (body.decision === 'return') return update(ctx, check, decideCheckConclusionUpdate, { ...body, actor });
  const now = ctx.clock();
  const resultNoticeDue = await resultNoticeDueNow(ctx, lead);
  const proposed = (check.conclusion as { outcome?: LeadOutcome } | null)?.outcome;
  const riskPoint = proposed === 'risk_point' ? { riskPointId: newRiskPointId(ctx.calendar.shanghaiDate(now)), ...(await rectificationTerms(ctx, check.groupId, 'decision')) } : undefined;
  const input: DecideCheckConclusionInput = { ...body, actor, resultNoticeDue, ...(riskPoint && { riskPoint }) };
  return update(ctx, check, decideCheckConclusionUpdate, input);
}
