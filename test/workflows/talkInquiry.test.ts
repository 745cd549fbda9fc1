// 谈话函询 as the lead's child: the reply's 15 工作日 across a made-up holiday and its make-up day, chased
// up the ladder once per rung; an extension re-arms it; the evaluation ends the lead (采信, with a
// first-form measure) or hands it on to 初步核实.
import { createCalendar, endOfDay, shanghaiDate } from '../../domain/calendar';
import { preliminaryCheckWorkflowId, talkInquiryWorkflowId } from '../../domain/ids';
import { deadlineByRule, replanDeadline } from '../../domain/ladder';
import { resultNoticeRule } from '../../domain/leads';
import { extendedReplyRule, replyRule } from '../../domain/talkInquiries';
import {
  calendarChangedSignal,
  decideInquiryEvaluationUpdate,
  decideLeadAcceptanceUpdate,
  decideLeadDisposalUpdate,
  decideReplyExtensionUpdate,
  leadStatusQuery,
  preliminaryCheckStatusQuery,
  proposeInquiryEvaluationUpdate,
  proposeLeadDisposalUpdate,
  recordCollectiveReviewUpdate,
  recordInquiryFormUpdate,
  recordInquiryReplyUpdate,
  requestReplyExtensionUpdate,
  talkInquiryStatusQuery,
} from '../../workflows/messages';
import { leader, memberOf } from '../support/actors';
import { expectFiredAsPlanned, replannedInAudit, testCalendars } from '../support/calendar';
import { recordHistory } from '../support/histories';
import { holidayAhead, registerTestLead } from '../support/leads';
import { amendWithHolidays } from '../support/notices';
import { untilPasses } from '../support/poll';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, type World } from '../support/world';

const mail = (personId: string) => `${personId}@demo.tantou.local`;
const today = shanghaiDate(new Date());
const ahead = holidayAhead(today);
const calendar = createCalendar(ahead.supplement);
const handler = memberOf('g5');

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv, ahead.supplement);
});
afterEach(() => world?.teardown());

const now = async () => world.env.currentTimeMs();
const day = async () => shanghaiDate(new Date(await now()));
const outbox = (workflowId: string) => world.db.emailOutbox.findMany({ where: { workflowId }, orderBy: [{ key: 'asc' }, { rung: 'asc' }] });

/** A lead accepted and its 谈话函询 approved: the talk inquiry running as its child. */
async function inquired(realName: boolean) {
  const { handle, number } = await registerTestLead(world, calendar, { realName });
  await handle.executeUpdate(decideLeadAcceptanceUpdate, { args: [{ actor: handler, decision: 'accept' }] });
  await handle.executeUpdate(proposeLeadDisposalUpdate, { args: [{ actor: handler, method: 'talk_inquiry', reason: '反映问题较笼统，先行函询' }] });
  await handle.executeUpdate(recordCollectiveReviewUpdate, { args: [{ actor: handler, heldOn: await day(), attendeeIds: ['g5-member', 'g5-leader'], opinion: '同意函询' }] });
  await handle.executeUpdate(decideLeadDisposalUpdate, { args: [{ actor: leader, decision: 'approve' }] });
  const inquiry = world.env.client.workflow.getHandle(talkInquiryWorkflowId(number));
  expect(await untilPasses(() => inquiry.query(talkInquiryStatusQuery))).toMatchObject({ state: 'awaiting_form', leadId: number });
  return { lead: handle, inquiry, number };
}

