import { SURPRISE_CHECK_STATES } from '../../domain/states';
import { SURPRISE_RESULTS, SURPRISE_SUBJECTS, type SurpriseCheckView } from '../../workflows/messages';
import { Id, Links, Scope, keysOf, workflowStatus } from './common';
import { z } from './zod';

export const SurpriseCheckStateEnum = keysOf(SURPRISE_CHECK_STATES);
export const SurpriseSubjectEnum = keysOf(SURPRISE_SUBJECTS);
export const SurpriseResultEnum = keysOf(SURPRISE_RESULTS);

const Targets = z
  .union(
    [
      z.strictObject({ unitIds: z.array(Id).min(1).max(500).openapi({ description: 'these units, named' }) }),
      z.strictObject({
        sample: z.strictObject({
          size: z.number().int().min(1).max(500),
          scope: Scope,
        }),
      }),
    ],
    { error: 'give either unitIds or a sample of size N from a scope' },
  )
  .openapi('SurpriseTargets', { description: 'named units, or a random sample drawn with a recorded seed' }, { unionPreferredType: 'oneOf' });

export const LaunchSurpriseCheckBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200).openapi({ example: '节前作风突击抽查' }),
    subject: SurpriseSubjectEnum,
    subjectText: z.string().trim().min(1).max(2000).optional().openapi({ description: 'what is checked; required for subject other' }),
    startsAt: z.iso.datetime({ offset: true }).openapi({ description: 'sealed until this instant, which must lie ahead' }),
    deadline: z
      .union([
        z.iso.datetime({ offset: true }),
        z.strictObject({ workingDays: z.number().int().min(1).max(60).openapi({ description: '工作日 after startsAt' }) }),
      ])
      .openapi({ description: 'results due: an instant after startsAt, or N working days after it' }),
    targets: Targets,
  })
  .refine((b) => b.subject !== 'other' || Boolean(b.subjectText), { path: ['subjectText'], message: 'subject other needs subjectText' })
  .openapi('LaunchSurpriseCheckBody');
export type LaunchSurpriseCheckBody = z.infer<typeof LaunchSurpriseCheckBody>;

export const SurpriseCheckParams = z.object({ id: Id.openapi({ example: 'TC-20261127-a1b2c3' }) });
export const SurpriseTargetParams = SurpriseCheckParams.extend({ unitId: Id });

// one shape per result, so the document says that a finding needs its notes
export const RecordResultBody = z
  .discriminatedUnion(
    'result',
    [
      z.strictObject({ result: z.literal('found'), notes: z.string({ error: 'a finding needs notes' }).trim().min(1, 'a finding needs notes').max(5000) }),
      z.strictObject({ result: z.literal('not_found'), notes: z.string().trim().max(5000).default('') }),
    ],
    { error: 'result is found or not_found' },
  )
  .openapi('RecordSurpriseResultBody');

export const CancelSurpriseCheckBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) }).openapi('CancelSurpriseCheckBody');

export const ListSurpriseChecksQuery = z.object({
  state: SurpriseCheckStateEnum.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const LaunchSurpriseCheckResponse = z
  .object({ id: z.string(), workflowId: z.string(), state: SurpriseCheckStateEnum, links: Links })
  .openapi('LaunchSurpriseCheckResponse');
export type LaunchSurpriseCheckResponse = z.infer<typeof LaunchSurpriseCheckResponse>;

export const SurpriseCheckSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    subject: SurpriseSubjectEnum,
    subjectLabel: z.string(),
    subjectText: z.string().nullable(),
    state: SurpriseCheckStateEnum,
    stateLabel: z.string(),
    startsAt: z.string(),
    deadlineAt: z.string(),
    selection: z.enum(['named', 'sample']),
    createdById: z.string(),
    createdAt: z.string(),
    links: Links,
  })
  .openapi('SurpriseCheckSummary');
export type SurpriseCheckSummary = z.infer<typeof SurpriseCheckSummary>;

export const SurpriseCheckList = z.object({ items: z.array(SurpriseCheckSummary) }).openapi('SurpriseCheckList');

/** The workflow's own answer (surpriseCheckStatusQuery); `satisfies` keeps it in step with workflows/messages. */
export const SurpriseCheckWorkflowView = z
  .object({
    checkId: z.string(),
    state: SurpriseCheckStateEnum,
    version: z.number().int(),
    startsAt: z.string(),
    deadlineAt: z.string(),
    targets: z.array(z.object({ unitId: z.string(), groupId: z.string(), result: SurpriseResultEnum.nullable() })),
    rungsFired: z.array(z.number().int()),
  })
  .openapi('SurpriseCheckWorkflowView') satisfies z.ZodType<SurpriseCheckView>;

export const SurpriseCheckTargetStatus = z.object({
  unitId: z.string(),
  unitName: z.string(),
  groupId: z.string(),
  result: SurpriseResultEnum.nullable(),
  resultLabel: z.string().nullable(),
  notes: z.string().nullable(),
  findingId: z.string().nullable(),
  recordedAt: z.string().nullable(),
});

export const SurpriseCheckDetail = SurpriseCheckSummary.extend({
  workflowId: z.string(),
  version: z.number().int(),
  /** the caller's part: every target for the commission, its own units for a group */
  targets: z.array(SurpriseCheckTargetStatus),
  /** the live workflow answer, for the commission only (it names every target) */
  workflow: workflowStatus(SurpriseCheckWorkflowView).optional(),
}).openapi('SurpriseCheckDetail');
export type SurpriseCheckDetail = z.infer<typeof SurpriseCheckDetail>;

export const SampleProof = z
  .object({
    checkId: z.string(),
    algorithm: z.string(),
    seed: z.string(),
    size: z.number().int(),
    candidates: z.array(z.string()),
    /** the targets as recorded, sorted by unit id */
    recorded: z.array(z.string()),
    /** drawn again now from the seed and candidates, in draw order */
    redrawn: z.array(z.string()),
    matches: z.boolean(),
  })
  .openapi('SampleProof');
export type SampleProof = z.infer<typeof SampleProof>;
