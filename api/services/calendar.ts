import type { HolidayNoticeVersion, Prisma } from '@prisma/client';
import { announceCalendarChange, runningOn } from '../../activities/calendar';
import { isUniqueViolation } from '../../activities/auditLog';
import { bundledYears, CalendarDataMissingError, workingDaysIn, type WorkingDayCalendar } from '../../domain/calendar';
import { checkHolidayNotice, type HolidayNotice, type NoticeFinding } from '../../domain/holidayNotice';
import { replanDeadline, type Deadline } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import { watchedDeadlinesQuery, type CalendarChange } from '../../workflows/messages';
import type { ApiContext } from '../context';
import { conflict, notFound, unprocessable } from '../errors';
import type { AmendYearBody, CalendarPreview, CalendarYearDetail, CalendarYearList, HolidayNoticeVersionView, StoredYear } from '../schemas/calendar';
import { callTemporal } from './temporal';

type Source = CalendarYearList['years'][number]['source'];

/** Where the calendar in force takes a year from: the latest entered version, else the file, else the bundled data. */
function sourceOf(ctx: ApiContext, year: number): { source: Source; version: number | null } | undefined {
  const { fileYears, entered } = ctx.calendars.layers();
  const version = entered.find((e) => e.year === year)?.version;
  if (version !== undefined) return { source: 'entered', version };
  if (fileYears.has(year)) return { source: 'file', version: null };
  if (bundledYears.has(year)) return { source: 'bundled', version: null };
  return undefined;
}

const summaryOf = (ctx: ApiContext, year: number) => ({ year, ...sourceOf(ctx, year)!, workingDays: workingDaysIn(ctx.calendar, year) });

/** 节假日安排 in force, year by year, and this year or next where they have none. */
export function listCalendarYears(ctx: ApiContext): CalendarYearList {
  const thisYear = Number(ctx.calendar.shanghaiDate(ctx.clock()).slice(0, 4));
  const years = ctx.calendar.years.map((year) => summaryOf(ctx, year));
  return { years, missing: [thisYear, thisYear + 1].filter((y) => !ctx.calendar.years.includes(y)) };
}

/** The year in force (its holidays and 调休 days as the calendar counts them) and every version entered. */
export async function calendarYearDetail(ctx: ApiContext, year: number): Promise<CalendarYearDetail> {
  if (!sourceOf(ctx, year)) throw notFound(`${year}年无节假日数据，请录入 / no holiday data for ${year}; enter it with POST /calendar/years`);
  const rows = await ctx.db.holidayNoticeVersion.findMany({ where: { year }, orderBy: { version: 'asc' }, include: { enteredBy: { select: { id: true, name: true } } } });
  return { ...summaryOf(ctx, year), holidays: holidaysOf(ctx, year), makeUpWorkdays: makeUpWorkdaysOf(ctx.calendar, year), versions: rows.map(versionView) };
}

/**
 * An entered year's periods as its notice states them. Otherwise the calendar's; it reports a period
 * touching New Year whole, so it needs the neighbouring year's data: without it (2004, the first bundled
 * year; a year after a gap) only the periods inside the year's first and last working days are listed.
 */
function holidaysOf(ctx: ApiContext, year: number): CalendarYearDetail['holidays'] {
  const entered = ctx.calendars.layers().entered.find((e) => e.year === year);
  if (entered) return entered.notice.holidays.map((h) => ({ name: h.name, nameEn: h.name, firstDay: h.firstDay, lastDay: h.lastDay }));
  const between = (from: string, to: string) => ctx.calendar.holidaysBetween(from, to).map((h) => ({ name: h.nameZh, nameEn: h.nameEn, firstDay: h.firstDay, lastDay: h.lastDay }));
  try {
    return between(`${year}-01-01`, `${year}-12-31`);
  } catch (e) {
    if (!(e instanceof CalendarDataMissingError)) throw e;
    return between(workingDayFrom(ctx.calendar, `${year}-01-01`, 1), workingDayFrom(ctx.calendar, `${year}-12-31`, -1));
  }
}

