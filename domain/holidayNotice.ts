/**
 * A year's holiday notice (国务院办公厅关于 N 年部分节假日安排的通知) as staff enter it: each holiday
 * period with its statutory days, each make-up working day (调休上班), and the notice it comes from.
 * Pure: the checks a notice must pass before it may become the calendar of its year, and the calendar
 * supplement it becomes. Errors refuse the notice; warnings only say where it departs from
 * 《全国年节及纪念日放假办法》 as amended by 国务院令第795号 (13 statutory days a year; working stretches of
 * at most 6 days next to a holiday), since a real notice may depart from them and still be the law.
 */
import type { CalendarSupplement, IsoDate } from './calendar';

export interface HolidayNotice {
  year: number;
  notice: { number: string; date: IsoDate };
  holidays: { name: string; firstDay: IsoDate; lastDay: IsoDate; statutoryDays: number }[];
  makeUpWorkdays: IsoDate[];
}

/** `path` names the field in the notice as entered, e.g. `holidays.1.lastDay`, `makeUpWorkdays.0`. */
export interface NoticeFinding {
  path: string;
  message: string;
}

/** 国务院令第795号 (2024): 元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. */
export const STATUTORY_DAYS_A_YEAR = 13;
/** The same rules' aim for 调休: no more than 6 working days in a row before or after a holiday. */
export const LONGEST_WORKING_STRETCH = 6;

const DAY_MS = 86_400_000;
const dayNumber = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (day: number) => [0, 6].includes(new Date(day * DAY_MS).getUTCDay());
const isDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && dateOf(dayNumber(date)) === date;

/** Every error and warning of a notice; it may be stored only when `errors` is empty. */
export function checkHolidayNotice(n: HolidayNotice): { errors: NoticeFinding[]; warnings: NoticeFinding[] } {
  const errors = [...dateErrors(n)];
  if (errors.length) return { errors, warnings: [] };
  errors.push(...periodErrors(n), ...makeUpErrors(n));
  return { errors, warnings: errors.length ? [] : warningsOf(n) };
}

function dateErrors(n: HolidayNotice): NoticeFinding[] {
  const inYear = (date: string) => isDate(date) && date.startsWith(`${n.year}-`);
  const wrong = (path: string, date: string) =>
    inYear(date) ? [] : [{ path, message: isDate(date) ? `${date} is not in ${n.year}` : `${date} is not a date (YYYY-MM-DD)` }];
  return [
    ...n.holidays.flatMap((h, i) => [...wrong(`holidays.${i}.firstDay`, h.firstDay), ...wrong(`holidays.${i}.lastDay`, h.lastDay)]),
    ...n.makeUpWorkdays.flatMap((d, i) => wrong(`makeUpWorkdays.${i}`, d)),
  ];
}

function periodErrors(n: HolidayNotice): NoticeFinding[] {
  return n.holidays.flatMap((h, i) => {
    const length = dayNumber(h.lastDay) - dayNumber(h.firstDay) + 1;
    if (length < 1) return [{ path: `holidays.${i}.lastDay`, message: `${h.name} ends (${h.lastDay}) before it begins (${h.firstDay})` }];
    const found: NoticeFinding[] = [];
    if (!Number.isInteger(h.statutoryDays) || h.statutoryDays < 0 || h.statutoryDays > length) {
      found.push({ path: `holidays.${i}.statutoryDays`, message: `${h.name} lasts ${length} days: its statutory days must be a whole number from 0 to ${length}` });
    }
    n.holidays.forEach((other, k) => {
      if (k > i && dayNumber(h.firstDay) <= dayNumber(other.lastDay) && dayNumber(other.firstDay) <= dayNumber(h.lastDay)) {
        found.push({ path: `holidays.${k}`, message: `${other.name} (${other.firstDay}..${other.lastDay}) overlaps ${h.name} (holidays.${i})` });
      }
    });
    return found;
  });
}

function makeUpErrors(n: HolidayNotice): NoticeFinding[] {
  return n.makeUpWorkdays.flatMap((date, i) => {
    const day = dayNumber(date);
    const holiday = n.holidays.findIndex((h) => dayNumber(h.firstDay) <= day && day <= dayNumber(h.lastDay));
    if (n.makeUpWorkdays.indexOf(date) < i) return [{ path: `makeUpWorkdays.${i}`, message: `${date} is listed twice` }];
    if (holiday >= 0) return [{ path: `makeUpWorkdays.${i}`, message: `${date} is a day of ${n.holidays[holiday].name} (holidays.${holiday})` }];
    if (!isWeekend(day)) return [{ path: `makeUpWorkdays.${i}`, message: `${date} is a weekday: a make-up working day is a Saturday or Sunday` }];
    return [];
  });
}

function warningsOf(n: HolidayNotice): NoticeFinding[] {
  const total = n.holidays.reduce((sum, h) => sum + h.statutoryDays, 0);
  const warnings: NoticeFinding[] =
    total === STATUTORY_DAYS_A_YEAR
      ? []
      : [{ path: 'holidays', message: `${total} statutory days; 国务院令第795号 provides ${STATUTORY_DAYS_A_YEAR}` }];
  const working = workingDayTest(n);
  n.holidays.forEach((h, i) => {
    const before = stretch(working, dayNumber(h.firstDay) - 1, -1, n.year);
    const after = stretch(working, dayNumber(h.lastDay) + 1, 1, n.year);
    for (const [side, days] of [['before', before], ['after', after]] as const) {
      if (days > LONGEST_WORKING_STRETCH) {
        warnings.push({ path: `holidays.${i}`, message: `${days} working days in a row ${side} ${h.name} (more than ${LONGEST_WORKING_STRETCH})` });
      }
    }
  });
  return warnings;
}

/** Whether a day of the notice's year is worked: a weekday that is no holiday, or a make-up day. */
function workingDayTest(n: HolidayNotice): (day: number) => boolean {
  const holidays = new Set(n.holidays.flatMap((h) => range(dayNumber(h.firstDay), dayNumber(h.lastDay))));
  const makeUp = new Set(n.makeUpWorkdays.map(dayNumber));
  return (day) => makeUp.has(day) || (!isWeekend(day) && !holidays.has(day));
}

/** Working days in a row from `day` on in direction `step`, counted inside the year only. */
function stretch(working: (day: number) => boolean, day: number, step: 1 | -1, year: number): number {
  let count = 0;
  for (let d = day; dateOf(d).startsWith(`${year}-`) && working(d); d += step) count += 1;
  return count;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The notice as calendar data (the chinese-days label form 'name,名称,n'), for a notice without errors. */
export function supplementOf(n: HolidayNotice): CalendarSupplement {
  const holidays = Object.fromEntries(
    n.holidays.flatMap((h) => range(dayNumber(h.firstDay), dayNumber(h.lastDay)).map((d) => [dateOf(d), `${h.name},${h.name},${h.statutoryDays}`])),
  );
  const workdays = Object.fromEntries(n.makeUpWorkdays.map((d) => [d, `make-up working day,调休上班,0`]));
  return { holidays, workdays };
}
