import { readFileSync } from 'node:fs';
import type { CalendarSupplement } from '../domain/calendar';
import type { Config } from './index';

/**
 * The operator's calendar supplement file, for those who prefer a file to entering a year in the app
 * (CALENDAR_SUPPLEMENT_PATH): `{ "holidays": { "2027-01-01": "New Year's Day,元旦,1", … }, "workdays": { … } }`.
 * It replaces the bundled data year by year; a year entered in the app replaces it in turn.
 */
export function loadCalendarSupplement(cfg: Pick<Config, 'CALENDAR_SUPPLEMENT_PATH'>): CalendarSupplement | undefined {
  if (!cfg.CALENDAR_SUPPLEMENT_PATH) return undefined;
  return JSON.parse(readFileSync(cfg.CALENDAR_SUPPLEMENT_PATH, 'utf8')) as CalendarSupplement;
}
