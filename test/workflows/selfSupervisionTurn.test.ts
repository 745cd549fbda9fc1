import pino from 'pino';
import { createSelfSupervisionActivities } from '../../activities/selfSupervision';
import { newSelfSupervisionRotaId, selfSupervisionScheduleId, selfSupervisionTurnWorkflowIdPrefix } from '../../domain/ids';
import type { Actor } from '../../domain/roles';
import { calendarChangedSignal, fileRecordUpdate, selfSupervisionTurnStatusQuery, type SelfSupervisionTurnInput } from '../../workflows/messages';
import { untilPasses } from '../support/poll';
import { bundledOnly, calendarWith, enterNotice, madeUp2027, testCalendars } from '../support/calendar';
import { recordHistory } from '../support/histories';
import { expectRefused } from '../support/refusals';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, uniqueId, type World } from '../support/world';

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const mail = (personId: string) => `${personId}@demo.tantou.local`;
const unitPerson = (personId: string): Actor => ({ personId, role: personId.endsWith('-leader') ? 'UNIT_LEADER' : 'UNIT_MEMBER', unitId: 'gongluju' });
const GROUP = [mail('g5-leader'), mail('g5-member')];

/** The rota row the API writes with its Schedule, and a turn started as the Schedule would start it. */
async function createRota(memberIds: string[]) {
  const rotaId = newSelfSupervisionRotaId('20261127') + uniqueId('');
  await world.db.selfSupervisionRota.create({
    data: { id: rotaId, scheduleId: selfSupervisionScheduleId('gongluju', rotaId), unitId: 'gongluju', groupId: 'g5', memberIds, cadence: { kind: 'weekly', dueInWorkingDays: 2 }, state: 'active', createdById: 'staff-li' },
  });
  return rotaId;
}
function startTurn(rotaId: string, n = 1, dueInWorkingDays = 2) {
  const input: SelfSupervisionTurnInput = { rotaId, unitId: 'gongluju', groupId: 'g5', dueInWorkingDays };
  return world.env.client.workflow.start('selfSupervisionTurn', {
    taskQueue: world.taskQueue,
    workflowId: `${selfSupervisionTurnWorkflowIdPrefix('gongluju', rotaId)}-test-${n}`,
    args: [input],
  });
}
type Turn = Awaited<ReturnType<typeof startTurn>>;

const file = (turn: Turn, personId: string, record = '带队检查办公室、财务科：2人迟到，已当场提醒') =>
  turn.executeUpdate(fileRecordUpdate, { args: [{ actor: unitPerson(personId), record }] });
const outbox = (workflowId: string) => world.db.emailOutbox.findMany({ where: { workflowId }, orderBy: [{ key: 'asc' }, { rung: 'asc' }] });
const auditOf = async (workflowId: string) =>
  (await world.db.auditLog.findMany({ where: { targetKind: 'selfSupervisionTurn', targetId: workflowId, action: { startsWith: 'selfSupervisionTurn.' } }, orderBy: { id: 'asc' } })).map((a) => a.action);

it('gives the turn to the first member, who alone files the record in time: no rung fires, row and audit recorded', async () => {
  const rotaId = await createRota(['gongluju-member1', 'gongluju-leader', 'gongluju-member2']);
  const turn = await startTurn(rotaId);
  const open = await untilPasses(() => turn.query(selfSupervisionTurnStatusQuery));
  expect(open).toMatchObject({ turn: 1, memberId: 'gongluju-member1', state: 'open' });
  await expectRefused(file(turn, 'gongluju-member2'), 'not-member-on-duty');
  await expectRefused(file(turn, 'gongluju-member1', '  '), 'text-missing');
  const filed = await file(turn, 'gongluju-member1');
  expect(filed).toMatchObject({ state: 'filed', record: '带队检查办公室、财务科：2人迟到，已当场提醒', filedAt: expect.any(String) });
  await expect(file(turn, 'gongluju-member1')).rejects.toThrow();
  expect((await turn.result()).state).toBe('filed');
  await world.sleep('40 days', turn);

  const row = await world.db.selfSupervisionTurn.findUniqueOrThrow({ where: { id: turn.workflowId } });
  expect(row).toMatchObject({ rotaId, turn: 1, memberId: 'gongluju-member1', state: 'filed', record: filed.record, version: 1 });
  expect(row.deadlineAt?.toISOString()).toBe(filed.deadlineAt);
  expect(await auditOf(turn.workflowId)).toEqual(['selfSupervisionTurn.assigned', 'selfSupervisionTurn.filed']);
  const rows = await outbox(turn.workflowId);
  expect(rows.map((r) => [r.key, r.rung, r.kind, r.recipients])).toEqual([['notice', 0, 'self_supervision_notice', [mail('gongluju-member1')]]]);
  expect(rows[0].subject).toMatch(/^【探头】自我监督：区公路局「自我监督第1次（\d{4}-\d{2}-\d{2}，带队：班子成员\d+-1号）」轮到您带队检查，请于.+（北京时间）前提交检查记录$/);
  const page = `/self-supervision-turns/${encodeURIComponent(turn.workflowId)}`;
  expect(rows[0].body).toContain(`办理入口：http://tantou.test/console/open?path=${encodeURIComponent(page)}\n接口：http://tantou.test${page}\n`);
  await recordHistory('selfSupervisionTurn-filed', turn);
});

