import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar';
import type { Deadline, DeadlineRule } from '../../domain/ladder';
import type { InquiryVerdict } from '../../domain/talkInquiries';
import type { Actor } from '../../domain/roles';
import type { TalkInquiryState } from '../../domain/states';
import type { ConclusionMeasure } from './preliminaryCheck';
import type { LeadDeadlineView } from './lead';

// ---- 谈话函询 a talk inquiry of one lead -----------------------------------------------------------
// Started by the lead's workflow as its child (type 'talkInquiry', id talkInquiryWorkflowId(leadId)) with
// LeadProcessInput (./lead.ts), ending with its LeadProcessResult. Nothing here names the reporter; the
// emails name the lead by its number only.

/**
 * 函询 sent (and the day it arrived) or 谈话 held (when, by whom), by the handler; the written reply is
 * due 15 工作日 after the arrival or the talk (computed by the API: domain/talkInquiries.ts replyRule).
 */
export type RecordInquiryFormInput = { actor: Actor; replyDue: Deadline } & (
  | { form: 'letter'; sentOn: IsoDate; arrivedOn: IsoDate }
  | { form: 'talk'; heldOn: IsoDate; heldById: string }
);

/** 延期, asked by the handler: why, and the Shanghai day the reply is now due. */
export interface RequestReplyExtensionInput {
  actor: Actor;
  reason: string;
  dueOn: IsoDate;
  /** the asked deadline, computed by the API (extendedReplyRule) */
  replyDue: Deadline;
}

/** The commission leader over the lead's group (checked by the API) grants the extension or refuses it with a reason. */
export type DecideReplyExtensionInput = { actor: Actor; decision: 'grant' } | { actor: Actor; decision: 'refuse'; reason: string };

/** The written reply (书面说明) received, by the handler: the day, and what it says. */
export interface RecordInquiryReplyInput {
  actor: Actor;
  receivedOn: IsoDate;
  summary: string;
}

/** 评估, proposed by the handler for the group: 采信 (with any first-form measures) or 转初步核实, and why. */
export interface ProposeInquiryEvaluationInput {
  actor: Actor;
  verdict: InquiryVerdict;
  reason: string;
  measures?: ConclusionMeasure[];
}

/** The commission leader over the group approves the evaluation (with a real-name lead's result notice deadline, computed by the API) or returns it. */
export type DecideInquiryEvaluationInput =
  | { actor: Actor; decision: 'approve'; comment?: string; resultNoticeDue?: Deadline | null }
  | { actor: Actor; decision: 'return'; reason: string };

export interface TalkInquiryView {
  workflowId: string;
  leadId: string;
  number: string;
  unitId: string;
  groupId: string;
  handlerId: string;
  state: TalkInquiryState;
  version: number;
  form:
    | { form: 'letter'; sentOn: IsoDate; arrivedOn: IsoDate; recordedAt: string }
    | { form: 'talk'; heldOn: IsoDate; heldById: string; recordedAt: string }
    | null;
  /** the running reply deadline, its rule, its key (`reply-1`, `reply-2` after an extension) and the rungs fired of it */
  reply: (LeadDeadlineView & { key: string; rule: DeadlineRule | null }) | null;
  pendingExtension: { reason: string; dueOn: IsoDate; deadlineAt: string; requestedAt: string } | null;
  extensions: { reason: string; dueOn: IsoDate; decision: 'grant' | 'refuse'; byId: string; refusal: string | null; at: string }[];
  replyReceived: { receivedOn: IsoDate; summary: string; recordedAt: string } | null;
  evaluation: { verdict: InquiryVerdict; reason: string; measures: ConclusionMeasure[]; proposedAt: string; approved: { byId: string; at: string; comment: string | null } | null } | null;
  returned: { byId: string; reason: string; at: string }[];
  completedAt: string | null;
}

export const recordInquiryFormUpdate = defineUpdate<TalkInquiryView, [RecordInquiryFormInput]>('recordInquiryForm');
export const requestReplyExtensionUpdate = defineUpdate<TalkInquiryView, [RequestReplyExtensionInput]>('requestReplyExtension');
export const decideReplyExtensionUpdate = defineUpdate<TalkInquiryView, [DecideReplyExtensionInput]>('decideReplyExtension');
export const recordInquiryReplyUpdate = defineUpdate<TalkInquiryView, [RecordInquiryReplyInput]>('recordInquiryReply');
export const proposeInquiryEvaluationUpdate = defineUpdate<TalkInquiryView, [ProposeInquiryEvaluationInput]>('proposeInquiryEvaluation');
export const decideInquiryEvaluationUpdate = defineUpdate<TalkInquiryView, [DecideInquiryEvaluationInput]>('decideInquiryEvaluation');
export const talkInquiryStatusQuery = defineQuery<TalkInquiryView>('talkInquiryStatus');
