import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type { PreliminaryCheckEventInput } from '../activities/preliminaryChecks';
import { riskPointFindingId } from '../domain/ids';
import type { Deadline } from '../domain/ladder';
import { LEAD_OUTCOMES } from '../domain/leads';
import { CHECK_TEAM_MIN, WARNING_RUNGS } from '../domain/preliminaryChecks';
import type { Actor } from '../domain/roles';
import type { PreliminaryCheckState } from '../domain/states';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { leadStepsOf } from './leadSteps';
import {
  decideCheckConclusionUpdate,
  decideCheckSchemeUpdate,
  preliminaryCheckStatusQuery,
  recordCheckConclusionUpdate,
  submitCheckSchemeUpdate,
  type CheckConclusion,
  type DecideCheckConclusionInput,
  type LeadProcessInput,
  type LeadProcessResult,
  type PreliminaryCheckView,
  type RecordCheckConclusionInput,
  type RiskPointTerms,
} from './messages';
import { activities } from './proxies';
import { refuse } from './refuse';
import { blank, expectFirstFormMeasures } from './validate';
import { PROCESS_KINDS } from './searchAttributes';
import { startRectifications } from './startRectifications';
import { updatesOf } from './updates';


/** What each outcome's conclusion must carry beyond its facts: refused with what is missing. */
function expectComplete(c: CheckConclusion): void {
  if (!Object.hasOwn(LEAD_OUTCOMES, c.outcome)) refuse('unknown-target', `the outcome ${String(c.outcome)} is not one of ${Object.keys(LEAD_OUTCOMES).join(', ')}`);
  if (blank(c.facts)) refuse('text-missing', 'what the check found (核实情况, facts) is empty');
  switch (c.outcome) {
    case 'case_filed':
      if (blank(c.proposal)) refuse('outcome-incomplete', 'a conclusion to file a case needs the proposal (立案建议)');
      return;
    case 'first_form':
      if (!c.measures?.length) refuse('outcome-incomplete', 'a 第一种形态 conclusion needs at least one measure');
      expectFirstFormMeasures(c.measures);
      return;
    case 'risk_point':
      if (blank(c.risk)) refuse('outcome-incomplete', 'a risk point conclusion needs the risk (风险点)');
      return;
    case 'false_accusation':
      if (blank(c.finding)) refuse('outcome-incomplete', 'a false accusation conclusion needs the finding that the report was false (诬告认定)');
  }
}

/** The conclusion alone, as the view and the events keep it (no actor). */
const conclusionOf = ({ actor: _actor, ...c }: RecordCheckConclusionInput): CheckConclusion => c;

/**
 * 初步核实 of one lead, the lead's child: the handler submits the 核实方案 (a team of at least two and its
 * leader), the commission leader over the group approves or returns it; from approval the check runs
 * under 亮灯预警 (yellow, then red, each telling the handler, the group leader and the commission leader
 * once); the handler records the conclusion (one of the four outcomes), the commission leader approves
 * or returns it. Approved, its outcome's effects are done (the measures recorded, a risk point and its
 * rectification) and the lead takes the result on: it ends with the outcome.
 */
