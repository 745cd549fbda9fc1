import type { ActivityDeps } from '../../activities';
import { createRectificationActivities } from '../../activities/rectification';
import { campaignWorkflowId, inspectionFindingId, rectificationWorkflowId, unitInspectionWorkflowId } from '../../domain/ids';
import {
  calendarChangedSignal,
  decideAcceptanceUpdate,
  decideExtensionUpdate,
  decideApprovalUpdate,
  rectificationStatusQuery,
  recordRevisitUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  reviewPlanUpdate,
  reviewReportUpdate,
  submitPlanUpdate,
  submitReportUpdate,
  type RectificationInput,
} from '../../workflows/messages';
import { DEFAULT_LADDER, deadlineByRule, replanDeadline, type Deadline } from '../../domain/ladder';
import { contactOf, leader, memberOf, staff } from '../support/actors';
import { expectFiredAsPlanned, replannedInAudit, testCalendar, testCalendars } from '../support/calendar';
import { amendWithHolidays } from '../support/notices';
import { untilPasses } from '../support/poll';
import { at, insertCampaign, naturalDeadline } from '../support/campaigns';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, uniqueId, type World } from '../support/world';

const DAY = 86_400_000;
let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const unit = contactOf('gongluju');
const group = memberOf('g5');

/**
 * A finding of 区公路局 (as a process records it) and its rectification, started as its source would,
 * once it has opened: the unit hears of it by the notice, so no step of theirs comes before.
 */
async function startRectification(planDue: number | Deadline = 10) {
  const findingId = uniqueId('test-finding');
  await world.db.finding.create({
    data: { id: findingId, unitId: 'gongluju', sourceKind: 'test', title: '公车使用登记不全', recordedById: 'g5-member' },
  });
  const input: RectificationInput = {
    findingId,
    unitId: 'gongluju',
    groupId: 'g5',
    title: '公车使用登记不全',
    source: { kind: 'test', id: findingId },
    planDue: typeof planDue === 'number' ? naturalDeadline(planDue, await world.env.currentTimeMs()) : planDue,
    topic: '2026年作风建设专项督查',
    commissionLeaderId: 'deputy',
  };
  const h = await world.env.client.workflow.start('rectification', { taskQueue: world.taskQueue, workflowId: rectificationWorkflowId(findingId), args: [input] });
  await world.settled(h);
  return h;
}
type Handle = Awaited<ReturnType<typeof startRectification>>;

const now = () => world.env.currentTimeMs();
const submitPlan = async (h: Handle, days = 30) =>
  h.executeUpdate(submitPlanUpdate, { args: [{ actor: unit, measures: '建立公车使用登记台账，逐车核查', owner: '办公室主任', deadline: naturalDeadline(days, await now()) }] });
const approvePlan = (h: Handle) => h.executeUpdate(reviewPlanUpdate, { args: [{ actor: group, decision: 'approve' }] });
const askAcceptance = (h: Handle) => h.executeUpdate(reportProgressUpdate, { args: [{ actor: unit, content: '台账已建立，全部车辆已核查', requestAcceptance: true }] });
const accept = async (h: Handle, revisitInDays = 90) =>
  h.executeUpdate(decideAcceptanceUpdate, { args: [{ actor: group, decision: 'accept', revisitAt: at(revisitInDays * DAY, await now()) }] });
const outbox = (h: Handle, key?: string) =>
  world.db.emailOutbox.findMany({ where: { workflowId: h.workflowId, ...(key ? { key } : {}) }, orderBy: [{ createdAt: 'asc' }, { rung: 'asc' }] });
const eventKinds = async (h: Handle) =>
  (await world.db.rectificationEvent.findMany({ where: { rectificationId: h.workflowId }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] })).map((e) => e.kind);
const findingState = async (h: Handle) =>
  (await world.db.finding.findUniqueOrThrow({ where: { id: (await h.query(rectificationStatusQuery)).findingId } })).state;

