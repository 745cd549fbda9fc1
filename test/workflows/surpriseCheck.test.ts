import { formatShanghai } from '../../domain/emails';
import { rectificationWorkflowId, surpriseCheckWorkflowId, surpriseFindingId } from '../../domain/ids';
import { SURPRISE_CHECK_LADDER, deadlineByRule, replanDeadline } from '../../domain/ladder';
import { drawSample, sameDraw } from '../../domain/sampling';
import { DEMO_UNITS, demoEmail } from '../../prisma/seed';
import {
  calendarChangedSignal,
  cancelSurpriseCheckUpdate,
  rectificationStatusQuery,
  recordResultUpdate,
  surpriseCheckStatusQuery,
  type RectificationTerms,
  type SurpriseCheckInput,
} from '../../workflows/messages';
import { contactOf, memberOf, staff } from '../support/actors';
import { plannedInstants, replannedInAudit, testCalendar, testCalendars } from '../support/calendar';
import { amendWithHolidays } from '../support/notices';
import { untilPasses } from '../support/poll';
import { naturalDeadline } from '../support/campaigns';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { insertSurpriseCheck } from '../support/surpriseChecks';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, type World } from '../support/world';

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const start = (input: SurpriseCheckInput) =>
  world.env.client.workflow.start('surpriseCheck', { taskQueue: world.taskQueue, workflowId: surpriseCheckWorkflowId(input.checkId), args: [input] });
const outbox = (workflowId: string) => world.db.emailOutbox.findMany({ where: { workflowId }, orderBy: [{ key: 'asc' }, { rung: 'asc' }] });
const stateOf = async (checkId: string) => (await world.db.surpriseCheck.findUniqueOrThrow({ where: { id: checkId } })).state;
const record = (input: SurpriseCheckInput, actor: ReturnType<typeof memberOf>, unitId: string, result: 'found' | 'not_found', notes = '', rectification?: RectificationTerms) =>
  world.env.client.workflow.getHandle(surpriseCheckWorkflowId(input.checkId)).executeUpdate(recordResultUpdate, { args: [{ actor, unitId, result, notes, rectification }] });
const childrenStarted = async (workflowId: string) =>
  (await world.env.client.workflow.getHandle(workflowId).fetchHistory()).events?.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length ?? 0;
const unitPeople = DEMO_UNITS.flatMap((u) => [demoEmail(`${u.id}-contact`), demoEmail(`${u.id}-leader`)]);

