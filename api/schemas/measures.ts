import { FORM_NUMBERS, MEASURE_KIND_KEYS, MEASURE_SOURCES, type MeasureKind, type MeasureSource } from '../../domain/fourForms';
import { Id, PageLimit, pageCursor } from './common';
import { z } from './zod';

const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});
/** An Asia/Shanghai calendar day. */
export const ShanghaiDate = z.iso.date().openapi({ description: 'an Asia/Shanghai date', example: '2026-09-30' });

export const MeasureKindEnum = z.enum(MEASURE_KIND_KEYS as [MeasureKind, ...MeasureKind[]]).openapi({ description: 'the kind of measure (domain/fourForms.ts MEASURE_KINDS), which decides its form' });
export const MeasureSourceEnum = z.enum(Object.keys(MEASURE_SOURCES) as [MeasureSource, ...MeasureSource[]]);
export const FormEnum = z.coerce
  .number()
  .int()
  .refine((n) => (FORM_NUMBERS as readonly number[]).includes(n), { message: 'a form is 1, 2, 3 or 4' })
  .openapi({ type: 'integer', enum: [...FORM_NUMBERS] });

/** From `from` to `to`, both Shanghai days and both counted; `from` after `to` is refused naming `from`. */
export const periodRefinement = <T extends { from?: string; to?: string }>(q: T) => !q.from || !q.to || q.from <= q.to;
export const PERIOD_MESSAGE = { path: ['from'], message: 'from must not be after to' };

export const MeasureSourceInput = z
  .strictObject({
    kind: MeasureSourceEnum,
    id: Id.optional().openapi({ description: 'the lead, run, check, audit (its id) or holiday (its first day); optional for routineSupervision only', example: 'routine/gongluju/CG-20261127-a1b2c3/run-2026-12-01T01:00:00Z' }),
  })
  .refine((s) => s.id || !MEASURE_SOURCES[s.kind].idRequired, { path: ['id'], message: 'this source is named by its id' })
  .openapi('MeasureSource');

export const RecordMeasureBody = z
  .strictObject({
    kind: MeasureKindEnum,
    subject: z
      .strictObject({
        personId: Id.optional().openapi({ description: 'the registry person, where they are one', example: 'gongluju-member1' }),
        name: Text(100, '陈某').optional().openapi({ description: 'needed where no personId is given; the registry name otherwise' }),
        title: Text(200, '区公路局办公室副主任').optional(),
      })
      .refine((s) => s.personId || s.name, { path: ['name'], message: 'name the person, or give their personId' }),
    unitId: Id.openapi({ description: 'the unit the person works in' }),
    heldOn: ShanghaiDate.openapi({ description: 'the Shanghai day it was held; not after today' }),
    heldById: Id.optional().openapi({ description: 'the registry person who held it; the caller when omitted' }),
    reason: Text(4000, '上班时间多次浏览与工作无关网页'),
    source: MeasureSourceInput,
    supersedes: Id.optional().openapi({ description: 'the measure this record corrects: it stays, marked superseded, and is no longer counted' }),
  })
  .openapi('RecordMeasureBody');
export type RecordMeasureBody = z.infer<typeof RecordMeasureBody>;

export const MeasureParams = z.object({ id: Id.openapi({ example: 'CS-20261203-a1b2c3' }) });

export const MeasureView = z
  .object({
    id: z.string(),
    kind: MeasureKindEnum,
    kindLabel: z.string(),
    form: z.number().int().nullable().openapi({ description: 'the form (四种形态) it counts under; null: none (an integrity talk)' }),
    formLabel: z.string().nullable(),
    subject: z.object({ personId: z.string().nullable(), name: z.string(), title: z.string().nullable() }),
    unitId: z.string(),
    groupId: z.string().openapi({ description: 'the unit’s stationed group when it was recorded' }),
    heldOn: z.string(),
    heldById: z.string(),
    reason: z.string(),
    source: z.object({ kind: MeasureSourceEnum, label: z.string(), id: z.string().nullable() }),
    supersedes: z.string().nullable(),
    supersededBy: z.string().nullable().openapi({ description: 'set once a correction replaced it: no longer counted' }),
    recordedById: z.string(),
    recordedAt: z.string(),
  })
  .openapi('Measure');
export type MeasureView = z.infer<typeof MeasureView>;

export const MeasureCursor = z.object({ heldOn: z.iso.date(), id: z.string() });
export type MeasureCursor = z.infer<typeof MeasureCursor>;

export const ListMeasuresQuery = z
  .object({
    kind: MeasureKindEnum.optional(),
    form: FormEnum.optional(),
    unitId: Id.optional(),
    groupId: Id.optional(),
    from: ShanghaiDate.optional().openapi({ description: 'held on or after this Shanghai day' }),
    to: ShanghaiDate.optional().openapi({ description: 'held on or before this Shanghai day' }),
    sourceKind: MeasureSourceEnum.optional(),
    sourceId: Id.optional(),
    includeSuperseded: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .openapi({ description: 'also the records a correction replaced' }),
    limit: PageLimit,
    cursor: pageCursor(MeasureCursor).optional(),
  })
  .refine(periodRefinement, PERIOD_MESSAGE);
export type ListMeasuresQuery = z.output<typeof ListMeasuresQuery>;

export const MeasurePage = z
  .object({ items: z.array(MeasureView), nextCursor: z.string().nullable().openapi({ description: 'the next page (older); null on the last' }) })
  .openapi('MeasurePage');
export type MeasurePage = z.infer<typeof MeasurePage>;