/** The first working day from `date` on (step 1) or back (step -1), `date` included, within its year's data. */
function workingDayFrom(calendar: WorkingDayCalendar, date: string, step: 1 | -1): string {
  let d = date;
  while (!calendar.isWorkingDay(d)) d = calendar.addNaturalDays(d, step);
  return d;
}

/** Saturdays and Sundays the calendar counts as working days. */
function makeUpWorkdaysOf(calendar: WorkingDayCalendar, year: number): string[] {
  const days: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = calendar.addNaturalDays(d, 1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if ((weekday === 0 || weekday === 6) && calendar.isWorkingDay(d)) days.push(d);
  }
  return days;
}

type VersionRow = HolidayNoticeVersion & { enteredBy: { id: string; name: string } };

const versionView = (row: VersionRow): HolidayNoticeVersionView => ({
  version: row.version,
  notice: row.notice as unknown as HolidayNotice,
  reason: row.reason,
  warnings: row.warnings as unknown as NoticeFinding[],
  enteredBy: row.enteredBy,
  enteredAt: row.enteredAt.toISOString(),
});

export interface ChangeCommand {
  actor: Actor;
  requestId: string;
  dryRun: boolean;
}

const yearExists = (year: number, source: Source) =>
  conflict('calendar-year-exists', `${year}年已有节假日数据（${source}），请改用修订 / ${year} already has data (${source}); amend it with POST /calendar/years/${year}/amendments`);

/** 录入 a year without data anywhere; a year in force (bundled, file or entered) is amended instead. */
export async function enterCalendarYear(ctx: ApiContext, notice: HolidayNotice, command: ChangeCommand): Promise<StoredYear | CalendarPreview> {
  const inForce = sourceOf(ctx, notice.year);
  if (inForce) throw yearExists(notice.year, inForce.source);
  return changeYear(ctx, { kind: 'entered', notice, reason: null, at: '' }, command);
}

/** 修订 a year in force: the whole year again as amended, with the reason; the next version. */
export async function amendCalendarYear(ctx: ApiContext, year: number, body: AmendYearBody, command: ChangeCommand): Promise<StoredYear | CalendarPreview> {
  if (body.notice.year !== year) {
    throw unprocessable('year-mismatch', '通知年度与所修订年度不一致 / the notice is for another year', [{ path: 'notice.year', message: `the notice is for ${body.notice.year}, the path amends ${year}` }]);
  }
  if (!sourceOf(ctx, year)) throw conflict('calendar-year-missing', `${year}年尚无节假日数据，请先录入 / ${year} has no data to amend; enter it with POST /calendar/years`);
  return changeYear(ctx, { kind: 'amended', notice: body.notice, reason: body.reason, at: 'notice.' }, command);
}

interface Change {
  kind: CalendarChange['kind'];
  notice: HolidayNotice;
  reason: string | null;
  /** where the notice sits in the body, for the paths of its errors */
  at: string;
}

async function changeYear(ctx: ApiContext, change: Change, command: ChangeCommand): Promise<StoredYear | CalendarPreview> {
  const { errors, warnings } = checkHolidayNotice(change.notice);
  if (errors.length) {
    throw unprocessable('invalid-holiday-notice', '节假日安排有误，未保存 / the holiday notice has errors; nothing was stored', errors.map((e) => ({ ...e, path: change.at + e.path })));
  }
  const calendar = ctx.calendars.withNotice(change.notice);
  const workingDays = workingDaysIn(calendar, change.notice.year);
  if (command.dryRun) return preview(ctx, change.notice.year, calendar, { warnings, workingDays });
  const row = await storeVersion(ctx, change, warnings, command);
  const announced = await announce(ctx, { year: row.year, version: row.version, kind: change.kind });
  // this process counts with it from its next request; the others re-read on theirs
  await ctx.calendars.current();
  return { year: row.year, ...versionView(row), workingDays, announced };
}

