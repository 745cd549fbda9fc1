import { WorkflowFailedError } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { unitInspectionWorkflowId } from '../../domain/ids';
import { APPROVAL_LADDER, DEFAULT_APPROVAL_WINDOW, DEFAULT_LADDER, offsetRule, deadlineByRule, replanDeadline } from '../../domain/ladder';
import {
  calendarChangedSignal,
  campaignStatusQuery,
  inspectionStatusQuery,
  cancelCampaignUpdate,
  decideApprovalUpdate,
  reviewReportUpdate,
  submitReportUpdate,
  type CampaignInput,
} from '../../workflows/messages';
import { contactOf, leader, memberOf, staff } from '../support/actors';
import { untilPasses } from '../support/poll';
import { startMailSink } from '../../scripts/mailSink';
import { testCalendar, testCalendars } from '../support/calendar';
import { campaignKit, insertCampaign } from '../support/campaigns';
import { amendWithHolidays } from '../support/notices';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, type World } from '../support/world';
import { DEMO_POSTED_FROM } from '../../prisma/seed';

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const { start, approve, inspection, outbox, mailsFor } = campaignKit(() => world);
// Waiting goes through the projection, not queries: on the Java test server a query racing a workflow
// task (above all a continue-as-new) can stall for the 10 s workflow task timeout, again and again.
const campaignRow = (input: CampaignInput) => world.db.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });

async function submitAndAccept(campaignId: string, unitId: string, groupId: string) {
  const unit = inspection(campaignId, unitId);
  await untilPasses(() => unit.executeUpdate(submitReportUpdate, { args: [{ actor: contactOf(unitId), content: `${unitId} 自查报告` }] }));
  return unit.executeUpdate(reviewReportUpdate, { args: [{ actor: memberOf(groupId), decision: 'accept', findings: [] }] });
}

it('rejection ends the campaign with the reason recorded and starts no unit inspection', async () => {
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: ['gongluju', 'jiaoyunju'] });
  const handle = await start(input);
  const view = await handle.executeUpdate(decideApprovalUpdate, { args: [{ actor: leader, decision: 'reject', reason: '范围过宽，请重新拟定' }] });
  expect(view.state).toBe('rejected');
  expect((await handle.result()).started).toBe(0);
  const row = await world.db.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
  expect(row).toMatchObject({ state: 'rejected', decidedById: 'deputy', decisionReason: '范围过宽，请重新拟定' });
  expect(await world.db.unitInspection.count({ where: { campaignId: input.campaignId } })).toBe(0);
  const approval = await world.db.approval.findUniqueOrThrow({ where: { subjectKind_subjectId: { subjectKind: 'campaign', subjectId: input.campaignId } } });
  expect(approval.decision).toBe('reject');
  await recordHistory('campaign-rejected', handle);
});

it('refuses a plan decision from a non-leader, a rejection without reason, a second decision, and a cancellation by anyone but staff or without reason', async () => {
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: ['gongluju'] });
  const handle = await start(input);
  await expectRefused(handle.executeUpdate(decideApprovalUpdate, { args: [{ actor: staff, decision: 'approve' }] }), 'not-commission-leader');
  await expectRefused(handle.executeUpdate(decideApprovalUpdate, { args: [{ actor: leader, decision: 'reject', reason: ' ' }] }), 'text-missing');
  expect((await handle.query(campaignStatusQuery)).state).toBe('awaiting_approval');
  await approve(input);
  await expectRefused(handle.executeUpdate(decideApprovalUpdate, { args: [{ actor: leader, decision: 'reject', reason: '改主意了' }] }), 'wrong-state');
  await expectRefused(handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: leader, reason: '撤销' }] }), 'not-staff');
  await expectRefused(handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: ' ' }] }), 'text-missing');
  await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '测试结束' }] });
});

