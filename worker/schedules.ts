import { ScheduleOverlapPolicy, ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import { CALENDAR_WATCH_SCHEDULE_ID, HOLIDAY_REMINDER_SCHEDULE_ID } from '../domain/ids';
import type { calendarWatch } from '../workflows/calendarWatch';
import type { holidayReminderSweep } from '../workflows/holidayReminders';

/**
 * The worker's own Schedules, created or brought up to date at start-up (idempotent, so every
 * worker may do it). Both daily, in Beijing time; SKIP because a run left running needs no twin, and
 * a day's catch-up window because each run does what is still due, not only what became due that day.
 */
const daily = (scheduleId: string, cron: string, workflowType: string, workflowId: string, taskQueue: string): ScheduleOptions => ({
  scheduleId,
  spec: { cronExpressions: [cron], timezone: 'Asia/Shanghai' },
  action: { type: 'startWorkflow', workflowType, args: [{}], taskQueue, workflowId },
  policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
});

/** 节日廉洁提醒: the sweep at 08:30, before the working day starts. */
export const holidayReminderSchedule = (taskQueue: string) =>
  daily(HOLIDAY_REMINDER_SCHEDULE_ID, '30 8 * * *', 'holidayReminderSweep' satisfies typeof holidayReminderSweep.name, 'holiday-reminders/sweep', taskQueue);

/** 日历预警: the watch at 09:00, when staff are at their desks to read its weekly email. */
export const calendarWatchSchedule = (taskQueue: string) =>
  daily(CALENDAR_WATCH_SCHEDULE_ID, '0 9 * * *', 'calendarWatch' satisfies typeof calendarWatch.name, `${CALENDAR_WATCH_SCHEDULE_ID}/watch`, taskQueue);

export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  for (const options of [holidayReminderSchedule(taskQueue), calendarWatchSchedule(taskQueue)]) {
    try {
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
    } catch (e) {
      if (!(e instanceof ScheduleNotFoundError)) throw e;
      await client.schedule.create(options);
    }
  }
}
