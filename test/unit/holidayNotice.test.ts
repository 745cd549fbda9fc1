import bundled from 'chinese-days/dist/chinese-days.json';
import { calendar, createCalendar } from '../../domain/calendar';
import { checkHolidayNotice, supplementOf, type HolidayNotice } from '../../domain/holidayNotice';

/** The 2026 notice (国办发明电〔2025〕7号) as staff would enter it, read off the bundled data. */
function notice2026(): HolidayNotice {
  const days = Object.entries(bundled.holidays as Record<string, string>).filter(([d]) => d.startsWith('2026-')).sort();
  const holidays: HolidayNotice['holidays'] = [];
  for (const [date, label] of days) {
    const [, name, n] = label.split(',');
    const last = holidays[holidays.length - 1];
    if (last?.name === name) last.lastDay = date;
    else holidays.push({ name, firstDay: date, lastDay: date, statutoryDays: Number(n) });
  }
  const makeUpWorkdays = Object.keys(bundled.workdays).filter((d) => d.startsWith('2026-')).sort();
  return { year: 2026, notice: { number: '国办发明电〔2025〕7号', date: '2025-11-04' }, holidays, makeUpWorkdays };
}
const everyDayOf = (year: number) => Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(year, 0, 1 + i)).toISOString().slice(0, 10));

it('accepts the real 2026 notice without a warning, and it makes the same calendar as the bundled data', () => {
  const n = notice2026();
  expect(n.holidays.map((h) => [h.name, h.statutoryDays])).toEqual([['元旦', 1], ['春节', 4], ['清明', 1], ['劳动节', 2], ['端午', 1], ['中秋', 1], ['国庆节', 3]]);
  expect(checkHolidayNotice(n)).toEqual({ errors: [], warnings: [] });
  const entered = createCalendar(supplementOf(n));
  expect(everyDayOf(2026).filter((d) => entered.isWorkingDay(d) !== calendar.isWorkingDay(d))).toEqual([]);
  expect(everyDayOf(2026).filter((d) => entered.isWorkingDay(d))).toHaveLength(248);
});

it('names each wrong field: a day outside the year, a period ending before it begins, overlapping periods, a weekday or holiday as make-up day', () => {
  const outside = { ...notice2026(), makeUpWorkdays: ['2027-01-02', '2026-02-30'] };
  expect(checkHolidayNotice(outside).errors).toEqual([
    { path: 'makeUpWorkdays.0', message: '2027-01-02 is not in 2026' },
    { path: 'makeUpWorkdays.1', message: '2026-02-30 is not a date (YYYY-MM-DD)' },
  ]);
  const n = notice2026();
  n.holidays[1] = { ...n.holidays[1], lastDay: '2026-02-10' };
  n.holidays[6] = { ...n.holidays[6], firstDay: '2026-09-27' };
  n.makeUpWorkdays = ['2026-01-05', '2026-10-03', '2026-10-10', '2026-10-10'];
  expect(checkHolidayNotice(n)).toEqual({
    errors: [
      { path: 'holidays.1.lastDay', message: '春节 ends (2026-02-10) before it begins (2026-02-15)' },
      { path: 'holidays.6', message: '国庆节 (2026-09-27..2026-10-07) overlaps 中秋 (holidays.5)' },
      { path: 'makeUpWorkdays.0', message: '2026-01-05 is a weekday: a make-up working day is a Saturday or Sunday' },
      { path: 'makeUpWorkdays.1', message: '2026-10-03 is a day of 国庆节 (holidays.6)' },
      { path: 'makeUpWorkdays.3', message: '2026-10-10 is listed twice' },
    ],
    warnings: [],
  });
});

it('warns, without refusing, where a notice departs from 国务院令第795号: statutory days other than 13, more than 6 working days in a row next to a holiday', () => {
  const n = notice2026();
  n.holidays[0] = { ...n.holidays[0], statutoryDays: 0 };
  n.makeUpWorkdays = [...n.makeUpWorkdays, '2026-01-10'];
  expect(checkHolidayNotice(n)).toEqual({
    errors: [],
    warnings: [
      { path: 'holidays', message: '12 statutory days; 国务院令第795号 provides 13' },
      { path: 'holidays.0', message: '7 working days in a row after 元旦 (more than 6)' },
    ],
  });
});
