import type { IsoDate, WorkingDayCalendar } from './calendar';
import { dueOf, type DeadlineDue } from './ladder';

/**
 * 靶向督查 targeted audits: each template is a list of steps, each filed by the unit (and reviewed by
 * its stationed group) or by the group itself, each due by a rule. Pure data and date arithmetic,
 * shared by the API (launch checks, the template catalogue) and the planning activity.
 */
// in a module of their own: workflow code needs the names without the calendar this module imports
export { AUDIT_TEMPLATES, type AuditTemplate } from './auditTemplates';

export interface Period {
  amount: number;
  /** natural days and months end at 24:00 Asia/Shanghai of the day reached; working days per the statutory calendar */
  unit: 'days' | 'workingDays' | 'months';
}

/**
 * The default periods, each with the rule it comes from. Operators override amounts by key with
 * AUDIT_RULES_JSON (config/index.ts); GET /targeted-audits/templates shows what is in force.
 */
export const AUDIT_RULES = {
  financeSelfCheck: {
    period: { amount: 10, unit: 'workingDays' },
    rule: '财务制度执行情况自查：通知后10个工作日内报送自查报告（本委靶向督查工作安排）',
  },
  groupCheck: {
    period: { amount: 10, unit: 'workingDays' },
    rule: '派驻组核查、评估：上一环节完成后10个工作日内完成（本委靶向督查工作安排）',
  },
  inspectionTourReport: {
    period: { amount: 2, unit: 'months' },
    rule: '巡察整改：被巡察党组织自收到巡察反馈意见之日起2个月内报送整改情况报告（参照《中国共产党巡视工作条例》）',
  },
  examPlanBefore: {
    period: { amount: 5, unit: 'workingDays' },
    rule: '考风考纪：考前5个工作日报送考务工作方案及廉政风险防控措施（本委考风考纪监督工作安排）',
  },
  examSummary: {
    period: { amount: 5, unit: 'workingDays' },
    rule: '考风考纪：考试结束后5个工作日内报送考务工作总结（本委考风考纪监督工作安排）',
  },
  disciplinedTalk: {
    period: { amount: 1, unit: 'months' },
    rule: '受处分人员：处分决定宣布后1个月内开展谈心谈话（参照受处分人员教育管理有关规定）',
  },
  disciplinedVisitInterval: {
    period: { amount: 3, unit: 'months' },
    rule: '受处分人员：处分期内每3个月回访教育一次，期满前作出鉴定（参照受处分人员教育管理有关规定）',
  },
  democraticLifePlanBefore: {
    period: { amount: 15, unit: 'days' },
    rule: '民主生活会：会前15天将会议方案及主题报上级纪委（派驻组）审核（《县以上党和国家机关党员领导干部民主生活会若干规定》）',
  },
  democraticLifeMaterialsBefore: {
    period: { amount: 5, unit: 'workingDays' },
    rule: '民主生活会：谈心谈话完成、对照检查材料会前5个工作日报派驻组审阅（本委民主生活会督导工作安排）',
  },
  democraticLifeRecord: {
    period: { amount: 2, unit: 'workingDays' },
    rule: '民主生活会：会后2个工作日内上传会议记录（本委民主生活会督导工作安排）',
  },
  democraticLifeReportAfter: {
    period: { amount: 15, unit: 'days' },
    rule: '民主生活会：会后15天内报送会议情况报告及整改措施（《县以上党和国家机关党员领导干部民主生活会若干规定》）',
  },
} as const satisfies Record<string, { period: Period; rule: string }>;
export type AuditRuleKey = keyof typeof AUDIT_RULES;
/** The amounts in force: the defaults with the operator's overrides. */
export type AuditRuleAmounts = Record<AuditRuleKey, number>;

export const defaultAuditRuleAmounts = (overrides: Partial<AuditRuleAmounts> = {}): AuditRuleAmounts =>
  Object.fromEntries(Object.entries(AUDIT_RULES).map(([k, r]) => [k, overrides[k as AuditRuleKey] ?? r.period.amount])) as AuditRuleAmounts;

/** What a deadline counts from: launch, the end of the step before, a date of the template, or the day the meeting was held. */
export type DueAnchor = { kind: 'start' } | { kind: 'previous' } | { kind: 'date'; name: string } | { kind: 'held' };

/**
 * A step's deadline: the anchor's day moved by `offset` (negative: before it), or the anchor's own day
 * without one. Resolved at launch with the amounts then in force, so a running audit keeps its rules.
 */
