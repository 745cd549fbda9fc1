import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReporterNoticeKind, ReporterNoticeMeans } from '../../domain/leads';
import type { Deadline } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import type { LeadState } from '../../domain/states';

// ---- 问题线索 intake ------------------------------------------------------------------------------
// Started by the API (POST /leads) with the business id leadWorkflowId(number) (domain/ids.ts).
// Nothing here names the reporter: the input, the view, the updates and so the history carry the
// lead's id and number, its handler and its deadlines only. Whoever needs the reporter reads
// LeadReporter through GET /leads/{id}/reporter, which is audited.

export interface LeadInput {
  leadId: string;
  /** 统一编号, what the emails name the lead by (never its summary or the persons concerned) */
  number: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  /** `信访举报·来信`: the email's topic */
  sourceLabel: string;
  realName: boolean;
  /** 受理或转办 within 5 工作日 of receipt (computed by the API) */
  acceptanceDue: Deadline;
  /** a real-name reporter told of receipt within 15 工作日 (computed by the API); null otherwise */
  receiptNoticeDue: Deadline | null;
}

/** 受理 (accept) or 转办 (forward, to whom and why), by the handler. */
export type DecideLeadAcceptanceInput =
  | { actor: Actor; decision: 'accept'; comment?: string }
  | { actor: Actor; decision: 'forward'; forwardTo: string; reason: string };

/** The handler records that the real-name reporter was told: of receipt, or of the result; how and when. */
export interface RecordReporterNoticeInput {
  actor: Actor;
  kind: ReporterNoticeKind;
  means: ReporterNoticeMeans;
  toldAt: string;
}

export interface LeadDeadlineView {
  deadlineAt: string;
  /** absent in views recorded before calendar amendments re-planned a lead */
  remindAt?: string | null;
  rungsFired: number[];
}

export interface LeadView {
  workflowId: string;
  leadId: string;
  number: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  realName: boolean;
  state: LeadState;
  version: number;
  acceptance: LeadDeadlineView;
  acceptedAt: string | null;
  forwarded: { to: string; reason: string; at: string } | null;
  /** null for a lead without a real-name reporter */
  receiptNotice: (LeadDeadlineView & { toldAt: string | null; means: ReporterNoticeMeans | null }) | null;
  resultToldAt: string | null;
}

export const decideLeadAcceptanceUpdate = defineUpdate<LeadView, [DecideLeadAcceptanceInput]>('decideLeadAcceptance');
export const recordReporterNoticeUpdate = defineUpdate<LeadView, [RecordReporterNoticeInput]>('recordReporterNotice');
export const leadStatusQuery = defineQuery<LeadView>('leadStatus');
