import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { MeasureKind } from '../../domain/fourForms';
import type { Deadline, DeadlineRule } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import type { CaseState } from '../../domain/states';

// ---- 立案审查 ---------------------------------------------------------------------------------------
// Started by the API (POST /cases) with the business id caseWorkflowId(caseId) (domain/ids.ts) once the
// commission leader over the lead's group has approved the filing. The input, the view and the updates
// carry ids, counts and deadlines only: the persons concerned stay in the Case row (a disposition names a
// person by their place in it), and the lead's reporter is never anywhere near.

export interface CaseInput {
  caseId: string;
  leadId: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  /** how many persons concerned the case has: closing disposes of each once */
  persons: number;
  /** 审查调查 within CASE_TIME_LIMIT_MONTHS of the 立案 decision (computed by the API) */
  timeLimit: Deadline;
}

/** The handler asks for the one extension of the time limit, with a reason. */
export interface RequestCaseExtensionInput {
  actor: Actor;
  reason: string;
}

/** The commission leader over the group (checked by the API) grants it, with the limit it moves to (computed by the API), or refuses it. */
export type DecideCaseExtensionInput =
  | { actor: Actor; decision: 'grant'; timeLimit: Deadline; comment?: string }
  | { actor: Actor; decision: 'refuse'; reason: string };

/** 移送审理: the handler hands the case to a 审理 reviewer (commission staff, checked by the API). */
export interface TransferForHearingInput {
  actor: Actor;
  reviewerId: string;
}

/** 审理意见, recorded by the reviewer. */
export interface RecordHearingOpinionInput {
  actor: Actor;
  opinion: string;
}

/** One person's disposition: their place in the case's persons concerned, and the measure they are given. */
export interface CaseDisposition {
  person: number;
  kind: MeasureKind;
}

/** 结案, by the commission leader over the group (checked by the API): each person's disposition. */
export interface CloseCaseInput {
  actor: Actor;
  dispositions: CaseDisposition[];
  comment?: string;
}

export interface CaseView {
  workflowId: string;
  caseId: string;
  leadId: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  state: CaseState;
  version: number;
  /** the limit as running now (the extension moves it), with the rule that set it */
  timeLimit: { deadlineAt: string; remindAt: string | null; rungsFired: number[]; extended: boolean; rule: DeadlineRule | null };
  extension: { reason: string; askedById: string; askedAt: string; decision: 'grant' | 'refuse' | null; decidedById: string | null; decidedAt: string | null; decisionReason: string | null } | null;
  hearing: { reviewerId: string; transferredAt: string; opinion: string | null; opinionAt: string | null } | null;
  closed: { byId: string; at: string; dispositions: CaseDisposition[] } | null;
}

export const requestCaseExtensionUpdate = defineUpdate<CaseView, [RequestCaseExtensionInput]>('requestCaseExtension');
export const decideCaseExtensionUpdate = defineUpdate<CaseView, [DecideCaseExtensionInput]>('decideCaseExtension');
export const transferForHearingUpdate = defineUpdate<CaseView, [TransferForHearingInput]>('transferForHearing');
export const recordHearingOpinionUpdate = defineUpdate<CaseView, [RecordHearingOpinionInput]>('recordHearingOpinion');
export const closeCaseUpdate = defineUpdate<CaseView, [CloseCaseInput]>('closeCase');
export const caseStatusQuery = defineQuery<CaseView>('caseStatus');
