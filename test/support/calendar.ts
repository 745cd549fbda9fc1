// The calendar the tests run with: the bundled data plus a TEST-ONLY entry for 2027 (New Year's Day,
// the one holiday certain before the notice is out), so tests that count working days from "today"
// keep passing in late December. Production refuses 2027 until staff enter the real notice.
import type { PrismaClient } from '@prisma/client';
import { createCalendarSource } from '../../activities/calendar';
import { createCalendar, type CalendarSupplement } from '../../domain/calendar';

export const testSupplement: CalendarSupplement = { holidays: { '2027-01-01': "New Year's Day,元旦,1" }, workdays: {} };
export const testCalendar = createCalendar(testSupplement);
/** No data past the bundled years, for tests of what a missing year does. */
export const bundledOnly: CalendarSupplement = { holidays: {}, workdays: {} };

/** The calendar source the worker and API of a test read, on the test's database. */
export const testCalendars = (db: PrismaClient, base: CalendarSupplement = testSupplement) => createCalendarSource({ db, base });
