import request from 'supertest';
import { bundledOnly, enterNotice, madeUp2027 } from '../support/calendar';
import { startStack, type Stack } from './stack';

// /health's calendar warning (日历预警), on the bundled data alone: 2027 is missing until staff enter it.
let stack: Stack;
let now = new Date('2026-11-16T02:00:00Z');
beforeAll(async () => {
  stack = await startStack({ calendar: bundledOnly, clock: () => now });
});
afterAll(() => stack?.stop());

const health = async () => (await request(stack.app).get('/health').expect(200)).body as { status: string; warnings: unknown[] };

it('warns from 1 November that 2027 is missing, naming the first day a 2 工作日 deadline reaches it, and stays ok', async () => {
  now = new Date('2026-11-16T02:00:00Z');
  expect(await health()).toMatchObject({
    status: 'ok',
    warnings: [
      {
        kind: 'calendar-year-missing',
        year: 2027,
        // SELF_SUPERVISION_DUE_WORKING_DAYS (2) is the shortest period configured: from Wednesday 30 December it ends in 2027
        firstDeadline: { kind: 'floor', id: '2-working-days', date: '2026-12-30', parked: false, message: '2026-12-30起发起的2个工作日期限的截止日将落入2027年' },
        message: expect.stringContaining('2027年法定节假日安排尚未录入'),
      },
    ],
  });
});

it('names a routine run already parked on 2027 before anything still to come', async () => {
  now = new Date('2026-12-22T02:00:00Z');
  const cycle = { id: 'CG-20261201-0badf0', unitId: 'jiaoyunju', groupId: 'g5' };
  await stack.db.routineCycle.create({
    data: { ...cycle, scheduleId: `routine/jiaoyunju/${cycle.id}`, cadence: { kind: 'monthly', dueInWorkingDays: 10 }, state: 'active', createdById: 'staff-li' },
  });
  const runId = `routine/jiaoyunju/${cycle.id}/run-2026-12-21T01:00:00Z`;
  await stack.db.routineRun.create({
    data: { id: runId, cycleId: cycle.id, unitId: 'jiaoyunju', groupId: 'g5', state: 'calendar_missing', deadlineAt: new Date('2026-12-21T01:00:00Z'), createdAt: new Date('2026-12-21T01:00:00Z') },
  });
  try {
    const [warning] = (await health()).warnings;
    expect(warning).toMatchObject({ year: 2027, firstDeadline: { kind: 'routineRun', id: runId, date: '2026-12-21', parked: true } });
    expect((warning as { firstDeadline: { message: string } }).firstDeadline.message).toBe('常态监督（区交通运输局，2026-12-21 发起）已因缺少2027年节假日安排暂停，录入后即恢复');
  } finally {
    await stack.db.routineCycle.delete({ where: { id: cycle.id } });
  }
});

it('has no warning before November, nor once 2027 is entered (a made-up 2027 here)', async () => {
  now = new Date('2026-10-31T15:59:00Z'); // 23:59 on 31 October in Beijing
  expect(await health()).toMatchObject({ status: 'ok', warnings: [] });
  now = new Date('2026-11-16T02:00:00Z');
  await enterNotice(stack.db, madeUp2027, { announced: true });
  expect(await health()).toMatchObject({ status: 'ok', warnings: [] });
});