it('counts the reply’s 15 工作日 from the letter’s arrival across the holiday, escalates once per rung, and an accepted reply closes the lead with its measure', async () => {
  const { lead, inquiry, number } = await inquired(true);
  const replyDue = deadlineByRule(replyRule(today), calendar);
  const counted = Array.from({ length: 15 }, (_, i) => calendar.addWorkingDays(today, i + 1));
  expect(counted).toContain(ahead.makeUp);
  expect(counted.filter((d) => ahead.holidays.includes(d))).toEqual([]);
  expect(replyDue.deadlineAt).toBe(endOfDay(counted[14]).toISOString());

  await expectRefused(inquiry.executeUpdate(recordInquiryFormUpdate, { args: [{ actor: memberOf('g3'), form: 'letter', sentOn: today, arrivedOn: today, replyDue }] }), 'not-lead-handler');
  await expectRefused(inquiry.executeUpdate(recordInquiryReplyUpdate, { args: [{ actor: handler, receivedOn: today, summary: '说明' }] }), 'wrong-state');
  const sent = await inquiry.executeUpdate(recordInquiryFormUpdate, { args: [{ actor: handler, form: 'letter', sentOn: today, arrivedOn: today, replyDue }] });
  expect(sent).toMatchObject({ state: 'awaiting_reply', reply: { key: 'reply-1', deadlineAt: replyDue.deadlineAt, rungsFired: [] } });

  await world.sleep(Date.parse(replyDue.rungs[2].at) + 60_000 - (await now()), inquiry);
  await world.sleep('10 days', inquiry);
  expect((await outbox(inquiry.workflowId)).map((r) => [r.key, r.rung, r.kind, r.recipients])).toEqual([
    ['reply-1', 0, 'talk_inquiry_reminder', [mail('g5-member')]],
    ['reply-1', 1, 'talk_inquiry_overdue', [mail('g5-member')]],
    ['reply-1', 2, 'talk_inquiry_overdue', [mail('g5-leader')]],
    ['reply-1', 3, 'talk_inquiry_overdue', [mail('deputy')]],
  ]);
  expect(world.sink.messages().filter((m) => m.subject.includes(number) && m.subject.includes('谈话函询')).length).toBe(4);

  await inquiry.executeUpdate(recordInquiryReplyUpdate, { args: [{ actor: handler, receivedOn: await day(), summary: '本人说明车辆系公务使用，已补办手续' }] });
  const measure = { kind: 'reminder_talk' as const, subject: { name: '某科长', title: '区公路局 科长' }, heldOn: await day(), heldById: 'g5-leader' };
  await expectRefused(inquiry.executeUpdate(proposeInquiryEvaluationUpdate, { args: [{ actor: handler, verdict: 'accepted', reason: '采信', measures: [{ ...measure, kind: 'light_sanction' }] }] }), 'outcome-incomplete');
  await inquiry.executeUpdate(proposeInquiryEvaluationUpdate, { args: [{ actor: handler, verdict: 'accepted', reason: '说明属实，予以采信，对其谈话提醒', measures: [measure] }] });
  await expectRefused(inquiry.executeUpdate(decideInquiryEvaluationUpdate, { args: [{ actor: handler, decision: 'approve' }] }), 'not-commission-leader');
  const resultNoticeDue = deadlineByRule(resultNoticeRule(new Date(await now())), calendar);
  await inquiry.executeUpdate(decideInquiryEvaluationUpdate, { args: [{ actor: leader, decision: 'approve', resultNoticeDue }] });

  // the child's end closes the lead with its outcome; the measure is a record, counted under the first form
  expect(await inquiry.result()).toEqual({ next: 'end', outcome: 'first_form', reason: '说明属实，予以采信，对其谈话提醒', resultNoticeDue });
  await untilPasses(async () => expect(await lead.query(leadStatusQuery)).toMatchObject({ state: 'closed', outcome: 'first_form', resultNotice: { deadlineAt: resultNoticeDue.deadlineAt } }));
  await world.settled(lead);
  expect(await world.db.lead.findUniqueOrThrow({ where: { id: number } })).toMatchObject({ state: 'closed', outcome: 'first_form', closingReason: '说明属实，予以采信，对其谈话提醒', resultNoticeDueAt: new Date(resultNoticeDue.deadlineAt) });
  expect(await world.db.measure.findMany({ where: { sourceKind: 'lead', sourceId: number } })).toEqual([
    expect.objectContaining({ kind: 'reminder_talk', form: 1, personName: '某科长', unitId: 'gongluju', heldById: 'g5-leader', recordedById: 'g5-member' }),
  ]);
  expect(await world.db.talkInquiry.findUniqueOrThrow({ where: { leadId: number } })).toMatchObject({ state: 'completed', replyReceivedOn: expect.any(String), completedAt: expect.any(Date) });
  expect((await world.db.talkInquiryEvent.findMany({ where: { leadId: number }, orderBy: { at: 'asc' } })).map((e) => e.kind)).toEqual(['opened', 'form_recorded', 'reply_received', 'evaluation_proposed', 'evaluation_approved']);
  await recordHistory('lead-talk-inquiry-accepted', lead);
  await recordHistory('talk-inquiry-accepted-with-measure', inquiry);
});

