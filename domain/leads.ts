import { afterStartRule, type DeadlineRule, type Ladder } from './ladder';

/**
 * 问题线索 (leads): where a lead comes from, how it is numbered, and the deadlines of its intake, each
 * with the rule that sets it and how sure we are of it (✔ the official text was read, ◐ a secondary
 * source). Pure data and arithmetic, shared by the API, the activities and the tests; workflow code
 * imports only the types and names.
 */

/** 线索来源: each kind with the channels (方式) it comes by, as people name them. */
export const LEAD_SOURCES = {
  complaint: { label: '信访举报', channels: { letter: '来信', visit: '来访', phone: '来电', online: '网络举报' } },
  supervision: { label: '日常监督发现', channels: { routine_run: '常态监督', surprise_check: '突击抽查', targeted_audit: '靶向督查', heard: '发现/听闻' } },
  handover: { label: '移交', channels: { inspection_tour: '巡察移交', audit: '审计移交', higher_assigned: '上级交办' } },
} as const;
export type LeadSourceKind = keyof typeof LEAD_SOURCES;
export type LeadChannel = { [K in LeadSourceKind]: keyof (typeof LEAD_SOURCES)[K]['channels'] }[LeadSourceKind];

export const LEAD_SOURCE_KINDS = Object.keys(LEAD_SOURCES) as [LeadSourceKind, ...LeadSourceKind[]];
export const LEAD_CHANNELS = LEAD_SOURCE_KINDS.flatMap((k) => Object.keys(LEAD_SOURCES[k].channels)) as [LeadChannel, ...LeadChannel[]];

/** The channel belongs to the kind (a letter is a 信访举报, not a handover). */
export const channelFits = (kind: LeadSourceKind, channel: string): channel is LeadChannel => Object.hasOwn(LEAD_SOURCES[kind].channels, channel);

/** `信访举报·来信`: a lead's source as the ledger shows it. */
export const sourceLabel = (kind: LeadSourceKind, channel: LeadChannel): string =>
  `${LEAD_SOURCES[kind].label}·${(LEAD_SOURCES[kind].channels as Record<string, string>)[channel]}`;

/**
 * Only a complaint (信访举报) has a reporter (举报人) who may be real-name (实名); a lead found or handed
 * over has none to seal.
 */
export const hasReporter = (kind: LeadSourceKind) => kind === 'complaint';

/** 统一编号 `XS-2026-0012`: 线索 + the Shanghai year it was received + its place in that year (4 digits, more if needed). */
export const leadNumber = (year: number, seq: number) => `XS-${year}-${String(seq).padStart(4, '0')}`;
export const LEAD_NUMBER_PATTERN = /^XS-\d{4}-\d{4,}$/;

/** One rule of a lead's intake: how many 工作日, after what, the text it comes from, and how sure we are. */
export interface LeadRule {
  workingDays: number;
  rule: string;
  confidence: '✔' | '◐';
}

export const LEAD_RULES = {
  /** accept (受理) or forward (转办) */
  acceptance: {
    workingDays: 5,
    rule: '《纪检监察机关处理检举控告工作规则》第十六条：下级纪检监察机关应当在收到之日起5个工作日内受理或转办',
    confidence: '✔',
  },
  /** tell a real-name reporter the report was received */
  receiptNotice: {
    workingDays: 15,
    rule: '实名举报：收到之日起15个工作日内告知实名检举控告人受理情况（各地实施办法，据二手资料）',
    confidence: '◐',
  },
  /** tell a real-name reporter the result, after the lead is closed (予以了结, approved) */
  resultNotice: {
    workingDays: 15,
    rule: '实名举报：办结之日起15个工作日内将处理结果告知实名检举控告人（各地实施办法，据二手资料）',
    confidence: '◐',
  },
} as const satisfies Record<string, LeadRule>;

/**
 * 受理或转办 is the handler's: reminded a working day before, told again at the deadline; a working day
 * later the group leader of the unit's group, a working day after that the commission leader over the
 * group. Never the unit: it must not learn of the lead.
 */
export const LEAD_ACCEPTANCE_LADDER: Ladder = {
  remindBefore: { amount: 1, unit: 'workingDays' },
  rungs: [
    { after: { amount: 0, unit: 'minutes' }, notify: ['HANDLER'] },
    { after: { amount: 1, unit: 'workingDays' }, notify: ['GROUP_LEADER'] },
    { after: { amount: 2, unit: 'workingDays' }, notify: ['GROUP_LEADER_SUPERIOR'] },
  ],
};

