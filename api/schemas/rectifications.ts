import { RECTIFICATION_STATES } from '../../domain/states';
import type { RectificationView } from '../../workflows/messages';
import { DeadlineInput, Id, Links, keysOf, workflowStatus } from './common';
import { z } from './zod';

const RectificationStateEnum = keysOf(RECTIFICATION_STATES);
const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});

/**
 * A finding id holds slashes (`campaign/<id>/unit/<unitId>/finding/<n>`), so paths carry it as ONE
 * URL-encoded segment: `/rectifications/campaign%2FZX-…%2Funit%2Fgongluju%2Ffinding%2F1`.
 */
export const RectificationParams = z.object({
  findingId: z.string().min(1).max(300).openapi({ example: 'campaign/ZX-20261127-a1b2c3/unit/gongluju/finding/1', description: 'URL-encoded as one path segment' }),
});

export const ListRectificationsQuery = z.object({
  unitId: Id.optional(),
  state: RectificationStateEnum.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const SubmitPlanBody = z
  .strictObject({
    measures: Text(20_000, '建立公车使用登记台账，逐车核查出车事由'),
    owner: Text(200, '办公室主任 王某'),
    deadline: DeadlineInput.openapi({ description: 'the rectification deadline the plan commits to' }),
  })
  .openapi('SubmitRectificationPlanBody');
export type SubmitPlanBody = z.infer<typeof SubmitPlanBody>;

export const ReviewPlanBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve') }),
    z.strictObject({ decision: z.literal('return'), reason: Text(2000), newDeadline: DeadlineInput }),
  ])
  .openapi('ReviewRectificationPlanBody');
export type ReviewPlanBody = z.infer<typeof ReviewPlanBody>;

export const ReportProgressBody = z
  .strictObject({ content: Text(50_000, '台账已建立，10辆公车已逐车核查'), requestAcceptance: z.boolean() })
  .openapi('ReportRectificationProgressBody');

export const DecideAcceptanceBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('accept'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({
      decision: z.literal('reopen'),
      reason: Text(2000),
      newDeadline: DeadlineInput.optional().openapi({ description: 'omitted: the running deadline stays' }),
    }),
  ])
  .openapi('DecideRectificationAcceptanceBody');
export type DecideAcceptanceBody = z.infer<typeof DecideAcceptanceBody>;

export const RequestExtensionBody = z.strictObject({ reason: Text(2000), deadline: DeadlineInput }).openapi('RequestRectificationExtensionBody');
export type RequestExtensionBody = z.infer<typeof RequestExtensionBody>;

export const DecideExtensionBody = z
  .discriminatedUnion('decision', [z.strictObject({ decision: z.literal('grant') }), z.strictObject({ decision: z.literal('refuse'), reason: Text(2000) })])
  .openapi('DecideRectificationExtensionBody');

export const RecordRevisitBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('confirm'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({ decision: z.literal('reopen'), reason: Text(2000), newDeadline: DeadlineInput }),
  ])
  .openapi('RecordRectificationRevisitBody');
export type RecordRevisitBody = z.infer<typeof RecordRevisitBody>;

/** The rectification workflow's own answer (rectificationStatusQuery). */
export const RectificationWorkflowView = z
  .object({
    workflowId: z.string(),
    findingId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    state: RectificationStateEnum,
    round: z.number().int(),
    version: z.number().int(),
    deadlineAt: z.string(),
    deadlineKey: z.string(),
    rungsFired: z.array(z.number().int()),
    plan: z.object({ measures: z.string(), owner: z.string(), deadlineAt: z.string() }).nullable(),
    progressReports: z.number().int(),
    pendingExtension: z.object({ n: z.number().int(), reason: z.string(), requestedById: z.string(), deadlineAt: z.string() }).nullable(),
    extensionsGranted: z.number().int(),
    closedAt: z.string().nullable(),
    revisitAt: z.string().nullable(),
  })
  .openapi('RectificationWorkflowView') satisfies z.ZodType<RectificationView>;

export const RectificationSummary = z
  .object({
    findingId: z.string(),
    title: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    state: RectificationStateEnum,
    stateLabel: z.string(),
    round: z.number().int(),
    deadlineAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    revisitAt: z.string().nullable(),
    workflowId: z.string(),
    links: Links,
  })
  .openapi('RectificationSummary');
export type RectificationSummary = z.infer<typeof RectificationSummary>;

export const RectificationList = z.object({ items: z.array(RectificationSummary) }).openapi('RectificationList');

export const RectificationDetail = RectificationSummary.extend({
  detail: z.string().nullable(),
  source: z.object({ kind: z.string(), id: z.string().nullable() }),
  /** reminders (rung 0) and escalation rungs sent, per outbox key (one per deadline) */
  rungsFired: z.array(z.object({ key: z.string(), rung: z.number().int(), kind: z.string(), sentAt: z.string().nullable() })),
  events: z.array(z.object({ kind: z.string(), actorId: z.string().nullable(), at: z.string(), detail: z.unknown() })),
  workflow: workflowStatus(RectificationWorkflowView),
}).openapi('RectificationDetail');
export type RectificationDetail = z.infer<typeof RectificationDetail>;
