import { afterStartRule, type DeadlineRule, type Ladder } from './ladder';
import type { IsoDate } from './calendar';

/**
 * 谈话函询 (talk inquiry) of a lead: the forms it takes, the written reply's deadline and what the
 * group's evaluation may conclude. Pure data and arithmetic, shared by the API, the activities and the
 * tests; workflow code imports only the types and names.
 */

/** 函询 (a letter to the person, answered in writing) or 谈话 (a talk, followed by a written account). */
export const INQUIRY_FORMS = { letter: '函询', talk: '谈话' } as const;
export type InquiryForm = keyof typeof INQUIRY_FORMS;

export const REPLY_RULE = {
  workingDays: 15,
  rule: '《中国共产党纪律检查机关监督执纪工作规则》第二十一条：被函询人应当在收到函件后15个工作日内写出说明材料（谈话后的书面说明同此计）',
  confidence: '◐',
} as const;

/**
 * The reply (书面说明) is the handler's to chase: reminded three working days before and at the deadline;
 * a working day later the group leader, a working day after that the commission leader over the group.
 * Never the unit, nor the person inquired of by email: the letter itself went by paper.
 */
export const REPLY_LADDER: Ladder = {
  remindBefore: { amount: 3, unit: 'workingDays' },
  rungs: [
    { after: { amount: 0, unit: 'minutes' }, notify: ['HANDLER'] },
    { after: { amount: 1, unit: 'workingDays' }, notify: ['GROUP_LEADER'] },
    { after: { amount: 2, unit: 'workingDays' }, notify: ['GROUP_LEADER_SUPERIOR'] },
  ],
};

/** 24:00 of the 15th 工作日 after the Shanghai day the letter arrived (or the talk was held). */
export const replyRule = (arrivedOn: IsoDate): DeadlineRule => afterStartRule(new Date(`${arrivedOn}T12:00:00+08:00`), REPLY_RULE.workingDays, REPLY_LADDER);

/** An extension (延期) to 24:00 of the Shanghai day granted, on the same ladder; a named date never moves with the calendar. */
export const extendedReplyRule = (dueOn: IsoDate, endOfDay: (day: IsoDate) => Date): DeadlineRule => ({ due: { kind: 'fixed', at: endOfDay(dueOn).toISOString() }, ladder: REPLY_LADDER });

/** The group's evaluation of the reply: 采信 (the lead ends, 了结, possibly with first-form measures) or not (to 初步核实). */
export const INQUIRY_VERDICTS = { accepted: '采信了结', to_preliminary_check: '转初步核实' } as const;
export type InquiryVerdict = keyof typeof INQUIRY_VERDICTS;
