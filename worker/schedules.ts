import { ScheduleOverlapPolicy, ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import { HOLIDAY_REMINDER_SCHEDULE_ID } from '../domain/ids';
import type { holidayReminderSweep } from '../workflows/holidayReminders';

/**
 * The worker's own Schedules, created or brought up to date at start-up (idempotent, so every
 * worker may do it). The holiday sweep runs daily at 08:30 Beijing time; SKIP because a sweep
 * left running needs no twin, and a day's catch-up window because the sweep sends what is still
 * due, not only what became due that day.
 */
export function holidayReminderSchedule(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: HOLIDAY_REMINDER_SCHEDULE_ID,
    spec: { cronExpressions: ['30 8 * * *'], timezone: 'Asia/Shanghai' },
    action: { type: 'startWorkflow', workflowType: 'holidayReminderSweep' satisfies typeof holidayReminderSweep.name, args: [{}], taskQueue, workflowId: 'holiday-reminders/sweep' },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
}

export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  const options = holidayReminderSchedule(taskQueue);
  try {
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
  } catch (e) {
    if (!(e instanceof ScheduleNotFoundError)) throw e;
    await client.schedule.create(options);
  }
}