/** The version and its audit entry in one transaction; a concurrent entry that took the same version number loses with a 409. */
async function storeVersion(ctx: ApiContext, change: Change, warnings: NoticeFinding[], { actor, requestId }: ChangeCommand): Promise<VersionRow> {
  const { year } = change.notice;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const last = await tx.holidayNoticeVersion.aggregate({ where: { year }, _max: { version: true } });
      if (change.kind === 'entered' && last._max.version) throw yearExists(year, 'entered');
      const version = (last._max.version ?? 0) + 1;
      const row = await tx.holidayNoticeVersion.create({
        data: { year, version, notice: change.notice as unknown as Prisma.InputJsonObject, reason: change.reason, warnings: warnings as unknown as Prisma.InputJsonArray, enteredById: actor.personId },
        include: { enteredBy: { select: { id: true, name: true } } },
      });
      await tx.auditLog.create({
        data: {
          actorId: actor.personId,
          action: `calendar.${change.kind}`,
          targetKind: 'calendarYear',
          targetId: String(year),
          requestId,
          detail: { version, notice: change.notice.notice.number, warnings: warnings as unknown as Prisma.InputJsonArray },
        },
      });
      return row;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw conflict('retry', `${year}年节假日安排正被他人同时修改，请刷新后重试 / another version of ${year} was stored at the same time; read the year again and retry`);
  }
}

/** Starts the version's calendarChange; when Temporal cannot, the version stays stored and the daily watch announces it. */
async function announce(ctx: ApiContext, change: CalendarChange): Promise<{ workflowId: string } | null> {
  try {
    const workflowId = await callTemporal(ctx, 'calendar change', () => announceCalendarChange(ctx.db, ctx.temporal, ctx.config.TEMPORAL_TASK_QUEUE, change));
    return { workflowId };
  } catch (err) {
    ctx.logger.warn({ err, change }, 'calendar change stored but not announced; the daily calendar watch will');
    return null;
  }
}

// ---- Dry run ------------------------------------------------------------------------------------

/** At most this many running workflows are asked what they watch, each for at most QUERY_MS. */
const RUNNING_LIMIT = 500;
const QUERY_MS = 3_000;
const QUERIES_AT_ONCE = 20;

async function preview(ctx: ApiContext, year: number, calendar: WorkingDayCalendar, checked: Pick<CalendarPreview, 'warnings' | 'workingDays'>): Promise<CalendarPreview> {
  const [deadlinesThatMove, parkedThatResume] = await Promise.all([movingDeadlines(ctx, calendar), parkedOn(ctx, year)]);
  return { ...checked, deadlinesThatMove, parkedThatResume };
}

type Running = { workflowId: string; runId: string; type: string };

async function runningWorkflows(ctx: ApiContext): Promise<Running[]> {
  const query = runningOn(ctx.config.TEMPORAL_TASK_QUEUE);
  return callTemporal(ctx, 'workflow list', async () => {
    const found: Running[] = [];
    for await (const e of ctx.temporal.workflow.list({ query, pageSize: 100 })) {
      found.push({ workflowId: e.workflowId, runId: e.runId, type: e.type });
      if (found.length >= RUNNING_LIMIT) break;
    }
    return found;
  });
}

/** What a running workflow watches now; undefined when it does not answer (no such query, or not in time). */
const watchedBy = (ctx: ApiContext, w: Running) =>
  callTemporal(ctx, 'query', () => ctx.temporal.workflow.getHandle(w.workflowId, w.runId).query(watchedDeadlinesQuery), QUERY_MS).catch(() => undefined);

