import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { CalendarSource } from './calendar';

/** What activities need from the outside world; built once by the worker (or a test). */
export interface ActivityDeps {
  db: PrismaClient;
  mailer: Transporter;
  temporal: Client;
  logger: Logger;
  /** the statutory calendar in force: bundled, the operator's file, the years staff entered (activities/calendar.ts) */
  calendars: CalendarSource;
  settings: {
    mailFrom: string;
    publicBaseUrl: string;
    temporalUiUrl: string;
    namespace: string;
    /** 节日廉洁提醒 lead time (config HOLIDAY_REMINDER_WORKING_DAYS) */
    holidayReminderWorkingDays?: number;
    /** the shortest working-day period the configuration sets: the calendar watch's floor (config shortestDueWorkingDays) */
    shortestDueWorkingDays?: number;
    /** unit inspections a campaign's fan-out starts at once (config FAN_OUT_CONCURRENCY) */
    fanOutConcurrency?: number;
  };
}
