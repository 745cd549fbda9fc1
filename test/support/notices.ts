// Made-up amendments for tests: a year of the calendar the tests run with (bundled data plus the
// test-only 2027) re-entered as staff would enter an amended notice, with some of its working days
// made holidays. NOT a real notice: it exists to move running deadlines.
import bundled from 'chinese-days/dist/chinese-days.json';
import type { PrismaClient } from '@prisma/client';
import { overlay, type CalendarSupplement, type IsoDate } from '../../domain/calendar';
import type { HolidayNotice } from '../../domain/holidayNotice';
import type { CalendarChange } from '../../workflows/messages';
import { enterNotice, testSupplement } from './calendar';

const DAY_MS = 86_400_000;
const nextDay = (date: IsoDate) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** A year of `data` as a notice: consecutive days of one holiday are one period, as a notice lists them. */
export function noticeOf(data: CalendarSupplement, year: number, notice: HolidayNotice['notice']): HolidayNotice {
  const ofYear = (labels: Record<string, string>) => Object.entries(labels).filter(([d]) => d.startsWith(`${year}-`)).sort();
  const holidays: HolidayNotice['holidays'] = [];
  for (const [date, label] of ofYear(data.holidays)) {
    const [, name, n] = label.split(',');
    const last = holidays[holidays.length - 1];
    if (last?.name === name && nextDay(last.lastDay) === date) last.lastDay = date;
    else holidays.push({ name, firstDay: date, lastDay: date, statutoryDays: Number(n) });
  }
  return { year, notice, holidays, makeUpWorkdays: ofYear(data.workdays).map(([d]) => d) };
}

/**
 * Enters a made-up amendment of the year of `dates` (all in one year): the year as the tests' calendar
 * has it, plus each date as a one-day holiday. Returns the change the calendarChange workflow would send.
 */
export async function amendWithHolidays(db: PrismaClient, dates: IsoDate[], base: CalendarSupplement = testSupplement): Promise<CalendarChange> {
  const year = Number(dates[0].slice(0, 4));
  if (dates.some((d) => !d.startsWith(`${year}-`))) throw new RangeError(`the dates of one amendment must share a year: ${dates.join(', ')}`);
  const current = noticeOf(overlay(bundled, base), year, { number: '虚构测试通知〔测试〕1号', date: `${year}-01-01` });
  const made = dates.map((d) => ({ name: '虚构测试假日', firstDay: d, lastDay: d, statutoryDays: 0 }));
  const notice: HolidayNotice = { ...current, holidays: [...current.holidays, ...made].sort((a, b) => a.firstDay.localeCompare(b.firstDay)) };
  return enterNotice(db, notice, { reason: '测试：虚构的修订' });
}
