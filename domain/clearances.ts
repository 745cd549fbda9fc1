import { afterStartRule, type DeadlineRule, type Ladder } from './ladder';

/**
 * 澄清正名 (clearances): a lead found fabricated or retaliatory (outcome `false_accusation`) clears the
 * accused, with their consent, on the approval of the commission leader over the group (谁核实、谁澄清:
 * the lead's handler does it); and the reporter is criticised (批评教育) or writes a self-criticism
 * (书面检讨). The reporter is never named here, nor in the workflow: only the kind of correction.
 */

/** 澄清方式. */
export const CLEARANCE_METHODS = { letter: '发函说明', in_person: '当面说明', notice: '会议通报' } as const;
export type ClearanceMethod = keyof typeof CLEARANCE_METHODS;
export const CLEARANCE_METHOD_KEYS = Object.keys(CLEARANCE_METHODS) as [ClearanceMethod, ...ClearanceMethod[]];

/** What the reporter of a false accusation is given: the measure kinds of domain/fourForms.ts, by name. */
export const REPORTER_CORRECTIONS = { criticism: '批评教育', written_self_criticism: '书面检讨' } as const;
export type ReporterCorrection = keyof typeof REPORTER_CORRECTIONS;
export const REPORTER_CORRECTION_KEYS = Object.keys(REPORTER_CORRECTIONS) as [ReporterCorrection, ...ReporterCorrection[]];

export const CLEARANCE_RULES = {
  clearance: {
    rule: '《纪检监察机关澄清正名工作办法》及各地实施细则（据二手资料）：经批准后及时澄清，本文按批准之日起若干个工作日计（CLEARANCE_DUE_WORKING_DAYS）',
    confidence: '◐',
  },
  reporterCorrection: {
    rule: '对诬告陷害者依规依纪依法处理；情节轻微的予以批评教育或责令书面检讨（据二手资料），期限按批准之日起若干个工作日计（REPORTER_CORRECTION_DUE_WORKING_DAYS）',
    confidence: '◐',
  },
  consent: { rule: '澄清正名应当征求被澄清人意见，经本人同意（据二手资料）', confidence: '◐' },
} as const;

/** Both deadlines are the handler's: reminded two working days before, told at the deadline; then the group leader, then the commission leader over the group. */
export const CLEARANCE_LADDER: Ladder = {
  remindBefore: { amount: 2, unit: 'workingDays' },
  rungs: [
    { after: { amount: 0, unit: 'minutes' }, notify: ['HANDLER'] },
    { after: { amount: 1, unit: 'workingDays' }, notify: ['GROUP_LEADER'] },
    { after: { amount: 2, unit: 'workingDays' }, notify: ['GROUP_LEADER_SUPERIOR'] },
  ],
};

/** 24:00 of the nth 工作日 after the Shanghai day of approval. */
export const clearanceRule = (approvedAt: Date, workingDays: number): DeadlineRule => afterStartRule(approvedAt, workingDays, CLEARANCE_LADDER);