it('an extension granted re-arms the reply’s deadline (the old rungs never fire); a reply not accepted takes the lead to 初步核实', async () => {
  const { lead, inquiry, number } = await inquired(false);
  const replyDue = deadlineByRule(replyRule(today), calendar);
  await inquiry.executeUpdate(recordInquiryFormUpdate, { args: [{ actor: handler, form: 'talk', heldOn: today, heldById: 'g5-leader', replyDue }] });
  const dueOn = calendar.addWorkingDays(today, 30);
  const asked = deadlineByRule(extendedReplyRule(dueOn, endOfDay), calendar);
  await expectRefused(inquiry.executeUpdate(requestReplyExtensionUpdate, { args: [{ actor: handler, reason: '出差', dueOn: today, replyDue: deadlineByRule(extendedReplyRule(today, endOfDay), calendar) }] }), 'deadline-not-later');
  await inquiry.executeUpdate(requestReplyExtensionUpdate, { args: [{ actor: handler, reason: '被谈话人住院治疗，申请延期', dueOn, replyDue: asked }] });
  await expectRefused(inquiry.executeUpdate(requestReplyExtensionUpdate, { args: [{ actor: handler, reason: '再次申请', dueOn, replyDue: asked }] }), 'extension-pending');
  await expectRefused(inquiry.executeUpdate(decideReplyExtensionUpdate, { args: [{ actor: handler, decision: 'grant' }] }), 'not-commission-leader');
  const granted = await inquiry.executeUpdate(decideReplyExtensionUpdate, { args: [{ actor: leader, decision: 'grant' }] });
  expect(granted).toMatchObject({ reply: { key: 'reply-2', deadlineAt: asked.deadlineAt, rungsFired: [] }, pendingExtension: null, extensions: [{ decision: 'grant', dueOn }] });

  // past the first deadline's last rung: nothing of it fired; the extended one reminds once
  await world.sleep(Date.parse(replyDue.rungs[2].at) + 60_000 - (await now()), inquiry);
  expect(await outbox(inquiry.workflowId)).toEqual([]);
  await world.sleep(Date.parse(asked.remindAt!) + 60_000 - (await now()), inquiry);
  expect((await outbox(inquiry.workflowId)).map((r) => [r.key, r.rung, r.kind])).toEqual([['reply-2', 0, 'talk_inquiry_reminder']]);

  await inquiry.executeUpdate(recordInquiryReplyUpdate, { args: [{ actor: handler, receivedOn: await day(), summary: '本人否认' }] });
  await inquiry.executeUpdate(proposeInquiryEvaluationUpdate, { args: [{ actor: handler, verdict: 'to_preliminary_check', reason: '说明与掌握情况不符' }] });
  await expectRefused(inquiry.executeUpdate(decideInquiryEvaluationUpdate, { args: [{ actor: leader, decision: 'return', reason: ' ' }] }), 'text-missing');
  await inquiry.executeUpdate(decideInquiryEvaluationUpdate, { args: [{ actor: leader, decision: 'return', reason: '请补充评估依据' }] });
  await inquiry.executeUpdate(proposeInquiryEvaluationUpdate, { args: [{ actor: handler, verdict: 'to_preliminary_check', reason: '说明与掌握情况不符，且有新的证据' }] });
  await inquiry.executeUpdate(decideInquiryEvaluationUpdate, { args: [{ actor: leader, decision: 'approve' }] });
  expect(await inquiry.result()).toEqual({ next: 'preliminary_check', reason: '说明与掌握情况不符，且有新的证据' });

  // the lead runs its preliminary check next, as its child
  const check = world.env.client.workflow.getHandle(preliminaryCheckWorkflowId(number));
  expect(await untilPasses(() => check.query(preliminaryCheckStatusQuery))).toMatchObject({ state: 'awaiting_scheme', leadId: number });
  expect(await lead.query(leadStatusQuery)).toMatchObject({ state: 'in_preliminary_check', outcome: null });
  await untilPasses(async () => expect(await world.db.lead.findUniqueOrThrow({ where: { id: number } })).toMatchObject({ state: 'in_preliminary_check' }));
  expect((await world.db.leadEvent.findMany({ where: { leadId: number }, orderBy: { at: 'asc' } })).map((e) => e.kind).slice(-2)).toEqual(['disposal_approved', 'taken_to_preliminary_check']);
  await recordHistory('lead-talk-inquiry-to-preliminary-check', lead);
  await recordHistory('talk-inquiry-extended-to-preliminary-check', inquiry);
});

it('re-plans the reply’s 15 工作日 on an amended calendar: the old instants never fire, the new ones once', async () => {
  const { inquiry, number } = await inquired(false);
  const replyDue = deadlineByRule(replyRule(today), calendar);
  await inquiry.executeUpdate(recordInquiryFormUpdate, { args: [{ actor: handler, form: 'letter', sentOn: today, arrivedOn: today, replyDue }] });
  // the made-up amendment makes the reply's last day a holiday
  const start = new Date(await now());
  const change = await amendWithHolidays(world.db, [calendar.shanghaiDate(new Date(Date.parse(replyDue.deadlineAt) - 1))], ahead.supplement);
  const moved = replanDeadline(replyDue, await testCalendars(world.db, ahead.supplement).current(), start);
  expect(Date.parse(moved.deadlineAt)).toBeGreaterThan(Date.parse(replyDue.deadlineAt));

  // as the calendarChange workflow would tell it; a second send of one version is taken once
  await inquiry.signal(calendarChangedSignal, change);
  await inquiry.signal(calendarChangedSignal, change);
  await world.settled(inquiry);
  expect(await inquiry.query(talkInquiryStatusQuery)).toMatchObject({ reply: { key: 'reply-1', deadlineAt: moved.deadlineAt, rungsFired: [] } });
  expect(await world.db.talkInquiry.findUniqueOrThrow({ where: { leadId: number } })).toMatchObject({ replyDueAt: new Date(moved.deadlineAt) });
  expect(await replannedInAudit(world.db, 'talkInquiry', number)).toEqual([{ year: change.year, version: change.version, from: replyDue.deadlineAt, to: moved.deadlineAt }]);

  await world.sleep(Date.parse(moved.rungs[2].at) + 60_000 - (await now()), inquiry);
  expectFiredAsPlanned(await outbox(inquiry.workflowId), moved);
  await recordHistory('talk-inquiry-reply-replanned', inquiry);
});