it('runs from plan to 销号, tells the group when the revisit is due, and ends when the revisit confirms it', async () => {
  const h = await startRectification();
  expect(await findingState(h)).toBe('open');
  await submitPlan(h);
  expect((await approvePlan(h)).state).toBe('in_rectification');
  expect(await findingState(h)).toBe('rectifying');
  await h.executeUpdate(reportProgressUpdate, { args: [{ actor: unit, content: '已建立台账', requestAcceptance: false }] });
  expect((await askAcceptance(h)).state).toBe('under_acceptance');
  const closed = await accept(h, 90);
  expect(closed).toMatchObject({ state: 'closed', progressReports: 2, revisitAt: expect.any(String) });
  expect(await findingState(h)).toBe('closed');

  await world.sleep('89 days', h);
  expect(await outbox(h, 'revisit-1')).toHaveLength(0);
  await world.sleep('2 days', h);
  const [revisitDue] = await outbox(h, 'revisit-1');
  expect(revisitDue).toMatchObject({ kind: 'rectification_revisit_due', status: 'sent', recipients: ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local'] });
  expect(world.sink.messages().find((m) => m.messageId === revisitDue.messageId)?.subject).toBe('【探头】回头看：区公路局问题「公车使用登记不全」销号已满期，请复查整改成效');

  await h.executeUpdate(recordRevisitUpdate, { args: [{ actor: group, decision: 'confirm', comment: '台账持续执行' }] });
  expect(await h.result()).toMatchObject({ state: 'revisited', round: 1 });
  const row = await world.db.rectification.findUniqueOrThrow({ where: { id: h.workflowId } });
  expect(row).toMatchObject({ state: 'revisited', round: 1, closedAt: expect.any(Date), revisitAt: expect.any(Date) });
  expect(await eventKinds(h)).toEqual(['opened', 'plan_submitted', 'plan_approved', 'progress_reported', 'progress_reported', 'closed', 'revisit_confirmed']);
  expect(await world.db.auditLog.count({ where: { targetKind: 'rectification', targetId: h.workflowId, action: { startsWith: 'rectification.' } } })).toBe(7);
  const notice = (await outbox(h, 'notice'))[0];
  const mail = world.sink.messages().find((m) => m.messageId === notice.messageId)!;
  expect(mail.subject).toMatch(/^【探头】整改通知：区公路局问题「公车使用登记不全」，整改方案请于.*前提交$/);
  expect(mail.text).toContain('整改事项：公车使用登记不全');
  const page = `/rectifications/${encodeURIComponent(row.findingId)}`;
  expect(mail.text).toContain(`办理入口：http://tantou.test/console/open?path=${encodeURIComponent(page)}\n接口：http://tantou.test${page}\n`);
  await recordHistory('rectification-revisit-confirmed', h);
});

it('a returned plan gets a new plan deadline with its own rungs, and the resubmitted plan is approved', async () => {
  const h = await startRectification(3);
  await submitPlan(h);
  const returned = await h.executeUpdate(reviewPlanUpdate, {
    args: [{ actor: group, decision: 'return', reason: '措施不具体，未明确完成时限', newDeadline: naturalDeadline(2, await now()) }],
  });
  expect(returned).toMatchObject({ state: 'awaiting_plan', deadlineKey: 'plan-d2', rungsFired: [] });
  await world.sleep('3 days', h);
  expect((await outbox(h, 'plan-d2')).map((r) => [r.rung, r.kind])).toEqual([
    [0, 'rectification_plan_reminder'],
    [1, 'rectification_plan_overdue'],
  ]);
  expect(await outbox(h, 'plan-d1')).toHaveLength(0);
  await submitPlan(h);
  expect((await approvePlan(h)).state).toBe('in_rectification');
  expect(await eventKinds(h)).toEqual(['opened', 'plan_submitted', 'plan_returned', 'plan_submitted', 'plan_approved']);
  const returnedMail = (await outbox(h, 'plan-returned-2'))[0];
  expect(world.sink.messages().find((m) => m.messageId === returnedMail.messageId)?.text).toContain('理由：措施不具体，未明确完成时限');
  await recordHistory('rectification-plan-returned', h);
});

it('fires the plan reminder and every rung once, at its instant, when no plan is filed', async () => {
  const h = await startRectification(10);
  await world.sleep('20 days', h);
  const rows = await outbox(h, 'plan-d1');
  expect(rows.map((r) => [r.rung, r.kind, r.recipients])).toEqual([
    [0, 'rectification_plan_reminder', ['gongluju-contact@demo.tantou.local']],
    [1, 'rectification_plan_overdue', ['gongluju-contact@demo.tantou.local']],
    [2, 'rectification_plan_overdue', ['gongluju-leader@demo.tantou.local']],
    [3, 'rectification_plan_overdue', ['g5-leader@demo.tantou.local']],
    [4, 'rectification_plan_overdue', ['deputy@demo.tantou.local']],
  ]);
  for (const r of rows) expect(r.firedAt!.getTime() - r.dueAt!.getTime()).toBeLessThan(60_000);
  expect(world.sink.messages().filter((m) => rows.some((r) => r.messageId === m.messageId))).toHaveLength(5);
  expect((await h.query(rectificationStatusQuery)).rungsFired).toEqual([0, 1, 2, 3, 4]);
  await world.sleep('20 days', h);
  expect(await outbox(h, 'plan-d1')).toHaveLength(5);
});

it('a granted extension re-arms the deadline: the old rungs never fire, the new ones fire at their instants', async () => {
  const h = await startRectification();
  await submitPlan(h, 10);
  await approvePlan(h);
  const asked = naturalDeadline(30, await now());
  const pending = await h.executeUpdate(requestExtensionUpdate, { args: [{ actor: unit, reason: '涉及车辆较多，需协调车管所', deadline: asked }] });
  expect(pending.pendingExtension).toMatchObject({ n: 1, deadlineAt: asked.deadlineAt });
  await expectRefused(h.executeUpdate(requestExtensionUpdate, { args: [{ actor: unit, reason: '再申请一次', deadline: naturalDeadline(40, await now()) }] }), 'extension-pending');
  await expectRefused(h.executeUpdate(decideExtensionUpdate, { args: [{ actor: group, decision: 'grant' }] }), 'not-commission-leader');
  const granted = await h.executeUpdate(decideExtensionUpdate, { args: [{ actor: leader, decision: 'grant' }] });
  expect(granted).toMatchObject({ deadlineAt: asked.deadlineAt, deadlineKey: 'rectification-d3', pendingExtension: null, extensionsGranted: 1 });

  await world.sleep('20 days', h); // past every rung of the old 10-day deadline
  expect(await outbox(h, 'rectification-d2')).toHaveLength(0);
  expect(await outbox(h, 'rectification-d3')).toHaveLength(0);
  await world.sleep('20 days', h);
  const rows = await outbox(h, 'rectification-d3');
  expect(rows.map((r) => [r.rung, r.kind, r.dueAt?.toISOString()])).toEqual([
    [0, 'rectification_reminder', asked.remindAt],
    ...asked.rungs.map((r) => [r.rung, 'rectification_overdue', r.at]),
  ]);
  expect(await eventKinds(h)).toEqual(['opened', 'plan_submitted', 'plan_approved', 'extension_requested', 'extension_granted']);
  const request = (await outbox(h, 'extension-1'))[0];
  expect(request).toMatchObject({ kind: 'rectification_extension_requested', recipients: ['deputy@demo.tantou.local'] });
  await recordHistory('rectification-extension-granted', h);
});

it('a refused extension keeps the deadline, whose rungs then fire', async () => {
  const h = await startRectification();
  await submitPlan(h, 5);
  await approvePlan(h);
  await h.executeUpdate(requestExtensionUpdate, { args: [{ actor: unit, reason: '工作量大', deadline: naturalDeadline(30, await now()) }] });
  await expectRefused(h.executeUpdate(decideExtensionUpdate, { args: [{ actor: leader, decision: 'refuse', reason: ' ' }] }), 'text-missing');
  const refused = await h.executeUpdate(decideExtensionUpdate, { args: [{ actor: leader, decision: 'refuse', reason: '整改事项简单，不予延期' }] });
  expect(refused).toMatchObject({ deadlineKey: 'rectification-d2', pendingExtension: null, extensionsGranted: 0 });
  await world.sleep('6 days', h);
  expect((await outbox(h, 'rectification-d2')).map((r) => r.rung)).toEqual([0, 1]);
  const decided = (await outbox(h, 'extension-1-decided'))[0];
  expect(decided.kind).toBe('rectification_extension_refused');
  expect(world.sink.messages().find((m) => m.messageId === decided.messageId)?.text).toContain('理由：整改事项简单，不予延期');
});

it('acceptance can reopen the item with a new deadline, and a revisit can reopen a closed item', async () => {
  const h = await startRectification();
  await submitPlan(h, 10);
  await approvePlan(h);
  await askAcceptance(h);
  const reopened = await h.executeUpdate(decideAcceptanceUpdate, {
    args: [{ actor: group, decision: 'reopen', reason: '部分车辆未核查', newDeadline: naturalDeadline(5, await now()) }],
  });
  expect(reopened).toMatchObject({ state: 'in_rectification', round: 2, deadlineKey: 'rectification-d3' });
  expect(await findingState(h)).toBe('rectifying');
  await askAcceptance(h);
  await accept(h, 90);
  await world.sleep('91 days', h);
  expect(await outbox(h, 'revisit-1')).toHaveLength(1);
  const again = await h.executeUpdate(recordRevisitUpdate, {
    args: [{ actor: memberOf('g5'), decision: 'reopen', reason: '回头看发现台账停止更新', newDeadline: naturalDeadline(10, await now()) }],
  });
  expect(again).toMatchObject({ state: 'in_rectification', round: 3, deadlineKey: 'rectification-d4', closedAt: null, revisitAt: null, rungsFired: [] });
  expect(await findingState(h)).toBe('rectifying');
  await world.sleep('11 days', h);
  expect((await outbox(h, 'rectification-d4')).map((r) => r.rung)).toEqual([0, 1]);
  await askAcceptance(h);
  await accept(h, 30);
  expect(await eventKinds(h)).toEqual([
    'opened',
    'plan_submitted',
    'plan_approved',
    'progress_reported',
    'acceptance_reopened',
    'progress_reported',
    'closed',
    'revisit_reopened',
    'progress_reported',
    'closed',
  ]);
  await recordHistory('rectification-reopened-twice', h);
  await h.executeUpdate(recordRevisitUpdate, { args: [{ actor: group, decision: 'confirm' }] });
  expect((await h.result()).round).toBe(3);
});

it('refuses steps from the wrong role, the wrong unit or group, and in the wrong state, changing nothing', async () => {
  const h = await startRectification();
  const refused = expectRefused;
  const plan = { measures: '整改', owner: '主任', deadline: naturalDeadline(10, await now()) };
  await refused(h.executeUpdate(submitPlanUpdate, { args: [{ actor: contactOf('jiaoyunju'), ...plan }] }), 'not-unit-contact');
  await refused(h.executeUpdate(submitPlanUpdate, { args: [{ actor: group, ...plan }] }), 'not-unit-contact');
  await refused(h.executeUpdate(submitPlanUpdate, { args: [{ actor: unit, ...plan, measures: ' ' }] }), 'text-missing');
  await refused(h.executeUpdate(reviewPlanUpdate, { args: [{ actor: group, decision: 'approve' }] }), 'wrong-state');
  await refused(h.executeUpdate(reportProgressUpdate, { args: [{ actor: unit, content: '进展', requestAcceptance: true }] }), 'wrong-state');
  await refused(h.executeUpdate(recordRevisitUpdate, { args: [{ actor: group, decision: 'confirm' }] }), 'wrong-state');
  await submitPlan(h);
  await refused(h.executeUpdate(reviewPlanUpdate, { args: [{ actor: memberOf('g3'), decision: 'approve' }] }), 'not-stationed-group');
  await refused(h.executeUpdate(reviewPlanUpdate, { args: [{ actor: staff, decision: 'approve' }] }), 'not-stationed-group');
  await refused(h.executeUpdate(reviewPlanUpdate, { args: [{ actor: group, decision: 'return', reason: '', newDeadline: naturalDeadline(5, await now()) }] }), 'text-missing');
  await approvePlan(h);
  await refused(h.executeUpdate(decideAcceptanceUpdate, { args: [{ actor: group, decision: 'accept', revisitAt: at(DAY, await now()) }] }), 'wrong-state');
  await refused(h.executeUpdate(requestExtensionUpdate, { args: [{ actor: unit, reason: '延期', deadline: naturalDeadline(1, await now()) }] }), 'deadline-not-later');
  await refused(h.executeUpdate(decideExtensionUpdate, { args: [{ actor: leader, decision: 'grant' }] }), 'no-extension-pending');
  expect(await h.query(rectificationStatusQuery)).toMatchObject({ state: 'in_rectification', version: 3, pendingExtension: null });
  expect(await eventKinds(h)).toEqual(['opened', 'plan_submitted', 'plan_approved']);
});

it('an inspection accepted with findings starts one rectification per finding, which outlives the inspection', async () => {
  const input = await insertCampaign(world.db, { now: await now(), unitIds: ['gongluju'] });
  const campaign = await world.env.client.workflow.start('campaign', { taskQueue: world.taskQueue, workflowId: campaignWorkflowId(input.campaignId), args: [input] });
  await campaign.executeUpdate(decideApprovalUpdate, { args: [{ actor: leader, decision: 'approve' }] });
  const inspection = world.env.client.workflow.getHandle(unitInspectionWorkflowId(input.campaignId, 'gongluju'));
  await untilPasses(() => inspection.executeUpdate(submitReportUpdate, { args: [{ actor: unit, content: '自查报告' }] }));
  const planDue = naturalDeadline(10, await now());
  const findings = [{ title: '公车使用登记不全' }, { title: '个别干部上班时间炒股', detail: '2人' }];
  await inspection.executeUpdate(reviewReportUpdate, { args: [{ actor: group, decision: 'accept', findings, rectificationPlanDue: planDue }] });
  expect(await campaign.result()).toMatchObject({ state: 'completed' });

  for (const [i, finding] of findings.entries()) {
    const findingId = inspectionFindingId(inspection.workflowId, i + 1);
    const child = world.env.client.workflow.getHandle(rectificationWorkflowId(findingId));
    expect(await untilPasses(() => child.query(rectificationStatusQuery))).toMatchObject({ findingId, state: 'awaiting_plan', deadlineAt: planDue.deadlineAt });
    expect((await child.describe()).status.name).toBe('RUNNING');
    const row = await untilPasses(() => world.db.rectification.findUniqueOrThrow({ where: { id: child.workflowId }, include: { finding: true } }));
    expect(row).toMatchObject({ state: 'awaiting_plan', unitId: 'gongluju', groupId: 'g5', finding: { title: finding.title, state: 'open' } });
  }
  await recordHistory('unitInspection-accepted-with-findings', inspection);
});

it('projects an event whose activity finishes after a later event’s, without moving the row back', async () => {
  const h = await startRectification();
  const view = await submitPlan(h);
  const { recordRectification } = createRectificationActivities({ db: world.db } as ActivityDeps);
  const late = { ...view, version: view.version + 2, state: 'in_rectification' as const };
  const early = { ...view, version: view.version + 1, state: 'plan_under_review' as const };
  for (const v of [late, early, early]) await recordRectification({ view: v, event: { kind: `event-v${v.version}`, at: new Date().toISOString() } });
  expect(await world.db.rectification.findUniqueOrThrow({ where: { id: h.workflowId } })).toMatchObject({ state: 'in_rectification', version: late.version });
  expect((await eventKinds(h)).slice(-2).sort()).toEqual([`event-v${early.version}`, `event-v${late.version}`]);
  expect(await world.db.rectificationEvent.count({ where: { rectificationId: h.workflowId, kind: `event-v${early.version}` } })).toBe(1);
});

it('an amendment re-arms a running rectification’s rungs: old ones never fire, new ones fire once', async () => {
  const start = new Date(await now());
  // 整改方案 due in 5 工作日, the API's rule; the made-up amendment makes its last day a holiday
  const planDue = deadlineByRule({ due: { kind: 'endOfWorkingDay', after: testCalendar.shanghaiDate(start), workingDays: 5 }, ladder: DEFAULT_LADDER }, testCalendar);
  const h = await startRectification(planDue);
  const lastDay = testCalendar.shanghaiDate(new Date(Date.parse(planDue.deadlineAt) - 1));
  const change = await amendWithHolidays(world.db, [lastDay]);
  const moved = replanDeadline(planDue, await testCalendars(world.db).current(), start);
  expect(Date.parse(moved.remindAt!)).toBeGreaterThan(Date.parse(planDue.remindAt!) + 60_000);

  // as the calendarChange workflow would tell it; a second send of one version is taken once
  await h.signal(calendarChangedSignal, change);
  await h.signal(calendarChangedSignal, change);
  await world.settled(h);
  expect(await h.query(rectificationStatusQuery)).toMatchObject({ deadlineAt: moved.deadlineAt, deadlineKey: 'plan-d1', rungsFired: [] });
  expect((await world.db.rectification.findUniqueOrThrow({ where: { id: h.workflowId } })).deadlineAt?.toISOString()).toBe(moved.deadlineAt);
  expect(await eventKinds(h)).toEqual(['opened', 'deadline_replanned']);
  expect(await replannedInAudit(world.db, 'rectification', h.workflowId)).toEqual([{ year: change.year, version: change.version, from: planDue.deadlineAt, to: moved.deadlineAt }]);

  // the old reminder's instant passes without it
  await world.sleep(Date.parse(planDue.remindAt!) + 60_000 - (await now()), h);
  expect(await outbox(h, 'plan-d1')).toHaveLength(0);
  await world.sleep('30 days', h);
  const rows = await outbox(h, 'plan-d1');
  expectFiredAsPlanned(rows, moved);
  expect((await h.query(rectificationStatusQuery)).rungsFired).toEqual([0, 1, 2, 3, 4]);
  await recordHistory('rectification-deadline-replanned', h);
});
