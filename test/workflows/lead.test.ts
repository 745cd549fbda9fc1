import { addNaturalDays, createCalendar, endOfDay, shanghaiDate } from '../../domain/calendar';
import { deadlineByRule, replanDeadline } from '../../domain/ladder';
import { resultNoticeRule } from '../../domain/leads';
import {
  calendarChangedSignal,
  decideLeadAcceptanceUpdate,
  decideLeadDisposalUpdate,
  leadStatusQuery,
  proposeLeadDisposalUpdate,
  recordCollectiveReviewUpdate,
  recordReporterNoticeUpdate,
} from '../../workflows/messages';
import { leader, memberOf, staff } from '../support/actors';
import { expectFiredAsPlanned, replannedInAudit, testCalendars } from '../support/calendar';
import { holidayAhead, registerTestLead } from '../support/leads';
import { amendWithHolidays } from '../support/notices';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, type World } from '../support/world';

const mail = (personId: string) => `${personId}@demo.tantou.local`;
const today = shanghaiDate(new Date());
const ahead = holidayAhead(today);
const calendar = createCalendar(ahead.supplement);

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv, ahead.supplement);
});
afterEach(() => world?.teardown());

const registerLead = (options: { realName: boolean; handlerId?: string }) => registerTestLead(world, calendar, options);

const outbox = (workflowId: string, key: string) => world.db.emailOutbox.findMany({ where: { workflowId, key }, orderBy: { rung: 'asc' } });
const now = async () => world.env.currentTimeMs();

it('counts 5 工作日 across the holiday and its make-up Saturday, then escalates once per rung: handler, group leader, commission leader', async () => {
  const { handle, number, acceptanceDue } = await registerLead({ realName: false });
  const counted = Array.from({ length: 5 }, (_, i) => calendar.addWorkingDays(today, i + 1));
  expect(counted).toContain(ahead.makeUp);
  expect(counted.filter((d) => ahead.holidays.includes(d))).toEqual([]);
  expect(acceptanceDue.deadlineAt).toBe(endOfDay(counted[4]).toISOString());

  // the wrong person and the wrong step are refused, nothing changes
  await expectRefused(handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: memberOf('g3'), decision: 'accept' }] }), 'not-lead-handler');
  await expectRefused(handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: memberOf('g5'), decision: 'forward', forwardTo: ' ', reason: '不属本级管辖' }] }), 'text-missing');
  await expectRefused(handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: memberOf('g5'), kind: 'receipt', means: 'phone', toldAt: new Date(await now()).toISOString() }] }), 'wrong-state');

  await world.sleep(Date.parse(acceptanceDue.rungs[2].at) + 60_000 - (await now()), handle);
  await world.sleep('10 days', handle);
  const rows = await outbox(handle.workflowId, 'acceptance');
  expect(rows.map((r) => [r.rung, r.kind, r.recipients, r.status])).toEqual([
    [0, 'lead_reminder', [mail('g5-member')], 'sent'],
    [1, 'lead_overdue', [mail('g5-member')], 'sent'],
    [2, 'lead_overdue', [mail('g5-leader')], 'sent'],
    [3, 'lead_overdue', [mail('deputy')], 'sent'],
  ]);
  expect(rows.map((r) => r.dueAt?.toISOString())).toEqual([acceptanceDue.remindAt, ...acceptanceDue.rungs.map((r) => r.at)]);
  // the SMTP sink got each rung once, zh-CN, naming the lead by its number
  const overdue = world.sink.messages().filter((m) => m.subject.includes(number) && m.subject.includes('逾期催办'));
  expect(overdue.map((m) => m.subject.match(/第(\d)级/)?.[1])).toEqual(['1', '2', '3']);
  expect(overdue[0].subject).toBe(`【探头】逾期催办（第1级）：问题线索「${number}」逾期未受理或转办`);

  // accepted late: recorded, projected, no further email
  const accepted = await handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: memberOf('g5'), decision: 'accept', comment: '已受理' }] });
  expect(accepted).toMatchObject({ state: 'accepted', acceptance: { rungsFired: [0, 1, 2, 3] }, acceptedAt: expect.any(String) });
  await expectRefused(handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: memberOf('g5'), decision: 'accept' }] }), 'wrong-state');
  await world.sleep('30 days', handle);
  expect(await outbox(handle.workflowId, 'acceptance')).toHaveLength(4);
  const row = await world.db.lead.findUniqueOrThrow({ where: { id: number } });
  expect(row).toMatchObject({ state: 'accepted', version: 2, acceptedAt: expect.any(Date) });
  expect((await world.db.leadEvent.findMany({ where: { leadId: number }, orderBy: { at: 'asc' } })).map((e) => e.kind)).toEqual(['opened', 'accepted']);
  expect((await world.db.auditLog.findMany({ where: { targetKind: 'lead', targetId: number, action: { startsWith: 'lead.' } }, orderBy: { id: 'asc' } })).map((a) => a.action)).toEqual(['lead.opened', 'lead.accepted']);
  await recordHistory('lead-acceptance-escalated-then-accepted', handle);
});

