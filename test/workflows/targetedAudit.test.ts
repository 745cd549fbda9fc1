import { formatShanghai } from '../../domain/emails';
import { auditFindingId, rectificationWorkflowId, targetedAuditWorkflowId } from '../../domain/ids';
import { MAIN_ITEM, auditDates, auditSteps, defaultAuditRuleAmounts, type AuditParams } from '../../domain/targetedAudits';
import {
  calendarChangedSignal,
  cancelAuditUpdate,
  fileAuditStepUpdate,
  reviewAuditStepUpdate,
  targetedAuditStatusQuery,
  type FileAuditStepInput,
  type TargetedAuditInput,
} from '../../workflows/messages';
import type { targetedAudit } from '../../workflows/targetedAudit';
import { contactOf, memberOf, staff } from '../support/actors';
import { untilPasses } from '../support/poll';
import { bundledOnly, enterNotice, madeUp2027, testCalendar, testSupplement } from '../support/calendar';
import { naturalDeadline } from '../support/campaigns';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, uniqueId, type World } from '../support/world';

let world: World;
afterEach(() => world?.teardown());
const useWorld = async (calendar = testSupplement) => {
  world = await startWorld(timeSkippingEnv, calendar);
};

const unit = contactOf('gongluju');
const group = memberOf('g5');
const now = () => world.env.currentTimeMs();
const today = async () => testCalendar.shanghaiDate(new Date(await now()));
const daysFromToday = async (n: number) => testCalendar.addNaturalDays(await today(), n);
const endOf = (day: string) => testCalendar.endOfDay(day).toISOString();
const members = [
  { id: 'gongluju-leader', label: '一把手9号' },
  { id: 'gongluju-member1', label: '班子成员9-1号' },
];

/** The row the API writes at launch, and the workflow it starts, for an audit of 区公路局 (group g5). */
async function startAudit(params: AuditParams) {
  const auditId = uniqueId('BX-TEST');
  const input: TargetedAuditInput = {
    auditId,
    template: params.template,
    title: `测试：${params.template}`,
    unitId: 'gongluju',
    groupId: 'g5',
    steps: auditSteps(params, defaultAuditRuleAmounts()),
    dates: auditDates(params, testCalendar),
    commissionLeaderId: 'deputy',
  };
  await world.db.targetedAudit.create({
    data: {
      id: auditId,
      workflowId: targetedAuditWorkflowId(auditId),
      template: params.template,
      title: input.title,
      unitId: 'gongluju',
      groupId: 'g5',
      state: 'in_progress',
      params: { steps: input.steps, dates: input.dates } as object,
      steps: [],
      createdById: 'staff-li',
    },
  });
  return world.env.client.workflow.start<typeof targetedAudit>('targetedAudit', { taskQueue: world.taskQueue, workflowId: targetedAuditWorkflowId(auditId), args: [input] });
}
type Audit = Awaited<ReturnType<typeof startAudit>>;

const file = (h: Audit, stepKey: string, extra: Partial<FileAuditStepInput> = {}) =>
  h.executeUpdate(fileAuditStepUpdate, { args: [{ actor: unit, stepKey, item: MAIN_ITEM, content: `${stepKey}：已按要求完成`, ...extra }] });
/** The audit once `stepKey` has opened (its deadline is planned by an activity first). */
const opened = (h: Audit, stepKey: string) =>
  untilPasses(async () => {
    const view = await h.query(targetedAuditStatusQuery);
    if (view.steps.find((s) => s.key === stepKey)?.state !== 'open') throw new Error(`${stepKey} is not open yet`);
    return view;
  });
const fileWhenOpen = async (h: Audit, stepKey: string, extra: Partial<FileAuditStepInput> = {}) => {
  await opened(h, stepKey);
  return file(h, stepKey, extra);
};
const accept = async (h: Audit, stepKey: string, item = MAIN_ITEM, findings?: { title: string }[]) =>
  h.executeUpdate(reviewAuditStepUpdate, {
    args: [{ actor: group, stepKey, item, decision: 'accept', ...(findings ? { findings, rectificationPlanDue: naturalDeadline(10, await now()) } : {}) }],
  });
