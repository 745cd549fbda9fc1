import { addNaturalMonths, endOfDay, type IsoDate } from './calendar';
import { MEASURE_KINDS, type MeasureKind } from './fourForms';
import type { DeadlineRule, Ladder } from './ladder';

/**
 * 立案审查 (cases): a lead whose preliminary check found wrongdoing (outcome `case_filed`) is filed as a
 * case on the approval of the commission leader over its group, investigated (审查调查) within a time
 * limit that may be extended once, transferred to 审理, and closed (结案) with each person's disposition.
 * Pure data and arithmetic; workflow code imports only the types and names.
 */

/** 案件编号 `AJ-2026-0003`: 案件 + the Shanghai year it was filed + its place in that year (4 digits, more if needed). */
export const caseNumber = (year: number, seq: number) => `AJ-${year}-${String(seq).padStart(4, '0')}`;
export const CASE_NUMBER_PATTERN = /^AJ-\d{4}-\d{4,}$/;

/** The rule each deadline of a case comes from, and how sure we are (◐: secondary sources, kept as configuration). */
export const CASE_RULES = {
  timeLimit: {
    rule: '《中国共产党纪律检查机关监督执纪工作规则》第五十一条（据二手资料）：审查调查期限不得超过3个月；特殊情况需要延长的，应当报经批准，延长期限不得超过3个月',
    confidence: '◐',
    note: 'months and the extension are configuration (CASE_TIME_LIMIT_MONTHS, CASE_EXTENSION_MONTHS), counted in natural months from the 立案 decision',
  },
  extension: { rule: '同上：延长审查调查期限限一次，须经批准', confidence: '◐' },
} as const;

/**
 * 审查调查's time limit is the handler's: reminded seven days before, told again at the limit; three
 * days later the group leader, a week later the commission leader over the group. Natural days: the
 * limit itself is counted in natural months. Never the unit.
 */
export const CASE_TIME_LIMIT_LADDER: Ladder = {
  remindBefore: { amount: 7, unit: 'days' },
  rungs: [
    { after: { amount: 0, unit: 'minutes' }, notify: ['HANDLER'] },
    { after: { amount: 3, unit: 'days' }, notify: ['GROUP_LEADER'] },
    { after: { amount: 7, unit: 'days' }, notify: ['GROUP_LEADER_SUPERIOR'] },
  ],
};

/** 24:00 Shanghai of the day `months` natural months after `from` (the 立案 date, or the limit being extended). */
export const timeLimitRule = (from: IsoDate, months: number): DeadlineRule => ({
  due: { kind: 'fixed', at: endOfDay(addNaturalMonths(from, months)).toISOString() },
  ladder: CASE_TIME_LIMIT_LADDER,
});

/** The Shanghai day a limit (24:00 of it) falls on: what an extension counts its months from. */
export const limitDay = (deadlineAt: string): IsoDate => new Date(Date.parse(deadlineAt) - 1 + 8 * 3_600_000).toISOString().slice(0, 10);

/** What a closed case may dispose of a person with: every measure that counts under a form (an integrity talk disposes of no one). */
export const CASE_DISPOSITION_KINDS = (Object.keys(MEASURE_KINDS) as MeasureKind[]).filter((k) => MEASURE_KINDS[k].form !== null) as [MeasureKind, ...MeasureKind[]];
