import { createCalendar, shanghaiDate, addNaturalDays } from '../../domain/calendar';
import { clearanceRule } from '../../domain/clearances';
import { clearanceWorkflowId } from '../../domain/ids';
import { deadlineByRule, replanDeadline } from '../../domain/ladder';
import { leadNumber } from '../../domain/leads';
import { calendarChangedSignal, clearanceStatusQuery, decideClearanceUpdate, recordClearanceDoneUpdate, recordReporterCorrectionUpdate, type ClearanceInput } from '../../workflows/messages';
import { leader, memberOf } from '../support/actors';
import { expectFiredAsPlanned, replannedInAudit, testCalendars, testSupplement } from '../support/calendar';
import { amendWithHolidays } from '../support/notices';
import { untilPasses } from '../support/poll';
import { expectRefused } from '../support/refusals';
import { recordHistory } from '../support/histories';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, type World } from '../support/world';

const calendar = createCalendar(testSupplement);
const mail = (personId: string) => `${personId}@demo.tantou.local`;

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const now = async () => world.env.currentTimeMs();
const today = async () => shanghaiDate(new Date(await now()));
const outbox = (workflowId: string, key: string) => world.db.emailOutbox.findMany({ where: { workflowId, key }, orderBy: { rung: 'asc' } });
const handler = memberOf('g5');

/** The Clearance row the API writes (named by its lead's number), then its workflow: the lead's id and the kind of correction, nothing of the reporter. */
async function startClearance(reporterCorrection: ClearanceInput['reporterCorrection']) {
  const id = leadNumber(2099, 1000 + Math.floor(Math.random() * 8000));
  await world.db.clearance.create({
    data: {
      id,
      workflowId: clearanceWorkflowId(id),
      leadId: id,
      unitId: 'gongluju',
      groupId: 'g5',
      handlerId: 'g5-member',
      personsCleared: [{ name: '某科长' }],
      consentOn: new Date(`${await today()}T00:00:00Z`),
      method: 'notice',
      audience: [{ unit: '区公路局' }],
      state: 'awaiting_approval',
      reporterCorrection,
    },
  });
  const input: ClearanceInput = { clearanceId: id, leadId: id, unitId: 'gongluju', groupId: 'g5', handlerId: 'g5-member', method: 'notice', reporterCorrection };
  const handle = await world.env.client.workflow.start('clearance', { taskQueue: world.taskQueue, workflowId: clearanceWorkflowId(id), args: [input] });
  await untilPasses(() => handle.query(clearanceStatusQuery));
  return { handle, id };
}

it('asks the commission leader over the group, then watches the clearance and the reporter’s self-criticism, each to its own deadline, until both are recorded', async () => {
  const { handle, id } = await startClearance('written_self_criticism');
  await world.settled(handle);
  expect((await outbox(handle.workflowId, 'approval')).map((r) => [r.kind, r.recipients])).toEqual([['clearance_approval_request', [mail('deputy')]]]);

  const due = deadlineByRule(clearanceRule(new Date(await now()), 10), calendar);
  const correctionDue = deadlineByRule(clearanceRule(new Date(await now()), 5), calendar);
  await expectRefused(handle.executeUpdate(recordClearanceDoneUpdate, { args: [{ actor: handler, doneOn: await today(), how: '会议通报' }] }), 'wrong-state');
  await expectRefused(handle.executeUpdate(decideClearanceUpdate, { args: [{ actor: handler, decision: 'approve', due, correctionDue }] }), 'not-commission-leader');
  await expectRefused(handle.executeUpdate(decideClearanceUpdate, { args: [{ actor: leader, decision: 'approve', due, correctionDue: null }] }), 'text-missing');
  const approved = await handle.executeUpdate(decideClearanceUpdate, { args: [{ actor: leader, decision: 'approve', due, correctionDue, comment: '同意' }] });
  expect(approved).toMatchObject({ state: 'in_progress', due: { deadlineAt: due.deadlineAt }, reporterCorrection: { kind: 'written_self_criticism', due: { deadlineAt: correctionDue.deadlineAt }, doneOn: null } });

  // the self-criticism is late: reminded, then the ladder; the clearance itself is done before its reminder
  await expectRefused(handle.executeUpdate(recordClearanceDoneUpdate, { args: [{ actor: memberOf('g3'), doneOn: await today(), how: '会议通报' }] }), 'not-lead-handler');
  await expectRefused(handle.executeUpdate(recordClearanceDoneUpdate, { args: [{ actor: handler, doneOn: addNaturalDays(await today(), 1), how: '会议通报' }] }), 'date-invalid');
  await handle.executeUpdate(recordClearanceDoneUpdate, { args: [{ actor: handler, doneOn: await today(), how: '在区公路局干部大会上通报核查结论' }] });
  await expectRefused(handle.executeUpdate(recordClearanceDoneUpdate, { args: [{ actor: handler, doneOn: await today(), how: '再次' }] }), 'already-recorded');
  await world.sleep(Date.parse(correctionDue.rungs[2].at) + 60_000 - (await now()), handle);
  expect((await outbox(handle.workflowId, 'correction')).map((r) => [r.rung, r.kind, r.recipients])).toEqual([
    [0, 'clearance_correction_reminder', [mail('g5-member')]],
    [1, 'clearance_correction_overdue', [mail('g5-member')]],
    [2, 'clearance_correction_overdue', [mail('g5-leader')]],
    [3, 'clearance_correction_overdue', [mail('deputy')]],
  ]);
  expect(await outbox(handle.workflowId, 'clearance')).toEqual([]);
  expect(world.sink.messages().filter((m) => m.subject.includes('书面检讨')).every((m) => m.subject.includes(id))).toBe(true);

  await handle.executeUpdate(recordReporterCorrectionUpdate, { args: [{ actor: handler, doneOn: await today() }] });
  const ended = await handle.result();
  expect(ended).toMatchObject({ state: 'completed', done: { on: expect.any(String) }, reporterCorrection: { doneOn: expect.any(String) } });
  expect(await world.db.clearance.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'completed', approvedById: 'deputy', dueAt: new Date(due.deadlineAt), correctionDueAt: new Date(correctionDue.deadlineAt), doneOn: expect.any(Date), correctionDoneOn: expect.any(Date) });
  expect((await world.db.clearanceEvent.findMany({ where: { clearanceId: id }, orderBy: { at: 'asc' } })).map((e) => e.kind)).toEqual(['opened', 'approved', 'cleared', 'reporter_corrected']);
  await recordHistory('clearance-with-self-criticism', handle);
});