it('reminds the member, then at the deadline the member, the 一把手 and the group, each once, and ends as missed', async () => {
  const rotaId = await createRota(['gongluju-member1', 'gongluju-leader']);
  const turn = await startTurn(rotaId);
  await untilPasses(() => turn.query(selfSupervisionTurnStatusQuery));
  // a second turn beside it (a trigger while a turn is open) goes to the next member, the 一把手
  const second = await startTurn(rotaId, 2);
  await untilPasses(() => second.query(selfSupervisionTurnStatusQuery));
  await world.sleep('40 days', turn, second);
  const view = await turn.result();
  expect(view).toMatchObject({ state: 'missed', rungsFired: [0, 1, 2, 3], record: null });
  const rows = await outbox(turn.workflowId);
  expect(rows.map((r) => [r.key, r.rung, r.kind, r.recipients, r.status])).toEqual([
    ['due', 0, 'self_supervision_reminder', [mail('gongluju-member1')], 'sent'],
    ['due', 1, 'self_supervision_overdue', [mail('gongluju-member1')], 'sent'],
    ['due', 2, 'self_supervision_overdue', [mail('gongluju-leader')], 'sent'],
    ['due', 3, 'self_supervision_overdue', GROUP, 'sent'],
    ['notice', 0, 'self_supervision_notice', [mail('gongluju-member1')], 'sent'],
  ]);
  // the real SMTP sink got each mail once
  const overdue = world.sink.messages().filter((m) => m.subject.includes('自我监督第1次') && m.subject.includes('逾期催办'));
  expect(overdue.map((m) => m.subject.match(/第(\d)级/)?.[1])).toEqual(['1', '2', '3']);
  expect(rows[3].body).toContain('督办级别：第3级（通知派驻组全体成员）');
  expect((await world.db.selfSupervisionTurn.findUniqueOrThrow({ where: { id: turn.workflowId } })).state).toBe('missed');
  expect(await auditOf(turn.workflowId)).toEqual(['selfSupervisionTurn.assigned', 'selfSupervisionTurn.missed']);

  // the 一把手 on duty is not told a second time at the 一把手 rung
  expect(await second.result()).toMatchObject({ turn: 2, memberId: 'gongluju-leader', state: 'missed' });
  const leaderRung = (await outbox(second.workflowId)).find((r) => r.key === 'due' && r.rung === 2);
  expect(leaderRung).toMatchObject({ recipients: [], status: 'no_recipient' });
  await recordHistory('selfSupervisionTurn-missed', turn);
});

