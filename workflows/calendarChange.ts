import { executeChild, workflowInfo } from '@temporalio/workflow';
import { holidayReminderSweep } from './holidayReminders';
import type { CalendarChange, CalendarChangeResult } from './messages';
import { signalCalendarChange } from './proxies';

/**
 * What follows a year entered or amended (started by the API, once per version by its workflow id):
 * every running process hears of it (parked ones plan and go on, running deadlines re-plan from
 * their rules), and the holiday reminders sweep at once instead of at the next morning's run.
 */
export async function calendarChange(change: CalendarChange): Promise<CalendarChangeResult> {
  const signalled = await signalCalendarChange(change);
  const holidaySweep = `${workflowInfo().workflowId}/holiday-sweep`;
  await executeChild(holidayReminderSweep, {
    workflowId: holidaySweep,
    args: [{}],
  });
  return { signalled, holidaySweep };
}