it("escalates a campaign left unapproved to the approver's superior once, and it can still be approved", async () => {
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: ['caizhengju'], approvalDays: 2 });
  const handle = await start(input);
  await world.sleep('3 days', handle);
  const rows = await outbox(handle.workflowId);
  expect(rows.map((r) => [r.key, r.rung, r.kind, r.recipients])).toEqual([
    ['approval', 1, 'campaign_approval_overdue', ['secretary@demo.tantou.local']],
    ['approval-request', 0, 'campaign_approval_request', ['deputy@demo.tantou.local']],
  ]);
  const [overdue] = mailsFor([rows[0].messageId]);
  expect(overdue.to).toEqual(['secretary@demo.tantou.local']);
  expect(overdue.subject).toBe('【探头】督办：专项督查方案「2026年作风建设专项督查」逾期未审批');
  await world.sleep('5 days', handle);
  expect(await outbox(handle.workflowId)).toHaveLength(2);
  expect(['fanning_out', 'in_progress']).toContain((await approve(input)).state);
  await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '测试结束' }] });
  await recordHistory('campaign-approval-escalated-then-cancelled', handle);
});

it('approval fans out one unit inspection per unit, and accepted reports complete the campaign', async () => {
  const units = [
    ['gongluju', 'g5'],
    ['jiaoyunju', 'g5'],
    ['weijiansuo', 'g3'],
  ];
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: units.map(([u]) => u) });
  const handle = await start(input);
  await approve(input);
  for (const [unitId, groupId] of units) {
    const view = await submitAndAccept(input.campaignId, unitId, groupId);
    expect(view).toMatchObject({ state: 'accepted', unitId, groupId, round: 1 });
  }
  const done = await handle.result();
  expect(done).toMatchObject({ state: 'completed', started: 3, finished: 3 });
  const rows = await world.db.unitInspection.findMany({ where: { campaignId: input.campaignId } });
  expect(rows.map((r) => r.state)).toEqual(['accepted', 'accepted', 'accepted']);
  expect((await world.db.campaign.findUniqueOrThrow({ where: { id: input.campaignId } })).state).toBe('completed');
  const notices = await world.db.emailOutbox.findMany({ where: { workflowId: unitInspectionWorkflowId(input.campaignId, 'gongluju'), key: 'notice' } });
  expect(notices[0].recipients).toEqual(['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local', 'gongluju-contact@demo.tantou.local']);
  await recordHistory('campaign-completed', handle);
  await recordHistory('unitInspection-accepted', inspection(input.campaignId, 'gongluju'));
  expect(mailsFor([notices[0].messageId])[0].subject).toMatch(/^【探头】专项督查通知：区公路局「2026年作风建设专项督查」，自查报告请于.*前提交$/);
});

it('cancellation cancels every unit inspection and no email follows', async () => {
  const units = ['fagaiju', 'caizhengju', 'rensheju'];
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds: units, deadlineDays: 5 });
  const handle = await start(input);
  await approve(input);
  await untilPasses(async () => expect((await campaignRow(input)).state).toBe('in_progress'));
  // each unit's notice activity completed first: a cancellation landing in the workflow task where it
  // completes gets the time-skipping server stuck on ACTIVITY_UNKNOWN (sdk-typescript#1058,
  // sdk-java#2391; the real server goes on)
  for (const unitId of units) {
    await untilPasses(async () =>
      expect(((await inspection(input.campaignId, unitId).fetchHistory()).events ?? []).some((e) => e.activityTaskCompletedEventAttributes)).toBe(true),
    );
  }
  const view = await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '上级通知暂停' }] });
  expect(view.state).toBe('cancelled');
  for (const unitId of units) {
    await expect(inspection(input.campaignId, unitId).result()).rejects.toThrow(WorkflowFailedError);
    expect((await inspection(input.campaignId, unitId).describe()).status.name).toBe('CANCELLED');
  }
  // closed workflows have no timers left, so no rung can fire (time skipping past the deadline is
  // not possible here: the Java test server keeps a cancelled workflow's activity pending)
  const kinds = await world.db.emailOutbox.findMany({ where: { workflowId: { startsWith: `${handle.workflowId}/` } }, select: { kind: true } });
  expect(kinds.every((k) => k.kind === 'inspection_notice')).toBe(true);
  const rows = await world.db.unitInspection.findMany({ where: { campaignId: input.campaignId } });
  expect(rows.map((r) => r.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  expect((await world.db.campaign.findUniqueOrThrow({ where: { id: input.campaignId } })).cancelReason).toBe('上级通知暂停');
  await recordHistory('campaign-cancelled', handle);
  await recordHistory('unitInspection-cancelled', inspection(input.campaignId, 'fagaiju'));
});

