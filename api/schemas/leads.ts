import { COLLECTIVE_REVIEW_MIN_ATTENDEES, DISPOSAL_METHOD_KEYS, LEAD_CHANNELS, LEAD_SOURCE_KINDS, REPORTER_NOTICE_KINDS, REPORTER_NOTICE_MEANS } from '../../domain/leads';
import { LEAD_STATES } from '../../domain/states';
import { Id, keysOf } from './common';
import { MARKS, TaskItem } from './me';
import { z } from './zod';

const LeadStateEnum = keysOf(LEAD_STATES);
const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});
const Optional = (max: number) => z.string().trim().min(1).max(max).optional();

export const LeadParams = z.object({ id: z.string().min(1).max(40).openapi({ example: 'XS-2026-0012', description: 'the lead’s 统一编号' }) });

const PersonConcerned = z.strictObject({ name: Text(100, '张某'), title: Optional(200).openapi({ example: '区卫监所 科员' }) });

/**
 * 问题线索登记. The reporter (举报人) goes only with a complaint (信访举报); it is stored apart from the
 * lead and never returned by any answer but GET /leads/{id}/reporter.
 */
export const RegisterLeadBody = z
  .strictObject({
    source: z.strictObject({
      kind: z.enum(LEAD_SOURCE_KINDS).openapi({ description: 'complaint 信访举报 · supervision 日常监督发现 · handover 移交' }),
      channel: z.enum(LEAD_CHANNELS).openapi({ description: 'the channel within the kind (letter, visit, phone, online; routine_run, surprise_check, targeted_audit, heard; inspection_tour, audit, higher_assigned)' }),
    }),
    raisedFrom: z
      .union([z.strictObject({ findingId: Text(300) }), z.strictObject({ workflowId: Text(300).openapi({ description: 'the process whose observation raised it, e.g. a routine run' }) })])
      .optional()
      .openapi({ description: 'the finding or observation the lead was raised from, where there is one' }),
    unitId: Id.openapi({ description: 'the unit the lead concerns; its stationed group handles it' }),
    personsConcerned: z.array(PersonConcerned).min(1).max(50).openapi({ description: '被反映人: names and titles as written' }),
    summary: Text(20_000, '反映该所工作人员在执法检查中收受商户购物卡'),
    realName: z.boolean().default(false).openapi({ description: '实名举报 (only for a complaint with a reporter)' }),
    reporter: z
      .strictObject({ name: Text(100), phone: Optional(50), email: z.email().max(200).optional(), unit: Optional(200), address: Optional(500) })
      .optional()
      .openapi({ description: '举报人, sealed: a complaint only; required when realName' }),
    handlerId: Id.openapi({ description: '承办人: a member of the unit’s stationed group or commission staff' }),
    receivedAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'when the lead was received; omitted: now (not in the future)' }),
  })
  .openapi('RegisterLeadBody');
export type RegisterLeadBody = z.infer<typeof RegisterLeadBody>;

export const LeadSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    source: z.object({ kind: z.enum(LEAD_SOURCE_KINDS), channel: z.enum(LEAD_CHANNELS), label: z.string() }),
    unit: z.object({ id: z.string(), name: z.string() }),
    groupId: z.string(),
    personsConcerned: z.array(z.object({ name: z.string(), title: z.string().optional() })),
    summary: z.string(),
    realName: z.boolean(),
    handlerId: z.string(),
    state: LeadStateEnum,
    stateLabel: z.string(),
    receivedAt: z.string(),
    acceptanceDueAt: z.string(),
    mark: keysOf(MARKS).openapi({ description: "三色预警: the worst colour of the lead's open steps and of the processes that came of it (受理, 告知, 谈话函询's reply, 初步核实's lights, 审查调查's limit, 澄清正名), by 我的待办's rule; green with none" }),
    links: z.object({ self: z.string(), workflowUi: z.string() }),
  })
  .openapi('LeadSummary');
export type LeadSummary = z.infer<typeof LeadSummary>;

