import { CALENDAR_WATCH_PROCESS, calendarWatchEmailId } from '../domain/ids';
import type { CalendarWatchInput, CalendarWatchResult } from './messages';
import { emailerOf } from './emailer';
import { activities } from './proxies';

/**
 * 日历预警, daily (from the `calendar-watch` Schedule): first every stored calendar version not yet
 * announced gets its calendarChange (so one stored while Temporal was down still resumes what waited);
 * then, from 1 November while next year has no data, commission staff are emailed once per ISO week:
 * the week is the outbox key, so the week's first watch sends it and the others find it sent.
 */
export async function calendarWatch(input: CalendarWatchInput = {}): Promise<CalendarWatchResult> {
  const announced = await activities.announcePendingCalendarChanges();
  const { today, week, outlook } = await activities.planCalendarWatch({ asOf: input.asOf ?? new Date(Date.now()).toISOString() });
  if (!outlook) return { today, announced, emailKey: null };
  // one id per missing year, not this run's: the outbox key must outlive the daily runs
  const email = emailerOf({
    workflowId: calendarWatchEmailId(outlook.year),
    about: { title: `${outlook.year}年法定节假日安排`, topic: outlook.firstDeadline.message },
    process: CALENDAR_WATCH_PROCESS,
  });
  const emailKey = `week/${week}`;
  await email(emailKey, 0, { kind: 'calendar_watch_year_missing', notify: ['STAFF'], reason: outlook.message });
  await email.settled();
  return { today, announced, emailKey };
}