it('reminds the handler of a real-name reporter’s receipt notice, which the recorded notice closes; forwarded and told, the lead ends', async () => {
  const { handle, receiptNoticeDue } = await registerLead({ realName: true, handlerId: 'g5-leader' });
  const due = receiptNoticeDue!;
  expect(due.deadlineAt).toBe(endOfDay(calendar.addWorkingDays(today, 15)).toISOString());
  await handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: { personId: 'g5-leader', role: 'GROUP_LEADER', groupId: 'g5' }, decision: 'forward', forwardTo: '区交通运输局纪检组', reason: '反映问题属其管辖' }] });
  // past the reminder, before the deadline: the reminder alone, to the handler
  await world.sleep(Date.parse(due.remindAt!) + 60_000 - (await now()), handle);
  expect((await outbox(handle.workflowId, 'receipt-notice')).map((r) => [r.rung, r.kind, r.recipients])).toEqual([[0, 'lead_receipt_notice_reminder', [mail('g5-leader')]]]);

  const gl = { personId: 'g5-leader', role: 'GROUP_LEADER' as const, groupId: 'g5' };
  await expectRefused(handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: staff, kind: 'receipt', means: 'phone', toldAt: new Date(await now()).toISOString() }] }), 'not-lead-handler');
  await expectRefused(handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: leader, kind: 'receipt', means: 'phone', toldAt: new Date((await now()) + 86_400_000).toISOString() }] }), 'not-lead-handler');
  await expectRefused(handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: gl, kind: 'receipt', means: 'phone', toldAt: new Date((await now()) + 86_400_000).toISOString() }] }), 'text-missing');
  const told = await handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: gl, kind: 'receipt', means: 'phone', toldAt: new Date((await now()) - 3_600_000).toISOString() }] });
  expect(told.receiptNotice).toMatchObject({ toldAt: expect.any(String), means: 'phone', rungsFired: [0] });
  await expectRefused(handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: gl, kind: 'receipt', means: 'letter', toldAt: new Date(await now()).toISOString() }] }), 'already-recorded');
  await world.sleep('30 days', handle);
  expect(await outbox(handle.workflowId, 'receipt-notice')).toHaveLength(1);

  await handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: gl, kind: 'result', means: 'letter', toldAt: new Date(await now()).toISOString() }] });
  const ended = await handle.result();
  expect(ended).toMatchObject({ state: 'forwarded', forwarded: { to: '区交通运输局纪检组' }, resultToldAt: expect.any(String) });
  expect(await world.db.lead.findUniqueOrThrow({ where: { id: ended.leadId } })).toMatchObject({ state: 'forwarded', receiptToldAt: expect.any(Date) });
  expect((await world.db.leadEvent.findMany({ where: { leadId: ended.leadId }, orderBy: { at: 'asc' } })).map((e) => e.kind)).toEqual(['opened', 'forwarded', 'reporter_told_receipt', 'reporter_told_result']);
  await recordHistory('lead-forwarded-reporter-told', handle);
});

