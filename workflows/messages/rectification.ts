import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EmailKind } from '../../domain/emails';
import type { Deadline, DeadlineRule } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import type { RectificationState } from '../../domain/states';

// ---- 整改 rectification of one finding ------------------------------------------------------------
// Started by whichever process records a finding, as a child with ParentClosePolicy.ABANDON and the
// business id rectificationWorkflowId(findingId) (domain/ids.ts), by workflow type name 'rectification'.

export interface RectificationInput {
  findingId: string;
  unitId: string;
  groupId: string;
  title: string;
  /** the process that raised it, e.g. { kind: 'unitInspection', id: 'campaign/ZX-…/unit/gongluju' } */
  source: { kind: string; id: string };
  /** when the unit's rectification plan is due (computed outside workflow code) */
  planDue: Deadline;
  /** what the source process is about (e.g. the campaign title), named in every email */
  topic: string;
  /** the commission leader the ladder's COMMISSION_LEADER rung and extension requests go to */
  commissionLeaderId: string;
}

/**
 * What a process recording findings needs to start their rectifications, computed by the API (outside
 * workflow code): when the plan is due, and the commission leader over the unit's group.
 */
export interface RectificationTerms {
  planDue: Deadline;
  commissionLeaderId: string;
}

/** The states in which the unit owes something by a deadline: the outbox key and email kinds of its reminder and rungs. */
export const RECTIFICATION_DEADLINES = {
  awaiting_plan: { key: 'plan', reminder: 'rectification_plan_reminder', overdue: 'rectification_plan_overdue' },
  in_rectification: { key: 'rectification', reminder: 'rectification_reminder', overdue: 'rectification_overdue' },
} as const satisfies Partial<Record<RectificationState, { key: string; reminder: EmailKind; overdue: EmailKind }>>;

/** 整改方案: measures, who answers for them, and the rectification deadline (planned by the API). */
export interface SubmitPlanInput {
  actor: Actor;
  measures: string;
  owner: string;
  deadline: Deadline;
}

/** A plan as workflows started before the glossary received it: its deadline was `plan`. */
export type LegacySubmitPlanInput = SubmitPlanInput | (Omit<SubmitPlanInput, 'deadline'> & { plan: Deadline });

export function currentSubmitPlan(input: LegacySubmitPlanInput): SubmitPlanInput {
  if (!('plan' in input)) return input;
  const { plan, ...rest } = input;
  return { ...rest, deadline: plan };
}

export type ReviewPlanInput =
  | { actor: Actor; decision: 'approve' }
  | { actor: Actor; decision: 'return'; reason: string; newDeadline: Deadline };

/** A plan review as workflows started before the glossary received it. */
export type LegacyReviewPlanInput = ReviewPlanInput | { actor: Actor; decision: 'return'; reasons: string; planDue: Deadline };

export const currentReviewPlan = (input: LegacyReviewPlanInput): ReviewPlanInput =>
  'reasons' in input ? { actor: input.actor, decision: 'return', reason: input.reasons, newDeadline: input.planDue } : input;

/** 整改进展; the last report asks for acceptance (验收). */
export interface ReportProgressInput {
  actor: Actor;
  content: string;
  requestAcceptance: boolean;
}

/** 验收: accepted items are closed (销号) and revisited at `revisitAt`; reopened ones keep or get a deadline. */
export type DecideAcceptanceInput =
  | { actor: Actor; decision: 'accept'; revisitAt: string; comment?: string }
  | { actor: Actor; decision: 'reopen'; reason: string; newDeadline?: Deadline };

/** An acceptance decision as workflows started before the glossary received it (under either name). */
export type LegacyDecideAcceptanceInput = DecideAcceptanceInput | { actor: Actor; decision: 'reopen'; reasons: string; plan?: Deadline };

export const currentAcceptance = (input: LegacyDecideAcceptanceInput): DecideAcceptanceInput =>
  'reasons' in input ? { actor: input.actor, decision: 'reopen', reason: input.reasons, newDeadline: input.plan } : input;

/** 延期申请: the requested deadline, already planned with the ladder, so a grant only has to install it. */
export interface RequestExtensionInput {
  actor: Actor;
  reason: string;
  deadline: Deadline;
}

/** An extension request as workflows started before the glossary received it: its deadline was `plan`. */
export type LegacyRequestExtensionInput = RequestExtensionInput | (Omit<RequestExtensionInput, 'deadline'> & { plan: Deadline });