const outbox = (h: Audit) => world.db.emailOutbox.findMany({ where: { workflowId: h.workflowId }, orderBy: [{ firedAt: 'asc' }, { rung: 'asc' }] });
const eventKinds = async (h: Audit) =>
  (await world.db.targetedAuditEvent.findMany({ where: { auditId: (await h.query(targetedAuditStatusQuery)).auditId }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] })).map(
    (e) => [e.kind, e.stepKey, e.item].filter(Boolean).join(':'),
  );
const refused = expectRefused;

it('民主生活会: plan, talks, each member’s material (one returned and refiled), the meeting with 列席, the report: completed', async () => {
  await useWorld();
  const meetingDate = await daysFromToday(30);
  const h = await startAudit({ template: 'democratic_life', theme: '学习贯彻党的二十届四中全会精神', meetingDate, members });
  await fileWhenOpen(h, 'plan');
  await accept(h, 'plan');
  await fileWhenOpen(h, 'talks');
  await fileWhenOpen(h, 'materials', { item: 'gongluju-leader' });
  await file(h, 'materials', { item: 'gongluju-member1' });
  const returned = await h.executeUpdate(reviewAuditStepUpdate, {
    args: [{ actor: group, stepKey: 'materials', item: 'gongluju-member1', decision: 'return', reason: '查摆问题不具体，未联系分管领域' }],
  });
  expect(returned.steps[2].items['gongluju-member1']).toMatchObject({ state: 'returned', round: 2, reason: '查摆问题不具体，未联系分管领域' });
  await file(h, 'materials', { item: 'gongluju-member1', content: '补充分管领域问题三条' });
  await accept(h, 'materials', 'gongluju-leader');
  await accept(h, 'materials', 'gongluju-member1');
  await refused(fileWhenOpen(h, 'meeting', { heldOn: meetingDate }), 'meeting-details-missing'); // no attendee (列席)
  const held = await fileWhenOpen(h, 'meeting', { heldOn: meetingDate, attendeeId: 'g5-member', content: '会议记录：班子成员逐一对照检查，相互批评' });
  expect(held.steps[3]).toMatchObject({ heldOn: meetingDate, attendeeId: 'g5-member', items: { main: { state: 'accepted' } } });
  await fileWhenOpen(h, 'report');
  await accept(h, 'report');

  const result = await h.result();
  expect(result.state).toBe('completed');
  expect(result.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
  expect(result.steps[0].deadlineAt).toBe(endOf(testCalendar.addNaturalDays(meetingDate, -15)));
  // the report counts 15 natural days from the day the meeting was held
  expect(result.steps[4].deadlineAt).toBe(endOf(testCalendar.addNaturalDays(meetingDate, 15)));
  const row = await world.db.targetedAudit.findUniqueOrThrow({ where: { id: result.auditId } });
  expect(row).toMatchObject({ state: 'completed', currentStep: null, deadlineAt: null, version: result.version });
  expect(await eventKinds(h)).toEqual([
    'opened',
    ...['step_opened:plan', 'filed:plan:main', 'accepted:plan:main', 'step_done:plan'],
    ...['step_opened:talks', 'filed:talks:main', 'step_done:talks'],
    'step_opened:materials',
    ...['filed:materials:gongluju-leader', 'filed:materials:gongluju-member1', 'returned:materials:gongluju-member1', 'filed:materials:gongluju-member1'],
    ...['accepted:materials:gongluju-leader', 'accepted:materials:gongluju-member1', 'step_done:materials'],
    ...['step_opened:meeting', 'filed:meeting:main', 'step_done:meeting'],
    ...['step_opened:report', 'filed:report:main', 'accepted:report:main', 'step_done:report'],
    'completed',
  ]);
  const mails = await outbox(h);
  expect(mails.map((m) => m.key)).toEqual([
    'plan/notice',
    'plan/main/filed-r1',
    'talks/notice',
    'materials/notice',
    'materials/gongluju-leader/filed-r1',
    'materials/gongluju-member1/filed-r1',
    'materials/gongluju-member1/returned-r1',
    'materials/gongluju-member1/filed-r2',
    'meeting/notice',
    'report/notice',
    'report/main/filed-r1',
    'completed',
  ]);
  expect(mails.every((m) => m.status === 'sent')).toBe(true);
  const notice = world.sink.messages().find((m) => m.messageId === mails[0].messageId)!;
  expect(notice.to).toEqual(['gongluju-contact@demo.tantou.local']);
  expect(notice.subject).toBe(`【探头】靶向督查「测试：democratic_life」：区公路局「会议方案及主题报备」请于${formatShanghai(result.steps[0].deadlineAt!)}前完成`);
  const page = `/targeted-audits/${encodeURIComponent(result.auditId)}`;
  expect(notice.text).toContain(`办理入口：http://tantou.test/console/open?path=${encodeURIComponent(page)}\n接口：http://tantou.test${page}\n`);
  const returnedMail = world.sink.messages().find((m) => m.messageId === mails[6].messageId)!;
  expect(returnedMail.to).toEqual(['gongluju-contact@demo.tantou.local']);
  expect(returnedMail.text).toContain('理由：查摆问题不具体，未联系分管领域');
  await recordHistory('targetedAudit-democratic-life-completed', h);
});

it('an unfiled plan is reminded and escalates up the unit’s ladder once per rung; a late filing moves the audit on', async () => {
  await useWorld();
  const meetingDate = await daysFromToday(20); // the plan is due in 5 days
  const h = await startAudit({ template: 'democratic_life', theme: '主题教育', meetingDate, members });
  await world.sleep('20 days', h);
  const rungs = (await outbox(h)).filter((m) => m.key === 'plan/d1');
  expect(rungs.map((m) => [m.rung, m.kind, m.recipients])).toEqual([
    [0, 'audit_step_reminder', ['gongluju-contact@demo.tantou.local']],
    [1, 'audit_step_overdue', ['gongluju-contact@demo.tantou.local']],
    [2, 'audit_step_overdue', ['gongluju-leader@demo.tantou.local']],
    [3, 'audit_step_overdue', ['g5-leader@demo.tantou.local']],
    [4, 'audit_step_overdue', ['deputy@demo.tantou.local']],
  ]);
  const view = await h.query(targetedAuditStatusQuery);
  expect(view.steps[0]).toMatchObject({ state: 'open', rungsFired: [0, 1, 2, 3, 4], deadlineAt: endOf(testCalendar.addNaturalDays(meetingDate, -15)) });
  const overdue = world.sink.messages().find((m) => m.messageId === rungs[4].messageId)!;
  expect(overdue.subject).toBe('【探头】逾期催办（第4级）：区公路局「测试：democratic_life」「会议方案及主题报备」已逾期');
  await file(h, 'plan');
  await world.sleep('1 day', h);
  expect((await outbox(h)).filter((m) => m.key === 'plan/d1')).toHaveLength(5); // filing stops the ladder: nothing more
  await accept(h, 'plan');
  // the talks were due before the meeting, which has passed: overdue at once
  await untilPasses(async () => expect((await h.query(targetedAuditStatusQuery)).steps[1].rungsFired).toContain(1));
  await recordHistory('targetedAudit-plan-overdue-then-filed', h);
});

it('巡察整改: the report is due two natural months after the feedback; findings start rectifications; the group is chased for its evaluation', async () => {
  await useWorld();
  const feedbackDate = await today();
  const h = await startAudit({ template: 'inspection_tour', tourName: '区委第三轮巡察', feedbackDate });
  const report = await opened(h, 'rectification_report');
  expect(report.steps[0].deadlineAt).toBe(endOf(testCalendar.addNaturalMonths(feedbackDate, 2)));
  await file(h, 'rectification_report');
  await accept(h, 'rectification_report', MAIN_ITEM, [{ title: '巡察指出的公务接待超标问题未整改到位' }]);
  await world.sleep('30 days', h); // past the group's 10 working days for its evaluation
  const chased = (await outbox(h)).filter((m) => m.key === 'evaluation/d2');
  expect(chased.map((m) => [m.rung, m.recipients])).toEqual([
    [0, ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local']],
    [1, ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local']],
    [2, ['g5-leader@demo.tantou.local']],
    [3, ['deputy@demo.tantou.local']],
  ]);
  await refused(file(h, 'evaluation'), 'not-stationed-group'); // the unit's contact cannot file the group's step
  await h.executeUpdate(fileAuditStepUpdate, {
    args: [{ actor: group, stepKey: 'evaluation', item: MAIN_ITEM, content: '整改基本到位，一项未完成', findings: [{ title: '整改台账未按月更新' }], rectificationPlanDue: naturalDeadline(10, await now()) }],
  });
  const result = await h.result();
  expect(result).toMatchObject({ state: 'completed', findingIds: [auditFindingId(result.auditId, 1), auditFindingId(result.auditId, 2)] });
  for (const findingId of result.findingIds) {
    const finding = await world.db.finding.findUniqueOrThrow({ where: { id: findingId } });
    expect(finding).toMatchObject({ unitId: 'gongluju', sourceKind: 'targetedAudit', sourceId: h.workflowId });
    const rect = await untilPasses(() => world.db.rectification.findUniqueOrThrow({ where: { id: rectificationWorkflowId(findingId) } }));
    expect(rect.state).toBe('awaiting_plan');
  }
  await recordHistory('targetedAudit-findings-rectified', h);
});

it('考风考纪: the plan 5 working days before the exam, the group on site on the day, the summary 5 working days after', async () => {
  await useWorld();
  const examDate = await daysFromToday(20);
  const h = await startAudit({ template: 'exam_discipline', examName: '期末统考', examDate });
  expect((await opened(h, 'plan')).steps[0].deadlineAt).toBe(endOf(testCalendar.addWorkingDays(examDate, -5)));
  await file(h, 'plan');
  await accept(h, 'plan');
  expect((await opened(h, 'on_site')).steps[1].deadlineAt).toBe(endOf(examDate));
  await file(h, 'on_site', { actor: group, content: '考点巡查：考场纪律良好，试卷保密室双人值守' });
  expect((await opened(h, 'summary')).steps[2].deadlineAt).toBe(endOf(testCalendar.addWorkingDays(examDate, 5)));
  await file(h, 'summary');
  await accept(h, 'summary');
  const result = await h.result();
  expect(result).toMatchObject({ state: 'completed', findingIds: [] });
  expect((await outbox(h)).filter((m) => m.kind === 'audit_step_overdue')).toEqual([]);
  await recordHistory('targetedAudit-exam-completed', h);
});

it('受处分人员: the talk within a month, the group’s return visit chased when late, the assessment at the end of the period', async () => {
  await useWorld();
  const decidedOn = await today();
  const h = await startAudit({ template: 'disciplined_staff', personName: '某某', sanction: '党内警告', decidedOn, periodMonths: 6 });
  expect((await opened(h, 'talk')).steps.map((s) => s.key)).toEqual(['talk', 'visit-1', 'assessment']);
  await file(h, 'talk', { content: '已开展谈心谈话，本人认识到错误' });
  await accept(h, 'talk');
  expect((await opened(h, 'visit-1')).steps[1].deadlineAt).toBe(endOf(testCalendar.addNaturalMonths(decidedOn, 3)));
  await world.sleep('100 days', h); // the visit was due after 3 months: the group is chased
  const chased = (await outbox(h)).filter((m) => m.key.startsWith('visit-1/d'));
  expect(chased.map((m) => [m.rung, m.kind])).toEqual([
    [0, 'audit_step_reminder'],
    [1, 'audit_step_overdue'],
    [2, 'audit_step_overdue'],
    [3, 'audit_step_overdue'],
  ]);
  await file(h, 'visit-1', { actor: group, content: '回访：思想稳定，工作表现良好' });
  expect((await opened(h, 'assessment')).steps[2].deadlineAt).toBe(endOf(testCalendar.addNaturalMonths(decidedOn, 6)));
  await file(h, 'assessment', { content: '处分期满鉴定：表现良好' });
  await accept(h, 'assessment');
  expect((await h.result()).state).toBe('completed');
  await recordHistory('targetedAudit-disciplined-staff-completed', h);
});

it('refuses the wrong step, person, item or state, and staff may cancel: the unit and group are told, nothing more happens', async () => {
  await useWorld();
  const h = await startAudit({ template: 'finance', focus: '公务接待、差旅费报销' });
  await opened(h, 'self_check');
  await refused(file(h, 'spot_check'), 'step-not-open'); // not the open step
  await refused(file(h, 'self_check', { actor: contactOf('jiaoyunju') }), 'not-unit-contact'); // another unit
  await refused(file(h, 'self_check', { actor: group }), 'not-unit-contact'); // the group does not file the unit's step
  await refused(file(h, 'self_check', { findings: [{ title: 'x' }] }), 'findings-not-allowed'); // the unit raises no findings
  await refused(file(h, 'self_check', { item: 'nobody' }), 'unknown-target');
  await refused(file(h, 'self_check', { content: '  ' }), 'text-missing');
  await refused(accept(h, 'self_check'), 'wrong-state'); // nothing filed yet
  await file(h, 'self_check');
  await refused(file(h, 'self_check'), 'already-recorded'); // filed already, awaiting review
  await refused(h.executeUpdate(reviewAuditStepUpdate, { args: [{ actor: memberOf('g3'), stepKey: 'self_check', item: MAIN_ITEM, decision: 'accept' }] }), 'not-stationed-group');
  await refused(h.executeUpdate(reviewAuditStepUpdate, { args: [{ actor: group, stepKey: 'self_check', item: MAIN_ITEM, decision: 'return', reason: ' ' }] }), 'text-missing');
  await refused(h.executeUpdate(cancelAuditUpdate, { args: [{ actor: group, reason: '不需要了' }] }), 'not-staff');
  expect((await h.query(targetedAuditStatusQuery)).steps[0].items.main.state).toBe('filed');

  const cancelled = await h.executeUpdate(cancelAuditUpdate, { args: [{ actor: staff, reason: '并入年度专项检查' }] });
  expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: '并入年度专项检查' });
  expect((await h.result()).state).toBe('cancelled');
  await world.sleep('60 days', h);
  const mails = await outbox(h);
  expect(mails.map((m) => [m.key, m.kind])).toEqual([
    ['self_check/notice', 'audit_step_notice'],
    ['self_check/main/filed-r1', 'audit_step_filed'],
    ['cancelled', 'audit_cancelled'],
  ]);
  expect(mails[2].recipients).toEqual(['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local', 'gongluju-contact@demo.tantou.local']);
  expect((await world.db.targetedAudit.findUniqueOrThrow({ where: { id: cancelled.auditId } })).state).toBe('cancelled');
  await recordHistory('targetedAudit-cancelled', h);
});

it('a step due in a year without holiday data holds the audit and tells the group and staff once, until cancelled', async () => {
  await useWorld(bundledOnly); // the bundled data only, which has no 2100
  const h = await startAudit({ template: 'exam_discipline', examName: '2100年中考', examDate: '2100-06-20' });
  const held = await untilPasses(async () => {
    const v = await h.query(targetedAuditStatusQuery);
    if (v.state !== 'calendar_missing') throw new Error(v.state);
    return v;
  });
  expect(held).toMatchObject({ missingYear: 2100, current: 0 });
  // retried daily, told once; the skip lands half a day from the next retry: the test server strands a
  // run whose workflow task cancels a timer that fired while the task was with the worker
  // (temporalio/sdk-java#3088), and the cancellation below cancels the retry's timer
  await world.sleep('84 hours', h);
  const mails = await outbox(h);
  expect(mails.map((m) => [m.key, m.kind])).toEqual([['plan/calendar-missing', 'audit_calendar_missing']]);
  expect(mails[0].recipients).toEqual(['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local', 'staff-chen@demo.tantou.local', 'staff-li@demo.tantou.local']);
  await refused(file(h, 'plan'), 'wrong-state');
  await h.executeUpdate(cancelAuditUpdate, { args: [{ actor: staff, reason: '考试延期' }] });
  expect((await h.result()).state).toBe('cancelled');
  await recordHistory('targetedAudit-calendar-missing', h);
});

it('a step parked on a missing year resumes on the calendar change, not at the next daily retry, and once', async () => {
  await useWorld(bundledOnly); // no 2027 until the test enters a made-up one
  const h = await startAudit({ template: 'exam_discipline', examName: '2027年中考', examDate: '2027-03-15' });
  await untilPasses(async () => expect(await h.query(targetedAuditStatusQuery)).toMatchObject({ state: 'calendar_missing', missingYear: 2027 }));
  const parkedAt = await now();
  const change = await enterNotice(world.db, madeUp2027);
  await h.signal(calendarChangedSignal, change);
  // 5 working days before Monday 15 March on the made-up calendar: Monday 8 March
  const view = await opened(h, 'plan');
  expect(view.state).toBe('in_progress');
  expect(view.missingYear).toBeUndefined();
  expect(view.steps[0].deadlineAt).toBe(endOf('2027-03-08'));
  expect((await now()) - parkedAt).toBeLessThan(86_400_000); // the signal woke it: the daily retry's timer never fired
  await h.signal(calendarChangedSignal, change);
  await world.settled(h);
  expect(await eventKinds(h)).toEqual(['opened', 'calendar_missing:plan', 'step_opened:plan']);
  expect((await outbox(h)).map((m) => [m.key, m.kind])).toEqual([
    ['plan/calendar-missing', 'audit_calendar_missing'],
    ['plan/notice', 'audit_step_notice'],
  ]);
  const row = await world.db.targetedAudit.findUniqueOrThrow({ where: { id: view.auditId } });
  expect(row).toMatchObject({ state: 'in_progress', currentStep: 'plan' });
  expect(row.deadlineAt?.toISOString()).toBe(endOf('2027-03-08'));
  await recordHistory('targetedAudit-calendar-resumed', h);
});

it('an amended year moves the open step’s deadline from its rule: the event says from and to, the outbox key stays', async () => {
  await useWorld();
  const h = await startAudit({ template: 'exam_discipline', examName: '2027年期末考试', examDate: '2027-01-11' });
  const before = await opened(h, 'plan');
  expect(before.steps[0].deadlineAt).toBe(endOf('2027-01-04')); // 5 working days before Monday 11 January
  // the made-up 2027 with 元旦 stretched over Monday 4 January: the plan is due a working day earlier, on 31 December
  const amended = { ...madeUp2027, holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-04', statutoryDays: 1 }, ...madeUp2027.holidays.slice(1)] };
  await h.signal(calendarChangedSignal, await enterNotice(world.db, amended));
  const after = await untilPasses(async () => {
    const v = await h.query(targetedAuditStatusQuery);
    expect(v.steps[0].deadlineAt).toBe(endOf('2026-12-31'));
    return v;
  });
  expect(after.steps[0].deadlineKey).toBe(before.steps[0].deadlineKey);
  await world.settled(h);
  expect(await eventKinds(h)).toEqual(['opened', 'step_opened:plan', 'deadline_replanned:plan']);
  const event = await world.db.targetedAuditEvent.findFirstOrThrow({ where: { auditId: after.auditId, kind: 'deadline_replanned' } });
  expect(event.detail).toEqual({ year: 2027, version: 1, from: endOf('2027-01-04'), to: endOf('2026-12-31') });
  expect((await world.db.targetedAudit.findUniqueOrThrow({ where: { id: after.auditId } })).deadlineAt?.toISOString()).toBe(endOf('2026-12-31'));
  await recordHistory('targetedAudit-deadline-replanned', h);
});