export async function preliminaryCheck(input: LeadProcessInput): Promise<LeadProcessResult> {
  const { workflowId } = workflowInfo();
  const now = () => new Date(Date.now()).toISOString();
  const view: PreliminaryCheckView = {
    workflowId,
    leadId: input.leadId,
    number: input.number,
    unitId: input.unitId,
    groupId: input.groupId,
    handlerId: input.handlerId,
    state: 'awaiting_scheme',
    version: 0,
    scheme: null,
    warningLevel: 'blue',
    warnings: null,
    conclusion: null,
    returned: [],
    riskPointId: null,
    outcome: null,
    completedAt: null,
  };
  let warnings: Deadline | undefined;
  let approval: Extract<DecideCheckConclusionInput, { decision: 'approve' }> | undefined;

  const { record, emailer, expectState, expectHandler, expectCommissionLeader } = leadStepsOf<PreliminaryCheckState, PreliminaryCheckView>({
    input,
    view,
    what: 'the preliminary check',
    process: { kind: PROCESS_KINDS.preliminaryCheck, label: '初步核实', actPath: `/preliminary-checks/${encodeURIComponent(input.leadId)}` },
    deadlineAt: () => view.warnings?.redAt,
    project: ({ view, event }) => activities.recordPreliminaryCheck({ view, event: event as PreliminaryCheckEventInput }),
  });
  const returned = async (step: 'scheme' | 'conclusion', actor: Actor, reason: string) => {
    view.returned = [...view.returned, { step, byId: actor.personId, reason, at: now() }];
    await record({ kind: `${step}_returned`, actorId: actor.personId, detail: { reason } });
  };
  const onUpdate = updatesOf(() => view);
  setHandler(preliminaryCheckStatusQuery, () => view);

  onUpdate(
    submitCheckSchemeUpdate,
    (s) => {
      expectState('awaiting_scheme');
      expectHandler(s.actor);
      if (blank(s.what)) refuse('text-missing', 'what will be verified (核实内容, what) is empty');
      if (blank(s.how)) refuse('text-missing', 'how it will be verified (核实方式, how) is empty');
      if (new Set(s.teamIds ?? []).size < CHECK_TEAM_MIN) refuse('team-too-small', `a preliminary check is done by a team of at least ${CHECK_TEAM_MIN} people (teamIds)`);
      if (!s.teamIds.includes(s.teamLeaderId)) refuse('team-too-small', 'the team leader (组长, teamLeaderId) must be one of the team');
    },
    async (s) => {
      view.state = 'scheme_proposed';
      view.scheme = { what: s.what, how: s.how, teamIds: [...new Set(s.teamIds)], teamLeaderId: s.teamLeaderId, proposedAt: now(), approved: null };
      await record({ kind: 'scheme_proposed', actorId: s.actor.personId, detail: { what: s.what, how: s.how, teamIds: view.scheme.teamIds, teamLeaderId: s.teamLeaderId } });
    },
  );
  onUpdate(
    decideCheckSchemeUpdate,
    (d) => {
      expectState('scheme_proposed');
      expectCommissionLeader(d.actor);
      if (d.decision === 'return' && blank(d.reason)) refuse('text-missing', 'the reason for returning the scheme (退回理由) is empty');
      if (d.decision === 'approve' && d.warnings?.rungs?.length !== 2) refuse('plan-due-missing', 'an approved scheme needs its warnings (yellow and red), computed by the API');
    },
    async (d) => {
      if (d.decision === 'return') {
        Object.assign(view, { state: 'awaiting_scheme', scheme: null });
        return returned('scheme', d.actor, d.reason);
      }
      warnings = d.warnings;
      view.state = 'checking';
      view.scheme = { ...view.scheme!, approved: { byId: d.actor.personId, at: now(), comment: d.comment ?? null } };
      view.warnings = { yellowAt: d.warnings.rungs[0].at, redAt: d.warnings.rungs[1].at, rungsFired: [] };
      await record({ kind: 'scheme_approved', actorId: d.actor.personId, detail: { ...(d.comment && { comment: d.comment }), yellowAt: view.warnings.yellowAt, redAt: view.warnings.redAt } });
    },
  );
  onUpdate(
    recordCheckConclusionUpdate,
    (c) => {
      expectState('checking');
      expectHandler(c.actor);
      expectComplete(c);
    },
    async (c) => {
      view.state = 'conclusion_proposed';
      view.conclusion = { ...conclusionOf(c), proposedAt: now(), approved: null };
      await record({ kind: 'conclusion_proposed', actorId: c.actor.personId, detail: conclusionOf(c) });
    },
  );
  onUpdate(
    decideCheckConclusionUpdate,
    (d) => {
      expectState('conclusion_proposed');
      expectCommissionLeader(d.actor);
      if (d.decision === 'return' && blank(d.reason)) refuse('text-missing', 'the reason for returning the conclusion (退回理由) is empty');
      if (d.decision === 'approve' && view.conclusion?.outcome === 'risk_point' && !d.riskPoint) refuse('plan-due-missing', 'a risk point needs the terms of its rectification, computed by the API');
    },
    async (d) => {
      if (d.decision === 'return') {
        Object.assign(view, { state: 'checking', conclusion: null });
        return returned('conclusion', d.actor, d.reason);
      }
      approval = d;
      const conclusion = view.conclusion!;
      Object.assign(view, {
        state: 'completed',
        conclusion: { ...conclusion, approved: { byId: d.actor.personId, at: now(), comment: d.comment ?? null } },
        outcome: conclusion.outcome,
        riskPointId: d.riskPoint?.riskPointId ?? null,
        completedAt: now(),
      });
      await record({ kind: 'conclusion_approved', actorId: d.actor.personId, detail: { outcome: conclusion.outcome, ...(d.comment && { comment: d.comment }) } });
    },
  );

  /** 亮灯预警: rung 1 turns the check yellow, rung 2 red, each projected before its email goes. */
  const warn = async (event: DeadlineEvent) => {
    const level = WARNING_RUNGS[event.rung as keyof typeof WARNING_RUNGS];
    view.warnings!.rungsFired = [...view.warnings!.rungsFired, event.rung];
    view.warningLevel = level;
    await record({ kind: 'warning', detail: { level, at: event.at } });
    await emailer('warning', event.rung, { kind: `preliminary_check_${level}`, notify: event.notify ?? ['HANDLER'], dueAt: event.at, deadlineAt: view.warnings!.redAt });
  };

  /** The approved outcome's effects: the measures of 第一种形态, or the risk point and its rectification. */
  const effects = async (conclusion: CheckConclusion, approvedById: string, riskPoint?: RiskPointTerms) => {
    if (conclusion.outcome === 'first_form') {
      await activities.recordLeadMeasures({ leadId: input.leadId, workflowId, unitId: input.unitId, reason: conclusion.facts, recordedById: input.handlerId, measures: conclusion.measures });
    }
    if (conclusion.outcome === 'risk_point' && riskPoint) {
      const finding = { id: riskPointFindingId(riskPoint.riskPointId), title: conclusion.risk };
      await activities.recordRiskPoint({ id: riskPoint.riskPointId, findingId: finding.id, leadId: input.leadId, workflowId, unitId: input.unitId, risk: conclusion.risk, recordedById: approvedById });
      const origin = { unitId: input.unitId, groupId: input.groupId, source: { kind: 'riskPoint', id: riskPoint.riskPointId }, planDue: riskPoint.planDue, topic: '风险点', commissionLeaderId: riskPoint.commissionLeaderId };
      await startRectifications(origin, [finding]);
    }
  };

  await record({ kind: 'opened' });
  await condition(() => warnings !== undefined);
  const done = () => view.state === 'completed';
  await Promise.all([
    watchDeadline({ deadline: () => warnings!, done, fired: () => view.warnings!.rungsFired, fire: warn }),
    condition(done),
  ]);
  const conclusion = view.conclusion!;
  await effects(conclusion, approval!.actor.personId, approval!.riskPoint);
  await emailer.settled();
  return { next: 'end', outcome: conclusion.outcome, reason: conclusion.facts, resultNoticeDue: input.realName ? approval!.resultNoticeDue : null };
}