export interface DueRule {
  anchor: DueAnchor;
  offset?: Period;
  /** the rule the offset comes from */
  rule?: AuditRuleKey;
}

export interface AuditStepSpec {
  key: string;
  label: string;
  /** who files it: the unit's contact, or the stationed group */
  by: 'unit' | 'group';
  /** a unit filing the group accepts (possibly with findings) or returns */
  review: boolean;
  /** filed one by one, e.g. each member's 对照检查材料; otherwise one item, `main` */
  items: { id: string; label: string }[];
  /** the filing says when the meeting was held and which group member attended (列席) */
  meeting?: boolean;
  due: DueRule;
}

export const MAIN_ITEM = 'main';

/** Each template's parameters, as the API has checked and resolved them. */
export type AuditParams =
  | { template: 'finance'; focus: string }
  | { template: 'inspection_tour'; tourName: string; feedbackDate: IsoDate }
  | { template: 'exam_discipline'; examName: string; examDate: IsoDate }
  | { template: 'disciplined_staff'; personName: string; sanction: string; decidedOn: IsoDate; periodMonths: number }
  | { template: 'democratic_life'; theme: string; meetingDate: IsoDate; members: { id: string; label: string }[] };

const one = (key: string, label: string, by: AuditStepSpec['by'], review: boolean, due: DueRule, extra: Partial<AuditStepSpec> = {}): AuditStepSpec => ({
  key,
  label,
  by,
  review,
  items: [{ id: MAIN_ITEM, label }],
  due,
  ...extra,
});
/** Builds due rules with the amounts in force. */
const rulesWith = (amounts: AuditRuleAmounts) => {
  const by = (rule: AuditRuleKey, anchor: DueAnchor, times: number): DueRule => ({
    anchor,
    rule,
    offset: { amount: amounts[rule] * times, unit: AUDIT_RULES[rule].period.unit },
  });
  return {
    after: (rule: AuditRuleKey, anchor: DueAnchor = { kind: 'previous' }, times = 1) => by(rule, anchor, times),
    before: (rule: AuditRuleKey, name: string) => by(rule, { kind: 'date', name }, -1),
  };
};

/** 受处分人员: a visit every interval that falls inside the disciplinary period, then the assessment at its end. */
function disciplinedSteps(p: Extract<AuditParams, { template: 'disciplined_staff' }>, amounts: AuditRuleAmounts): AuditStepSpec[] {
  const { after } = rulesWith(amounts);
  const decided: DueAnchor = { kind: 'date', name: 'decidedOn' };
  const visits = Math.max(0, Math.ceil(p.periodMonths / amounts.disciplinedVisitInterval) - 1);
  return [
    one('talk', '谈心谈话', 'unit', true, after('disciplinedTalk', decided)),
    ...Array.from({ length: visits }, (_, i) => one(`visit-${i + 1}`, `第${i + 1}次回访教育`, 'group', false, after('disciplinedVisitInterval', decided, i + 1))),
    one('assessment', '处分期满鉴定', 'unit', true, { anchor: { kind: 'date', name: 'periodEnd' } }),
  ];
}

/** The steps of a template, in order. */
export function auditSteps(p: AuditParams, amounts: AuditRuleAmounts): AuditStepSpec[] {
  const { after, before } = rulesWith(amounts);
  switch (p.template) {
    case 'finance':
      return [
        one('self_check', '财务制度执行情况自查报告', 'unit', true, after('financeSelfCheck', { kind: 'start' })),
        one('spot_check', '派驻组查阅账目凭证', 'group', false, after('groupCheck')),
      ];
    case 'inspection_tour':
      return [
        one('rectification_report', '巡察整改情况报告', 'unit', true, after('inspectionTourReport', { kind: 'date', name: 'feedbackDate' })),
        one('evaluation', '派驻组整改成效评估', 'group', false, after('groupCheck')),
      ];
    case 'exam_discipline':
      return [
        one('plan', '考务工作方案及廉政风险防控措施', 'unit', true, before('examPlanBefore', 'examDate')),
        one('on_site', '考试现场监督', 'group', false, { anchor: { kind: 'date', name: 'examDate' } }),
        one('summary', '考务工作总结', 'unit', true, after('examSummary', { kind: 'date', name: 'examDate' })),
      ];
    case 'disciplined_staff':
      return disciplinedSteps(p, amounts);
    case 'democratic_life':
      return [
        one('plan', '会议方案及主题报备', 'unit', true, before('democraticLifePlanBefore', 'meetingDate')),
        one('talks', '谈心谈话', 'unit', false, before('democraticLifeMaterialsBefore', 'meetingDate')),
        { key: 'materials', label: '对照检查材料', by: 'unit', review: true, items: p.members, due: before('democraticLifeMaterialsBefore', 'meetingDate') },
        one('meeting', '召开会议并上传会议记录', 'unit', false, after('democraticLifeRecord', { kind: 'date', name: 'meetingDate' }), { meeting: true }),
        one('report', '会议情况报告及整改措施', 'unit', true, after('democraticLifeReportAfter', { kind: 'held' })),
      ];
  }
}

