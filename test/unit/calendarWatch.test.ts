import { isoWeekOf, missingYearOf } from '../../activities/calendarWatch';
import { firesOn } from '../../domain/cadence';
import { createCalendar } from '../../domain/calendar';
import { bundledOnly, testSupplement } from '../support/calendar';

const firingDays = (cadence: Parameters<typeof firesOn>[0], from: string, days: number) =>
  Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)).filter((d) => firesOn(cadence, d));

it('knows the days each cadence starts a run on, cron day fields matching either when both are set', () => {
  expect(firingDays({ kind: 'weekly' }, '2026-12-01', 14)).toEqual(['2026-12-07', '2026-12-14']);
  expect(firingDays({ kind: 'monthly' }, '2026-11-15', 50)).toEqual(['2026-12-01', '2027-01-01']);
  expect(firingDays({ kind: 'quarterly' }, '2026-09-15', 100)).toEqual(['2026-10-01']);
  expect(firingDays({ kind: 'cron', cron: '0 9 21 12 *' }, '2026-12-01', 31)).toEqual(['2026-12-21']);
  expect(firingDays({ kind: 'cron', cron: '30 8 * * MON-FRI/2' }, '2026-12-07', 7)).toEqual(['2026-12-07', '2026-12-09', '2026-12-11']);
  expect(firingDays({ kind: 'cron', cron: '0 9 1,15 * 7' }, '2026-11-01', 30)).toEqual(['2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22', '2026-11-29']);
});

it('names ISO weeks by the year of their Thursday', () => {
  expect(['2026-11-16', '2026-11-22', '2026-11-23', '2026-12-31', '2027-01-01', '2027-01-04'].map(isoWeekOf)).toEqual(['2026-W47', '2026-W47', '2026-W48', '2026-W53', '2026-W53', '2027-W01']);
});

it('asks for next year from 1 November, and for this year whenever it is missing', () => {
  const bundled = createCalendar(bundledOnly);
  expect(missingYearOf(bundled, '2026-10-31')).toBeUndefined();
  expect(missingYearOf(bundled, '2026-11-01')).toBe(2027);
  expect(missingYearOf(createCalendar(testSupplement), '2026-11-01')).toBeUndefined();
  expect(missingYearOf(bundled, '2027-03-01')).toBe(2027);
});
