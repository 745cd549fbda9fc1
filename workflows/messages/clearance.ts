import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ClearanceMethod, ReporterCorrection } from '../../domain/clearances';
import type { Deadline, DeadlineRule } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import type { ClearanceState } from '../../domain/states';

// ---- 澄清正名 ---------------------------------------------------------------------------------------
// Started by the API (POST /clearances) with the business id clearanceWorkflowId(leadId). The workflow
// carries the lead's id only: never the reporter (LeadReporter), nor the persons cleared or the audience
// (the Clearance row). The reporter's correction is here by its kind and dates alone.

export interface ClearanceInput {
  /** the clearance is named by its lead's number */
  clearanceId: string;
  leadId: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  method: ClearanceMethod;
  /** the reporter's 批评教育 or 书面检讨; null where the lead has no reporter on file */
  reporterCorrection: ReporterCorrection | null;
}

/** The commission leader over the group (checked by the API) approves, with the deadlines it starts (computed by the API), or rejects. */
export type DecideClearanceInput =
  | { actor: Actor; decision: 'approve'; due: Deadline; correctionDue: Deadline | null; comment?: string }
  | { actor: Actor; decision: 'reject'; reason: string };

/** The handler records the clearance done: its Shanghai date (not after today) and how it was done. */
export interface RecordClearanceDoneInput {
  actor: Actor;
  doneOn: string;
  how: string;
}

/** The handler records the reporter's correction done (批评教育 given) or received (书面检讨): its Shanghai date. */
export interface RecordReporterCorrectionInput {
  actor: Actor;
  doneOn: string;
}

export interface ClearanceDeadlineView {
  deadlineAt: string;
  remindAt: string | null;
  rungsFired: number[];
  rule: DeadlineRule | null;
}

export interface ClearanceView {
  workflowId: string;
  clearanceId: string;
  leadId: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  method: ClearanceMethod;
  state: ClearanceState;
  version: number;
  approved: { byId: string; at: string; comment: string | null } | null;
  rejected: { byId: string; at: string; reason: string } | null;
  due: ClearanceDeadlineView | null;
  done: { on: string; how: string; recordedAt: string } | null;
  reporterCorrection: { kind: ReporterCorrection; due: ClearanceDeadlineView | null; doneOn: string | null } | null;
}

export const decideClearanceUpdate = defineUpdate<ClearanceView, [DecideClearanceInput]>('decideClearance');
export const recordClearanceDoneUpdate = defineUpdate<ClearanceView, [RecordClearanceDoneInput]>('recordClearanceDone');
export const recordReporterCorrectionUpdate = defineUpdate<ClearanceView, [RecordReporterCorrectionInput]>('recordReporterCorrection');
export const clearanceStatusQuery = defineQuery<ClearanceView>('clearanceStatus');
