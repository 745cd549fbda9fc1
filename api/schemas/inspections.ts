import { INSPECTION_STATES } from '../../domain/states';
import type { InspectionView } from '../../workflows/messages';
import { UnitStatus } from './campaigns';
import { DeadlineInput, Id, keysOf, workflowStatus } from './common';
import { z } from './zod';

export const InspectionParams = z.object({ campaignId: Id, unitId: Id });

export const SubmitReportBody = z
  .strictObject({ content: z.string().trim().min(1).max(50_000).openapi({ example: '本单位已对照五个切入点开展自查……' }) })
  .openapi('SubmitReportBody');

export const ReviewReportBody = z
  .discriminatedUnion('decision', [
    z.strictObject({
      decision: z.literal('accept'),
      findings: z
        .array(z.strictObject({ title: z.string().trim().min(1).max(200), detail: z.string().trim().max(5000).optional() }))
        .max(50)
        .default([]),
      comment: z.string().trim().max(2000).optional(),
    }),
    z.strictObject({
      decision: z.literal('return'),
      reason: z.string().trim().min(1).max(2000),
      newDeadline: DeadlineInput,
    }),
  ])
  .openapi('ReviewReportBody');
export type ReviewReportBody = z.infer<typeof ReviewReportBody>;

/** The unit inspection workflow's own answer (inspectionStatusQuery). */
export const InspectionWorkflowView = z
  .object({
    workflowId: z.string(),
    campaignId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    state: keysOf(INSPECTION_STATES),
    round: z.number().int(),
    version: z.number().int(),
    deadlineAt: z.string(),
    rungsFired: z.array(z.number().int()),
  })
  .openapi('InspectionWorkflowView') satisfies z.ZodType<InspectionView>;

export const InspectionDetail = UnitStatus.extend({
    campaignId: z.string(),
    groupId: z.string(),
    workflow: workflowStatus(InspectionWorkflowView),
    submissions: z.array(z.object({ round: z.number().int(), submittedById: z.string(), submittedAt: z.string(), content: z.string() })),
    reviews: z.array(
      z.object({
        round: z.number().int(),
        reviewerId: z.string(),
        decision: z.string(),
        /** the reason of a return, the comment of an acceptance */
        reason: z.string().nullable(),
        newDeadlineAt: z.string().nullable(),
        reviewedAt: z.string(),
      }),
    ),
    findings: z.array(z.object({ id: z.string(), title: z.string(), detail: z.string().nullable(), state: z.string(), recordedById: z.string() })),
}).openapi('InspectionDetail');
export type InspectionDetail = z.infer<typeof InspectionDetail>;
