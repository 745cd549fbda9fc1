import { newRoutineCycleId, rectificationWorkflowId, routineFindingId, routineRunWorkflowIdPrefix, routineScheduleId } from '../../domain/ids';
import { formatShanghai } from '../../domain/emails';
import { demoEmail } from '../../prisma/seed';
import { ROUTINE_CHECKLIST_ITEMS } from '../../domain/routineChecklist';
import type { Actor } from '../../domain/roles';
import {
  calendarChangedSignal,
  completeRunUpdate,
  recordObservationUpdate,
  rectificationStatusQuery,
  routineRunStatusQuery,
  type CompleteRunInput,
  type RoutineRunInput,
} from '../../workflows/messages';
import { memberOf } from '../support/actors';
import { bundledOnly, calendarWith, enterNotice, madeUp2027 } from '../support/calendar';
import { untilPasses } from '../support/poll';
import { naturalDeadline } from '../support/campaigns';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, uniqueId, type World } from '../support/world';

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const groupLeaderOf = (groupId: string): Actor => ({ personId: `${groupId}-leader`, role: 'GROUP_LEADER', groupId });

/** The cycle row the API writes when it creates the Schedule, and a run started as the Schedule would start it. */
async function startRun(unitId = 'gongluju', groupId = 'g5', dueInWorkingDays = 5) {
  const cycleId = newRoutineCycleId('20261127') + uniqueId('');
  await world.db.routineCycle.create({
    data: { id: cycleId, scheduleId: routineScheduleId(unitId, cycleId), unitId, groupId, cadence: { kind: 'monthly', dueInWorkingDays }, state: 'active', createdById: 'staff-li' },
  });
  const input: RoutineRunInput = { cycleId, unitId, groupId, dueInWorkingDays };
  return world.env.client.workflow.start('routineRun', {
    taskQueue: world.taskQueue,
    workflowId: `${routineRunWorkflowIdPrefix(unitId, cycleId)}-test`,
    args: [input],
  });
}
type Run = Awaited<ReturnType<typeof startRun>>;

const observe = (run: Run, item: string, actor: Actor = memberOf('g5'), finding?: { title: string; detail?: string }) =>
  run.executeUpdate(recordObservationUpdate, { args: [{ actor, item, observation: `${item}：已查阅相关台账`, finding }] });
const observeAll = async (run: Run) => {
  for (const item of ROUTINE_CHECKLIST_ITEMS) await untilPasses(() => observe(run, item));
};
const childrenStarted = async (run: Run) =>
  (await run.fetchHistory()).events?.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length ?? 0;
const outbox = (workflowId: string) => world.db.emailOutbox.findMany({ where: { workflowId }, orderBy: [{ key: 'asc' }, { rung: 'asc' }] });