export const ListLeadsQuery = z.object({
  state: LeadStateEnum.optional(),
  sourceKind: z.enum(LEAD_SOURCE_KINDS).optional(),
  groupId: Id.optional(),
  unitId: Id.optional(),
  handlerId: Id.optional(),
  mark: keysOf(MARKS).optional().openapi({ description: 'only leads of this colour (`counts` still cover every colour; `total` is what the page list has)' }),
  receivedFrom: z.iso.datetime({ offset: true }).optional().openapi({ description: 'received at or after' }),
  receivedTo: z.iso.datetime({ offset: true }).optional().openapi({ description: 'received before' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListLeadsQuery = z.output<typeof ListLeadsQuery>;

export const LeadList = z
  .object({
    items: z.array(LeadSummary),
    total: z.number().int(),
    counts: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi('LeadList');

export const LeadEventView = z.object({
  process: z.enum(['lead', 'talkInquiry', 'preliminaryCheck', 'case', 'clearance']).openapi({ description: "the process the event belongs to: the lead's own, or one its disposal led to" }),
  kind: z.string(), actorId: z.string().nullable(), at: z.string(), detail: z.unknown().nullable() });

const PersonRef = z.object({ id: z.string(), name: z.string() });

/** 线索处置 as the lead's page shows it: the proposal, its collective review and its approval. */
export const LeadDisposal = z
  .object({
    method: z.enum(DISPOSAL_METHOD_KEYS),
    methodLabel: z.string().openapi({ example: '予以了结' }),
    reason: z.string(),
    reviewOn: z.string().nullable().openapi({ description: '暂存待查: the Shanghai date it is reviewed on' }),
    closingReason: z.string().nullable().openapi({ description: '予以了结: the closing reason' }),
    proposedAt: z.string(),
    collectiveReview: z.object({ heldOn: z.string(), attendees: z.array(PersonRef), opinion: z.string() }).nullable(),
    approved: z.object({ by: PersonRef, at: z.string() }).nullable(),
  })
  .openapi('LeadDisposal');

/** One open step of the lead, whoever owes it, with what its deadline counts (as 我的待办 shows it). */
export const LeadStep = TaskItem.pick({ kind: true, what: true, dueAt: true, dueRule: true, mark: true, markRule: true, act: true, page: true })
  .extend({ owner: PersonRef.nullable().openapi({ description: 'who owes it: the handler, or the commission leader over the group (null: none holds that post today)' }) })
  .openapi('LeadStep');

export const LeadDetail = LeadSummary.extend({
  workflowId: z.string(),
  version: z.number().int(),
  raisedFrom: z
    .object({ findingId: z.string().nullable(), findingTitle: z.string().nullable(), workflowId: z.string().nullable() })
    .openapi({ description: 'the finding (with its title) or the process the lead was raised from, where there is one' }),
  reporterOnFile: z.boolean().openapi({ description: 'whether a reporter is on file (who it is: GET /leads/{id}/reporter, for the handler and commission leaders)' }),
  acceptedAt: z.string().nullable(),
  receiptNotice: z.object({ dueAt: z.string(), toldAt: z.string().nullable() }).nullable(),
  disposal: LeadDisposal.nullable().openapi({ description: 'the disposal proposed or approved; null before one is proposed, after one is sent back, once a shelved lead is due for review' }),
  sentBack: z.array(z.object({ by: PersonRef, reason: z.string(), at: z.string() })).openapi({ description: 'each disposal sent back (退回), oldest first' }),
  closedAt: z.string().nullable(),
  resultNotice: z.object({ dueAt: z.string(), toldAt: z.string().nullable() }).nullable().openapi({ description: 'a closed real-name lead: its reporter told of the result within 15 工作日' }),
  processes: z
    .array(z.object({ kind: z.enum(['talkInquiry', 'preliminaryCheck', 'case', 'clearance']), id: z.string(), state: z.string(), stateLabel: z.string(), page: z.string() }))
    .openapi({ description: "the processes the lead's disposal and outcome led to (谈话函询, 初步核实, 立案审查, 澄清正名), each with its state and API page" }),
  openSteps: z.array(LeadStep),
  timeline: z.array(LeadEventView),
}).openapi('LeadDetail');
export type LeadDetail = z.infer<typeof LeadDetail>;

export const LeadReporterView = z
  .object({ leadId: z.string(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable(), unit: z.string().nullable(), address: z.string().nullable() })
  .openapi('LeadReporter');

export const DecideLeadAcceptanceBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('accept'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({ decision: z.literal('forward'), forwardTo: Text(200, '区教育局纪检组'), reason: Text(2000, '反映问题属其管辖') }),
  ])
  .openapi('DecideLeadAcceptanceBody');

export const RecordReporterNoticeBody = z
  .strictObject({
    kind: keysOf(REPORTER_NOTICE_KINDS).openapi({ description: 'receipt 受理告知 · result 处理结果告知' }),
    means: keysOf(REPORTER_NOTICE_MEANS).openapi({ description: 'how the reporter was told' }),
    toldAt: z.iso.datetime({ offset: true }).openapi({ description: 'when' }),
  })
  .openapi('RecordReporterNoticeBody');

const ShanghaiDate = (description: string) => z.iso.date().openapi({ description, example: '2027-03-01' });
const Reason = Text(2000, '反映问题经初步了解不属实');

/** 拟处置: each method with what it needs (暂存待查 its review date, 予以了结 its closing reason), nothing else. */
export const ProposeLeadDisposalBody = z
  .discriminatedUnion('method', [
    z.strictObject({ method: z.enum(['talk_inquiry', 'preliminary_check']).openapi({ description: 'talk_inquiry 谈话函询 · preliminary_check 初步核实' }), reason: Reason }),
    z.strictObject({ method: z.literal('shelve').openapi({ description: '暂存待查' }), reason: Reason, reviewOn: ShanghaiDate('the Shanghai date it is reviewed on, after today') }),
    z.strictObject({ method: z.literal('close').openapi({ description: '予以了结' }), reason: Reason, closingReason: Text(2000, '反映问题失实') }),
  ])
  .openapi('ProposeLeadDisposalBody');
export type ProposeLeadDisposalBody = z.infer<typeof ProposeLeadDisposalBody>;

export const RecordCollectiveReviewBody = z
  .strictObject({
    heldOn: ShanghaiDate('the Shanghai date it was held, not after today'),
    attendeeIds: z
      .array(Id)
      .min(COLLECTIVE_REVIEW_MIN_ATTENDEES)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, { message: '参会人员不能重复 / each attendee once' })
      .openapi({ description: `who attended: registry people, at least ${COLLECTIVE_REVIEW_MIN_ATTENDEES}` }),
    opinion: Text(5000, '同意予以了结'),
  })
  .openapi('RecordCollectiveReviewBody');
export type RecordCollectiveReviewBody = z.infer<typeof RecordCollectiveReviewBody>;

export const DecideLeadDisposalBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({ decision: z.literal('send_back'), reason: Text(2000, '理由不充分，请补充') }),
  ])
  .openapi('DecideLeadDisposalBody');
export type DecideLeadDisposalBody = z.infer<typeof DecideLeadDisposalBody>;

/** Who may be named an attendee of a lead's collective review in the console: the commission's people and the lead's group, as posted today. */
export const ReviewCandidates = z
  .object({ items: z.array(z.object({ id: z.string(), name: z.string(), title: z.string().nullable() })) })
  .openapi('ReviewCandidates');

/** The lead workflow's own answer (leadStatusQuery): ids, states and deadlines, nothing of the reporter. */
export const LeadWorkflowView = z
  .object({
    workflowId: z.string(),
    leadId: z.string(),
    number: z.string(),
    state: LeadStateEnum,
    version: z.number().int(),
    acceptance: z.object({ deadlineAt: z.string(), rungsFired: z.array(z.number().int()) }),
    acceptedAt: z.string().nullable(),
    forwarded: z.object({ to: z.string(), reason: z.string(), at: z.string() }).nullable(),
    receiptNotice: z.object({ deadlineAt: z.string(), rungsFired: z.array(z.number().int()), toldAt: z.string().nullable(), means: z.string().nullable() }).nullable(),
    resultToldAt: z.string().nullable(),
  })
  .passthrough()
  .openapi('LeadWorkflowView');

export const RegisterLeadResponse = z.object({ id: z.string(), number: z.string(), workflowId: z.string(), state: LeadStateEnum, acceptanceDueAt: z.string(), links: z.object({ self: z.string(), workflowUi: z.string() }) }).openapi('RegisterLeadResponse');
export type RegisterLeadResponse = z.infer<typeof RegisterLeadResponse>;