it('stays sealed until its start, telling nobody, then sends each target’s group (never the unit) to check on site', async () => {
  const input = await insertSurpriseCheck(world.db, { now: await world.env.currentTimeMs(), startsInHours: 72, unitIds: ['gongluju', 'jiaoyuju'] });
  const handle = await start(input);
  await untilPasses(async () => expect((await handle.query(surpriseCheckStatusQuery)).version).toBe(1));
  await world.sleep('71 hours', handle);
  expect(await outbox(handle.workflowId)).toEqual([]);
  expect(world.sink.messages()).toEqual([]);
  expect(await stateOf(input.checkId)).toBe('sealed');

  await world.sleep('2 hours', handle);
  expect(await outbox(handle.workflowId)).toHaveLength(2);
  const rows = await outbox(handle.workflowId);
  expect(rows.map((r) => [r.key, r.kind, r.recipients])).toEqual([
    ['start/gongluju', 'surprise_check_notice', ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local']],
    ['start/jiaoyuju', 'surprise_check_notice', ['g2-leader@demo.tantou.local', 'g2-member@demo.tantou.local']],
  ]);
  rows.forEach((r) => expect(r.firedAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(input.startsAt)));
  expect(await stateOf(input.checkId)).toBe('in_progress');
  const mails = await world.sink.waitFor((m) => rows.some((r) => r.messageId === m.messageId), { count: 2 });
  expect(mails.flatMap((m) => m.envelopeTo).filter((to) => unitPeople.includes(to))).toEqual([]);
  expect(mails.find((m) => m.to.includes('g5-member@demo.tantou.local'))?.subject).toMatch(
    /^【探头】突击抽查「节前作风突击抽查」现在开始：请即赴区公路局现场检查，结果请于.*前录入$/,
  );

  await record(input, memberOf('g5'), 'gongluju', 'not_found');
  await record(input, memberOf('g2'), 'jiaoyuju', 'not_found');
  expect(await handle.result()).toMatchObject({ state: 'closed' });
  expect(await stateOf(input.checkId)).toBe('closed');
  expect(await childrenStarted(handle.workflowId)).toBe(0);
  // its emails share the check's trail now (one target per process); the steps are what is asserted here
  const audit = await world.db.auditLog.findMany({ where: { targetKind: 'surpriseCheck', targetId: input.checkId, action: { startsWith: 'surpriseCheck.' } }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual([
    'surpriseCheck.sealed',
    'surpriseCheck.in_progress',
    'surpriseCheck.result_not_found',
    'surpriseCheck.result_not_found',
    'surpriseCheck.closed',
  ]);
  await recordHistory('surpriseCheck-sealed-then-closed', handle);
});

it('turns a found result into a finding for the unit, refuses results from anyone but the unit’s group, and closes with the last result', async () => {
  const input = await insertSurpriseCheck(world.db, { now: await world.env.currentTimeMs(), startsInHours: 1, unitIds: ['weijiju', 'weijiansuo'] });
  const handle = await start(input);
  await expectRefused(record(input, memberOf('g3'), 'weijiju', 'found', '两人未打卡'), 'wrong-state');
  await world.sleep('2 hours', handle);
  expect((await handle.query(surpriseCheckStatusQuery)).state).toBe('in_progress');

  await expectRefused(record(input, memberOf('g5'), 'weijiju', 'found', '越组录入'), 'not-stationed-group');
  await expectRefused(record(input, contactOf('weijiju'), 'weijiju', 'not_found'), 'not-stationed-group');
  await expectRefused(record(input, memberOf('g3'), 'weijiju', 'found', ' '), 'text-missing');
  await expectRefused(record(input, memberOf('g3'), 'gongluju', 'not_found'), 'unknown-target');

  const view = await record(input, memberOf('g3'), 'weijiju', 'found', '上班时间两人未打卡且不在岗');
  expect(view.targets.find((t) => t.unitId === 'weijiju')?.result).toBe('found');
  await expectRefused(record(input, memberOf('g3'), 'weijiju', 'not_found'), 'already-recorded');
  await record(input, memberOf('g3'), 'weijiansuo', 'not_found');
  expect(await handle.result()).toMatchObject({ state: 'closed' });

  const findingId = `${handle.workflowId}/finding/weijiju`;
  expect(await world.db.finding.findMany({ where: { sourceId: handle.workflowId } })).toEqual([
    expect.objectContaining({ id: findingId, unitId: 'weijiju', sourceKind: 'surpriseCheck', detail: '上班时间两人未打卡且不在岗', recordedById: 'g3-member', state: 'open' }),
  ]);
  const targets = await world.db.surpriseCheckTarget.findMany({ where: { checkId: input.checkId }, orderBy: { unitId: 'asc' } });
  expect(targets.map((t) => [t.unitId, t.result, t.findingId])).toEqual([
    ['weijiansuo', 'not_found', null],
    ['weijiju', 'found', findingId],
  ]);
  await recordHistory('surpriseCheck-found-closed', handle);
});

it('a found result starts the finding’s rectification, which tells the unit only then; a unit with nothing found gets none', async () => {
  const input = await insertSurpriseCheck(world.db, { now: await world.env.currentTimeMs(), startsInHours: 1, unitIds: ['weijiju', 'weijiansuo'] });
  const handle = await start(input);
  const terms: RectificationTerms = { planDue: naturalDeadline(10, await world.env.currentTimeMs() + 2 * 3_600_000), commissionLeaderId: 'deputy' };
  // sealed: no result is taken, so nothing can reach the unit before the start
  await expectRefused(record(input, memberOf('g3'), 'weijiju', 'found', '两人未打卡', terms), 'wrong-state');
  await world.sleep('2 hours', handle);
  expect((await handle.query(surpriseCheckStatusQuery)).state).toBe('in_progress');
  expect(world.sink.messages().flatMap((m) => m.envelopeTo).filter((to) => unitPeople.includes(to))).toEqual([]);

  await record(input, memberOf('g3'), 'weijiju', 'found', '上班时间两人未打卡且不在岗', terms);
  await record(input, memberOf('g3'), 'weijiansuo', 'not_found');
  expect(await handle.result()).toMatchObject({ state: 'closed' });
  expect(await childrenStarted(handle.workflowId)).toBe(1);

  const findingId = surpriseFindingId(handle.workflowId, 'weijiju');
  const child = world.env.client.workflow.getHandle(rectificationWorkflowId(findingId));
  const row = await untilPasses(() => world.db.rectification.findUniqueOrThrow({ where: { id: child.workflowId }, include: { finding: true } }));
  expect(row).toMatchObject({ state: 'awaiting_plan', unitId: 'weijiju', groupId: 'g3', finding: { sourceKind: 'surpriseCheck', sourceId: handle.workflowId, detail: '上班时间两人未打卡且不在岗' } });
  expect(await child.query(rectificationStatusQuery)).toMatchObject({ findingId, state: 'awaiting_plan', deadlineAt: terms.planDue.deadlineAt });
  expect(await world.db.rectification.count()).toBe(1);
  const notice = await untilPasses(() => world.db.emailOutbox.findFirstOrThrow({ where: { workflowId: child.workflowId, key: 'notice', status: 'sent' } }));
  const [mail] = await world.sink.waitFor((m) => m.messageId === notice.messageId);
  expect(mail.envelopeTo).toContain(demoEmail('weijiju-contact'));
  expect(mail.subject).toBe(`【探头】整改通知：区卫计局问题「突击抽查「节前作风突击抽查」发现问题：上下班打卡」，整改方案请于${formatShanghai(terms.planDue.deadlineAt)}前提交`);
  // the unit hears of the check through its rectification notice, and of nothing else
  const toUnits = world.sink.messages().filter((m) => m.envelopeTo.some((to) => unitPeople.includes(to)));
  expect(toUnits.map((m) => m.messageId)).toEqual([notice.messageId]);
  await recordHistory('surpriseCheck-found-rectified', handle);
});

it('draws a sample with a recorded seed that draws the same units again, and a check withdrawn while sealed tells nobody', async () => {
  const candidates = ['caizhengju', 'chengguanju', 'fagaiju', 'gongluju', 'jiaoyuju', 'jiaoyunju', 'rensheju', 'shijianju'];
  const input = await insertSurpriseCheck(world.db, { now: await world.env.currentTimeMs(), startsInHours: 24, sample: { size: 3, candidates } });
  const handle = await start(input);
  const targets = await untilPasses(async () => {
    const rows = await world.db.surpriseCheckTarget.findMany({ where: { checkId: input.checkId } });
    expect(rows).toHaveLength(3);
    return rows;
  });
  const { selection } = await world.db.surpriseCheck.findUniqueOrThrow({ where: { id: input.checkId } });
  const { seed, drawn } = selection as { seed: string; drawn: string[] };
  expect(seed).toMatch(/^[0-9a-f]{32}$/);
  expect(sameDraw(targets.map((t) => t.unitId), drawSample(candidates, 3, seed))).toBe(true);
  expect(drawn).toEqual(drawSample(candidates, 3, seed));
  const units = await world.db.unit.findMany({ where: { id: { in: drawn } } });
  expect(targets.map((t) => [t.unitId, t.groupId]).sort()).toEqual(units.map((u) => [u.id, u.groupId]).sort());

  await expectRefused(handle.executeUpdate(cancelSurpriseCheckUpdate, { args: [{ actor: memberOf('g1'), reason: '撤回' }] }), 'not-staff');
  const view = await handle.executeUpdate(cancelSurpriseCheckUpdate, { args: [{ actor: staff, reason: '消息可能已泄露，撤回' }] });
  expect(view.state).toBe('withdrawn');
  expect(await handle.result()).toMatchObject({ state: 'withdrawn' });
  expect(await outbox(handle.workflowId)).toEqual([]);
  expect(await stateOf(input.checkId)).toBe('withdrawn');
  const withdrawn = await world.db.auditLog.findFirstOrThrow({ where: { targetId: input.checkId, action: 'surpriseCheck.withdrawn' } });
  expect(withdrawn).toMatchObject({ actorId: 'staff-li', detail: { reason: '消息可能已泄露，撤回' } });
  await recordHistory('surpriseCheck-sample-withdrawn', handle);
});

it('reminds the group before results are due, then escalates once to its leader and once to the commission leader', async () => {
  const input = await insertSurpriseCheck(world.db, { now: await world.env.currentTimeMs(), startsInHours: 1, dueHours: 8, unitIds: ['gongluju'] });
  const handle = await start(input);
  await world.sleep('4 days', handle);
  const due = (await outbox(handle.workflowId)).filter((r) => r.key === 'due/gongluju');
  expect(due.map((r) => [r.rung, r.kind, r.status, r.recipients])).toEqual([
    [0, 'surprise_check_reminder', 'sent', ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local']],
    [1, 'surprise_check_overdue', 'sent', ['g5-leader@demo.tantou.local']],
    [2, 'surprise_check_overdue', 'sent', ['deputy@demo.tantou.local']],
  ]);
  const planned = [input.due.remindAt, ...input.due.rungs.map((r) => r.at)];
  due.forEach((r, i) => expect(r.dueAt?.toISOString()).toBe(planned[i]));
  expect((await handle.query(surpriseCheckStatusQuery)).rungsFired).toEqual([0, 1, 2]);
  const [overdue] = await world.sink.waitFor((m) => m.messageId === due[2].messageId);
  expect(overdue.subject).toBe('【探头】逾期催办（第2级）：区公路局「节前作风突击抽查」抽查结果逾期未录入');
  expect(overdue.text).toContain('突击抽查：节前作风突击抽查');
  expect(overdue.text).toContain(`http://tantou.test/surprise-checks/${input.checkId}`);

  await record(input, memberOf('g5'), 'gongluju', 'not_found', '迟到录入');
  expect(await handle.result()).toMatchObject({ state: 'closed' });
  expect((await outbox(handle.workflowId)).filter((r) => r.key === 'due/gongluju')).toHaveLength(3);
  await recordHistory('surpriseCheck-overdue-then-closed', handle);
});

it('cancelled after its start ends at once with the reason audited, and no reminder or rung follows', async () => {
  const input = await insertSurpriseCheck(world.db, { now: await world.env.currentTimeMs(), startsInHours: 1, dueHours: 8, unitIds: ['fagaiju'] });
  const handle = await start(input);
  await world.sleep('2 hours', handle);
  expect(await outbox(handle.workflowId)).toHaveLength(1);
  const view = await handle.executeUpdate(cancelSurpriseCheckUpdate, { args: [{ actor: staff, reason: '上级统一部署，改期进行' }] });
  expect(view.state).toBe('cancelled');
  expect(await handle.result()).toMatchObject({ state: 'cancelled', rungsFired: [] });
  await expect(handle.executeUpdate(cancelSurpriseCheckUpdate, { args: [{ actor: staff, reason: '再撤一次' }] })).rejects.toThrow();
  expect((await outbox(handle.workflowId)).map((r) => r.key)).toEqual(['start/fagaiju']);
  expect(await stateOf(input.checkId)).toBe('cancelled');
  await recordHistory('surpriseCheck-cancelled-after-start', handle);
});

it('an amendment heard while sealed re-plans the results deadline once the check starts: the rungs fire once, at the new instants', async () => {
  const input = await insertSurpriseCheck(world.db, { now: await world.env.currentTimeMs(), startsInHours: 1, unitIds: ['gongluju'] });
  const startsAt = new Date(input.startsAt);
  // the API's rule, results in 2 工作日 from the start; the made-up amendment makes the second a holiday
  const due = deadlineByRule({ due: { kind: 'endOfWorkingDay', after: testCalendar.shanghaiDate(startsAt), workingDays: 2 }, ladder: SURPRISE_CHECK_LADDER }, testCalendar);
  const handle = await start({ ...input, due });
  await world.settled(handle);
  const change = await amendWithHolidays(world.db, [testCalendar.shanghaiDate(new Date(Date.parse(due.deadlineAt) - 1))]);
  const moved = replanDeadline(due, await testCalendars(world.db).current(), startsAt);
  expect(moved.deadlineAt).not.toBe(due.deadlineAt);

  await handle.signal(calendarChangedSignal, change);
  await world.sleep('2 hours', handle);
  expect(await handle.query(surpriseCheckStatusQuery)).toMatchObject({ state: 'in_progress', deadlineAt: moved.deadlineAt, rungsFired: [] });
  expect((await world.db.surpriseCheck.findUniqueOrThrow({ where: { id: input.checkId } })).deadlineAt.toISOString()).toBe(moved.deadlineAt);
  expect(await replannedInAudit(world.db, 'surpriseCheck', input.checkId)).toEqual([{ year: change.year, version: change.version, from: due.deadlineAt, to: moved.deadlineAt }]);

  await world.sleep('10 days', handle);
  const rows = (await outbox(handle.workflowId)).filter((r) => r.key === 'due/gongluju');
  expect(rows.map((r) => [r.rung, r.dueAt?.toISOString()])).toEqual(plannedInstants(moved).map((at, rung) => [rung, at]));
  await record(input, memberOf('g5'), 'gongluju', 'not_found', '迟到录入');
  expect(await handle.result()).toMatchObject({ state: 'closed', deadlineAt: moved.deadlineAt });
});
