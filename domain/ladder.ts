import { shanghaiDate, type IsoDate, type WorkingDayCalendar } from './calendar';

/**
 * Escalation ladders: a reminder before a deadline and rungs after it, each rung notifying someone
 * higher up. Turned into instants here (outside workflow code); workflows only compare instants
 * with their own clock.
 */
export const OFFSET_UNITS = ['minutes', 'hours', 'days', 'workingDays'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];
export interface Offset {
  amount: number;
  unit: OffsetUnit;
}

// in a module of their own: workflow code (emails) needs the names without the calendar this module imports
export { RECIPIENTS, type Recipient } from './recipients';
import type { Recipient } from './recipients';

export interface Rung {
  after: Offset;
  notify: Recipient[];
}

export interface Ladder {
  remindBefore: Offset | null;
  rungs: Rung[];
}

/**
 * How a deadline's instant is set, kept beside the instants so a calendar amendment can re-plan it:
 * `fixed` never moves (a date or instant the caller named, a natural-day or month count), while the
 * working-day forms are counted again on the new calendar.
 */
export type DeadlineDue =
  | { kind: 'fixed'; at: string }
  /** 24:00 Shanghai of the nth 工作日 after `after` (a Shanghai date) */
  | { kind: 'endOfWorkingDay'; after: IsoDate; workingDays: number }
  /** the same Shanghai time of day as `after` (an instant), n 工作日 later */
  | { kind: 'workingDaysLater'; after: string; workingDays: number };

export interface DeadlineRule {
  due: DeadlineDue;
  ladder: Ladder;
}

/** n 工作日 after a process started (a routine run, a rota turn): 24:00 of the nth working day after its Shanghai start date. */
export const afterStartRule = (startedAt: Date, workingDays: number, ladder: Ladder): DeadlineRule => ({
  due: { kind: 'endOfWorkingDay', after: shanghaiDate(startedAt), workingDays },
  ladder,
});

/** A deadline as the workflow sees it: plain ISO instants. Rung 0 is the reminder. */
export interface Deadline {
  deadlineAt: string;
  remindAt: string | null;
  rungs: { rung: number; at: string; notify: Recipient[] }[];
  /** absent on deadlines planned before rules were kept: those keep their instants */
  rule?: DeadlineRule;
}

/** unit contact → 一把手 → group leader → commission leader, in 工作日 after the deadline. */
export const DEFAULT_LADDER: Ladder = {
  remindBefore: { amount: 1, unit: 'workingDays' },
  rungs: [
    { after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] },
    { after: { amount: 1, unit: 'workingDays' }, notify: ['UNIT_LEADER'] },
    { after: { amount: 3, unit: 'workingDays' }, notify: ['GROUP_LEADER'] },
    { after: { amount: 5, unit: 'workingDays' }, notify: ['COMMISSION_LEADER'] },
  ],
};

/** A campaign not yet approved goes to the approver's superior once the window has passed. */
export const DEFAULT_APPROVAL_WINDOW: Offset = { amount: 2, unit: 'workingDays' };
export const APPROVAL_LADDER: Ladder = {
  remindBefore: null,
  rungs: [{ after: { amount: 0, unit: 'minutes' }, notify: ['APPROVER_SUPERIOR'] }],
};

/**
 * 突击抽查 results: the group is reminded two hours ahead; once overdue its leader, then a working day
 * later the commission leader over the group. Never the unit: it must not learn of the check from us.
 */
export const SURPRISE_CHECK_LADDER: Ladder = {
  remindBefore: { amount: 2, unit: 'hours' },
  rungs: [
    { after: { amount: 0, unit: 'minutes' }, notify: ['GROUP_LEADER'] },
    { after: { amount: 1, unit: 'workingDays' }, notify: ['GROUP_LEADER_SUPERIOR'] },
  ],
};

/**
 * 常态监督 runs are the group's own work, so the group is chased, never the unit: DEFAULT_LADDER's
 * reminder and its rungs at 0, 3 and 5 working days, to the group's members, its leader, then the
 * commission leader the group reports to.
 */
export const GROUP_LADDER: Ladder = {
  remindBefore: DEFAULT_LADDER.remindBefore,
  rungs: [
    { after: DEFAULT_LADDER.rungs[0].after, notify: ['GROUP_MEMBERS'] },
    { after: DEFAULT_LADDER.rungs[2].after, notify: ['GROUP_LEADER'] },
    { after: DEFAULT_LADDER.rungs[3].after, notify: ['GROUP_LEADER_SUPERIOR'] },
  ],
};

/**
 * 自我监督 is the unit's own check, so the unit is chased first and the group last: the member on duty
 * is reminded a working day before the record is due and again at the deadline; a working day later
 * the 一把手 (who owns the unit's 主体责任) is told, and a working day after that the stationed group
 * (组长 and members), whose job is to push units to supervise themselves. One working day a step, so
 * a weekly turn due on Wednesday has played out by Friday (config SELF_SUPERVISION_DUE_WORKING_DAYS).
 */