async function movingDeadlines(ctx: ApiContext, calendar: WorkingDayCalendar): Promise<CalendarPreview['deadlinesThatMove']> {
  const running = await runningWorkflows(ctx);
  const now = ctx.clock();
  const moves: CalendarPreview['deadlinesThatMove'] = [];
  for (let i = 0; i < running.length; i += QUERIES_AT_ONCE) {
    const page = running.slice(i, i + QUERIES_AT_ONCE);
    const answers = await Promise.all(page.map((w) => watchedBy(ctx, w)));
    page.forEach((w, k) => {
      for (const deadline of answers[k] ?? []) {
        const moved = movementOf(deadline, calendar, now);
        if (moved) moves.push({ workflowId: w.workflowId, kind: w.type, ...moved });
      }
    });
  }
  return moves;
}

/** How `deadline` would move on `calendar`: its instant and each rung (0: the reminder) whose instant changes. */
export function movementOf(deadline: Deadline, calendar: WorkingDayCalendar, now: Date) {
  let next: Deadline;
  try {
    next = replanDeadline(deadline, calendar, now);
  } catch (e) {
    // a rule reaching a year still missing is not re-planned (activities/calendar.ts): it stays
    if (e instanceof CalendarDataMissingError) return undefined;
    throw e;
  }
  if (next === deadline) return undefined;
  const before = new Map([[0, deadline.remindAt], ...deadline.rungs.map((r) => [r.rung, r.at] as const)]);
  const after = new Map([[0, next.remindAt], ...next.rungs.map((r) => [r.rung, r.at] as const)]);
  const rungsMoved = [...new Set([...before.keys(), ...after.keys()])]
    .sort((a, b) => a - b)
    .filter((rung) => before.get(rung) !== after.get(rung))
    .map((rung) => ({ rung, from: before.get(rung) ?? null, to: after.get(rung) ?? null }));
  return { deadlineBefore: deadline.deadlineAt, deadlineAfter: next.deadlineAt, rungsMoved };
}

type Detail = Record<string, unknown> | null;

/**
 * The projections that park on a missing year, and where their audit entries name it: a routine run's
 * and a turn's entry carries `missingYear`, an audit's calendar_missing entry its event detail's `year`.
 */
const PARKED = {
  routineRun: {
    rows: (ctx: ApiContext) => ctx.db.routineRun.findMany({ where: { state: 'calendar_missing' }, select: { id: true } }).then((rs) => rs.map((r) => ({ targetId: r.id, workflowId: r.id }))),
    yearIn: (_action: string, d: Detail) => d?.missingYear,
  },
  selfSupervisionTurn: {
    rows: (ctx: ApiContext) => ctx.db.selfSupervisionTurn.findMany({ where: { state: 'calendar_missing' }, select: { id: true } }).then((rs) => rs.map((r) => ({ targetId: r.id, workflowId: r.id }))),
    yearIn: (_action: string, d: Detail) => d?.missingYear,
  },
  targetedAudit: {
    rows: (ctx: ApiContext) =>
      ctx.db.targetedAudit.findMany({ where: { state: 'calendar_missing' }, select: { id: true, workflowId: true } }).then((rs) => rs.map((r) => ({ targetId: r.id, workflowId: r.workflowId }))),
    yearIn: (action: string, d: Detail) => (action === 'targetedAudit.calendar_missing' ? (d?.detail as Detail)?.year : undefined),
  },
} as const;

/** Processes parked on `year` now: each projection in calendar_missing whose latest entry naming a missing year names this one. */
async function parkedOn(ctx: ApiContext, year: number): Promise<CalendarPreview['parkedThatResume']> {
  const found = await Promise.all(
    Object.entries(PARKED).map(async ([kind, { rows, yearIn }]) => {
      const parked = await rows(ctx);
      const entries = await ctx.db.auditLog.findMany({
        where: { targetKind: kind, targetId: { in: parked.map((p) => p.targetId) } },
        orderBy: { id: 'desc' },
        select: { targetId: true, action: true, detail: true },
      });
      return parked.flatMap((p) => {
        const named = entries.filter((e) => e.targetId === p.targetId).map((e) => yearIn(e.action, e.detail as Detail)).find((y) => y !== undefined);
        return named === year ? [{ workflowId: p.workflowId, kind, missingYear: year }] : [];
      });
    }),
  );
  return found.flat();
}
