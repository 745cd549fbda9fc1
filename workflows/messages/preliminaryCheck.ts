import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar';
import type { MeasureKind } from '../../domain/fourForms';
import type { Deadline } from '../../domain/ladder';
import type { LeadOutcome } from '../../domain/leads';
import type { WarningLevel } from '../../domain/preliminaryChecks';
import type { Actor } from '../../domain/roles';
import type { PreliminaryCheckState } from '../../domain/states';
import type { RectificationTerms } from './rectification';

// ---- 初步核实 a preliminary check of one lead ------------------------------------------------------
// Started by the lead's workflow as its child (type 'preliminaryCheck', id preliminaryCheckWorkflowId(leadId))
// with LeadProcessInput (./lead.ts), and ending with its LeadProcessResult. Like the lead, nothing here
// names the reporter, and the emails name the lead by its number only.

/** 核实方案, by the handler: what will be verified, how, the team (核查组, registry ids checked by the API) and its leader. */
export interface SubmitCheckSchemeInput {
  actor: Actor;
  what: string;
  how: string;
  teamIds: string[];
  teamLeaderId: string;
}

/**
 * The commission leader over the lead's group (checked by the API) approves the scheme, with the
 * warning deadline (yellow, then red: domain/preliminaryChecks.ts warningRule, computed by the API), or
 * returns it with a reason.
 */
export type DecideCheckSchemeInput =
  | { actor: Actor; decision: 'approve'; comment?: string; warnings: Deadline }
  | { actor: Actor; decision: 'return'; reason: string };

/** One measure of 第一种形态 a 苗头性问题 conclusion gives: its kind (form 1), the person by name and title, when and by whom (a registry id). */
export interface ConclusionMeasure {
  kind: MeasureKind;
  subject: { name: string; title?: string };
  heldOn: IsoDate;
  heldById: string;
}

/** 核实结论: what the check found (`facts`, the lead's reason), and what its outcome needs. */
export type CheckConclusion =
  /** 违纪: the proposal to file a case (立案); the case itself starts through POST /cases */
  | { outcome: 'case_filed'; facts: string; proposal: string }
  /** 苗头性问题、情节轻微: the measures of 第一种形态 given */
  | { outcome: 'first_form'; facts: string; measures: ConclusionMeasure[] }
  /** 暗访未发现: the risk (风险点) the unit details its 主体责任 against, by a rectification */
  | { outcome: 'risk_point'; facts: string; risk: string }
  /** 无中生有、诬告陷害: the finding that the report was false (the clearance goes through POST /clearances) */
  | { outcome: 'false_accusation'; facts: string; finding: string };

export type RecordCheckConclusionInput = { actor: Actor } & CheckConclusion;

/** What a risk point's rectification needs, made by the API: the risk point's id and the rectification's terms. */
export interface RiskPointTerms extends RectificationTerms {
  riskPointId: string;
}

/**
 * 报批: the commission leader over the group approves the conclusion, with a real-name reporter's result
 * notice deadline (null otherwise) and for a risk point its terms (all computed by the API), or returns it.
 */
export type DecideCheckConclusionInput =
  | { actor: Actor; decision: 'approve'; comment?: string; resultNoticeDue: Deadline | null; riskPoint?: RiskPointTerms }
  | { actor: Actor; decision: 'return'; reason: string };

export interface CheckSchemeView {
  what: string;
  how: string;
  teamIds: string[];
  teamLeaderId: string;
  proposedAt: string;
  approved: { byId: string; at: string; comment: string | null } | null;
}

export type CheckConclusionView = CheckConclusion & { proposedAt: string; approved: { byId: string; at: string; comment: string | null } | null };

export interface PreliminaryCheckView {
  workflowId: string;
  leadId: string;
  number: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  state: PreliminaryCheckState;
  version: number;
  scheme: CheckSchemeView | null;
  /** 亮灯预警: blue until the yellow instant, then yellow, then red */
  warningLevel: WarningLevel;
  /** from the scheme's approval: when it turns yellow and red, and the rungs fired (1 yellow, 2 red) */
  warnings: { yellowAt: string; redAt: string; rungsFired: number[] } | null;
  conclusion: CheckConclusionView | null;
  /** each scheme or conclusion returned (退回), newest last */
  returned: { step: 'scheme' | 'conclusion'; byId: string; reason: string; at: string }[];
  riskPointId: string | null;
  outcome: LeadOutcome | null;
  completedAt: string | null;
}

export const submitCheckSchemeUpdate = defineUpdate<PreliminaryCheckView, [SubmitCheckSchemeInput]>('submitCheckScheme');
export const decideCheckSchemeUpdate = defineUpdate<PreliminaryCheckView, [DecideCheckSchemeInput]>('decideCheckScheme');
export const recordCheckConclusionUpdate = defineUpdate<PreliminaryCheckView, [RecordCheckConclusionInput]>('recordCheckConclusion');
export const decideCheckConclusionUpdate = defineUpdate<PreliminaryCheckView, [DecideCheckConclusionInput]>('decideCheckConclusion');
export const preliminaryCheckStatusQuery = defineQuery<PreliminaryCheckView>('preliminaryCheckStatus');
