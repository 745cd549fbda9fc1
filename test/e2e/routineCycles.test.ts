import { ScheduleNotFoundError } from '@temporalio/client';
import request from 'supertest';
import { routineScheduleId } from '../../domain/ids';
import { demoToken } from '../../prisma/seed';
import { countSchedules, eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const HOUR = 3_600_000;
const send = (method: 'patch' | 'delete', path: string, personId: string, body?: object) =>
  request(stack.app)[method](path).set('Authorization', `Bearer ${demoToken(personId)}`).send(body);
const create = (body: object, as = 'staff-li') => stack.as(as).post('/routine-cycles', body);
const detail = async (id: string) => (await stack.as('staff-li').get(`/routine-cycles/${id}`).expect(200)).body;
// the API gives the Schedule 3 s to answer and says `available: false` otherwise (a loaded CI machine)
const scheduleView = (id: string): Promise<{ nextRunTimes: string[]; paused: boolean }> =>
  eventually(async () => {
    const { schedule } = await detail(id);
    return schedule.available && schedule.view;
  }, { what: `the Schedule of ${id} to answer` });
const nextRuns = async (id: string) => (await scheduleView(id)).nextRunTimes;

/** 09:00 in Shanghai on the 1st of the first month from `months` not before now: 01:00Z that day. */
function firstOfMonthAt0900Shanghai(months: readonly number[], now = Date.now()): string[] {
  const shanghai = new Date(now + 8 * HOUR);
  const found: string[] = [];
  for (let m = shanghai.getUTCMonth(); found.length < 2; m++) {
    const at = Date.UTC(shanghai.getUTCFullYear(), m, 1, 1);
    if (at > now && months.includes(new Date(at).getUTCMonth())) found.push(new Date(at).toISOString());
  }
  return found;
}

it('creates a monthly cycle on a Schedule in Asia/Shanghai, pauses, resumes, triggers a run, changes its cadence and deletes it', async () => {
  const created = await create({ unitIds: ['gongluju'], cadence: { kind: 'monthly' }, dueInWorkingDays: 5 }).expect(201);
  const [cycle] = created.body.items;
  expect(cycle).toMatchObject({ unitId: 'gongluju', groupId: 'g5', state: 'active', cadence: { kind: 'monthly' }, dueInWorkingDays: 5, timezone: 'Asia/Shanghai' });
  expect(cycle.scheduleId).toBe(routineScheduleId('gongluju', cycle.id));

  // the Schedule itself: spec in Shanghai, the overlap policy and catch-up window the README states
  const schedule = await stack.env.client.schedule.getHandle(cycle.scheduleId).describe();
  expect(schedule.spec.timezone).toBe('Asia/Shanghai');
  expect(schedule.policies).toMatchObject({ overlap: 'BUFFER_ONE', catchupWindow: 86_400_000 });
  expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'routineRun' });
  const monthly = firstOfMonthAt0900Shanghai([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  expect((await nextRuns(cycle.id)).slice(0, 2)).toEqual(monthly);

  await stack.as('g5-leader').post(`/routine-cycles/${cycle.id}/pause`).expect(200);
  expect((await scheduleView(cycle.id)).paused).toBe(true);
  expect((await detail(cycle.id)).state).toBe('paused');
  await stack.as('staff-li').post(`/routine-cycles/${cycle.id}/resume`).expect(200);
  expect(await detail(cycle.id)).toMatchObject({ state: 'active', schedule: { available: true, view: { paused: false } } });

  const triggered = await stack.as('staff-li').post(`/routine-cycles/${cycle.id}/trigger`).expect(202);
  expect(triggered.headers.location).toBe(`/routine-cycles/${cycle.id}/runs`);
  const [run] = await eventually(async () => {
    const { items } = (await stack.as('g5-member').get(`/routine-cycles/${cycle.id}/runs`).expect(200)).body;
    return items.length ? items : undefined;
  }, { what: 'the triggered run' });
  expect(run).toMatchObject({ cycleId: cycle.id, unitId: 'gongluju', state: 'open' });
  expect(run.id.startsWith(`${cycle.scheduleId}/run-`)).toBe(true);
  const runPath = `/routine-runs/${encodeURIComponent(run.id)}`;
  const runDetail = (await stack.as('g5-member').get(runPath).expect(200)).body;
  expect(runDetail.checklist.map((c: { label: string }) => c.label)).toEqual(['关键少数（一把手）', '主体责任', '党风廉政建设', '“三重一大”事项', '廉政风险点防控', '整改落实', '一岗双责']);
  expect(runDetail.workflow).toMatchObject({ available: true, view: { state: 'open', deadlineAt: run.deadlineAt } });
  // 我的待办 states what the run's deadline counted: its working days from the run's start (5 here)
  const { items: owed } = (await stack.as('g5-member').get('/me/tasks?kind=routineRun.record&pageSize=100').expect(200)).body;
  expect(owed.find((i: { process: { id: string } }) => i.process.id === run.id)?.dueRule).toMatch(/^\d+月\d+日后 5 个工作日/);

  const observed = await stack.as('g5-member').post(`${runPath}/observations`, { item: 'key_minority', observation: '查阅党组会议记录', finding: { title: '一把手未末位表态' } }).expect(200);
  expect(observed.body.findingIds).toEqual([`${run.id}/finding/1`]);
  expect(await stack.db.finding.findUnique({ where: { id: `${run.id}/finding/1` } })).toMatchObject({ sourceKind: 'routineRun', sourceId: run.id });
  expectProblem(await stack.as('g5-member').post(`${runPath}/complete`), 403);
  expectProblem(await stack.as('g5-leader').post(`${runPath}/complete`), 409);
  expectProblem(await stack.as('g3-member').post(`${runPath}/observations`, { item: 'key_minority', observation: '越权' }), 404);

  // every Monday 08:30 in Shanghai is Monday 00:30Z
  const changed = await send('patch', `/routine-cycles/${cycle.id}`, 'staff-li', { cadence: { kind: 'cron', cron: '30 8 * * MON' } }).expect(200);
  expect(changed.body).toMatchObject({ cadence: { kind: 'cron', cron: '30 8 * * MON' }, dueInWorkingDays: 5 });
  const weekly = await nextRuns(cycle.id);
  expect(weekly).not.toEqual(monthly);
  for (const at of weekly) expect([new Date(at).getUTCDay(), new Date(at).toISOString().slice(11, 19)]).toEqual([1, '00:30:00']);
  expect(Date.parse(weekly[0]) - Date.now()).toBeLessThanOrEqual(7 * 24 * HOUR);

  const deleted = await send('delete', `/routine-cycles/${cycle.id}`, 'staff-li').expect(200);
  expect(deleted.body).toMatchObject({ state: 'deleted', schedule: { available: false } });
  await expect(stack.env.client.schedule.getHandle(cycle.scheduleId).describe()).rejects.toThrow(ScheduleNotFoundError);
  expect((await stack.db.routineCycle.findUniqueOrThrow({ where: { id: cycle.id } })).state).toBe('deleted');
  expectProblem(await stack.as('staff-li').post(`/routine-cycles/${cycle.id}/trigger`), 409);
  const audit = await stack.db.auditLog.findMany({ where: { targetKind: 'routineCycle', targetId: cycle.id }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual([
    'routineCycle.created',
    'routineCycle.paused',
    'routineCycle.resumed',
    'routineCycle.triggered',
    'routineCycle.cadence_changed',
    'routineCycle.deleted',
  ]);
});

it("gives every unit of the group leader's own group a quarterly cycle, next on the 1st of January, April, July or October", async () => {
  const created = await create({ groupId: 'g5', cadence: { kind: 'quarterly' } }, 'g5-leader').expect(201);
  expect(created.body.items.map((c: { unitId: string }) => c.unitId).sort()).toEqual(['gongluju', 'jiaoyunju']);
  for (const cycle of created.body.items) {
    expect(cycle.dueInWorkingDays).toBe(10);
    expect((await nextRuns(cycle.id)).slice(0, 2)).toEqual(firstOfMonthAt0900Shanghai([0, 3, 6, 9]));
    await send('delete', `/routine-cycles/${cycle.id}`, 'g5-leader').expect(200);
  }
  const listed = (await stack.as('g5-member').get('/routine-cycles?state=deleted').expect(200)).body.items;
  expect(listed.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(created.body.items.map((c: { id: string }) => c.id)));
  expect((await stack.as('g3-member').get('/routine-cycles').expect(200)).body.items.filter((c: { groupId: string }) => c.groupId === 'g5')).toEqual([]);
  // a unit filter narrows the caller's scope, it does not lift it
  expect((await stack.as('g3-member').get('/routine-cycles?unitId=gongluju').expect(200)).body.items).toEqual([]);
});

it('completing a run with a finding starts its rectification, which the unit sees in GET /rectifications', async () => {
  const [cycle] = (await create({ unitIds: ['zhujianju'], cadence: { kind: 'monthly' } }).expect(201)).body.items;
  await stack.as('staff-li').post(`/routine-cycles/${cycle.id}/trigger`).expect(202);
  const [run] = await eventually(async () => {
    const { items } = (await stack.as('g6-member').get(`/routine-cycles/${cycle.id}/runs`).expect(200)).body;
    return items.length ? items : undefined;
  }, { what: 'the triggered run' });
  const runPath = `/routine-runs/${encodeURIComponent(run.id)}`;
  const { checklist } = (await stack.as('g6-member').get(runPath).expect(200)).body;
  for (const { item } of checklist as { item: string }[]) {
    const finding = item === 'integrity_risks' ? { finding: { title: '执法车辆节假日未封存', detail: '国庆期间2辆执法车未入库' } } : {};
    await stack.as('g6-member').post(`${runPath}/observations`, { item, observation: '查阅台账并现场核对', ...finding }).expect(200);
  }
  // without a commission leader over the group the rectification would escalate to nobody: refused, saying so
  await stack.db.person.update({ where: { id: 'g6-leader' }, data: { superiorId: null } });
  const refused = await stack.as('g6-leader').post(`${runPath}/complete`);
  await stack.db.person.update({ where: { id: 'g6-leader' }, data: { superiorId: 'deputy' } });
  expectProblem(refused, 409);
  expect(refused.body.type).toBe('urn:tantou:problem:no-commission-leader');
  // a superior who is not a commission leader is not one either: the same rule, the same answer
  await stack.db.person.update({ where: { id: 'g6-leader' }, data: { superiorId: 'staff-chen' } });
  const notALeader = await stack.as('g6-leader').post(`${runPath}/complete`);
  await stack.db.person.update({ where: { id: 'g6-leader' }, data: { superiorId: 'deputy' } });
  expectProblem(notALeader, 409);
  expect(notALeader.body.type).toBe('urn:tantou:problem:no-commission-leader');
  expect((await stack.as('g6-leader').post(`${runPath}/complete`).expect(200)).body.state).toBe('completed');

  const findingId = `${run.id}/finding/1`;
  const [listed] = await eventually(async () => {
    const { items } = (await stack.as('zhujianju-contact').get('/rectifications?unitId=zhujianju').expect(200)).body;
    return items.length ? items : undefined;
  }, { what: 'the rectification in the list' });
  expect(listed).toMatchObject({ findingId, title: '执法车辆节假日未封存', unitId: 'zhujianju', groupId: 'g6', state: 'awaiting_plan' });
  const detail = (await stack.as('g6-member').get(`/rectifications/${encodeURIComponent(findingId)}`).expect(200)).body;
  expect(detail).toMatchObject({ source: { kind: 'routineRun', id: run.id }, detail: '国庆期间2辆执法车未入库' });
  await send('delete', `/routine-cycles/${cycle.id}`, 'staff-li').expect(200);
});

it('refuses a bad cron naming the field, and callers outside staff and the unit’s group leader, creating nothing', async () => {
  const before = { cycles: await stack.db.routineCycle.count(), schedules: await countSchedules(stack) };
  expectProblem(await create({ unitIds: ['gongluju'], cadence: { kind: 'cron', cron: '0 25 * * *' } }), 400, 'cadence.cron');
  expectProblem(await create({ unitIds: ['gongluju'], cadence: { kind: 'cron', cron: '0 9 * *' } }), 400, 'cadence.cron');
  expectProblem(await create({ unitIds: ['gongluju'], groupId: 'g5', cadence: { kind: 'monthly' } }), 400, 'unitIds');
  expectProblem(await create({ unitIds: ['gongluju'], cadence: { kind: 'monthly' } }, 'g5-member'), 403);
  expectProblem(await create({ unitIds: ['gongluju'], cadence: { kind: 'monthly' } }, 'gongluju-contact'), 403);
  expectProblem(await create({ unitIds: ['gongluju'], cadence: { kind: 'monthly' } }, 'deputy'), 403);
  expectProblem(await create({ unitIds: ['jiaoyunju', 'weijiju'], cadence: { kind: 'monthly' } }, 'g5-leader'), 403);
  expectProblem(await create({ unitIds: ['nosuchunit'], cadence: { kind: 'monthly' } }), 422, 'unitIds.0');
  expect({ cycles: await stack.db.routineCycle.count(), schedules: await countSchedules(stack) }).toEqual(before);

  const [cycle] = (await create({ unitIds: ['weijiju'], cadence: { kind: 'monthly' } }).expect(201)).body.items;
  expectProblem(await stack.as('g3-member').post(`/routine-cycles/${cycle.id}/pause`), 403);
  expectProblem(await stack.as('g5-leader').post(`/routine-cycles/${cycle.id}/pause`), 404);
  expectProblem(await send('patch', `/routine-cycles/${cycle.id}`, 'g3-leader', { cadence: { kind: 'cron', cron: '61 * * * *' } }), 400, 'cadence.cron');
  expect((await scheduleView(cycle.id)).paused).toBe(false);
  await send('delete', `/routine-cycles/${cycle.id}`, 'g3-leader').expect(200);
});

it('a create retried with the same Idempotency-Key answers with the cycles it made; another body with that key is refused', async () => {
  const body = { groupId: 'g3', cadence: { kind: 'monthly' } };
  const before = await stack.db.routineCycle.count({ where: { groupId: 'g3' } });
  const first = await create(body).set('Idempotency-Key', 'cg-g3-monthly').expect(201);
  const again = await create(body).set('Idempotency-Key', 'cg-g3-monthly').expect(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body.items.map((c: { id: string }) => c.id)).toEqual(first.body.items.map((c: { id: string }) => c.id));
  expect(await stack.db.routineCycle.count({ where: { groupId: 'g3' } })).toBe(before + first.body.items.length);
  const other = await create({ ...body, cadence: { kind: 'quarterly' } }).set('Idempotency-Key', 'cg-g3-monthly');
  expectProblem(other, 422, 'Idempotency-Key');
  expect(await stack.db.routineCycle.count({ where: { groupId: 'g3' } })).toBe(before + first.body.items.length);
  for (const { id } of first.body.items) await send('delete', `/routine-cycles/${id}`, 'staff-li').expect(200);
});
