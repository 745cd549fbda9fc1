import type { z } from 'zod';
import { CalendarDataMissingError, type WorkingDayCalendar } from '../../domain/calendar';
import { dueOf, deadlineByRule, shift, type Deadline, type DeadlineDue, type Ladder } from '../../domain/ladder';
import type { DeadlineInput } from '../schemas/common';
import { unprocessable } from '../errors';

export type DeadlineSpec = z.infer<typeof DeadlineInput>;

/** A deadline's rule with its instant on today's calendar, and where it sits in the body (e.g. `deadline.workingDays`). */
export interface ResolvedDeadline {
  due: DeadlineDue;
  at: Date;
  path: string;
}

/** The calendar's "no data for that year" as a 422 naming the field that led there (`reached`: what, within it). */
export function calendarGuard<T>(field: string, compute: () => T, reached?: string): T {
  try {
    return compute();
  } catch (e) {
    if (!(e instanceof CalendarDataMissingError)) throw e;
    throw unprocessable('calendar-data-missing', `${e.year}年法定节假日数据缺失，无法计算工作日 / ${e.message}`, [
      { path: field, message: `no statutory holiday data for ${e.year}${reached ? ` (reached by ${reached})` : ''}` },
    ]);
  }
}

/**
 * The rule a deadline spec names and its instant, which must lie ahead; `field` is where it sits in
 * the body (e.g. `deadline`). A date or an instant is fixed; 工作日 are counted from `now`'s Shanghai
 * date, again on an amended calendar.
 */
export function resolveDeadline(spec: DeadlineSpec, now: Date, calendar: WorkingDayCalendar, field: string): ResolvedDeadline {
  const [key, due]: [string, DeadlineDue] =
    'date' in spec
      ? ['date', { kind: 'fixed', at: calendar.endOfDay(spec.date).toISOString() }]
      : 'workingDays' in spec
        ? ['workingDays', { kind: 'endOfWorkingDay', after: calendar.shanghaiDate(now), workingDays: spec.workingDays }]
        : ['at', { kind: 'fixed', at: new Date(spec.at).toISOString() }];
  const path = `${field}.${key}`;
  const at = calendarGuard(path, () => dueOf(due, calendar));
  if (at <= now) {
    throw unprocessable('deadline-in-past', '截止时间必须晚于当前时间 / the deadline must be in the future', [
      { path, message: `${at.toISOString()} is not after ${now.toISOString()}` },
    ]);
  }
  return { due, at, path };
}

/**
 * Reminder and rung instants for a deadline, carrying its rule (deadlineByRule); a ladder whose rungs do
 * not climb is the ladder's fault. `ladderField` is where the ladder sits in the body when the caller
 * gave it: a rung (or the reminder) that reaches a year without holiday data is then named there
 * (`ladder.rungs.3`), not at the deadline; a ladder the caller did not give (a default, the
 * campaign's) leaves it at the deadline.
 */
export function deadlineFor(deadline: ResolvedDeadline, ladder: Ladder, calendar: WorkingDayCalendar, ladderField?: string): Deadline {
  const fieldOf = (part: string) => (ladderField ? `${ladderField}.${part}` : deadline.path);
  // each instant on its own first, so the field named is the one whose instant left the calendar's years
  ladder.rungs.forEach((r, i) => calendarGuard(fieldOf(`rungs.${i}`), () => shift(deadline.at, r.after, 1, calendar), `ladder rung ${i + 1}`));
  const { remindBefore } = ladder;
  if (remindBefore) calendarGuard(fieldOf('remindBefore'), () => shift(deadline.at, remindBefore, -1, calendar), 'the reminder');
  try {
    return deadlineByRule({ due: deadline.due, ladder }, calendar);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw unprocessable('invalid-ladder', `升级梯度不合理 / ${e.message}`, [{ path: `${ladderField ?? deadline.path}.rungs`, message: e.message }]);
  }
}