export const SELF_SUPERVISION_LADDER: Ladder = {
  remindBefore: { amount: 1, unit: 'workingDays' },
  rungs: [
    { after: { amount: 0, unit: 'minutes' }, notify: ['ON_DUTY_MEMBER'] },
    { after: { amount: 1, unit: 'workingDays' }, notify: ['UNIT_LEADER'] },
    { after: { amount: 2, unit: 'workingDays' }, notify: ['GROUP_MEMBERS'] },
  ],
};

const MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** `at` moved by `offset` forwards (sign 1) or backwards (sign -1). */
export function shift(at: Date, offset: Offset, sign: 1 | -1, calendar: WorkingDayCalendar): Date {
  if (offset.unit === 'workingDays') {
    return offset.amount === 0 ? at : calendar.addWorkingDaysToInstant(at, sign * offset.amount);
  }
  return new Date(at.getTime() + sign * offset.amount * MS[offset.unit]);
}

/**
 * The rule of the instant `offset` after `from`: a working-day count is counted again on a new
 * calendar (the same time of day), any other unit is a fixed instant.
 */
export function offsetRule(from: Date, offset: Offset, calendar: WorkingDayCalendar): DeadlineDue {
  return offset.unit === 'workingDays' && offset.amount !== 0
    ? { kind: 'workingDaysLater', after: from.toISOString(), workingDays: offset.amount }
    : { kind: 'fixed', at: shift(from, offset, 1, calendar).toISOString() };
}

/** Rungs must climb: each strictly later than the one before, so "fires once at its instant" is well defined. */
export function deadlineFrom(deadlineAt: Date, ladder: Ladder, calendar: WorkingDayCalendar): Deadline {
  const rungs = ladder.rungs.map((r, i) => ({ rung: i + 1, at: shift(deadlineAt, r.after, 1, calendar), notify: r.notify }));
  rungs.forEach((r, i) => {
    if (i > 0 && r.at.getTime() <= rungs[i - 1].at.getTime()) {
      throw new RangeError(`ladder rung ${r.rung} is not later than rung ${r.rung - 1}`);
    }
  });
  const remindAt = ladder.remindBefore ? shift(deadlineAt, ladder.remindBefore, -1, calendar) : null;
  return {
    deadlineAt: deadlineAt.toISOString(),
    remindAt: remindAt && remindAt < deadlineAt ? remindAt.toISOString() : null,
    rungs: rungs.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}

/** The instant a rule sets on `calendar` (throws CalendarDataMissingError for a year without data). */
export function dueOf(due: DeadlineDue, calendar: WorkingDayCalendar): Date {
  switch (due.kind) {
    case 'fixed':
      return new Date(due.at);
    case 'endOfWorkingDay':
      return calendar.endOfDay(calendar.addWorkingDays(due.after, due.workingDays));
    case 'workingDaysLater':
      return calendar.addWorkingDaysToInstant(new Date(due.after), due.workingDays);
  }
}

/** A deadline by its rule, carrying the rule. */
export function deadlineByRule(rule: DeadlineRule, calendar: WorkingDayCalendar): Deadline {
  return { ...deadlineFrom(dueOf(rule.due, calendar), rule.ladder, calendar), rule };
}

/**
 * The same rule counted on a new calendar, as of `now`: instants already passed stay as they were
 * (a passed deadline keeps its day, a rung that fired keeps its instant), the rest follow the rule.
 * Returns the deadline itself when nothing moves, so callers can tell by identity.
 */
export function replanDeadline(deadline: Deadline, calendar: WorkingDayCalendar, now: Date): Deadline {
  if (!deadline.rule) return deadline;
  const passed = (at: string | null) => at !== null && Date.parse(at) <= now.getTime();
  const deadlineAt = passed(deadline.deadlineAt) ? new Date(deadline.deadlineAt) : dueOf(deadline.rule.due, calendar);
  const next = deadlineFrom(deadlineAt, deadline.rule.ladder, calendar);
  const rungs = next.rungs.map((r) => {
    const old = deadline.rungs.find((o) => o.rung === r.rung);
    return old && passed(old.at) ? old : r;
  });
  const remindAt = passed(deadline.remindAt) ? deadline.remindAt : next.remindAt;
  const replanned: Deadline = { deadlineAt: next.deadlineAt, remindAt, rungs, rule: deadline.rule };
  // by value, field by field: a deadline kept in JSONB (an idempotent launch) comes back with its keys reordered
  const instants = (d: Deadline) => [d.deadlineAt, d.remindAt, ...d.rungs.map((r) => `${r.rung}@${r.at}`)].join(' ');
  const same = (a: Deadline, b: Deadline) => instants(a) === instants(b);
  return same(replanned, deadline) ? deadline : replanned;
}
