import { CalendarDataMissingError, type HolidayPeriod, type IsoDate, type WorkingDayCalendar } from './calendar';

/**
 * 节日廉洁提醒: before each statutory holiday every unit is reminded of the third standing risk point
 * (公车私用、公款旅游、公款聚餐). The reminder is due from `workingDaysAhead` working days before the
 * holiday's first day until the day before it, so a sweep that missed its day still sends it.
 */
/** config HOLIDAY_REMINDER_WORKING_DAYS: the default and its reason live there */
export const DEFAULT_HOLIDAY_REMINDER_WORKING_DAYS = 3;

export interface HolidayReminderPlan {
  due: (HolidayPeriod & { remindOn: IsoDate })[];
  /** a year the look-ahead reaches without holiday data: reported, never guessed over */
  missingYear: number | null;
}

/** Holidays are published a year at a time, so look ahead through the rest of this year and into the next. */
export function holidayRemindersDue(calendar: WorkingDayCalendar, today: IsoDate, workingDaysAhead: number, lookAheadDays = 45): HolidayReminderPlan {
  const horizon = calendar.addNaturalDays(today, lookAheadDays);
  const yearEnd = `${today.slice(0, 4)}-12-31`;
  const periods = calendar.holidaysBetween(today, horizon < yearEnd ? horizon : yearEnd);
  let missingYear: number | null = null;
  if (horizon > yearEnd) {
    try {
      periods.push(...calendar.holidaysBetween(calendar.addNaturalDays(yearEnd, 1), horizon));
    } catch (e) {
      if (!(e instanceof CalendarDataMissingError)) throw e;
      missingYear = e.year;
    }
  }
  const due = periods
    .filter((p) => p.firstDay > today)
    .map((p) => ({ ...p, remindOn: calendar.addWorkingDays(p.firstDay, -workingDaysAhead) }))
    .filter((p) => p.remindOn <= today);
  return { due, missingYear };
}
