import type { HolidayPeriod } from '../../domain/calendar';

// ---- 节日廉洁提醒 holiday integrity reminders -------------------------------------------------------
// A daily Schedule runs `holidayReminderSweep`; it starts one `holidayReminder` per holiday (id
// holidayReminderWorkflowId) or per year without calendar data, each at most once.

export interface HolidayReminderSweepInput {
  /** the instant to plan for; defaults to the workflow's clock (set by tests and for a manual re-run) */
  asOf?: string;
}

export type HolidayReminderInput = { kind: 'holiday'; holiday: HolidayPeriod } | { kind: 'calendar_missing'; year: number };

export interface HolidayReminderSweepResult {
  today: string;
  started: string[];
  alreadyStarted: string[];
}