it('escalates an overdue clearance without a reporter to correct, and ends once it is recorded; a rejected one ends at once', async () => {
  const { handle } = await startClearance(null);
  const due = deadlineByRule(clearanceRule(new Date(await now()), 10), calendar);
  await handle.executeUpdate(decideClearanceUpdate, { args: [{ actor: leader, decision: 'approve', due, correctionDue: null }] });
  await expectRefused(handle.executeUpdate(recordReporterCorrectionUpdate, { args: [{ actor: handler, doneOn: await today() }] }), 'wrong-state');
  await world.sleep(Date.parse(due.rungs[0].at) + 60_000 - (await now()), handle);
  expect((await outbox(handle.workflowId, 'clearance')).map((r) => [r.rung, r.kind])).toEqual([[0, 'clearance_reminder'], [1, 'clearance_overdue']]);
  await handle.executeUpdate(recordClearanceDoneUpdate, { args: [{ actor: handler, doneOn: await today(), how: '发函说明' }] });
  expect(await handle.result()).toMatchObject({ state: 'completed', reporterCorrection: null });
  await world.sleep('30 days', handle);
  expect(await outbox(handle.workflowId, 'clearance')).toHaveLength(2);

  const rejected = await startClearance('criticism');
  await expectRefused(rejected.handle.executeUpdate(decideClearanceUpdate, { args: [{ actor: leader, decision: 'reject', reason: ' ' }] }), 'text-missing');
  await rejected.handle.executeUpdate(decideClearanceUpdate, { args: [{ actor: leader, decision: 'reject', reason: '被澄清人不同意公开澄清' }] });
  expect(await rejected.handle.result()).toMatchObject({ state: 'rejected', rejected: { reason: '被澄清人不同意公开澄清' } });
});

it('re-plans the clearance’s and the correction’s working days on an amended calendar: the old instants never fire, the new ones once', async () => {
  const { handle, id } = await startClearance('criticism');
  const start = new Date(await now());
  const due = deadlineByRule(clearanceRule(start, 10), calendar);
  const correctionDue = deadlineByRule(clearanceRule(start, 5), calendar);
  await handle.executeUpdate(decideClearanceUpdate, { args: [{ actor: leader, decision: 'approve', due, correctionDue }] });
  // the made-up amendment makes the correction's last day a holiday, which the clearance's count crosses too
  const change = await amendWithHolidays(world.db, [calendar.shanghaiDate(new Date(Date.parse(correctionDue.deadlineAt) - 1))]);
  const amended = await testCalendars(world.db).current();
  const moved = { clearance: replanDeadline(due, amended, start), correction: replanDeadline(correctionDue, amended, start) };
  expect(Date.parse(moved.clearance.deadlineAt)).toBeGreaterThan(Date.parse(due.deadlineAt));
  expect(Date.parse(moved.correction.deadlineAt)).toBeGreaterThan(Date.parse(correctionDue.deadlineAt));

  // as the calendarChange workflow would tell it; a second send of one version is taken once
  await handle.signal(calendarChangedSignal, change);
  await handle.signal(calendarChangedSignal, change);
  await world.settled(handle);
  expect(await handle.query(clearanceStatusQuery)).toMatchObject({ due: { deadlineAt: moved.clearance.deadlineAt, rungsFired: [] }, reporterCorrection: { due: { deadlineAt: moved.correction.deadlineAt, rungsFired: [] } } });
  const row = await world.db.clearance.findUniqueOrThrow({ where: { id } });
  expect([row.dueAt?.toISOString(), row.correctionDueAt?.toISOString()]).toEqual([moved.clearance.deadlineAt, moved.correction.deadlineAt]);
  const replanned = await replannedInAudit(world.db, 'clearance', id);
  expect(replanned).toHaveLength(2);
  expect(replanned).toEqual(
    expect.arrayContaining([
      { deadline: 'clearance', year: change.year, version: change.version, from: due.deadlineAt, to: moved.clearance.deadlineAt },
      { deadline: 'correction', year: change.year, version: change.version, from: correctionDue.deadlineAt, to: moved.correction.deadlineAt },
    ]),
  );

  await world.sleep(Date.parse(moved.clearance.rungs[2].at) + 60_000 - (await now()), handle);
  expectFiredAsPlanned(await outbox(handle.workflowId, 'clearance'), moved.clearance);
  expectFiredAsPlanned(await outbox(handle.workflowId, 'correction'), moved.correction);
  await recordHistory('clearance-deadlines-replanned', handle);
});