/** Telling a real-name reporter of receipt is the handler's alone: reminded three working days before, told again at the deadline. */
export const LEAD_RECEIPT_NOTICE_LADDER: Ladder = {
  remindBefore: { amount: 3, unit: 'workingDays' },
  rungs: [{ after: { amount: 0, unit: 'minutes' }, notify: ['HANDLER'] }],
};

/** 24:00 of the 5th 工作日 after the Shanghai day of receipt (the day itself is not counted). */
export const acceptanceRule = (receivedAt: Date): DeadlineRule => afterStartRule(receivedAt, LEAD_RULES.acceptance.workingDays, LEAD_ACCEPTANCE_LADDER);

/** 24:00 of the 15th 工作日 after the Shanghai day of receipt. */
export const receiptNoticeRule = (receivedAt: Date): DeadlineRule => afterStartRule(receivedAt, LEAD_RULES.receiptNotice.workingDays, LEAD_RECEIPT_NOTICE_LADDER);

/** 24:00 of the 15th 工作日 after the Shanghai day the closing (予以了结) was approved; reminded as the receipt notice is. */
export const resultNoticeRule = (closedAt: Date): DeadlineRule => afterStartRule(closedAt, LEAD_RULES.resultNotice.workingDays, LEAD_RECEIPT_NOTICE_LADDER);

/**
 * 线索处置: the four methods a lead is disposed of by, proposed by its handler (拟处置), studied
 * collectively (集体研究) and approved by the commission leader over its group (报批).
 */
export const DISPOSAL_METHODS = {
  talk_inquiry: '谈话函询',
  preliminary_check: '初步核实',
  shelve: '暂存待查',
  close: '予以了结',
} as const;
export type DisposalMethod = keyof typeof DISPOSAL_METHODS;
export const DISPOSAL_METHOD_KEYS = Object.keys(DISPOSAL_METHODS) as [DisposalMethod, ...DisposalMethod[]];
export const DISPOSAL_RULE = {
  rule: '《中国共产党纪律检查机关监督执纪工作规则》第十七条：按照谈话函询、初步核实、暂存待查、予以了结4类方式进行处置',
  confidence: '✔',
} as const;
/** Where an approved disposal takes the lead. */
export const DISPOSAL_STATES = {
  talk_inquiry: 'in_talk_inquiry',
  preliminary_check: 'in_preliminary_check',
  shelve: 'shelved',
  close: 'closed',
} as const satisfies Record<DisposalMethod, string>;
/** A collective review (集体研究) is attended by at least this many people of the registry. */
export const COLLECTIVE_REVIEW_MIN_ATTENDEES = 2;

/**
 * The four ways a checked lead ends (初步核实, the seed's four outcomes), each with what follows it:
 * a case (立案), a first-form measure, a risk point the unit rectifies, or the accused cleared (澄清正名)
 * and the reporter criticised.
 */
export const LEAD_OUTCOMES = {
  case_filed: '违纪·立案审查',
  first_form: '苗头性问题、情节轻微·第一种形态',
  risk_point: '暗访未发现·风险点',
  false_accusation: '无中生有、诬告陷害·澄清正名',
} as const;
export type LeadOutcome = keyof typeof LEAD_OUTCOMES;
export const LEAD_OUTCOME_KEYS = Object.keys(LEAD_OUTCOMES) as [LeadOutcome, ...LeadOutcome[]];
export const LEAD_OUTCOMES_RULE = {
  rule: '种子文章：初步核实后的四种结果（违纪立案；苗头性问题以第一种形态处理；暗访未发现记为风险点；无中生有、诬告陷害的澄清正名并对举报人批评教育）',
  confidence: '◐',
} as const;

/** What a real-name reporter is told of, and how. */
export const REPORTER_NOTICE_KINDS = { receipt: '受理告知', result: '处理结果告知' } as const;
export type ReporterNoticeKind = keyof typeof REPORTER_NOTICE_KINDS;
export const REPORTER_NOTICE_MEANS = { phone: '电话', letter: '书面', in_person: '当面', sms: '短信', email: '电子邮件' } as const;
export type ReporterNoticeMeans = keyof typeof REPORTER_NOTICE_MEANS;

/** The roles a lead's handler (承办人) holds: commission staff or a member of the unit's stationed group. */
export const LEAD_HANDLER_ROLES = ['STAFF', 'GROUP_LEADER', 'GROUP_MEMBER'] as const;

/** Who may read a lead's reporter: its handler, and commission leaders. */
export const mayReadReporter = (personId: string, roles: readonly string[], handlerId: string) => personId === handlerId || roles.includes('COMMISSION_LEADER');