it('assigns turns in member order, and a retried assignment gets the same turn', async () => {
  const rotaId = await createRota(['gongluju-leader', 'gongluju-member1']);
  const activities = createSelfSupervisionActivities({ db: world.db, calendars: testCalendars(world.db), logger: pino({ level: 'silent' }) } as never);
  const assign = (n: number) =>
    activities.assignSelfSupervisionTurn({ workflowId: `${rotaId}/t${n}`, rotaId, unitId: 'gongluju', groupId: 'g5', startedAt: '2026-11-30T01:00:00.000Z', dueInWorkingDays: 2 });
  const turns = [await assign(1), await assign(2), await assign(3), await assign(2)];
  expect(turns.map((t) => [t.turn, t.memberId])).toEqual([
    [1, 'gongluju-leader'],
    [2, 'gongluju-member1'],
    [3, 'gongluju-leader'],
    [2, 'gongluju-member1'],
  ]);
  // Monday 09:00 + 2 working days: due at the end of Wednesday, Beijing time
  expect(turns[0]).toMatchObject({ ok: true, plan: { deadlineAt: '2026-12-02T16:00:00.000Z' } });
  expect(await world.db.selfSupervisionTurn.count({ where: { rotaId } })).toBe(3);
});

it('tells the group once and waits when the turn starts in a year without holiday data', async () => {
  // the tests' calendar ends with 2027 (test/support/calendar.ts): move the test server's clock past it
  await world.env.sleep('800 days');
  const rotaId = await createRota(['gongluju-member1']);
  const turn = await startTurn(rotaId);
  const view = await untilPasses(async () => {
    const v = await turn.query(selfSupervisionTurnStatusQuery);
    expect(v).toMatchObject({ state: 'calendar_missing', deadlineAt: null, memberId: 'gongluju-member1', missingYear: expect.any(Number) });
    return v;
  });
  await world.sleep('3 days', turn); // re-planned daily, told once
  expect((await world.db.selfSupervisionTurn.findUniqueOrThrow({ where: { id: turn.workflowId } })).state).toBe('calendar_missing');
  const [only, ...rest] = await outbox(turn.workflowId);
  expect(rest).toEqual([]);
  expect(only).toMatchObject({ kind: 'self_supervision_calendar_missing', recipients: GROUP });
  expect(only.body).toContain(`缺少${view.missingYear}年法定节假日数据`);
  await expectRefused(file(turn, 'gongluju-member1'), 'wrong-state');
  await recordHistory('selfSupervisionTurn-calendar-missing', turn);
});

it('a parked turn resumes with its member when its year is entered, once', async () => {
  await world.teardown();
  world = await startWorld(timeSkippingEnv, bundledOnly); // no 2027 until the test enters a made-up one
  const rotaId = await createRota(['gongluju-member1', 'gongluju-leader']);
  const turn = await startTurn(rotaId, 1, 25); // from any day of December 2026 into 2027
  const parked = await untilPasses(async () => {
    const v = await turn.query(selfSupervisionTurnStatusQuery);
    expect(v).toMatchObject({ state: 'calendar_missing', missingYear: 2027, turn: 1, memberId: 'gongluju-member1' });
    return v;
  });
  const change = await enterNotice(world.db, madeUp2027);
  const expected = calendarWith(madeUp2027, bundledOnly).deadlineInWorkingDays(new Date(parked.startedAt), 25).toISOString();
  const signalled = async () => {
    await turn.signal(calendarChangedSignal, change);
    await untilPasses(async () => expect(await turn.query(selfSupervisionTurnStatusQuery)).toMatchObject({ state: 'open', deadlineAt: expected, turn: 1, memberId: 'gongluju-member1' }));
    await world.settled(turn);
  };
  await signalled();
  await signalled(); // the same change again is taken once: nothing below moves
  const row = await world.db.selfSupervisionTurn.findUniqueOrThrow({ where: { id: turn.workflowId } });
  expect(row).toMatchObject({ turn: 1, memberId: 'gongluju-member1', state: 'open' });
  expect(row.deadlineAt?.toISOString()).toBe(expected);
  expect(await world.db.selfSupervisionTurn.count({ where: { rotaId } })).toBe(1);
  expect(await auditOf(turn.workflowId)).toEqual(['selfSupervisionTurn.assigned', 'selfSupervisionTurn.calendar_resumed']);
  expect((await outbox(turn.workflowId)).map((r) => [r.key, r.kind, r.recipients])).toEqual([
    ['calendar-missing', 'self_supervision_calendar_missing', GROUP],
    ['notice', 'self_supervision_notice', [mail('gongluju-member1')]],
  ]);
  expect((await file(turn, 'gongluju-member1')).state).toBe('filed');
  await recordHistory('selfSupervisionTurn-calendar-resumed', turn);
});
