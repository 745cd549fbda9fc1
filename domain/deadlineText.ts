import { CalendarDataMissingError, addNaturalDays, type IsoDate, type WorkingDayCalendar } from './calendar';
import type { DeadlineDue } from './ladder';

/**
 * What a deadline counted, in zh-CN, on the calendar in force: "12月1日后 5 个工作日（跳过周末 2 天、国庆节）",
 * so a reader can check the date the console shows against the rule that set it.
 */
export function deadlineRuleText(due: DeadlineDue, calendar: WorkingDayCalendar): string {
  if (due.kind === 'fixed') return '指定期限';
  const from = due.kind === 'endOfWorkingDay' ? due.after : calendar.shanghaiDate(new Date(due.after));
  const counted = `${monthDay(from)}后 ${due.workingDays} 个工作日${due.kind === 'workingDaysLater' ? '的同一时刻' : ''}`;
  try {
    return `${counted}${skippedText(calendar, from, calendar.addWorkingDays(from, due.workingDays))}`;
  } catch (e) {
    // a year without holiday data: the count is still what the rule says, only the days skipped are unknown
    if (e instanceof CalendarDataMissingError) return counted;
    throw e;
  }
}

const monthDay = (date: IsoDate) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

const isWeekend = (date: IsoDate) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** The days off after `from` up to `to`: holidays by name, other days off as weekend days, and make-up working days (调休). */
function skippedText(calendar: WorkingDayCalendar, from: IsoDate, to: IsoDate): string {
  if (to <= from) return '';
  const first = addNaturalDays(from, 1);
  const holidays = calendar.holidaysBetween(first, to);
  let weekend = 0;
  let makeUp = 0;
  for (let day = first; day <= to; day = addNaturalDays(day, 1)) {
    const working = calendar.isWorkingDay(day);
    if (working && isWeekend(day)) makeUp++;
    if (!working && !holidays.some((h) => h.firstDay <= day && day <= h.lastDay)) weekend++;
  }
  const skipped = [...(weekend ? [`周末 ${weekend} 天`] : []), ...holidays.map((h) => h.nameZh)];
  const parts = [...(skipped.length ? [`跳过${skipped.join('、')}`] : []), ...(makeUp ? [`含调休上班 ${makeUp} 天`] : [])];
  return parts.length ? `（${parts.join('；')}）` : '';
}