/** The dates a template's rules count from. */
export function auditDates(p: AuditParams, calendar: Pick<WorkingDayCalendar, 'addNaturalMonths'>): Record<string, IsoDate> {
  switch (p.template) {
    case 'inspection_tour':
      return { feedbackDate: p.feedbackDate };
    case 'exam_discipline':
      return { examDate: p.examDate };
    case 'disciplined_staff':
      return { decidedOn: p.decidedOn, periodEnd: calendar.addNaturalMonths(p.decidedOn, p.periodMonths) };
    case 'democratic_life':
      return { meetingDate: p.meetingDate };
    case 'finance':
      return {};
  }
}

export interface DueAnchors {
  startedAt: Date;
  previousDoneAt: Date;
  heldOn?: IsoDate;
  dates: Record<string, IsoDate>;
}

/**
 * A step's rule as its deadline keeps it (domain/ladder.ts): working days from the anchor's day are
 * counted again on an amended calendar; natural days and months, and the anchor's own day, are fixed.
 */
export function deadlineDueOf(due: DueRule, anchors: DueAnchors, calendar: WorkingDayCalendar): DeadlineDue {
  const from = anchorDate(due.anchor, anchors, calendar);
  const { amount: n, unit } = due.offset ?? { amount: 0, unit: 'days' };
  if (unit === 'workingDays') return { kind: 'endOfWorkingDay', after: from, workingDays: n };
  const day = unit === 'months' ? calendar.addNaturalMonths(from, n) : calendar.addNaturalDays(from, n);
  return { kind: 'fixed', at: calendar.endOfDay(day).toISOString() };
}

/** The deadline a rule sets: 24:00 Asia/Shanghai of the day reached (throws CalendarDataMissingError for a year without data). */
export const dueAt = (due: DueRule, anchors: DueAnchors, calendar: WorkingDayCalendar): Date => dueOf(deadlineDueOf(due, anchors, calendar), calendar);

function anchorDate(anchor: DueAnchor, anchors: DueAnchors, calendar: WorkingDayCalendar): IsoDate {
  switch (anchor.kind) {
    case 'start':
      return calendar.shanghaiDate(anchors.startedAt);
    case 'previous':
      return calendar.shanghaiDate(anchors.previousDoneAt);
    case 'held':
      if (!anchors.heldOn) throw new Error('the meeting has not been recorded as held');
      return anchors.heldOn;
    case 'date': {
      const date = anchors.dates[anchor.name];
      if (!date) throw new Error(`the template has no date "${anchor.name}"`);
      return date;
    }
  }
}

/** A rule in words, e.g. 「会议召开日前15天」, for the template catalogue. */
export function describeDue(due: DueRule): string {
  const n = due.offset?.amount ?? 0;
  const unit = due.offset ? { days: '天', workingDays: '个工作日', months: '个月' }[due.offset.unit] : '';
  const span = n === 0 ? '当日' : `${n < 0 ? '前' : '后'}${Math.abs(n)}${unit}`;
  const from = { start: '发起之日', previous: '上一环节完成之日', held: '会议召开之日', date: '' }[due.anchor.kind];
  return `${due.anchor.kind === 'date' ? AUDIT_DATES[due.anchor.name]?.label ?? due.anchor.name : from}${span}`;
}

/** The dates rules count from: how a rule names each, and the launch field it comes from. */
export const AUDIT_DATES: Record<string, { label: string; field: string }> = {
  feedbackDate: { label: '巡察反馈之日', field: 'feedbackDate' },
  examDate: { label: '考试之日', field: 'examDate' },
  decidedOn: { label: '处分决定之日', field: 'decidedOn' },
  periodEnd: { label: '处分期满之日', field: 'periodMonths' },
  meetingDate: { label: '会议计划召开之日', field: 'meetingDate' },
};