export function currentRequestExtension(input: LegacyRequestExtensionInput): RequestExtensionInput {
  if (!('plan' in input)) return input;
  const { plan, ...rest } = input;
  return { ...rest, deadline: plan };
}

export type DecideExtensionInput = { actor: Actor; decision: 'grant' } | { actor: Actor; decision: 'refuse'; reason: string };

/** 回头看: confirm ends the process; reopen sends it back into rectification with a new deadline. */
export type RecordRevisitInput =
  | { actor: Actor; decision: 'confirm'; comment?: string }
  | { actor: Actor; decision: 'reopen'; reason: string; newDeadline: Deadline };

/** A revisit as workflows started before the glossary received it: a `result`, not a `decision`. */
export type LegacyRecordRevisitInput =
  | RecordRevisitInput
  | { actor: Actor; result: 'confirmed'; comment?: string }
  | { actor: Actor; result: 'reopened'; reasons: string; plan: Deadline };

export function currentRevisit(input: LegacyRecordRevisitInput): RecordRevisitInput {
  if (!('result' in input)) return input;
  return input.result === 'confirmed'
    ? { actor: input.actor, decision: 'confirm', comment: input.comment }
    : { actor: input.actor, decision: 'reopen', reason: input.reasons, newDeadline: input.plan };
}

export interface RectificationPlanView {
  measures: string;
  owner: string;
  deadlineAt: string;
}

export interface ExtensionView {
  n: number;
  reason: string;
  requestedById: string;
  deadlineAt: string;
}

export interface RectificationView {
  workflowId: string;
  findingId: string;
  unitId: string;
  groupId: string;
  state: RectificationState;
  /** 1, then +1 for every reopening (验收 or 回头看) */
  round: number;
  version: number;
  /** the deadline being watched: the plan's due date before approval, the rectification deadline after */
  deadlineAt: string;
  /** what that deadline counts (我的待办 states it); absent for a fixed instant and in views recorded before rules were shown */
  deadlineRule?: DeadlineRule;
  /** the outbox key of that deadline's emails: a new deadline (returned plan, extension, reopening) gets a new key */
  deadlineKey: string;
  rungsFired: number[];
  plan: RectificationPlanView | null;
  progressReports: number;
  pendingExtension: ExtensionView | null;
  extensionsGranted: number;
  closedAt: string | null;
  revisitAt: string | null;
}

// Each update is named as its definition (the workflow type scopes it, so the process is not repeated).
export const submitPlanUpdate = defineUpdate<RectificationView, [SubmitPlanInput]>('submitPlan');
export const reviewPlanUpdate = defineUpdate<RectificationView, [ReviewPlanInput]>('reviewPlan');
export const reportProgressUpdate = defineUpdate<RectificationView, [ReportProgressInput]>('reportProgress');
export const decideAcceptanceUpdate = defineUpdate<RectificationView, [DecideAcceptanceInput]>('decideAcceptance');
export const requestExtensionUpdate = defineUpdate<RectificationView, [RequestExtensionInput]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<RectificationView, [DecideExtensionInput]>('decideExtension');
export const recordRevisitUpdate = defineUpdate<RectificationView, [RecordRevisitInput]>('recordRevisit');

/** The names these updates had before the glossary: recorded histories and open rectifications hold them. */
export const legacyRectificationUpdates = {
  submitPlan: defineUpdate<RectificationView, [LegacySubmitPlanInput]>('submitRectificationPlan'),
  reviewPlan: defineUpdate<RectificationView, [LegacyReviewPlanInput]>('reviewRectificationPlan'),
  reportProgress: defineUpdate<RectificationView, [ReportProgressInput]>('reportRectificationProgress'),
  decideAcceptance: defineUpdate<RectificationView, [LegacyDecideAcceptanceInput]>('decideRectificationAcceptance'),
  requestExtension: defineUpdate<RectificationView, [LegacyRequestExtensionInput]>('requestRectificationExtension'),
  decideExtension: defineUpdate<RectificationView, [DecideExtensionInput]>('decideRectificationExtension'),
  recordRevisit: defineUpdate<RectificationView, [LegacyRecordRevisitInput]>('recordRectificationRevisit'),
};
export const rectificationStatusQuery = defineQuery<RectificationView>('rectificationStatus');