it('re-plans both running deadlines of a real-name lead on an amended calendar: the old instants never fire, the new ones once', async () => {
  const { handle, number, acceptanceDue, receiptNoticeDue } = await registerLead({ realName: true });
  const start = new Date(await now());
  // the made-up amendment makes the acceptance deadline's last day a holiday (the receipt notice's count crosses it too)
  const lastDay = calendar.shanghaiDate(new Date(Date.parse(acceptanceDue.deadlineAt) - 1));
  const change = await amendWithHolidays(world.db, [lastDay], ahead.supplement);
  const amended = await testCalendars(world.db, ahead.supplement).current();
  const moved = { acceptance: replanDeadline(acceptanceDue, amended, start), receipt: replanDeadline(receiptNoticeDue!, amended, start) };
  expect(Date.parse(moved.acceptance.deadlineAt)).toBeGreaterThan(Date.parse(acceptanceDue.deadlineAt));
  expect(Date.parse(moved.receipt.deadlineAt)).toBeGreaterThan(Date.parse(receiptNoticeDue!.deadlineAt));

  // as the calendarChange workflow would tell it; a second send of one version is taken once
  await handle.signal(calendarChangedSignal, change);
  await handle.signal(calendarChangedSignal, change);
  await world.settled(handle);
  expect(await handle.query(leadStatusQuery)).toMatchObject({
    acceptance: { deadlineAt: moved.acceptance.deadlineAt, rungsFired: [] },
    receiptNotice: { deadlineAt: moved.receipt.deadlineAt, rungsFired: [] },
  });
  const row = await world.db.lead.findUniqueOrThrow({ where: { id: number } });
  expect([row.acceptanceDueAt.toISOString(), row.receiptNoticeDueAt?.toISOString()]).toEqual([moved.acceptance.deadlineAt, moved.receipt.deadlineAt]);
  const replanned = await replannedInAudit(world.db, 'lead', number);
  expect(replanned).toHaveLength(2);
  expect(replanned).toEqual(
    expect.arrayContaining([
      { deadline: 'acceptance', year: change.year, version: change.version, from: acceptanceDue.deadlineAt, to: moved.acceptance.deadlineAt },
      { deadline: 'receiptNotice', year: change.year, version: change.version, from: receiptNoticeDue!.deadlineAt, to: moved.receipt.deadlineAt },
    ]),
  );

  await world.sleep('60 days', handle);
  expectFiredAsPlanned(await outbox(handle.workflowId, 'acceptance'), moved.acceptance);
  expectFiredAsPlanned(await outbox(handle.workflowId, 'receipt-notice'), moved.receipt);
  await recordHistory('lead-deadlines-replanned', handle);
});

