/**
 * Working-day and deadline arithmetic the way a district discipline commission counts it:
 * statutory holidays and make-up working days (调休) of the State Council's yearly notice,
 * dates in Asia/Shanghai.
 *
 * Pure and deterministic (safe inside Temporal workflow code): no clock reads, no timezone
 * database, no I/O. Asia/Shanghai has had no DST since 1991, so a fixed +08:00 offset is exact.
 *
 * Data: the bundled `chinese-days` JSON (imported directly rather than through the package API,
 * because that API uses the host's local timezone and silently falls back to plain weekends for
 * years it does not know). A year the calendar has no data for is an error, never a guess:
 * the holiday notice for year Y is only published in late Y-1.
 */
import bundledData from 'chinese-days/dist/chinese-days.json';

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** Date → 'English name,中文名,n' as in chinese-days (only the first two fields are used). */
export type DayLabels = Record<IsoDate, string>;

/** Holiday data for years the bundled package does not have yet (or corrections to it). */
export interface CalendarSupplement {
  holidays: DayLabels;
  workdays: DayLabels;
}

/** A run of consecutive statutory holiday days, e.g. 春节 2026-02-15 .. 2026-02-23. */
export interface HolidayPeriod {
  /** Joined with '、' when one run carries several names (2025: 国庆节、中秋). */
  nameZh: string;
  nameEn: string;
  firstDay: IsoDate;
  lastDay: IsoDate;
}

export interface WorkingDayCalendar {
  /** Years with holiday data, ascending. */
  readonly years: readonly number[];
  isWorkingDay(date: IsoDate): boolean;
  /** The nth working day after `date` (`date` itself is never counted); n < 0 counts back; n = 0 returns `date`. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Same Shanghai time of day, n working days later (or earlier for n < 0). */
  addWorkingDaysToInstant(instant: Date, n: number): Date;
  /** End (24:00 Shanghai) of the nth working day after `from`'s Shanghai date. */
  deadlineInWorkingDays(from: Date, n: number): Date;
  /** Holiday periods overlapping [fromDate, toDate], reported whole (not clipped to the range). */
  holidaysBetween(fromDate: IsoDate, toDate: IsoDate): HolidayPeriod[];
  shanghaiDate(instant: Date): IsoDate;
  endOfDay(date: IsoDate): Date;
  addNaturalMonths(date: IsoDate, n: number): IsoDate;
  addNaturalDays(date: IsoDate, n: number): IsoDate;
}

/** Thrown when a computation needs a date in a year without holiday data. */
export class CalendarDataMissingError extends Error {
  constructor(readonly year: number) {
    super(
      `No statutory holiday data for ${year}: working days cannot be computed. ` +
        `Add the State Council's ${year} notice as a calendar supplement or upgrade chinese-days.`,
    );
    this.name = 'CalendarDataMissingError';
  }
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

// ---- Plain date arithmetic (no holiday data needed) -------------------------------------------

/** Days since 1970-01-01 for a validated date string; RangeError for anything else. */
function toDayNumber(date: IsoDate): number {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!match) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected 'YYYY-MM-DD'`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  utc.setUTCFullYear(year, month - 1, day);
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: no such day in the calendar`);
  }
  return utc.getTime() / DAY_MS;
}

function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

function requireValidInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant ${String(instant)}`);
  return ms;
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return fromDayNumber(Math.floor((requireValidInstant(instant) + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** 24:00 Shanghai of `date` (= next day 00:00+08:00): "by date D" means strictly before this instant. */
export function endOfDay(date: IsoDate): Date {
  return new Date((toDayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** Calendar days, holidays included ("自然日"). */
export function addNaturalDays(date: IsoDate, n: number): IsoDate {
  requireInteger(n, 'Number of days');
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * Natural months: the corresponding day of the target month, or its last day when there is none
 * (2026-08-31 + 1 month → 2026-09-30), as periods counted in months are computed in Chinese law.
 */
export function addNaturalMonths(date: IsoDate, n: number): IsoDate {
  requireInteger(n, 'Number of months');
  const start = new Date(toDayNumber(date) * DAY_MS);
  const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + n;
  const [year, month] = [Math.floor(monthIndex / 12), ((monthIndex % 12) + 12) % 12];
  const target = new Date(0);
  target.setUTCFullYear(year, month + 1, 0); // day 0 of the next month = last day of this one
  target.setUTCDate(Math.min(start.getUTCDate(), target.getUTCDate()));
  return target.toISOString().slice(0, 10);
}

// ---- Holiday data --------------------------------------------------------------------------

interface DayIndex {
  years: Set<number>;
  holidays: Map<number, { en: string; zh: string }>;
  workdays: Set<number>;
}

function parseLabel(date: IsoDate, label: string): { en: string; zh: string } {
  const [en, zh] = typeof label === 'string' ? label.split(',') : [];
  if (!en || !zh) throw new RangeError(`Holiday label for ${date} must look like 'English,中文,n', got ${JSON.stringify(label)}`);
  return { en: en.trim(), zh: zh.trim() };
}

/** The years a supplement carries data for. */
export function yearsIn(data: CalendarSupplement): Set<number> {
  return new Set([...Object.keys(data.holidays), ...Object.keys(data.workdays)].map((d) => yearOf(toDayNumber(d))));
}

/** Bundled data, with every supplemented year replaced wholesale, so a supplement can also correct a year. */
function buildIndex(supplement?: CalendarSupplement): DayIndex {
  const supplementYears = supplement ? yearsIn(supplement) : new Set<number>();
  const index: DayIndex = { years: new Set(supplementYears), holidays: new Map(), workdays: new Set() };
  const add = (data: CalendarSupplement, keep: (year: number) => boolean): void => {
    for (const [date, label] of Object.entries(data.holidays)) {
      const day = toDayNumber(date);
      if (keep(yearOf(day))) index.holidays.set(day, parseLabel(date, label));
    }
    for (const date of Object.keys(data.workdays)) {
      const day = toDayNumber(date);
      if (!keep(yearOf(day))) continue;
      if (index.holidays.has(day)) throw new RangeError(`${date} is listed both as a holiday and as a working day`);
      index.workdays.add(day);
    }
  };
  const bundled: CalendarSupplement = bundledData;
  add(bundled, (year) => !supplementYears.has(year));
  for (const year of yearsIn(bundled)) index.years.add(year);
  if (supplement) add(supplement, (year) => supplementYears.has(year));
  return index;
}

/** Consecutive holiday days grouped into periods, in date order. */
function buildPeriods(index: DayIndex): Array<{ first: number; last: number; period: HolidayPeriod }> {
  const days = [...index.holidays.keys()].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === day - 1) run.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => {
    const labels = run.map((day) => index.holidays.get(day)!);
    const distinct = (key: 'en' | 'zh'): string[] => [...new Set(labels.map((label) => label[key]))];
    const [first, last] = [run[0], run[run.length - 1]];
    return {
      first,
      last,
      period: {
        nameZh: distinct('zh').join('、'),
        nameEn: distinct('en').join(', '),
        firstDay: fromDayNumber(first),
        lastDay: fromDayNumber(last),
      },
    };
  });
}

/** `top` over `base`, year by year: a year `top` carries replaces that year of `base` wholesale. */
export function overlay(base: CalendarSupplement, top: CalendarSupplement): CalendarSupplement {
  const replaced = yearsIn(top);
  const keep = (labels: DayLabels) => Object.fromEntries(Object.entries(labels).filter(([date]) => !replaced.has(yearOf(toDayNumber(date)))));
  return { holidays: { ...keep(base.holidays), ...top.holidays }, workdays: { ...keep(base.workdays), ...top.workdays } };
}

/** The years the bundled chinese-days data covers. */
export const bundledYears: ReadonlySet<number> = yearsIn(bundledData);

/** Working days in a whole year (2025 and 2026 have 248 each). */
export function workingDaysIn(calendar: WorkingDayCalendar, year: number): number {
  let count = 0;
  for (let day = toDayNumber(`${year}-01-01`); yearOf(day) === year; day += 1) if (calendar.isWorkingDay(fromDayNumber(day))) count += 1;
  return count;
}

// ---- The calendar ----------------------------------------------------------------------------

export function createCalendar(supplement?: CalendarSupplement): WorkingDayCalendar {
  const index = buildIndex(supplement);
  const periods = buildPeriods(index);
  const years = [...index.years].sort((a, b) => a - b);

  const requireData = (dayNumber: number): void => {
    const year = yearOf(dayNumber);
    if (!index.years.has(year)) throw new CalendarDataMissingError(year);
  };

  const isWorkingDayNumber = (dayNumber: number): boolean => {
    requireData(dayNumber);
    if (index.workdays.has(dayNumber)) return true;
    if (index.holidays.has(dayNumber)) return false;
    const weekday = new Date(dayNumber * DAY_MS).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };

  const addWorkingDayNumbers = (start: number, n: number): number => {
    requireInteger(n, 'Number of working days');
    requireData(start); // the start date belongs to the computation even when n = 0
    const step = Math.sign(n);
    let day = start;
    for (let remaining = Math.abs(n); remaining > 0; ) {
      day += step;
      if (isWorkingDayNumber(day)) remaining -= 1;
    }
    return day;
  };

  const addWorkingDaysToInstant = (instant: Date, n: number): Date => {
    const ms = requireValidInstant(instant);
    const start = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
    return new Date(ms + (addWorkingDayNumbers(start, n) - start) * DAY_MS);
  };

  const holidaysBetween = (fromDate: IsoDate, toDate: IsoDate): HolidayPeriod[] => {
    const [from, to] = [toDayNumber(fromDate), toDayNumber(toDate)];
    if (from > to) throw new RangeError(`holidaysBetween: ${fromDate} is after ${toDate}`);
    for (let year = yearOf(from); year <= yearOf(to); year += 1) {
      if (!index.years.has(year)) throw new CalendarDataMissingError(year);
    }
    const found = periods.filter(({ first, last }) => last >= from && first <= to);
    // A run touching a year boundary may continue into the neighbouring year: require its data too.
    for (const { first, last } of found) [first - 1, last + 1].forEach(requireData);
    return found.map(({ period }) => ({ ...period }));
  };

  return {
    years,
    isWorkingDay: (date) => isWorkingDayNumber(toDayNumber(date)),
    addWorkingDays: (date, n) => fromDayNumber(addWorkingDayNumbers(toDayNumber(date), n)),
    addWorkingDaysToInstant,
    deadlineInWorkingDays: (from, n) =>
      endOfDay(fromDayNumber(addWorkingDayNumbers(toDayNumber(shanghaiDate(from)), n))),
    holidaysBetween,
    shanghaiDate,
    endOfDay,
    addNaturalMonths,
    addNaturalDays,
  };
}

/** The calendar from the bundled chinese-days data (2004-2026 in chinese-days 1.5.7). */
export const calendar: WorkingDayCalendar = createCalendar();
