import { COUNTING_UNITS, type CountingUnit } from '../../domain/fourForms';
import { FIGURE_CODES, type FigureCode } from '../../domain/statistics';
import { Id, PageLimit, pageCursor } from './common';
import { PERIOD_MESSAGE, ShanghaiDate, periodRefinement } from './measures';
import { z } from './zod';

const PeriodFields = {
  from: ShanghaiDate.openapi({ description: 'the first Shanghai day counted', example: '2025-10-01' }),
  to: ShanghaiDate.openapi({ description: 'the last Shanghai day counted', example: '2026-12-31' }),
  groupId: Id.optional().openapi({ description: 'one stationed group only', example: 'g5' }),
  unitId: Id.optional().openapi({ description: 'one unit only' }),
};

export const StatisticsQuery = z.object(PeriodFields).refine(periodRefinement, PERIOD_MESSAGE);
export type StatisticsQuery = z.output<typeof StatisticsQuery>;

const CountingUnitEnum = z.enum(Object.keys(COUNTING_UNITS) as [CountingUnit, ...CountingUnit[]]);
export const FigureCodeEnum = z.enum(FIGURE_CODES as [FigureCode, ...FigureCode[]]);

export const StatisticsFigure = z
  .object({
    code: FigureCodeEnum,
    label: z.string().openapi({ example: '谈话提醒和廉洁谈话' }),
    unit: CountingUnitEnum,
    unitLabel: z.string().openapi({ example: '人次' }),
    value: z.number().int(),
    share: z.number().int().optional().openapi({ description: 'a form’s share of the four forms in tenths of a percent; the four add up to 1000 (or are all 0)' }),
    shareText: z.string().optional().openapi({ example: '60.0%' }),
    records: z.string().openapi({ description: 'the records behind the figure (GET /statistics/records)' }),
  })
  .openapi('StatisticsFigure');
export type StatisticsFigure = z.infer<typeof StatisticsFigure>;

export const StatisticsSection = z.object({ code: z.string(), label: z.string(), figures: z.array(StatisticsFigure) }).openapi('StatisticsSection');

export const StatisticsReport = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    groupId: z.string().nullable(),
    unitId: z.string().nullable(),
    sections: z.array(StatisticsSection).openapi({ description: 'in the order the commission reports them; leads and cases come with their own issue' }),
  })
  .openapi('StatisticsReport');
export type StatisticsReport = z.infer<typeof StatisticsReport>;

export const RecordsCursor = z.object({ offset: z.number().int().min(0) });

export const StatisticsRecordsQuery = z
  .object({ figure: FigureCodeEnum, ...PeriodFields, limit: PageLimit, cursor: pageCursor(RecordsCursor).optional() })
  .refine(periodRefinement, PERIOD_MESSAGE);
export type StatisticsRecordsQuery = z.output<typeof StatisticsRecordsQuery>;

export const StatisticsRecord = z
  .object({
    kind: z.string().openapi({ description: 'what the record is: a measure kind, or a process (campaign, routineRun, …)' }),
    kindLabel: z.string(),
    id: z.string(),
    on: z.string().openapi({ description: 'the Shanghai day it counts on' }),
    unitId: z.string().nullable(),
    groupId: z.string().nullable(),
    title: z.string().openapi({ description: 'the person a measure concerns, or the process’s title' }),
    href: z.string().openapi({ description: 'the record in the API' }),
  })
  .openapi('StatisticsRecord');
export type StatisticsRecord = z.infer<typeof StatisticsRecord>;

export const StatisticsRecordPage = z
  .object({
    figure: StatisticsFigure.omit({ records: true }),
    items: z.array(StatisticsRecord),
    nextCursor: z.string().nullable(),
  })
  .openapi('StatisticsRecordPage');
export type StatisticsRecordPage = z.infer<typeof StatisticsRecordPage>;
