// The calendar the tests run with: the bundled data plus a TEST-ONLY entry for 2027 (New Year's Day,
// the one holiday certain before the notice is out), so tests that count working days from "today"
// keep passing in late December. Production refuses 2027 until staff enter the real notice.
import type { PrismaClient } from '@prisma/client';
import { createCalendarSource } from '../../activities/calendar';
import { createCalendar, overlay, type CalendarSupplement } from '../../domain/calendar';
import { checkHolidayNotice, supplementOf, type HolidayNotice } from '../../domain/holidayNotice';
import type { Deadline } from '../../domain/ladder';
import type { CalendarChange } from '../../workflows/messages';

export const testSupplement: CalendarSupplement = { holidays: { '2027-01-01': "New Year's Day,元旦,1" }, workdays: {} };
export const testCalendar = createCalendar(testSupplement);
/** No data past the bundled years, for tests of what a missing year does. */
export const bundledOnly: CalendarSupplement = { holidays: {}, workdays: {} };

/** The calendar source the worker and API of a test read, on the test's database. */
export const testCalendars = (db: PrismaClient, base: CalendarSupplement = testSupplement) => createCalendarSource({ db, base });

/**
 * A MADE-UP 2027 notice, shaped like the State Council's: not the real one, which staff enter when it is
 * published. 13 statutory days, no working stretch over 6 days. 2027 has 261 weekdays; 17 of them are
 * holidays and 4 weekend days are worked: 248 working days.
 */
export const madeUp2027: HolidayNotice = {
  year: 2027,
  notice: { number: '国办发明电〔2026〕99号（测试虚构）', date: '2026-11-20' },
  holidays: [
    { name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-03', statutoryDays: 1 },
    { name: '春节', firstDay: '2027-02-06', lastDay: '2027-02-14', statutoryDays: 4 },
    { name: '清明节', firstDay: '2027-04-03', lastDay: '2027-04-05', statutoryDays: 1 },
    { name: '劳动节', firstDay: '2027-05-01', lastDay: '2027-05-05', statutoryDays: 2 },
    { name: '端午节', firstDay: '2027-06-12', lastDay: '2027-06-14', statutoryDays: 1 },
    { name: '中秋节', firstDay: '2027-09-15', lastDay: '2027-09-15', statutoryDays: 1 },
    { name: '国庆节', firstDay: '2027-10-01', lastDay: '2027-10-07', statutoryDays: 3 },
  ],
  makeUpWorkdays: ['2027-02-20', '2027-04-25', '2027-09-26', '2027-10-09'],
};

/**
 * A notice stored as the API stores an entry (by staff-li, of the demo seed) as the year's next
 * version, and the change the calendarChange workflow would send. `announced: false` leaves it as the
 * API leaves a version stored while Temporal was down.
 */
export async function enterNotice(db: PrismaClient, notice: HolidayNotice = madeUp2027, { reason, announced = true }: { reason?: string; announced?: boolean } = {}): Promise<CalendarChange> {
  const { errors, warnings } = checkHolidayNotice(notice);
  if (errors.length) throw new Error(`test notice refused: ${JSON.stringify(errors)}`);
  const last = await db.holidayNoticeVersion.findFirst({ where: { year: notice.year }, orderBy: { version: 'desc' } });
  const version = (last?.version ?? 0) + 1;
  await db.holidayNoticeVersion.create({
    data: { year: notice.year, version, notice: notice as object, reason, warnings: warnings as object[], enteredById: 'staff-li', announcedAt: announced ? new Date() : null },
  });
  return { year: notice.year, version, kind: version === 1 ? 'entered' : 'amended' };
}

/** The calendar a world of `base` reads once `notice` is entered. */
export const calendarWith = (notice: HolidayNotice, base: CalendarSupplement = testSupplement) => createCalendar(overlay(base, supplementOf(notice)));

/** The events of the `deadline_replanned` audit entries a process of `kind` wrote for `targetId`: each {year, version, from, to}. */
export async function replannedInAudit(db: PrismaClient, kind: string, targetId: string): Promise<unknown[]> {
  const entries = await db.auditLog.findMany({ where: { targetId, action: `${kind}.deadline_replanned` } });
  return entries.map((a) => (a.detail as { event: unknown }).event);
}

/** The instants a re-planned deadline's emails are due at: the reminder (rung 0), then each rung. */
export const plannedInstants = (moved: Deadline) => [moved.remindAt, ...moved.rungs.map((r) => r.at)];

/** One email per planned instant, due there, each fired at it or within a minute after (the watcher's clock). */
export function expectFiredAsPlanned(rows: { rung: number; dueAt: Date | null; firedAt: Date | null }[], moved: Deadline): void {
  const planned = plannedInstants(moved);
  expect(rows.map((r) => [r.rung, r.dueAt?.toISOString()])).toEqual(planned.map((at, rung) => [rung, at]));
  rows.forEach((r, i) => {
    const lateBy = r.firedAt!.getTime() - Date.parse(planned[i]!);
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(60_000);
  });
}
