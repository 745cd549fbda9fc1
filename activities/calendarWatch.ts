import type { PrismaClient } from '@prisma/client';
import { Context } from '@temporalio/activity';
import { firesOn, type ScheduleCadence } from '../domain/cadence';
import { bundledYears, type IsoDate, type WorkingDayCalendar } from '../domain/calendar';
import { afterStartRule, GROUP_LADDER, SELF_SUPERVISION_LADDER, type Ladder } from '../domain/ladder';
import type { CalendarChange, CalendarOutlook, CalendarWatchPlan, FirstDeadline } from '../workflows/messages';
import { announceCalendarChange, planIfKnown } from './calendar';
import type { ActivityDeps } from './deps';

// 日历预警 (the calendar watch): from 1 November, while next year has no holiday data, staff are asked
// for it (a weekly email, a warning on /health), naming the first deadline that would reach it.

/**
 * The year staff must enter now: this year if it has no data (any month), else next year from
 * 1 November (when the State Council's notice is usually out), else none.
 */
export function missingYearOf(calendar: WorkingDayCalendar, today: IsoDate): number | undefined {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  if (!calendar.years.includes(year)) return year;
  if (month >= 11 && !calendar.years.includes(year + 1)) return year + 1;
  return undefined;
}

/** A run starting on `date` (the hour does not matter: working-day deadlines end at 24:00 of a day). */
const startOf = (date: IsoDate) => new Date(`${date}T09:00:00+08:00`);

/** Whether a run starting on `date` would need a year without data, planned as planRoutineRun and the rota's turns plan it. */
const reaches = (calendar: WorkingDayCalendar, date: IsoDate, workingDays: number, ladder: Ladder) =>
  !planIfKnown(afterStartRule(startOf(date), workingDays, ladder), calendar).ok;

/** The floor's bare deadline: no reminder, no rungs. */
const NO_LADDER: Ladder = { remindBefore: null, rungs: [] };

/**
 * The first day from `today` on which a run would reach the missing year, looking no further than its
 * 1 January (or today, when that has passed): a run starting there needs the year whatever its length.
 */
function firstReachingDay(calendar: WorkingDayCalendar, today: IsoDate, year: number, reachesFrom: (date: IsoDate) => boolean): IsoDate | undefined {
  const last = [today, `${year}-01-01`].sort()[1];
  for (let date = today; date <= last; date = calendar.addNaturalDays(date, 1)) if (reachesFrom(date)) return date;
  return undefined;
}

type Recurring = { id: string; unitId: string; cadence: unknown };
const scheduled = (rows: Recurring[], kind: 'routineCycle' | 'selfSupervisionRota', ladder: Ladder) =>
  rows.map((row) => {
    const { dueInWorkingDays, ...cadence } = row.cadence as ScheduleCadence & { dueInWorkingDays: number };
    return { kind, row, plan: (calendar: WorkingDayCalendar, date: IsoDate) => firesOn(cadence, date) && reaches(calendar, date, dueInWorkingDays, ladder) };
  });

/**
 * What covers "the first deadline that would reach the missing year", honestly and simply:
 * - processes already parked on a missing year (routine runs, rota turns, targeted audits in
 *   `calendar_missing`), named first: they wait now;
 * - every active routine cycle and self-supervision rota: the first day its cadence fires from today
 *   on whose run the deadline or a rung of its ladder (GROUP_LADDER, SELF_SUPERVISION_LADDER) would
 *   need the missing year, as planRoutineRun and assignSelfSupervisionTurn plan them;
 * - as a floor, the first day from which a deadline of `floorWorkingDays` 工作日 (the shortest the
 *   configuration sets) would cross into it, for what anyone launches by hand (campaigns, audits, …).
 * Not covered: deadlines already planned (they were planned on data that held) and paused cycles.
 */
