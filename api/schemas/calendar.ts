import type { HolidayNotice } from '../../domain/holidayNotice';
import { z } from './zod';

const IsoDate = z.iso.date();
const Year = z.number().int().min(2004).max(2100);

/**
 * 节假日安排通知 as staff enter it (domain/holidayNotice.ts). The schema checks the shape only; whether
 * the days fit the year, overlap or fall on a weekend is checkHolidayNotice's, answered as a 422 by path.
 */
export const HolidayNoticeBody = z
  .strictObject({
    year: Year.openapi({ example: 2027 }),
    notice: z.strictObject({
      number: z.string().trim().min(1).max(100).openapi({ example: '国办发明电〔2026〕7号' }),
      date: IsoDate.openapi({ description: 'the day the notice was issued', example: '2026-11-04' }),
    }),
    holidays: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(50).openapi({ example: '春节' }),
          firstDay: IsoDate,
          lastDay: IsoDate,
          statutoryDays: z.number().int().min(0).max(366).openapi({ description: 'the statutory (法定) days inside the period; the rest are moved weekend days' }),
        }),
      )
      .min(1)
      .max(30),
    makeUpWorkdays: z.array(IsoDate).max(30).openapi({ description: '调休上班: the Saturdays and Sundays worked' }),
  })
  .openapi('HolidayNotice') satisfies z.ZodType<HolidayNotice>;

export const AmendYearBody = z
  .strictObject({
    notice: HolidayNoticeBody.openapi({ description: 'the whole year as amended (its year must be the path’s)' }),
    reason: z.string().trim().min(1).max(2000).openapi({ example: '国务院办公厅通知调整劳动节放假安排' }),
  })
  .openapi('AmendYearBody');
export type AmendYearBody = z.infer<typeof AmendYearBody>;

export const CalendarYearParams = z.object({ year: z.coerce.number().int().min(2004).max(2100).openapi({ example: 2027 }) });

export const DryRunQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'true: check and preview only (200), nothing is stored or announced' }),
});

const Source = z.enum(['bundled', 'file', 'entered']).openapi({ description: 'bundled chinese-days data, the operator’s CALENDAR_SUPPLEMENT_PATH file, or entered here' });
const Finding = z.object({ path: z.string(), message: z.string() });

export const CalendarYearSummary = z.object({
  year: z.number().int(),
  source: Source,
  version: z.number().int().nullable().openapi({ description: 'the entered version in force (null: bundled or file)' }),
  workingDays: z.number().int(),
});

export const CalendarYearList = z
  .object({
    years: z.array(CalendarYearSummary),
    missing: z.array(z.number().int()).openapi({ description: 'this year and next year, where they have no data (enter them)' }),
  })
  .openapi('CalendarYearList');
export type CalendarYearList = z.infer<typeof CalendarYearList>;

export const HolidayNoticeVersionView = z
  .object({
    version: z.number().int(),
    notice: HolidayNoticeBody,
    reason: z.string().nullable(),
    warnings: z.array(Finding).openapi({ description: 'where the notice departs from 国务院令第795号 (paths within the notice)' }),
    enteredBy: z.object({ id: z.string(), name: z.string() }),
    enteredAt: z.string(),
  })
  .openapi('HolidayNoticeVersion');
export type HolidayNoticeVersionView = z.infer<typeof HolidayNoticeVersionView>;

export const CalendarYearDetail = CalendarYearSummary.extend({
  holidays: z.array(z.object({ name: z.string(), nameEn: z.string(), firstDay: z.string(), lastDay: z.string() })),
  makeUpWorkdays: z.array(z.string()),
  versions: z.array(HolidayNoticeVersionView),
}).openapi('CalendarYearDetail');
export type CalendarYearDetail = z.infer<typeof CalendarYearDetail>;

export const StoredYear = HolidayNoticeVersionView.extend({
  year: z.number().int(),
  workingDays: z.number().int(),
  announced: z
    .object({ workflowId: z.string() })
    .nullable()
    .openapi({ description: 'the calendarChange workflow telling every running process; null when Temporal could not be reached (the daily watch announces it)' }),
}).openapi('StoredHolidayNoticeVersion');
export type StoredYear = z.infer<typeof StoredYear>;

const Instant = z.string().nullable();

export const CalendarPreview = z
  .object({
    warnings: z.array(Finding),
    workingDays: z.number().int(),
    deadlinesThatMove: z.array(
      z.object({
        workflowId: z.string(),
        kind: z.string().openapi({ description: 'the workflow type' }),
        deadlineBefore: z.string(),
        deadlineAfter: z.string(),
        rungsMoved: z.array(z.object({ rung: z.number().int().openapi({ description: '0 is the reminder' }), from: Instant, to: Instant })),
      }),
    ),
    parkedThatResume: z.array(z.object({ workflowId: z.string(), kind: z.string(), missingYear: z.number().int() })),
  })
  .openapi('CalendarPreview');
export type CalendarPreview = z.infer<typeof CalendarPreview>;
