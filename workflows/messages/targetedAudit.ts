import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar';
import type { Deadline, DeadlineRule } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import type { AuditStepSpec, AuditTemplate } from '../../domain/targetedAudits';
import type { TargetedAuditState } from '../../domain/states';

// ---- 靶向督查 a targeted audit of one unit from a template --------------------------------------
// Started by the API (workflow type 'targetedAudit', id targetedAuditWorkflowId(auditId)) with the
// template's steps already resolved; each step's deadline is planned by an activity when it opens.

export interface TargetedAuditInput {
  auditId: string;
  template: AuditTemplate;
  title: string;
  unitId: string;
  groupId: string;
  steps: AuditStepSpec[];
  /** the dates the template's rules count from (e.g. meetingDate), ISO dates in Asia/Shanghai */
  dates: Record<string, IsoDate>;
  /** the commission leader the ladder's COMMISSION_LEADER rung (and findings' rectifications) go to */
  commissionLeaderId: string;
}

export interface AuditFindingInput {
  title: string;
  detail?: string;
}

/** 报送 one item of a step (the unit's contact, or for a group step a member of the group). */
export interface FileAuditStepInput {
  actor: Actor;
  stepKey: string;
  item: string;
  content: string;
  /** meeting steps: the day it was held and the group member who attended (列席) */
  heldOn?: IsoDate;
  attendeeId?: string;
  /** group steps: what the group found; each becomes a finding with its own rectification */
  findings?: AuditFindingInput[];
  /** the plan due of those findings' rectifications, computed by the API */
  rectificationPlanDue?: Deadline;
}

/** 审阅 a unit's filing: accepted (possibly with findings) or returned with a reason (and perhaps a new deadline). */
export type ReviewAuditStepInput =
  | { actor: Actor; stepKey: string; item: string; decision: 'accept'; comment?: string; findings?: AuditFindingInput[]; rectificationPlanDue?: Deadline }
  | { actor: Actor; stepKey: string; item: string; decision: 'return'; reason: string; newDeadline?: Deadline };

/** A review as workflows started before the glossary received it (the recorded histories hold it). */
export type LegacyReviewAuditStepInput = ReviewAuditStepInput | { actor: Actor; stepKey: string; item: string; decision: 'return'; reasons: string; plan?: Deadline };

export const currentReviewAuditStep = (input: LegacyReviewAuditStepInput): ReviewAuditStepInput => {
  if (!('reasons' in input)) return input;
  const { reasons, plan, ...rest } = input;
  return { ...rest, reason: reasons, newDeadline: plan };
};

export interface CancelAuditInput {
  actor: Actor;
  reason: string;
}

/** awaiting: owed by its filer; filed: waiting for the group's review; returned: owed again; accepted: done. */
export type AuditItemState = 'awaiting' | 'filed' | 'returned' | 'accepted';

export interface AuditItemView {
  label: string;
  state: AuditItemState;
  /** 1, then +1 for every return */
  round: number;
  content: string | null;
  filedById: string | null;
  filedAt: string | null;
  reason: string | null;
}

/** The filer owes the step something: an item not yet filed, or returned. Its deadline runs only then. */
export const owesFiling = (step: Pick<AuditStepView, 'items'>) => Object.values(step.items).some((i) => i.state === 'awaiting' || i.state === 'returned');

export type AuditStepState = 'pending' | 'planning' | 'open' | 'done';

export interface AuditStepView {
  key: string;
  label: string;
  by: AuditStepSpec['by'];
  state: AuditStepState;
  deadlineAt: string | null;
  /** what that deadline counts (我的待办 states it); absent in views recorded before rules were shown */
  deadlineRule?: DeadlineRule;
  /** the outbox key of the running deadline's reminder and rungs; a new deadline gets a new one */
  deadlineKey: string | null;
  rungsFired: number[];
  items: Record<string, AuditItemView>;
  heldOn?: IsoDate;
  attendeeId?: string;
  doneAt: string | null;
}

export interface TargetedAuditView {
  workflowId: string;
  auditId: string;
  template: AuditTemplate;
  state: TargetedAuditState;
  version: number;
  /** index into steps of the step being worked on; steps.length once completed */
  current: number;
  steps: AuditStepView[];
  findingIds: string[];
  /** the year without statutory holiday data while state is calendar_missing */
  missingYear?: number;
  cancelReason?: string;
}

export const fileAuditStepUpdate = defineUpdate<TargetedAuditView, [FileAuditStepInput]>('fileAuditStep');
export const reviewAuditStepUpdate = defineUpdate<TargetedAuditView, [ReviewAuditStepInput]>('reviewAuditStep');
export const cancelAuditUpdate = defineUpdate<TargetedAuditView, [CancelAuditInput]>('cancelAudit');
export const targetedAuditStatusQuery = defineQuery<TargetedAuditView>('targetedAuditStatus');
