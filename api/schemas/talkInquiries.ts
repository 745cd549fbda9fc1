import { MEASURE_KINDS } from '../../domain/fourForms';
import { FIRST_FORM_KINDS } from '../../domain/preliminaryChecks';
import { TALK_INQUIRY_STATES } from '../../domain/states';
import { INQUIRY_FORMS, INQUIRY_VERDICTS } from '../../domain/talkInquiries';
import { Id, keysOf } from './common';
import { ShanghaiDate } from './measures';
import { z } from './zod';

const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});

export const TalkInquiryParams = z.object({ leadId: z.string().min(1).max(40).openapi({ example: 'XS-2026-0012', description: 'the lead’s 统一编号: one talk inquiry per lead' }) });

/** 函询 sent and arrived, or 谈话 held: the reply is due 15 工作日 after the arrival or the talk. */
export const RecordInquiryFormBody = z
  .discriminatedUnion('form', [
    z.strictObject({ form: z.literal('letter'), sentOn: ShanghaiDate.openapi({ description: 'the day the letter was sent' }), arrivedOn: ShanghaiDate.openapi({ description: 'the day it reached the person (the reply counts from it)' }) }),
    z.strictObject({ form: z.literal('talk'), heldOn: ShanghaiDate.openapi({ description: 'the day of the talk (the written account counts from it)' }), heldById: Id.openapi({ description: 'the registry person who held it', example: 'g5-leader' }) }),
  ])
  .refine((b) => b.form !== 'letter' || b.arrivedOn >= b.sentOn, { path: ['arrivedOn'], message: '送达日期不能早于发函日期 / the letter cannot arrive before it was sent' })
  .openapi('RecordInquiryFormBody', { description: `form: ${Object.entries(INQUIRY_FORMS).map(([k, v]) => `${k} ${v}`).join(' · ')}` });
export type RecordInquiryFormBody = z.infer<typeof RecordInquiryFormBody>;

export const RequestReplyExtensionBody = z
  .strictObject({ reason: Text(2000, '被函询人出差，申请延期说明'), dueOn: ShanghaiDate.openapi({ description: 'the Shanghai day the reply is now due (its 24:00), later than the current deadline' }) })
  .openapi('RequestReplyExtensionBody');
export type RequestReplyExtensionBody = z.infer<typeof RequestReplyExtensionBody>;

export const DecideReplyExtensionBody = z
  .discriminatedUnion('decision', [z.strictObject({ decision: z.literal('grant') }), z.strictObject({ decision: z.literal('refuse'), reason: Text(2000, '理由不充分') })])
  .openapi('DecideReplyExtensionBody');
export type DecideReplyExtensionBody = z.infer<typeof DecideReplyExtensionBody>;

export const RecordInquiryReplyBody = z
  .strictObject({ receivedOn: ShanghaiDate.openapi({ description: 'the day the written reply came in; not after today' }), summary: Text(20_000, '本人对反映问题作出说明，称车辆系公务使用') })
  .openapi('RecordInquiryReplyBody');
export type RecordInquiryReplyBody = z.infer<typeof RecordInquiryReplyBody>;

export const InquiryMeasure = z.strictObject({
  kind: z.enum(FIRST_FORM_KINDS).openapi({ description: `a measure of 第一种形态: ${FIRST_FORM_KINDS.map((k) => `${k} ${MEASURE_KINDS[k].label}`).join(' · ')}` }),
  subject: z.strictObject({ name: Text(100, '陈某'), title: z.string().trim().min(1).max(200).optional().openapi({ example: '区公路局 科长' }) }),
  heldOn: ShanghaiDate.openapi({ description: 'the Shanghai day it was held; not after today' }),
  heldById: Id.openapi({ description: 'the registry person who held it' }),
});

export const ProposeInquiryEvaluationBody = z
  .discriminatedUnion('verdict', [
    z.strictObject({ verdict: z.literal('accepted'), reason: Text(4000, '说明属实，予以采信，对其谈话提醒'), measures: z.array(InquiryMeasure).max(50).default([]) }),
    z.strictObject({ verdict: z.literal('to_preliminary_check'), reason: Text(4000, '说明与掌握情况不符，转初步核实') }),
  ])
  .openapi('ProposeInquiryEvaluationBody', { description: `verdict: ${Object.entries(INQUIRY_VERDICTS).map(([k, v]) => `${k} ${v}`).join(' · ')}` });
export type ProposeInquiryEvaluationBody = z.infer<typeof ProposeInquiryEvaluationBody>;

export const DecideInquiryEvaluationBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({ decision: z.literal('return'), reason: Text(2000, '评估意见需补充') }),
  ])
  .openapi('DecideInquiryEvaluationBody');
export type DecideInquiryEvaluationBody = z.infer<typeof DecideInquiryEvaluationBody>;

/** The talk inquiry's workflow answer (talkInquiryStatusQuery): ids, state, form, reply, extension, evaluation; nothing of the reporter. */
export const TalkInquiryWorkflowView = z
  .object({
    workflowId: z.string(),
    leadId: z.string(),
    number: z.string(),
    state: keysOf(TALK_INQUIRY_STATES),
    version: z.number().int(),
    reply: z.object({ key: z.string(), deadlineAt: z.string(), remindAt: z.string().nullable().optional(), rungsFired: z.array(z.number().int()) }).passthrough().nullable(),
    pendingExtension: z.object({ reason: z.string(), dueOn: z.string(), deadlineAt: z.string(), requestedAt: z.string() }).nullable(),
  })
  .passthrough()
  .openapi('TalkInquiryWorkflowView');

/** The projected talk inquiry and its timeline. */
export const TalkInquiryDetail = z
  .object({
    leadId: z.string(),
    number: z.string(),
    workflowId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    handlerId: z.string(),
    state: keysOf(TALK_INQUIRY_STATES),
    stateLabel: z.string(),
    form: z.unknown().nullable(),
    replyDueAt: z.string().nullable(),
    replyDueRule: z.string().nullable().openapi({ description: 'what the reply’s deadline counts, in words (15个工作日 after the arrival, or the day an extension granted)' }),
    pendingExtension: z.unknown().nullable(),
    replyReceivedOn: z.string().nullable(),
    evaluation: z.unknown().nullable(),
    completedAt: z.string().nullable(),
    timeline: z.array(z.object({ kind: z.string(), actorId: z.string().nullable(), at: z.string(), detail: z.unknown().nullable() })),
    links: z.object({ self: z.string(), lead: z.string(), workflowUi: z.string() }),
  })
  .openapi('TalkInquiryDetail');
export type TalkInquiryDetail = z.infer<typeof TalkInquiryDetail>;