export async function calendarOutlook(db: PrismaClient, calendar: WorkingDayCalendar, now: Date, floorWorkingDays: number): Promise<CalendarOutlook | undefined> {
  const today = calendar.shanghaiDate(now);
  const year = missingYearOf(calendar, today);
  if (year === undefined) return undefined;
  const parkedWhere = { where: { state: 'calendar_missing' } };
  const [units, runs, turns, audits, cycles, rotas] = await Promise.all([
    db.unit.findMany({ select: { id: true, name: true } }),
    db.routineRun.findMany(parkedWhere),
    db.selfSupervisionTurn.findMany(parkedWhere),
    db.targetedAudit.findMany(parkedWhere),
    db.routineCycle.findMany({ where: { state: 'active' } }),
    db.selfSupervisionRota.findMany({ where: { state: 'active' } }),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const name = (unitId: string) => unitName.get(unitId) ?? unitId;
  const dayOf = (at: Date) => calendar.shanghaiDate(at);
  const waiting = `已因缺少${year}年节假日安排暂停，录入后即恢复`;
  const reaching = `的截止日将落入${year}年`;
  const candidates: FirstDeadline[] = [
    ...runs.map((r) => ({ kind: 'routineRun' as const, id: r.id, date: dayOf(r.createdAt), parked: true, message: `常态监督（${name(r.unitId)}，${dayOf(r.createdAt)} 发起）${waiting}` })),
    ...turns.map((t) => ({ kind: 'selfSupervisionTurn' as const, id: t.id, date: dayOf(t.createdAt), parked: true, message: `自我监督第${t.turn}次（${name(t.unitId)}，${dayOf(t.createdAt)} 轮值）${waiting}` })),
    ...audits.map((a) => ({ kind: 'targetedAudit' as const, id: a.workflowId, date: dayOf(a.updatedAt), parked: true, message: `靶向督查「${a.title}」（${name(a.unitId)}）${waiting}` })),
    ...[...scheduled(cycles, 'routineCycle', GROUP_LADDER), ...scheduled(rotas, 'selfSupervisionRota', SELF_SUPERVISION_LADDER)].flatMap(({ kind, row, plan }) => {
      const date = firstReachingDay(calendar, today, year, (d) => plan(calendar, d));
      const label = kind === 'routineCycle' ? '常态监督' : '自我监督';
      return date ? [{ kind, id: row.id, date, parked: false, message: `${label}（${name(row.unitId)}，${date} 发起）${reaching}` }] : [];
    }),
  ];
  const floorDate = firstReachingDay(calendar, today, year, (d) => reaches(calendar, d, floorWorkingDays, NO_LADDER))!;
  const floor: FirstDeadline = { kind: 'floor', id: `${floorWorkingDays}-working-days`, date: floorDate, parked: false, message: `${floorDate}起发起的${floorWorkingDays}个工作日期限${reaching}` };
  // earliest first; on one day a parked process before a scheduled one, and the floor last
  const [firstDeadline] = [...candidates, floor].sort((a, b) => a.date.localeCompare(b.date) || Number(a.parked ? 0 : 1) - Number(b.parked ? 0 : 1));
  return { year, firstDeadline, message: `${year}年法定节假日安排尚未录入，请在系统中录入（POST /calendar/years）。最早受影响：${firstDeadline.message}。` };
}

/** `2026-W47`: the ISO week of a date, the key of the week's one email. */
export function isoWeekOf(date: IsoDate): string {
  const day = new Date(`${date}T00:00:00Z`);
  // the ISO week belongs to the year of its Thursday
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The calendar watch's side of things: the outlook for a day, and announcing versions still unannounced. */
export const createCalendarWatchActivities = ({ db, temporal, calendars, settings }: ActivityDeps) => ({
  async planCalendarWatch({ asOf }: { asOf: string }): Promise<CalendarWatchPlan> {
    const calendar = await calendars.current();
    const today = calendar.shanghaiDate(new Date(asOf));
    // 1 工作日, the shortest deadline anyone can launch, where the configuration is not given
    const outlook = await calendarOutlook(db, calendar, new Date(asOf), settings.shortestDueWorkingDays ?? 1);
    return { today, week: isoWeekOf(today), outlook: outlook ?? null };
  },

  /**
   * Starts the calendarChange workflow of every stored version not yet announced (stored while
   * Temporal was down, or the API died between storing and starting), oldest first, each once.
   */
  async announcePendingCalendarChanges(): Promise<string[]> {
    const { taskQueue } = Context.current().info;
    const pending = await db.holidayNoticeVersion.findMany({ where: { announcedAt: null }, orderBy: { id: 'asc' } });
    const { fileYears } = calendars.layers();
    // as the API said when it stored it: entered when no data of the year was anywhere before
    const kindOf = (year: number, version: number): CalendarChange['kind'] => (version === 1 && !bundledYears.has(year) && !fileYears.has(year) ? 'entered' : 'amended');
    const started: string[] = [];
    for (const { year, version } of pending) {
      const change: CalendarChange = { year, version, kind: kindOf(year, version) };
      started.push(await announceCalendarChange(db, temporal, taskQueue, change));
    }
    return started;
  },
});