describe('disposal (线索处置)', () => {
  const handler = memberOf('g5');
  const heldOn = async () => shanghaiDate(new Date(await now()));
  const review = async () => ({ actor: handler, heldOn: await heldOn(), attendeeIds: ['g5-member', 'g5-leader'], opinion: '经集体研究，同意拟处置意见' });
  const events = async (leadId: string) => (await world.db.leadEvent.findMany({ where: { leadId }, orderBy: { at: 'asc' } })).map((e) => e.kind);

  it('proposed, reviewed collectively and approved, a real-name lead is closed; its result notice is reminded, and told, the lead ends', async () => {
    const { handle, number } = await registerLead({ realName: true });
    await handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: handler, decision: 'accept' }] });
    // nothing proposed yet: no approval; the wrong person, an empty closing reason refused
    await expectRefused(handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'approve' }] }), 'wrong-state');
    await expectRefused(handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ actor: memberOf('g3'), method: 'close', reason: '反映不实', closingReason: '查无实据' }] }), 'not-lead-handler');
    await expectRefused(handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ actor: handler, method: 'close', reason: '反映不实', closingReason: ' ' }] }), 'text-missing');
    const proposed = await handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ actor: handler, method: 'close', reason: '反映不实', closingReason: '查无实据，予以了结' }] });
    expect(proposed).toMatchObject({ state: 'disposal_proposed', disposal: { method: 'close', closingReason: '查无实据，予以了结', collectiveReview: null } });

    // approval needs the collective review; the review needs two attendees, a date not in the future, an opinion
    await expectRefused(handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'approve' }] }), 'collective-review-missing');
    await expectRefused(handle.executeUpdate(recordCollectiveReviewUpdate, { args: [{ ...(await review()), attendeeIds: ['g5-member', 'g5-member'] }] }), 'attendees-missing');
    await expectRefused(handle.executeUpdate(recordCollectiveReviewUpdate, { args: [{ ...(await review()), heldOn: addNaturalDays(await heldOn(), 1) }] }), 'date-invalid');
    await expectRefused(handle.executeUpdate(recordCollectiveReviewUpdate, { args: [{ ...(await review()), actor: leader }] }), 'not-lead-handler');
    await handle.executeUpdate(recordCollectiveReviewUpdate, { args: [await review()] });
    await expectRefused(handle.executeUpdate(recordCollectiveReviewUpdate, { args: [await review()] }), 'already-recorded');
    await expectRefused(handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: handler, decision: 'approve' }] }), 'not-commission-leader');

    const resultNoticeDue = deadlineByRule(resultNoticeRule(new Date(await now())), calendar);
    const closed = await handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'approve', comment: '同意', resultNoticeDue }] });
    expect(closed).toMatchObject({ state: 'closed', closed: { reason: '查无实据，予以了结' }, resultNotice: { deadlineAt: resultNoticeDue.deadlineAt, rungsFired: [] } });
    expect(await world.db.lead.findUniqueOrThrow({ where: { id: number } })).toMatchObject({
      state: 'closed',
      disposalMethod: 'close',
      collectiveReviewOn: await heldOn(),
      closingReason: '查无实据，予以了结',
      closedAt: expect.any(Date),
      resultNoticeDueAt: new Date(resultNoticeDue.deadlineAt),
    });

    // past the result notice's reminder: the handler is reminded once, naming the number only
    await world.sleep(Date.parse(resultNoticeDue.remindAt!) + 60_000 - (await now()), handle);
    expect((await outbox(handle.workflowId, 'result-notice')).map((r) => [r.rung, r.kind, r.recipients])).toEqual([[0, 'lead_result_notice_reminder', [mail('g5-member')]]]);
    const toldAt = new Date((await now()) - 60_000).toISOString();
    await handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: handler, kind: 'receipt', means: 'phone', toldAt }] });
    await handle.executeUpdate(recordReporterNoticeUpdate, { args: [{ actor: handler, kind: 'result', means: 'letter', toldAt }] });
    expect(await handle.result()).toMatchObject({ state: 'closed', resultToldAt: toldAt });
    await world.env.sleep('30 days');
    expect(await outbox(handle.workflowId, 'result-notice')).toHaveLength(1);
    expect(await events(number)).toEqual(['opened', 'accepted', 'disposal_proposed', 'collective_review_recorded', 'disposal_approved', 'reporter_told_receipt', 'reporter_told_result']);
    expect(await world.db.lead.findUniqueOrThrow({ where: { id: number } })).toMatchObject({ resultToldAt: new Date(toldAt) });
    await recordHistory('lead-disposal-closed-result-told', handle);
  });

  it('re-plans the result notice on an amended calendar, with the receipt notice still owed: the old instants never fire, the new ones once', async () => {
    const { handle, number, receiptNoticeDue } = await registerLead({ realName: true });
    await handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: handler, decision: 'accept' }] });
    await handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ actor: handler, method: 'close', reason: '反映不实', closingReason: '查无实据，予以了结' }] });
    await handle.executeUpdate(recordCollectiveReviewUpdate, { args: [await review()] });
    const start = new Date(await now());
    const resultNoticeDue = deadlineByRule(resultNoticeRule(start), calendar);
    await handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'approve', resultNoticeDue }] });
    // the made-up amendment makes the result notice's last day a holiday (the receipt notice's, counted from the same day, too)
    const lastDay = calendar.shanghaiDate(new Date(Date.parse(resultNoticeDue.deadlineAt) - 1));
    const change = await amendWithHolidays(world.db, [lastDay], ahead.supplement);
    const amended = await testCalendars(world.db, ahead.supplement).current();
    const moved = { receipt: replanDeadline(receiptNoticeDue!, amended, start), result: replanDeadline(resultNoticeDue, amended, start) };
    expect(Date.parse(moved.result.deadlineAt)).toBeGreaterThan(Date.parse(resultNoticeDue.deadlineAt));
    expect(Date.parse(moved.receipt.deadlineAt)).toBeGreaterThan(Date.parse(receiptNoticeDue!.deadlineAt));

    await handle.signal(calendarChangedSignal, change);
    await world.settled(handle);
    expect(await handle.query(leadStatusQuery)).toMatchObject({
      receiptNotice: { deadlineAt: moved.receipt.deadlineAt, rungsFired: [] },
      resultNotice: { deadlineAt: moved.result.deadlineAt, rungsFired: [] },
    });
    const row = await world.db.lead.findUniqueOrThrow({ where: { id: number } });
    expect([row.receiptNoticeDueAt?.toISOString(), row.resultNoticeDueAt?.toISOString()]).toEqual([moved.receipt.deadlineAt, moved.result.deadlineAt]);
    expect(await replannedInAudit(world.db, 'lead', number)).toEqual(
      expect.arrayContaining([
        { deadline: 'receiptNotice', year: change.year, version: change.version, from: receiptNoticeDue!.deadlineAt, to: moved.receipt.deadlineAt },
        { deadline: 'resultNotice', year: change.year, version: change.version, from: resultNoticeDue.deadlineAt, to: moved.result.deadlineAt },
      ]),
    );

    await world.sleep('60 days', handle);
    expectFiredAsPlanned(await outbox(handle.workflowId, 'receipt-notice'), moved.receipt);
    expectFiredAsPlanned(await outbox(handle.workflowId, 'result-notice'), moved.result);
    await recordHistory('lead-result-notice-replanned', handle);
  });

  it('sent back, then shelved until its review date, the lead comes back to its handler to propose again', async () => {
    const { handle, number } = await registerLead({ realName: false });
    await handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: handler, decision: 'accept' }] });
    const reviewOn = addNaturalDays(await heldOn(), 10);
    const shelve = { actor: handler, method: 'shelve' as const, reason: '线索内容不具体，暂不具备核查条件', reviewOn, reviewAt: endOfDay(addNaturalDays(reviewOn, -1)).toISOString() };
    await expectRefused(handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ ...shelve, reviewOn: await heldOn() }] }), 'date-invalid');
    await handle.executeUpdate(proposeLeadDisposalUpdate, { args: [shelve] });
    await handle.executeUpdate(recordCollectiveReviewUpdate, { args: [await review()] });
    await expectRefused(handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'send_back', reason: '' }] }), 'text-missing');
    const back = await handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'send_back', reason: '请补充暂存理由' }] });
    expect(back).toMatchObject({ state: 'accepted', disposal: null, sentBack: [{ byId: 'deputy', reason: '请补充暂存理由' }] });
    // sent back, the review went with the proposal: a new one is needed before approval
    await handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ ...shelve, reason: '线索内容不具体，被反映人已调离，暂存待查' }] });
    await expectRefused(handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'approve' }] }), 'collective-review-missing');
    await handle.executeUpdate(recordCollectiveReviewUpdate, { args: [await review()] });
    expect(await handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'approve' }] })).toMatchObject({ state: 'shelved', disposal: { reviewOn } });
    expect(await world.db.lead.findUniqueOrThrow({ where: { id: number } })).toMatchObject({ state: 'shelved', shelveReviewOn: reviewOn, disposalApprovedAt: expect.any(Date) });

    // a day before the review date it is still shelved; on it, it is the handler's again
    await world.sleep(Date.parse(shelve.reviewAt) - 86_400_000 - (await now()), handle);
    expect((await handle.query(leadStatusQuery)).state).toBe('shelved');
    await world.sleep('2 days', handle);
    expect(await handle.query(leadStatusQuery)).toMatchObject({ state: 'shelve_review_due', disposal: null });
    expect(await world.db.lead.findUniqueOrThrow({ where: { id: number } })).toMatchObject({ state: 'shelve_review_due', shelveReviewOn: null });
    expect(await handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ actor: handler, method: 'preliminary_check', reason: '出现新的线索，需初步核实' }] })).toMatchObject({ state: 'disposal_proposed' });
    expect(await events(number)).toEqual([
      'opened',
      'accepted',
      'disposal_proposed',
      'collective_review_recorded',
      'disposal_sent_back',
      'disposal_proposed',
      'collective_review_recorded',
      'disposal_approved',
      'shelve_review_due',
      'disposal_proposed',
    ]);
    await recordHistory('lead-disposal-sent-back-shelved-due', handle);
  });
});
