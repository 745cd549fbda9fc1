import { addNaturalMonths, shanghaiDate } from './calendar';
import { kindsOfForm, type MeasureKind } from './fourForms';
import type { DeadlineRule, Ladder } from './ladder';

/**
 * 初步核实 (preliminary check) of a lead: its team, its three-colour warning (亮灯预警) and what the
 * conclusion may be. Pure data and arithmetic, shared by the API, the activities and the tests;
 * workflow code imports only the types and names.
 */

/** A check is done by a team (核查组) of at least this many people of the registry. */
export const CHECK_TEAM_MIN = 2;

/** 亮灯预警: blue while the check runs in time, yellow and red as it runs long. */
export const WARNING_LEVELS = { blue: '蓝灯', yellow: '黄灯', red: '红灯' } as const;
export type WarningLevel = keyof typeof WARNING_LEVELS;

/** One warning of a running check: how many natural months after the scheme's approval, the practice it comes from, how sure we are. */
export interface WarningRule {
  months: number;
  rule: string;
  confidence: '✔' | '◐';
}

/** The defaults; config PRELIMINARY_CHECK_YELLOW_MONTHS / _RED_MONTHS override the months. */
export const WARNING_RULES = {
  yellow: {
    months: 3,
    rule: '各地“亮灯预警”做法：初步核实自核实方案批准之日起满3个月未办结的亮黄灯，提醒承办人、派驻组组长和分管委领导（据二手资料）',
    confidence: '◐',
  },
  red: {
    months: 6,
    rule: '各地“亮灯预警”做法：满6个月仍未办结的亮红灯，督办（据二手资料）',
    confidence: '◐',
  },
} as const satisfies Record<Exclude<WarningLevel, 'blue'>, WarningRule>;

/** Each warning tells the handler, the group leader and the commission leader over the group, once. */
const WARNED: Ladder['rungs'][number]['notify'] = ['HANDLER', 'GROUP_LEADER', 'GROUP_LEADER_SUPERIOR'];

/** The rung of the warning deadline (domain/ladder.ts Deadline) that turns each colour. */
export const WARNING_RUNGS = { 1: 'yellow', 2: 'red' } as const satisfies Record<number, WarningLevel>;

/** `months` natural months after `from`, at the same Shanghai time of day (the corresponding day, or the month's last). */
export function naturalMonthsLater(from: Date, months: number): Date {
  const day = shanghaiDate(from);
  const moved = Date.parse(`${addNaturalMonths(day, months)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`);
  return new Date(from.getTime() + moved);
}

/**
 * The warnings of a check whose scheme was approved at `approvedAt`, as a deadline rule: due (yellow)
 * `yellow` natural months later, its second rung (red) at `red` months. Both instants are fixed: a
 * calendar amendment moves neither.
 */
export function warningRule(approvedAt: Date, months: { yellow: number; red: number } = { yellow: WARNING_RULES.yellow.months, red: WARNING_RULES.red.months }): DeadlineRule {
  const yellowAt = naturalMonthsLater(approvedAt, months.yellow);
  const redAt = naturalMonthsLater(approvedAt, months.red);
  return {
    due: { kind: 'fixed', at: yellowAt.toISOString() },
    ladder: {
      remindBefore: null,
      rungs: [
        { after: { amount: 0, unit: 'minutes' }, notify: WARNED },
        { after: { amount: Math.round((redAt.getTime() - yellowAt.getTime()) / 60_000), unit: 'minutes' }, notify: WARNED },
      ],
    },
  };
}

/** 第一种形态's kinds: the measures a 苗头性问题 conclusion may give (domain/fourForms.ts). */
export const FIRST_FORM_KINDS = kindsOfForm(1) as [MeasureKind, ...MeasureKind[]];
