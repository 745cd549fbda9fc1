import type { IsoDate } from '../../domain/calendar';

// ---- 日历预警 the calendar watch -------------------------------------------------------------------
// A daily Schedule (`calendar-watch`) runs `calendarWatch`: it announces stored calendar versions not
// yet announced and, from 1 November while next year has no data, emails staff once a week.

/** What would first need the missing year: a process parked on it, a scheduled run, or the floor. */
export interface FirstDeadline {
  kind: 'routineRun' | 'selfSupervisionTurn' | 'targetedAudit' | 'routineCycle' | 'selfSupervisionRota' | 'floor';
  /** the parked process's workflow id, the cycle's or rota's id, or `<n>-working-days` for the floor */
  id: string;
  /** the Shanghai date it was parked, or the date the run (or a deadline of the floor's length) starts */
  date: IsoDate;
  parked: boolean;
  /** zh-CN, e.g. 「常态监督（区公路局，2026-12-21 发起）的截止日将落入2027年」 */
  message: string;
}

export interface CalendarOutlook {
  year: number;
  firstDeadline: FirstDeadline;
  /** zh-CN, for the email and /health */
  message: string;
}

export interface CalendarWatchInput {
  /** the instant to watch for; defaults to the workflow's clock (set by tests and for a manual re-run) */
  asOf?: string;
}

export interface CalendarWatchPlan {
  today: IsoDate;
  /** the ISO week of `today` (`2026-W47`): one email per week */
  week: string;
  outlook: CalendarOutlook | null;
}

export interface CalendarWatchResult {
  today: IsoDate;
  /** the calendarChange workflows started for versions stored but not announced */
  announced: string[];
  /** the outbox key of this week's email, when the year is missing (sent by the week's first watch) */
  emailKey: string | null;
}
