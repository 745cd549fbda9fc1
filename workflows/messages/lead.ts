import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DisposalMethod, LeadOutcome, ReporterNoticeKind, ReporterNoticeMeans } from '../../domain/leads';
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

/**
 * 拟处置, by the handler: the method and why; for 暂存待查 the Shanghai date it is reviewed on and the
 * instant that day starts (computed by the API), for 予以了结 the closing reason.
 */
export interface ProposeLeadDisposalInput {
  actor: Actor;
  method: DisposalMethod;
  reason: string;
  reviewOn?: string;
  reviewAt?: string;
  closingReason?: string;
}

/** 集体研究, recorded by the handler: its Shanghai date (not in the future), who attended (registry ids, checked by the API), the opinion. */
export interface RecordCollectiveReviewInput {
  actor: Actor;
  heldOn: string;
  attendeeIds: string[];
  opinion: string;
}

/**
 * 报批: the commission leader over the lead's group (checked by the API) approves, or sends it back
 * with a reason. Approving a real-name lead's closing carries the result notice's deadline (computed by the API).
 */
export type DecideLeadDisposalInput =
  | { actor: Actor; decision: 'approve'; comment?: string; resultNoticeDue?: Deadline | null }
  | { actor: Actor; decision: 'send_back'; reason: string };

/**
 * What a lead hands the process of its approved method (谈话函询 `talkInquiry`, 初步核实 `preliminaryCheck`),
 * started as its child: the lead's ids and number, never its summary, persons concerned or reporter.
 */
export interface LeadProcessInput {
  leadId: string;
  number: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  /** `信访举报·来信`: the emails' topic */
  sourceLabel: string;
  realName: boolean;
}

/**
 * How a method process ends, as the lead takes it on: to 初步核实 (a talk inquiry's reply not accepted),
 * or the lead ends with its outcome (null: 了结 with none, as an accepted reply without a measure). A
 * real-name reporter's result notice is due from the end (computed by the API in the approving update).
 */
export type LeadProcessResult =
  | { next: 'preliminary_check'; reason: string }
  | { next: 'end'; outcome: LeadOutcome | null; reason: string; resultNoticeDue: Deadline | null };

export interface LeadDisposalView {
  method: DisposalMethod;
  reason: string;
  reviewOn: string | null;
  reviewAt: string | null;
  closingReason: string | null;
  proposedAt: string;
  collectiveReview: { heldOn: string; attendeeIds: string[]; opinion: string; recordedAt: string } | null;
  approved: { byId: string; at: string; comment: string | null } | null;
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
  /** the disposal under way or approved (absent in views recorded before disposal) */
  disposal?: LeadDisposalView | null;
  /** each disposal sent back (退回), newest last */
  sentBack?: { byId: string; reason: string; at: string }[];
  closed?: { reason: string; at: string } | null;
  /** a real-name reporter told of the result within 15 工作日 of the closing */
  resultNotice?: LeadDeadlineView | null;
  /** how a checked lead ended (LEAD_OUTCOMES; null: 了结 without one); absent in views recorded before the method processes */
  outcome?: LeadOutcome | null;
}

export const decideLeadAcceptanceUpdate = defineUpdate<LeadView, [DecideLeadAcceptanceInput]>('decideLeadAcceptance');
export const recordReporterNoticeUpdate = defineUpdate<LeadView, [RecordReporterNoticeInput]>('recordReporterNotice');
export const proposeLeadDisposalUpdate = defineUpdate<LeadView, [ProposeLeadDisposalInput]>('proposeLeadDisposal');
export const recordCollectiveReviewUpdate = defineUpdate<LeadView, [RecordCollectiveReviewInput]>('recordCollectiveReview');
export const decideLeadDisposalUpdate = defineUpdate<LeadView, [DecideLeadDisposalInput]>('decideLeadDisposal');
export const leadStatusQuery = defineQuery<LeadView>('leadStatus');
