import { campaignWorkflowId } from '../../domain/ids';
import { DEFAULT_LADDER, deadlineByRule, replanDeadline } from '../../domain/ladder';
import {
  calendarChangedSignal,
  cancelCampaignUpdate,
  inspectionStatusQuery,
  reviewReportUpdate,
  submitReportUpdate,
} from '../../workflows/messages';
import { contactOf, memberOf, staff } from '../support/actors';
import { expectFiredAsPlanned, replannedInAudit, testCalendar, testCalendars } from '../support/calendar';
import { campaignKit, insertCampaign, naturalDeadline } from '../support/campaigns';
import { amendWithHolidays } from '../support/notices';
import { untilPasses } from '../support/poll';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startMailSink } from '../../scripts/mailSink';
import { startWorld, type World } from '../support/world';

// One unit's inspection (单位自查) within a campaign: its deadline's rungs, its report and review.
// A campaign of one unit, approved at once, starts it; test/workflows/campaign.test.ts covers the campaign.
let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const { start, approve, inspection, outbox, mailsFor } = campaignKit(() => world);

it('fires the reminder and every rung once, at its instant, when no report arrives over a 30-day deadline', async () => {
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: ['gongluju'], deadlineDays: 30 });
  await start(input);
  await approve(input);
  const unit = inspection(input.campaignId, 'gongluju');
  await untilPasses(() => unit.query(inspectionStatusQuery));
  await world.sleep('40 days', unit);
  const rows = (await outbox(unit.workflowId)).filter((r) => r.key === 'submission-r1');
  expect(rows.map((r) => [r.rung, r.kind, r.status, r.recipients])).toEqual([
    [0, 'inspection_reminder', 'sent', ['gongluju-contact@demo.tantou.local']],
    [1, 'inspection_overdue', 'sent', ['gongluju-contact@demo.tantou.local']],
    [2, 'inspection_overdue', 'sent', ['gongluju-leader@demo.tantou.local']],
    [3, 'inspection_overdue', 'sent', ['g5-leader@demo.tantou.local']],
    [4, 'inspection_overdue', 'sent', ['deputy@demo.tantou.local']],
  ]);
  const plan = input.submission;
  const planned = [plan.remindAt, ...plan.rungs.map((r) => r.at)];
  rows.forEach((r, i) => {
    expect(r.dueAt?.toISOString()).toBe(planned[i]);
    const lateBy = r.firedAt!.getTime() - Date.parse(planned[i]!);
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(60_000);
  });
  const mails = mailsFor(rows.map((r) => r.messageId));
  expect(mails).toHaveLength(5);
  expect(mails.find((m) => m.to[0] === 'gongluju-leader@demo.tantou.local')?.subject).toBe(
    '【探头】逾期催办（第2级）：区公路局「2026年作风建设专项督查」自查报告已逾期',
  );
  expect((await unit.query(inspectionStatusQuery)).rungsFired).toEqual([0, 1, 2, 3, 4]);
  await world.env.client.workflow.getHandle(campaignWorkflowId(input.campaignId)).executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '测试结束' }] });
});

it('stops the rungs once the report is in, before the deadline', async () => {
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: ['jiaoyuju'], deadlineDays: 10 });
  await start(input);
  await approve(input);
  const unit = inspection(input.campaignId, 'jiaoyuju');
  await untilPasses(() => unit.executeUpdate(submitReportUpdate, { args: [{ actor: contactOf('jiaoyuju'), content: '已完成自查' }] }));
  await world.sleep('20 days', unit);
  expect((await outbox(unit.workflowId)).map((r) => r.key)).toEqual(['notice', 'submitted-r1']);
  expect((await unit.query(inspectionStatusQuery)).state).toBe('under_review');
  await world.env.client.workflow.getHandle(campaignWorkflowId(input.campaignId)).executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '测试结束' }] });
});