it('starts every unit inspection once, by one activity and no child, and continues as new while the units finish', async () => {
  const extra = Array.from({ length: 22 }, (_, i) => ({ id: `extra-${i}`, name: `测试单位${i + 1}号`, groupId: `g${(i % 6) + 1}` }));
  await world.db.unit.createMany({ data: extra });
  await world.db.person.createMany({
    data: extra.map((u) => ({ id: `${u.id}-contact`, name: `${u.name}联络员`, email: `${u.id}-contact@demo.tantou.local` })),
  });
  await world.db.posting.createMany({ data: extra.map((u) => ({ personId: `${u.id}-contact`, role: 'UNIT_CONTACT' as const, unitId: u.id, validFrom: DEMO_POSTED_FROM })) });
  const unitIds = ['gongluju', 'jiaoyunju', 'weijiju', ...extra.map((u) => u.id)];
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds, historyLimit: 60 });
  const handle = await start(input);
  await approve(input);
  await untilPasses(async () => expect((await campaignRow(input)).state).toBe('in_progress'), { timeoutMs: 60_000 });
  // every unit's workflow runs, started by the fan-out with its business id and the campaign to report to
  for (const unitId of unitIds) {
    const described = await inspection(input.campaignId, unitId).describe();
    expect(described).toMatchObject({ type: 'unitInspection', status: { name: 'RUNNING' } });
  }
  const groupOf = new Map(
    (await world.db.unit.findMany({ where: { id: { in: unitIds } } })).map((u) => [u.id, u.groupId]),
  );
  for (const unitId of unitIds) await submitAndAccept(input.campaignId, unitId, groupOf.get(unitId)!);
  await untilPasses(async () => expect((await campaignRow(input)).state).toBe('completed'), { timeoutMs: 60_000 });
  const done = await handle.query(campaignStatusQuery);
  expect(done).toMatchObject({ started: 25, finished: 25 });
  expect(done.runs).toBeGreaterThanOrEqual(2);

  // walk the chain of runs back from the last: one fan-out activity in all, no child, each run short
  const runs: temporal.api.history.v1.IHistoryEvent[][] = [];
  let runId: string | undefined = (await handle.describe()).runId;
  while (runId) {
    const history: { events?: temporal.api.history.v1.IHistoryEvent[] | null } = await world.env.client.workflow
      .getHandle(handle.workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    runs.unshift(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  expect(runs.length).toBe(done.runs);
  const all = runs.flat();
  expect(all.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(0);
  expect(all.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'startUnitInspections')).toHaveLength(1);
  // a run continues as new at the first workflow task past the limit: a signal or two beyond it at most
  for (const events of runs) expect(events.length).toBeLessThan(60 + 15);
  expect(await world.db.unitInspection.count({ where: { campaignId: input.campaignId, state: 'accepted' } })).toBe(25);
  await recordHistory('campaign-fan-out-last-run', handle);
}, 240_000);

it('fans out while the SMTP server is down, and the approval request goes out once when it is back', async () => {
  const unitIds = ['gongluju', 'jiaoyunju', 'weijiju', 'weijiansuo', 'caizhengju'];
  const input = await insertCampaign(world.db, { now: await world.env.currentTimeMs(), unitIds });
  const smtpPort = world.sink.smtpPort;
  await world.sink.stop();
  const handle = await start(input);
  const request = () => world.db.emailOutbox.findUniqueOrThrow({ where: { workflowId_key_rung: { workflowId: handle.workflowId, key: 'approval-request', rung: 0 } } });
  await untilPasses(async () => expect((await request()).lastError).toMatch(/ECONNREFUSED/));
  await approve(input);
  // every unit started while the approval request still cannot go out
  await untilPasses(async () => expect((await campaignRow(input)).state).toBe('in_progress'), { timeoutMs: 60_000 });
  // each unit records itself once it runs
  await untilPasses(async () => expect(await world.db.unitInspection.count({ where: { campaignId: input.campaignId } })).toBe(unitIds.length));
  expect((await request()).status).toBe('pending');
  world.sink = await startMailSink({ smtpPort });
  const sent = await untilPasses(async () => {
    const row = await request();
    expect(row.status).toBe('sent');
    return row;
  }, { timeoutMs: 60_000 });
  expect(world.sink.messages().filter((m) => m.messageId === sent.messageId)).toHaveLength(1);
  await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '测试结束' }] });
});

