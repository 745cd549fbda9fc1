import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EmailRequest } from '../../activities/mail';
import type { Actor } from '../../domain/roles';
import type { Deadline, DeadlineRule } from '../../domain/ladder';
import type { CampaignState, InspectionState } from '../../domain/states';

// ---- 专项督查 campaign --------------------------------------------------------------------------

export interface CampaignInput {
  campaignId: string;
  title: string;
  topic: string;
  approverId: string;
  unitCount: number;
  /** the approval window: its rungs notify the approver's superior */
  approval: Deadline;
  /** the units' self-inspection deadline with reminder and rungs */
  submission: Deadline;
  /** campaigns started before FAN_OUT_BY_ACTIVITY: children started per run before continuing as new */
  fanOutWindow?: number;
  /** continue as new once the history is this long (Temporal suggests it too, near 10k events) */
  historyLimit?: number;
  /** carried across continue-as-new */
  progress?: CampaignProgress;
  /** emails the previous run had not got out yet: this run sends them (each once, by its outbox key) */
  emails?: EmailRequest[];
}

export interface CampaignProgress {
  state: CampaignState;
  version: number;
  started: number;
  finished: number;
  approvalRungsFired: number[];
  runs: number;
}

export interface CampaignView extends CampaignProgress {
  campaignId: string;
  unitCount: number;
  deadlineAt: string;
  approvalDueAt: string;
}

export interface ApprovalDecisionInput {
  actor: Actor;
  decision: 'approve' | 'reject';
  reason?: string;
}

export interface CancelCampaignInput {
  actor: Actor;
  reason: string;
}

export interface UnitFinished {
  unitId: string;
}

export const decideApprovalUpdate = defineUpdate<CampaignView, [ApprovalDecisionInput]>('decideApproval');
/** the name of decideApproval before the glossary (a campaign's 方案 is not a plan): histories and running campaigns hold it */
export const legacyDecideApprovalUpdate = defineUpdate<CampaignView, [ApprovalDecisionInput]>('decidePlan');
export const cancelCampaignUpdate = defineUpdate<CampaignView, [CancelCampaignInput]>('cancelCampaign');
export const campaignStatusQuery = defineQuery<CampaignView>('campaignStatus');
/** sent by each unit inspection when it is accepted, to its campaign's workflow id (any run) */
export const unitFinishedSignal = defineSignal<[UnitFinished]>('unitFinished');

// ---- 单位自查 one unit's part of a campaign -------------------------------------------------------

export interface UnitInspectionInput {
  campaignId: string;
  campaignWorkflowId: string;
  title: string;
  topic: string;
  unitId: string;
  groupId: string;
  approverId: string;
  /** the self-inspection deadline, the same the campaign holds as CampaignInput.submission */
  submission: Deadline;
  /**
   * The first snapshot (version 1: projection row and audit entry) the fan-out wrote before starting it,
   * with the deadline that row holds: the workflow begins at version 1 and records only when its own
   * deadline differs (a page retried across a calendar amendment). Absent: it records version 1 itself.
   */
  projected?: { version: 1; deadlineAt: string };
}

/** The input as campaigns started before the glossary passed it: the deadline was `plan`. */
export type LegacyUnitInspectionInput = UnitInspectionInput | (Omit<UnitInspectionInput, 'submission'> & { plan: Deadline });

export function currentUnitInspectionInput(input: LegacyUnitInspectionInput): UnitInspectionInput {
  if (!('plan' in input)) return input;
  const { plan, ...rest } = input;
  return { ...rest, submission: plan };
}

export interface FindingInput {
  title: string;
  detail?: string;
}

export interface SubmitReportInput {
  actor: Actor;
  content: string;
}

export type ReviewReportInput =
  | {
      actor: Actor;
      decision: 'accept';
      findings: FindingInput[];
      comment?: string;
      /** when each finding's rectification plan is due (the API always sends it; older histories lack it) */
      rectificationPlanDue?: Deadline;
    }
  | { actor: Actor; decision: 'return'; reason: string; newDeadline: Deadline };

/** A review as workflows started before the glossary received it (the recorded histories hold it). */
export type LegacyReviewReportInput = ReviewReportInput | { actor: Actor; decision: 'return'; reasons: string; plan: Deadline };

export const currentReviewReport = (input: LegacyReviewReportInput): ReviewReportInput =>
  'reasons' in input ? { actor: input.actor, decision: 'return', reason: input.reasons, newDeadline: input.plan } : input;

export interface InspectionView {
  workflowId: string;
  campaignId: string;
  unitId: string;
  groupId: string;
  state: InspectionState;
  round: number;
  version: number;
  deadlineAt: string;
  /** what that deadline counts, once it is not the campaign's first (a returned report's, a re-planned one); 我的待办 states it */
  deadlineRule?: DeadlineRule;
  rungsFired: number[];
}

export const submitReportUpdate = defineUpdate<InspectionView, [SubmitReportInput]>('submitReport');
export const reviewReportUpdate = defineUpdate<InspectionView, [ReviewReportInput]>('reviewReport');
export const inspectionStatusQuery = defineQuery<InspectionView>('inspectionStatus');