it('a returned report gets a new deadline with its own rungs, and the resubmission is accepted', async () => {
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: ['weijiju'], deadlineDays: 10 });
  const campaign = await start(input);
  await approve(input);
  const unit = inspection(input.campaignId, 'weijiju');
  await untilPasses(() => expectRefused(unit.executeUpdate(submitReportUpdate, { args: [{ actor: contactOf('gongluju'), content: '代交' }] }), 'not-unit-contact'));
  await expectRefused(unit.executeUpdate(submitReportUpdate, { args: [{ actor: contactOf('weijiju'), content: ' ' }] }), 'text-missing');
  await unit.executeUpdate(submitReportUpdate, { args: [{ actor: contactOf('weijiju'), content: '初稿' }] });
  await expectRefused(unit.executeUpdate(submitReportUpdate, { args: [{ actor: contactOf('weijiju'), content: '再交一次' }] }), 'wrong-state');
  await expectRefused(unit.executeUpdate(reviewReportUpdate, { args: [{ actor: memberOf('g5'), decision: 'accept', findings: [] }] }), 'not-stationed-group');
  await expectRefused(unit.executeUpdate(reviewReportUpdate, { args: [{ actor: memberOf('g3'), decision: 'return', reason: ' ', newDeadline: naturalDeadline(5, await world.env.currentTimeMs()) }] }), 'text-missing');
  const returned = await unit.executeUpdate(reviewReportUpdate, {
    args: [{ actor: memberOf('g3'), decision: 'return', reason: '未对照“三重一大”逐项说明', newDeadline: naturalDeadline(5, await world.env.currentTimeMs()) }],
  });
  expect(returned).toMatchObject({ state: 'awaiting_submission', round: 2, rungsFired: [] });
  await world.sleep('6 days', unit);
  expect((await unit.query(inspectionStatusQuery)).rungsFired).toEqual([0, 1]);
  await unit.executeUpdate(submitReportUpdate, { args: [{ actor: contactOf('weijiju'), content: '修改稿' }] });
  const accepted = await unit.executeUpdate(reviewReportUpdate, {
    args: [{ actor: memberOf('g3'), decision: 'accept', findings: [{ title: '卫监所执法人员收受监管对象物品', detail: '已诫勉' }] }],
  });
  expect(accepted).toMatchObject({ state: 'accepted', round: 2 });
  expect(await campaign.result()).toMatchObject({ state: 'completed' });
  const reviews = await world.db.review.findMany({ where: { inspectionId: unit.workflowId }, orderBy: { round: 'asc' } });
  expect(reviews.map((r) => [r.round, r.decision])).toEqual([
    [1, 'return'],
    [2, 'accept'],
  ]);
  expect(await world.db.finding.count({ where: { inspectionId: unit.workflowId } })).toBe(1);
  await recordHistory('unitInspection-returned-then-accepted', unit);
  const returnedMail = (await outbox(unit.workflowId)).find((r) => r.key === 'returned-r1');
  expect(mailsFor([returnedMail!.messageId])[0].text).toContain('退回理由：未对照“三重一大”逐项说明');
});

it('sends a reminder exactly once when the SMTP server is down and the worker dies meanwhile', async () => {
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: ['gongluju'], deadlineDays: 3 });
  await start(input);
  await approve(input);
  const unit = inspection(input.campaignId, 'gongluju');
  const row = (key: string, rung: number) =>
    world.db.emailOutbox.findUniqueOrThrow({ where: { workflowId_key_rung: { workflowId: unit.workflowId, key, rung } } });
  await untilPasses(async () => expect((await row('notice', 0)).status).toBe('sent'));
  const smtpPort = world.sink.smtpPort;
  await world.sink.stop();
  await world.env.sleep('49 hours'); // past the reminder, one day before the deadline
  await untilPasses(async () => {
    const reminder = await row('submission-r1', 0);
    expect(reminder.status).toBe('pending');
    expect(reminder.attempts).toBeGreaterThanOrEqual(1);
    expect(reminder.lastError).toMatch(/ECONNREFUSED/);
  });
  await world.stopWorker();
  world.sink = await startMailSink({ smtpPort });
  await world.startWorker();
  const sent = await untilPasses(async () => {
    const reminder = await row('submission-r1', 0);
    expect(reminder.status).toBe('sent');
    return reminder;
  }, { timeoutMs: 60_000 });
  expect(world.sink.messages().filter((m) => m.messageId === sent.messageId)).toHaveLength(1);
  expect(await world.db.emailOutbox.count({ where: { workflowId: unit.workflowId, key: 'submission-r1' } })).toBe(1);
});

it('an amendment re-plans a running inspection’s deadline: its reminder and rungs fire once, at the new instants', async () => {
  const now = new Date(await world.env.currentTimeMs());
  // the API's rule, reports in 5 工作日; the made-up amendment makes the last of them a holiday
  const submission = deadlineByRule({ due: { kind: 'endOfWorkingDay', after: testCalendar.shanghaiDate(now), workingDays: 5 }, ladder: DEFAULT_LADDER }, testCalendar);
  const input = { ...(await insertCampaign(world.db, { now: now.getTime(), unitIds: ['gongluju'] })), submission };
  await start(input);
  await approve(input);
  const unit = inspection(input.campaignId, 'gongluju');
  await untilPasses(() => unit.query(inspectionStatusQuery));
  await world.settled(unit);
  const change = await amendWithHolidays(world.db, [testCalendar.shanghaiDate(new Date(Date.parse(submission.deadlineAt) - 1))]);
  const moved = replanDeadline(submission, await testCalendars(world.db).current(), now);
  expect(moved.deadlineAt).not.toBe(submission.deadlineAt);

  await unit.signal(calendarChangedSignal, change);
  await world.settled(unit);
  expect(await unit.query(inspectionStatusQuery)).toMatchObject({ deadlineAt: moved.deadlineAt, round: 1, rungsFired: [] });
  expect((await world.db.unitInspection.findUniqueOrThrow({ where: { id: unit.workflowId } })).deadlineAt.toISOString()).toBe(moved.deadlineAt);
  expect(await replannedInAudit(world.db, 'unitInspection', unit.workflowId)).toEqual([{ year: change.year, version: change.version, from: submission.deadlineAt, to: moved.deadlineAt }]);

  await world.sleep('30 days', unit);
  const rows = (await outbox(unit.workflowId)).filter((r) => r.key === 'submission-r1');
  expectFiredAsPlanned(rows, moved);
  await world.env.client.workflow.getHandle(campaignWorkflowId(input.campaignId)).executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '测试结束' }] });
});
