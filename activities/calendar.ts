import { Prisma, type PrismaClient } from '@prisma/client';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CalendarDataMissingError, createCalendar, overlay, yearsIn, type CalendarSupplement, type WorkingDayCalendar } from '../domain/calendar';
import { supplementOf, type HolidayNotice } from '../domain/holidayNotice';
import { deadlineByRule, replanDeadline, type Deadline, type DeadlineRule } from '../domain/ladder';
import type { Logger } from 'pino';
import type { calendarChange } from '../workflows/calendarChange';
import { calendarChangeWorkflowId, calendarChangedSignal, type CalendarChange } from '../workflows/messages';
import { sqlRows } from '../prisma/client';
import type { ActivityDeps } from './deps';

/** The latest version of a year staff entered. */
export interface EnteredYear {
  year: number;
  version: number;
  notice: HolidayNotice;
}

/**
 * The calendar in force, read where it is kept: the bundled data, the operator's supplement file
 * over it (`base`), and over both the latest version of each year entered in PostgreSQL. The API and
 * the worker each hold one; `current()` costs one indexed MAX(id) and rebuilds only when a version
 * was added, so every process follows an entry by its next read.
 */
export interface CalendarSource {
  current(): Promise<WorkingDayCalendar>;
  /** the calendar of the last `current()`, for code that must stay synchronous */
  latest(): WorkingDayCalendar;
  /** the layers behind `current()`, as of its last read: the file's years and the entered ones */
  layers(): { base: CalendarSupplement; fileYears: ReadonlySet<number>; entered: readonly EnteredYear[] };
  /** the calendar in force with `notice` in place of its year (a dry run, or the check before storing) */
  withNotice(notice: HolidayNotice): WorkingDayCalendar;
}

const EMPTY: CalendarSupplement = { holidays: {}, workdays: {} };

export function createCalendarSource({ db, base = EMPTY }: { db: PrismaClient; base?: CalendarSupplement }): CalendarSource {
  const fileYears = yearsIn(base);
  let stamp = -1;
  let entered: EnteredYear[] = [];
  let supplement = base;
  let calendar = createCalendar(base);

  const load = async (): Promise<void> => {
    // before every API request: straight SQL, not Prisma's engine (see sqlRows)
    const [{ max }] = await sqlRows<{ max: number | null }>(db, Prisma.sql`SELECT MAX("id") AS max FROM "HolidayNoticeVersion"`);
    if ((max ?? 0) === stamp) return;
    const rows = await db.$queryRaw<EnteredYear[]>`
      SELECT DISTINCT ON ("year") "year", "version", "notice" FROM "HolidayNoticeVersion" ORDER BY "year", "version" DESC`;
    const next = rows.reduce((s, row) => overlay(s, supplementOf(row.notice)), base);
    [entered, supplement, calendar, stamp] = [rows, next, createCalendar(next), max ?? 0];
  };

  return {
    async current() {
      await load();
      return calendar;
    },
    latest: () => calendar,
    layers: () => ({ base, fileYears, entered }),
    withNotice: (notice) => createCalendar(overlay(supplement, supplementOf(notice))),
  };
}

/** A deadline planned, or the year without data it reaches: answered, not thrown, since retrying cannot help (the process parks). */
export type Planned = { ok: true; plan: Deadline } | { ok: false; missingYear: number };

export function planIfKnown(rule: DeadlineRule, calendar: WorkingDayCalendar): Planned {
  try {
    return { ok: true, plan: deadlineByRule(rule, calendar) };
  } catch (e) {
    if (!(e instanceof CalendarDataMissingError)) throw e;
    return { ok: false, missingYear: e.year };
  }
}

const PAGE = 100;

/**
 * `deadline`'s rule on the calendar in force now (the same object when nothing moved). A rule that
 * reaches a year still missing keeps its instants: they were planned on data that held.
 */
export async function onCalendarInForce(calendars: CalendarSource, logger: Logger, deadline: Deadline, now: Date): Promise<Deadline> {
  const calendar = await calendars.current();
  try {
    return replanDeadline(deadline, calendar, now);
  } catch (e) {
    if (!(e instanceof CalendarDataMissingError)) throw e;
    logger.warn({ year: e.year }, 'deadline not re-planned: its rule reaches a year without data');
    return deadline;
  }
}

/** Visibility's query for the workflows running now on a task queue (what a calendar change reaches). */
export const runningOn = (taskQueue: string) => `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;

/** The calendar's work for workflows: re-planning a deadline, and telling every running process of a change. */
export const createCalendarActivities = ({ calendars, temporal, logger }: ActivityDeps) => ({
  /** The deadline's rule counted on the calendar in force now; passed instants stay (domain/ladder.ts). */
  async replanDeadline({ deadline, now }: { deadline: Deadline; now: string }): Promise<{ moved: boolean; deadline: Deadline }> {
    const next = await onCalendarInForce(calendars, logger, deadline, new Date(now));
    return { moved: next !== deadline, deadline: next };
  },

  /**
   * Signals calendarChanged to every running workflow of this task queue, page by page with a
   * heartbeat. A retry signals again from the start: each process takes one (year, version) once.
   */
  async signalCalendarChange(change: CalendarChange): Promise<number> {
    const { taskQueue, workflowExecution } = Context.current().info;
    const query = `${runningOn(taskQueue)} AND WorkflowType != 'calendarChange'`;
    let signalled = 0;
    const batch: Promise<void>[] = [];
    const flush = async () => {
      await Promise.all(batch.splice(0));
      Context.current().heartbeat(signalled);
    };
    for await (const execution of temporal.workflow.list({ query, pageSize: PAGE })) {
      if (execution.workflowId === workflowExecution?.workflowId) continue;
      batch.push(
        temporal.workflow
          .getHandle(execution.workflowId, execution.runId)
          .signal(calendarChangedSignal, change)
          .catch((e: unknown) => {
            // ended between the listing and the signal: nothing left to tell
            if (!(e instanceof WorkflowNotFoundError)) throw e;
          }),
      );
      signalled += 1;
      if (batch.length >= PAGE) await flush();
    }
    await flush();
    return signalled;
  },
});

/**
 * Starts the calendarChange workflow of a stored version (once: its id is the version's) and stamps
 * the version announced. The API calls it right after storing; the daily calendar watch calls it for
 * any version still unannounced (Temporal was down at the time), so no change is ever lost.
 */
export async function announceCalendarChange(db: PrismaClient, temporal: Client, taskQueue: string, change: CalendarChange): Promise<string> {
  const workflowId = calendarChangeWorkflowId(change);
  try {
    await temporal.workflow.start('calendarChange' satisfies typeof calendarChange.name, {
      workflowId,
      taskQueue,
      args: [change],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
  await db.holidayNoticeVersion.updateMany({ where: { year: change.year, version: change.version, announcedAt: null }, data: { announcedAt: new Date() } });
  return workflowId;
}
