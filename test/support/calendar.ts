// The calendar the tests run with: the bundled data plus a TEST-ONLY entry for 2027 (New Year's Day,
// the one holiday certain before the notice is out), so tests that count working days from "today"
// keep passing in late December. Production refuses 2027 until staff enter the real notice.
import type { PrismaClient } from '@prisma/client';
import { createCalendarSource } from '../../activities/calendar';
import { createCalendar, type CalendarSupplement } from '../../domain/calendar';
import type { HolidayNotice } from '../../domain/holidayNotice';

export const testSupplement: CalendarSupplement = { holidays: { '2027-01-01': "New Year's Day,元旦,1" }, workdays: {} };
export const testCalendar = createCalendar(testSupplement);
/** No data past the bundled years, for tests of what a missing year does. */
export const bundledOnly: CalendarSupplement = { holidays: {}, workdays: {} };

/** The calendar source the worker and API of a test read, on the test's database. */
export const testCalendars = (db: PrismaClient, base: CalendarSupplement = testSupplement) => createCalendarSource({ db, base });

/**
 * A MADE-UP 2027 notice (New Year's Day only, under an invented number), stored as staff would store
 * it: the real 2027 notice is entered by staff, never shipped as a guess. `announced: false` leaves it
 * as the API leaves a version stored while Temporal was down.
 */
export const madeUpNotice2027: HolidayNotice = {
  year: 2027,
  notice: { number: '测试用虚构通知〔2026〕1号', date: '2026-11-20' },
  holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-01', statutoryDays: 1 }],
  makeUpWorkdays: [],
};

export const storeMadeUp2027 = (db: PrismaClient, { announced }: { announced: boolean }) =>
  db.holidayNoticeVersion.create({
    data: { year: 2027, version: 1, notice: madeUpNotice2027 as object, warnings: [], enteredById: 'staff-li', announcedAt: announced ? new Date() : null },
  });
