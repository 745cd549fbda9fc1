import { readFileSync } from 'node:fs';
import { calendar, createCalendar, type CalendarSupplement, type WorkingDayCalendar } from '../domain/calendar';
import type { Config } from './index';

/**
 * The statutory calendar: the bundled data (chinese-days), plus an operator's supplement file for a
 * year the package does not carry yet (the State Council publishes each year's notice in the autumn
 * before): `{ "holidays": { "2027-01-01": "New Year's Day,元旦,1", … }, "workdays": { … } }`.
 */
export function loadCalendar(cfg: Pick<Config, 'CALENDAR_SUPPLEMENT_PATH'>): WorkingDayCalendar {
  if (!cfg.CALENDAR_SUPPLEMENT_PATH) return calendar;
  return createCalendar(JSON.parse(readFileSync(cfg.CALENDAR_SUPPLEMENT_PATH, 'utf8')) as CalendarSupplement);
}
