import { createCalendar } from '../../domain/calendar';
import { AUDIT_RULES, auditDates, auditSteps, defaultAuditRuleAmounts, describeDue, dueAt, type AuditParams } from '../../domain/targetedAudits';
import { testCalendar as calendar } from '../support/calendar';

const amounts = defaultAuditRuleAmounts();
const members = [
  { id: 'gongluju-leader', label: '一把手1号' },
  { id: 'gongluju-member1', label: '班子成员1-1号' },
];
const democraticLife: AuditParams = { template: 'democratic_life', theme: '学习贯彻', meetingDate: '2026-12-28', members };
const anchors = (p: AuditParams, extra: { heldOn?: string; previousDoneAt?: Date } = {}) => ({
  startedAt: new Date('2026-11-27T02:00:00Z'),
  previousDoneAt: extra.previousDoneAt ?? new Date('2026-11-27T02:00:00Z'),
  heldOn: extra.heldOn,
  dates: auditDates(p, calendar),
});
const due = (p: AuditParams, key: string, extra = {}) => {
  const step = auditSteps(p, amounts).find((s) => s.key === key)!;
  return dueAt(step.due, anchors(p, extra), calendar).toISOString();
};
/** 24:00 Asia/Shanghai of a day, as an instant */
const endOf = (day: string) => calendar.endOfDay(day).toISOString();

describe('民主生活会', () => {
  it('has plan, talks, one material per member, the meeting and the report, in that order', () => {
    const steps = auditSteps(democraticLife, amounts);
    expect(steps.map((s) => [s.key, s.by, s.review])).toEqual([
      ['plan', 'unit', true],
      ['talks', 'unit', false],
      ['materials', 'unit', true],
      ['meeting', 'unit', false],
      ['report', 'unit', true],
    ]);
    expect(steps[2].items).toEqual(members);
    expect(steps[3].meeting).toBe(true);
  });

  it('dues the plan 15 natural days before the meeting and the report 15 days after the day it was held', () => {
    expect(due(democraticLife, 'plan')).toBe(endOf('2026-12-13'));
    // held two days late: the report counts from the day it was held, not the planned one
    expect(due(democraticLife, 'report', { heldOn: '2026-12-30' })).toBe(endOf('2027-01-14'));
    expect(describeDue(auditSteps(democraticLife, amounts)[0].due)).toBe('会议计划召开之日前15天');
  });

  it('dues the materials 5 working days before the meeting, skipping the weekend', () => {
    // 2026-12-28 is a Monday: five working days back is Monday 2026-12-21
    expect(due(democraticLife, 'materials')).toBe(endOf('2026-12-21'));
  });
});

it('巡察整改: the report is due two natural months after the feedback, clamped to the month’s last day', () => {
  const tour: AuditParams = { template: 'inspection_tour', tourName: '区委第三轮巡察', feedbackDate: '2026-12-31' };
  expect(due(tour, 'rectification_report')).toBe(endOf('2027-02-28'));
  const longer = defaultAuditRuleAmounts({ inspectionTourReport: 3 });
  const [report] = auditSteps(tour, longer);
  expect(dueAt(report.due, anchors(tour), calendar).toISOString()).toBe(endOf('2027-03-31'));
  expect(describeDue(report.due)).toBe('巡察反馈之日后3个月');
});

it('受处分人员: a talk within a month, a visit every 3 months inside the period, and the assessment at its end', () => {
  const p: AuditParams = { template: 'disciplined_staff', personName: '某某', sanction: '党内警告', decidedOn: '2026-11-20', periodMonths: 12 };
  const steps = auditSteps(p, amounts);
  expect(steps.map((s) => s.key)).toEqual(['talk', 'visit-1', 'visit-2', 'visit-3', 'assessment']);
  expect(steps.map((s) => s.by)).toEqual(['unit', 'group', 'group', 'group', 'unit']);
  expect(due(p, 'talk')).toBe(endOf('2026-12-20'));
  expect(due(p, 'visit-2')).toBe(endOf('2027-05-20'));
  expect(due(p, 'assessment')).toBe(endOf('2027-11-20'));
  expect(auditSteps({ ...p, periodMonths: 6 }, defaultAuditRuleAmounts({ disciplinedVisitInterval: 6 })).map((s) => s.key)).toEqual(['talk', 'assessment']);
});

it('考风考纪: the plan before the exam, on-site supervision on the day, the summary 5 working days after', () => {
  const p: AuditParams = { template: 'exam_discipline', examName: '期末统考', examDate: '2026-12-24' };
  expect(due(p, 'plan')).toBe(endOf('2026-12-17'));
  expect(due(p, 'on_site')).toBe(endOf('2026-12-24'));
  expect(due(p, 'summary')).toBe(endOf('2026-12-31'));
});

it('财务制度执行: the group check counts from the day the self-check was accepted', () => {
  const p: AuditParams = { template: 'finance', focus: '公务接待' };
  expect(due(p, 'self_check')).toBe(endOf('2026-12-11'));
  expect(due(p, 'spot_check', { previousDoneAt: new Date('2026-12-14T03:00:00Z') })).toBe(endOf('2026-12-28'));
});

it('counts working days with the holiday calendar and refuses a year without data', () => {
  const bare = createCalendar();
  const p: AuditParams = { template: 'exam_discipline', examName: '中考', examDate: '2027-06-20' };
  const [plan] = auditSteps(p, amounts);
  expect(() => dueAt(plan.due, anchors(p), bare)).toThrow(/2027/);
});

it('takes an operator’s period over the default, and only that one', () => {
  const amounts = defaultAuditRuleAmounts({ democraticLifePlanBefore: 20 });
  expect(amounts.democraticLifePlanBefore).toBe(20);
  expect(amounts.democraticLifeReportAfter).toBe(AUDIT_RULES.democraticLifeReportAfter.period.amount);
  expect(due(democraticLife, 'plan')).toBe(endOf('2026-12-13'));
  const [plan] = auditSteps(democraticLife, amounts);
  expect(dueAt(plan.due, anchors(democraticLife), calendar).toISOString()).toBe(endOf('2026-12-08'));
});