it('an amendment moves a campaign’s approval window and the submission deadline its units are handed', async () => {
  const now = new Date(await world.env.currentTimeMs());
  const today = testCalendar.shanghaiDate(now);
  // the API's rules: approval in 2 工作日, reports in 10; the made-up amendment takes the next working day off
  const approval = deadlineByRule({ due: offsetRule(now, DEFAULT_APPROVAL_WINDOW, testCalendar), ladder: APPROVAL_LADDER }, testCalendar);
  const submission = deadlineByRule({ due: { kind: 'endOfWorkingDay', after: today, workingDays: 10 }, ladder: DEFAULT_LADDER }, testCalendar);
  const input = { ...(await insertCampaign(world.db, { now: now.getTime(), unitIds: ['gongluju'] })), approval, submission };
  const handle = await start(input);
  await world.settled(handle);
  const change = await amendWithHolidays(world.db, [testCalendar.addWorkingDays(today, 1)]);
  const calendar = await testCalendars(world.db).current();
  const [approvalMoved, submissionMoved] = [replanDeadline(approval, calendar, now), replanDeadline(submission, calendar, now)];
  expect(approvalMoved.deadlineAt).not.toBe(approval.deadlineAt);
  expect(submissionMoved.deadlineAt).not.toBe(submission.deadlineAt);

  await handle.signal(calendarChangedSignal, change);
  await world.settled(handle);
  expect(await handle.query(campaignStatusQuery)).toMatchObject({ approvalDueAt: approvalMoved.deadlineAt, deadlineAt: submissionMoved.deadlineAt, approvalRungsFired: [] });
  expect(await campaignRow(input)).toMatchObject({ approvalDueAt: new Date(approvalMoved.deadlineAt), deadlineAt: new Date(submissionMoved.deadlineAt) });
  const audit = await world.db.auditLog.findMany({ where: { targetId: input.campaignId, action: 'campaign.deadline_replanned' }, orderBy: { dedupeKey: 'asc' } });
  expect(audit.map((a) => (a.detail as { event: unknown }).event)).toEqual([
    { deadline: 'approval', year: change.year, version: change.version, from: approval.deadlineAt, to: approvalMoved.deadlineAt },
    { deadline: 'submission', year: change.year, version: change.version, from: submission.deadlineAt, to: submissionMoved.deadlineAt },
  ]);

  // the old window closes without an escalation; the new one escalates once, at its instant
  await world.sleep(Date.parse(approval.deadlineAt) + 60_000 - (await world.env.currentTimeMs()), handle);
  expect((await outbox(handle.workflowId)).filter((r) => r.key === 'approval')).toHaveLength(0);
  await world.sleep(Date.parse(approvalMoved.deadlineAt) + 60_000 - (await world.env.currentTimeMs()), handle);
  const escalated = (await outbox(handle.workflowId)).filter((r) => r.key === 'approval');
  expect(escalated.map((r) => [r.rung, r.dueAt?.toISOString()])).toEqual([[1, approvalMoved.rungs[0].at]]);
  expect(escalated[0].firedAt!.getTime() - Date.parse(approvalMoved.rungs[0].at)).toBeLessThan(60_000);

  await approve(input);
  const unit = inspection(input.campaignId, 'gongluju');
  expect((await untilPasses(() => unit.query(inspectionStatusQuery))).deadlineAt).toBe(submissionMoved.deadlineAt);
  await recordHistory('campaign-deadline-replanned', handle);
  await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '测试结束' }] });
});