it('completes once every checklist item has an observation, with the row, audit and notice recorded', async () => {
  const run = await startRun();
  await observeAll(run);
  const view = await run.executeUpdate(completeRunUpdate, { args: [{ actor: groupLeaderOf('g5') }] });
  expect(view.state).toBe('completed');
  expect((await run.result()).state).toBe('completed');
  const row = await world.db.routineRun.findUniqueOrThrow({ where: { id: run.workflowId } });
  expect(row.state).toBe('completed');
  expect(Object.keys(row.observations as object).sort()).toEqual([...ROUTINE_CHECKLIST_ITEMS].sort());
  expect(row.deadlineAt.toISOString()).toBe(view.deadlineAt);
  const audit = await world.db.auditLog.findMany({
    where: { targetKind: 'routineRun', targetId: run.workflowId, action: { startsWith: 'routineRun.' } },
    orderBy: { id: 'asc' },
  });
  expect(audit.map((a) => a.action)).toEqual(['routineRun.opened', ...ROUTINE_CHECKLIST_ITEMS.map((i) => `routineRun.observation.${i}`), 'routineRun.completed']);
  const [notice] = await outbox(run.workflowId);
  expect(notice).toMatchObject({ key: 'notice', kind: 'routine_run_notice', recipients: ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local'] });
  expect(notice.subject).toMatch(/^【探头】常态监督：区公路局「常态监督（\d{4}-\d{2}-\d{2}）」，请于.+前逐项记录检查情况$/);
  expect(await childrenStarted(run)).toBe(0);
  await recordHistory('routineRun-completed', run);
});

it('refuses completion while items are missing, an unknown item, another group and a member completing', async () => {
  const run = await startRun();
  await untilPasses(() => observe(run, 'key_minority'));
  await expectRefused(run.executeUpdate(completeRunUpdate, { args: [{ actor: groupLeaderOf('g5') }] }), 'observations-missing');
  await expectRefused(observe(run, 'weather'), 'unknown-target');
  await expectRefused(observe(run, 'main_responsibility', memberOf('g3')), 'not-stationed-group');
  const view = await run.query(routineRunStatusQuery);
  expect(view.state).toBe('open');
  expect(Object.keys(view.observations)).toEqual(['key_minority']);
  for (const item of ROUTINE_CHECKLIST_ITEMS.slice(1)) await observe(run, item);
  await expectRefused(run.executeUpdate(completeRunUpdate, { args: [{ actor: memberOf('g5') }] }), 'not-group-leader');
  expect((await run.executeUpdate(completeRunUpdate, { args: [{ actor: groupLeaderOf('g5') }] })).state).toBe('completed');
});

it('records a finding raised by an observation as a Finding of the unit, sourced from the run', async () => {
  const run = await startRun();
  const view = await untilPasses(() => observe(run, 'major_decisions', memberOf('g5'), { title: '“三重一大”事项未经集体研究', detail: '2026年10月一项大额支出未上党组会' }));
  const findingId = routineFindingId(run.workflowId, 1);
  expect(view.observations.major_decisions?.findingId).toBe(findingId);
  expect(view.findingIds).toEqual([findingId]);
  const finding = await world.db.finding.findUniqueOrThrow({ where: { id: findingId } });
  expect(finding).toMatchObject({ unitId: 'gongluju', sourceKind: 'routineRun', sourceId: run.workflowId, title: '“三重一大”事项未经集体研究', state: 'open', recordedById: 'g5-member' });
  // two at once: each gets its own finding, and the row ends with every observation
  await Promise.all([
    observe(run, 'integrity_risks', memberOf('g5'), { title: '公车使用登记不全' }),
    observe(run, 'rectification', groupLeaderOf('g5'), { title: '上次巡察问题整改台账缺失' }),
  ]);
  const ids = [1, 2, 3].map((n) => routineFindingId(run.workflowId, n));
  expect((await world.db.finding.findMany({ where: { sourceId: run.workflowId }, orderBy: { id: 'asc' } })).map((f) => f.id)).toEqual(ids);
  const row = await world.db.routineRun.findUniqueOrThrow({ where: { id: run.workflowId } });
  expect(Object.keys(row.observations as object).sort()).toEqual(['integrity_risks', 'major_decisions', 'rectification']);
  await recordHistory('routineRun-finding-raised', run);
});

it('starts one rectification per finding when the leader completes the run, which tells the unit and outlives the run', async () => {
  const run = await startRun();
  const findings = [
    { item: 'major_decisions', title: '“三重一大”事项未经集体研究' },
    { item: 'integrity_risks', title: '公车使用登记不全' },
  ];
  for (const f of findings) await untilPasses(() => observe(run, f.item, memberOf('g5'), { title: f.title }));
  for (const item of ROUTINE_CHECKLIST_ITEMS.filter((i) => !findings.some((f) => f.item === i))) await observe(run, item);
  const raised = findings.map((f, i) => ({ id: routineFindingId(run.workflowId, i + 1), title: f.title }));
  const terms = { planDue: naturalDeadline(10, await world.env.currentTimeMs()), commissionLeaderId: 'deputy' };
  const complete = (rectification?: CompleteRunInput['rectification']) => run.executeUpdate(completeRunUpdate, { args: [{ actor: groupLeaderOf('g5'), rectification }] });
  // findings recorded but no terms to rectify them by: refused, so none goes unrectified
  await expectRefused(complete(), 'findings-unrectified');
  expect((await complete(terms)).state).toBe('completed');
  expect((await run.result()).state).toBe('completed');
  expect(await childrenStarted(run)).toBe(2);

  for (const finding of raised) {
    const child = world.env.client.workflow.getHandle(rectificationWorkflowId(finding.id));
    const row = await untilPasses(() => world.db.rectification.findUniqueOrThrow({ where: { id: child.workflowId }, include: { finding: true } }));
    expect(row).toMatchObject({ state: 'awaiting_plan', unitId: 'gongluju', groupId: 'g5', deadlineAt: new Date(terms.planDue.deadlineAt), finding: { title: finding.title, sourceKind: 'routineRun', sourceId: run.workflowId } });
    expect((await child.describe()).status.name).toBe('RUNNING');
    expect(await child.query(rectificationStatusQuery)).toMatchObject({ findingId: finding.id, state: 'awaiting_plan' });
    const notice = await untilPasses(() => world.db.emailOutbox.findFirstOrThrow({ where: { workflowId: child.workflowId, key: 'notice', status: 'sent' } }));
    expect(notice.recipients).toContain(demoEmail('gongluju-contact'));
    const [mail] = await world.sink.waitFor((m) => m.messageId === notice.messageId);
    expect(mail.envelopeTo).toContain(demoEmail('gongluju-contact'));
    expect(mail.subject).toBe(`【探头】整改通知：区公路局问题「${finding.title}」，整改方案请于${formatShanghai(terms.planDue.deadlineAt)}前提交`);
    expect(mail.text).toMatch(/督查主题：常态监督（\d{4}-\d{2}-\d{2}）/);
  }
  await recordHistory('routineRun-finding-rectified', run);
});

it('reminds the group, then escalates to its members, its leader and the commission leader, each rung once', async () => {
  const run = await startRun();
  await untilPasses(() => run.query(routineRunStatusQuery));
  await world.sleep('40 days', run);
  const rows = await outbox(run.workflowId);
  expect(rows.map((r) => [r.key, r.rung, r.kind, r.recipients])).toEqual([
    ['due', 0, 'routine_run_reminder', ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local']],
    ['due', 1, 'routine_run_overdue', ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local']],
    ['due', 2, 'routine_run_overdue', ['g5-leader@demo.tantou.local']],
    ['due', 3, 'routine_run_overdue', ['deputy@demo.tantou.local']],
    ['notice', 0, 'routine_run_notice', ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local']],
  ]);
  const plan = await run.query(routineRunStatusQuery);
  expect(plan.rungsFired).toEqual([0, 1, 2, 3]);
  expect(rows.every((r) => r.status === 'sent')).toBe(true);
  expect(world.sink.messages().filter((m) => m.subject.includes('逾期催办'))).toHaveLength(3);
  await world.sleep('40 days', run);
  expect(await outbox(run.workflowId)).toHaveLength(5);
  await observeAll(run);
  expect((await run.executeUpdate(completeRunUpdate, { args: [{ actor: groupLeaderOf('g5') }] })).state).toBe('completed');
  await recordHistory('routineRun-overdue-then-completed', run);
});

it('records a problem and tells the group once when the run starts in a year without holiday data, and waits for it', async () => {
  // the tests' calendar ends with 2027 (test/support/calendar.ts): move the test server's clock past it
  await world.env.sleep('800 days');
  const run = await startRun();
  const view = await untilPasses(async () => {
    const v = await run.query(routineRunStatusQuery);
    expect(v).toMatchObject({ state: 'calendar_missing', deadlineAt: null, missingYear: expect.any(Number) });
    return v;
  });
  await world.sleep('3 days', run); // re-planned daily, told once
  const row = await world.db.routineRun.findUniqueOrThrow({ where: { id: run.workflowId } });
  expect(row.state).toBe('calendar_missing');
  const [mail, ...rest] = await outbox(run.workflowId);
  expect(rest).toEqual([]);
  expect(mail).toMatchObject({ kind: 'routine_run_calendar_missing', recipients: ['g5-leader@demo.tantou.local', 'g5-member@demo.tantou.local'] });
  expect(mail.body).toContain(`缺少${view.missingYear}年法定节假日数据`);
  expect(mail.body).toContain('自动恢复');
  await expectRefused(observe(run, 'key_minority'), 'wrong-state');
  await recordHistory('routineRun-calendar-missing', run);
});

it('a parked routine run resumes when its year is entered: deadline planned, notice once, projection and audit', async () => {
  await world.teardown();
  world = await startWorld(timeSkippingEnv, bundledOnly); // no 2027 until the test enters a made-up one
  const dueInWorkingDays = 25; // from any day of December 2026, into 2027
  const run = await startRun('gongluju', 'g5', dueInWorkingDays);
  const parked = await untilPasses(async () => {
    const v = await run.query(routineRunStatusQuery);
    expect(v).toMatchObject({ state: 'calendar_missing', missingYear: 2027 });
    return v;
  });
  const change = await enterNotice(world.db, madeUp2027);
  await run.signal(calendarChangedSignal, change);
  const expected = calendarWith(madeUp2027, bundledOnly).deadlineInWorkingDays(new Date(parked.startedAt), dueInWorkingDays).toISOString();
  const resumed = await untilPasses(async () => {
    const v = await run.query(routineRunStatusQuery);
    expect(v).toMatchObject({ state: 'open', deadlineAt: expected });
    return v;
  });
  expect(resumed.missingYear).toBeUndefined();
  expect(expected.startsWith('2027-')).toBe(true);
  await world.settled(run);
  const mails = async () => (await outbox(run.workflowId)).map((m) => [m.key, m.kind]);
  expect(await mails()).toEqual([
    ['calendar-missing', 'routine_run_calendar_missing'],
    ['notice', 'routine_run_notice'],
  ]);
  const row = await world.db.routineRun.findUniqueOrThrow({ where: { id: run.workflowId } });
  expect(row).toMatchObject({ state: 'open', version: resumed.version });
  expect(row.deadlineAt.toISOString()).toBe(expected);
  const audit = async () =>
    (await world.db.auditLog.findMany({ where: { targetKind: 'routineRun', targetId: run.workflowId, action: { startsWith: 'routineRun.' } }, orderBy: { id: 'asc' } })).map((a) => [
      a.action,
      (a.detail as { state: string }).state,
    ]);
  expect(await audit()).toEqual([
    ['routineRun.calendar_missing', 'calendar_missing'],
    ['routineRun.calendar_resumed', 'open'],
  ]);

  // the same change again (a retried calendarChange) is taken once: nothing moves
  await run.signal(calendarChangedSignal, change);
  await world.settled(run);
  expect((await run.query(routineRunStatusQuery)).version).toBe(resumed.version);
  expect(await mails()).toHaveLength(2);
  expect(await audit()).toHaveLength(2);
  // and it goes on as any run: observed and completed
  await observeAll(run);
  expect((await run.executeUpdate(completeRunUpdate, { args: [{ actor: groupLeaderOf('g5') }] })).state).toBe('completed');
  await recordHistory('routineRun-calendar-resumed', run);
});

it('re-plans a running deadline when its year changes: the event and audit say from and to, each rung still fires once', async () => {
  const run = await startRun('gongluju', 'g5', 25); // from any day of December 2026 into 2027
  const before = await untilPasses(async () => {
    const v = await run.query(routineRunStatusQuery);
    expect(v.state).toBe('open');
    return v;
  });
  // the made-up 2027 with 元旦 stretched over Monday 4 January: every working day after it moves by one
  const amended = { ...madeUp2027, holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-04', statutoryDays: 1 }, ...madeUp2027.holidays.slice(1)] };
  const change = await enterNotice(world.db, amended);
  const to = calendarWith(amended).deadlineInWorkingDays(new Date(before.startedAt), 25).toISOString();
  expect(to).not.toBe(before.deadlineAt);
  await run.signal(calendarChangedSignal, change);
  await untilPasses(async () => expect((await run.query(routineRunStatusQuery)).deadlineAt).toBe(to));
  await world.settled(run);
  expect((await world.db.routineRun.findUniqueOrThrow({ where: { id: run.workflowId } })).deadlineAt.toISOString()).toBe(to);
  const replanned = await world.db.auditLog.findMany({ where: { targetId: run.workflowId, action: 'routineRun.deadline_replanned' } });
  expect(replanned.map((a) => a.detail)).toEqual([{ state: 'open', year: 2027, version: 1, from: before.deadlineAt, to }]);

  await world.sleep('60 days', run);
  const dues = (await outbox(run.workflowId)).filter((m) => m.key === 'due');
  expect(dues.map((m) => m.rung)).toEqual([0, 1, 2, 3]);
  expect(dues[1].dueAt?.toISOString()).toBe(to); // rung 1 is at the deadline: the new one
  expect(dues[1].firedAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(to)); // and not at the old one, a working day earlier
  await observeAll(run);
  expect((await run.executeUpdate(completeRunUpdate, { args: [{ actor: groupLeaderOf('g5') }] })).state).toBe('completed');
  await recordHistory('routineRun-deadline-replanned', run);
});
