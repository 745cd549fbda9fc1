import { ScheduleNotFoundError } from '@temporalio/client';
import request from 'supertest';
import { selfSupervisionScheduleId } from '../../domain/ids';
import { demoToken } from '../../prisma/seed';
import { countSchedules, eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const WEEK = 7 * 86_400_000;
const create = (body: object, as = 'staff-li') => stack.as(as).post('/self-supervision-rotas', body);
const remove = (id: string, as = 'staff-li') => request(stack.app).delete(`/self-supervision-rotas/${id}`).set('Authorization', `Bearer ${demoToken(as)}`);
const detail = async (id: string, as = 'staff-li') => (await stack.as(as).get(`/self-supervision-rotas/${id}`).expect(200)).body;
// the API gives the Schedule 3 s to answer and says `available: false` otherwise (a loaded CI machine)
const scheduleView = (id: string): Promise<{ nextRunTimes: string[]; paused: boolean }> =>
  eventually(async () => {
    const { schedule } = await detail(id);
    return schedule.available && schedule.view;
  }, { what: `the Schedule of ${id} to answer` });
const counts = async () => ({ rotas: await stack.db.selfSupervisionRota.count(), schedules: await countSchedules(stack) });

it('gives a unit a weekly rota, leader first, on a Schedule; pauses, resumes, triggers a turn that only the member on duty files, and deletes it', async () => {
  const created = await create({ unitId: 'gongluju' }).expect(201);
  const rota = created.body;
  expect(created.headers.location).toBe(`/self-supervision-rotas/${rota.id}`);
  expect(rota).toMatchObject({ unitId: 'gongluju', unitName: '区公路局', groupId: 'g5', state: 'active', cadence: { kind: 'weekly' }, dueInWorkingDays: 2, timezone: 'Asia/Shanghai' });
  expect(rota.members.map((m: { personId: string }) => m.personId)).toEqual(['gongluju-leader', 'gongluju-member1', 'gongluju-member2']);
  expect(rota.scheduleId).toBe(selfSupervisionScheduleId('gongluju', rota.id));

  // the Schedule itself: every Monday 09:00 in Shanghai (01:00Z), BUFFER_ONE, one day of catch-up
  const schedule = await stack.env.client.schedule.getHandle(rota.scheduleId).describe();
  expect(schedule.spec.timezone).toBe('Asia/Shanghai');
  expect(schedule.policies).toMatchObject({ overlap: 'BUFFER_ONE', catchupWindow: 86_400_000 });
  expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'selfSupervisionTurn' });
  const next = (await scheduleView(rota.id)).nextRunTimes;
  for (const at of next) expect([new Date(at).getUTCDay(), at.slice(11, 19)]).toEqual([1, '01:00:00']);
  expect(Date.parse(next[0]) - Date.now()).toBeLessThanOrEqual(WEEK);

  await stack.as('staff-li').post(`/self-supervision-rotas/${rota.id}/pause`).expect(200);
  expect(await detail(rota.id)).toMatchObject({ state: 'paused', schedule: { available: true, view: { paused: true } } });
  await stack.as('staff-chen').post(`/self-supervision-rotas/${rota.id}/resume`).expect(200);
  expect((await scheduleView(rota.id)).paused).toBe(false);

  const triggered = await stack.as('staff-li').post(`/self-supervision-rotas/${rota.id}/trigger`).expect(202);
  const [turn] = await eventually(async () => {
    const { items } = (await stack.as('gongluju-member1').get(triggered.headers.location).expect(200)).body;
    return items.length ? items : undefined;
  }, { what: 'the triggered turn' });
  expect(turn).toMatchObject({ rotaId: rota.id, unitId: 'gongluju', turn: 1, memberId: 'gongluju-leader', state: 'open', deadlineAt: expect.any(String) });
  expect(turn.id.startsWith(`${rota.scheduleId}/turn-`)).toBe(true);
  const turnPath = `/self-supervision-turns/${encodeURIComponent(turn.id)}`;
  expect((await stack.as('g5-member').get(turnPath).expect(200)).body.workflow).toMatchObject({ available: true, view: { state: 'open', memberId: 'gongluju-leader', deadlineAt: turn.deadlineAt } });

  const record = { record: '带队检查办公室、养护科：1人上班时间浏览购物网站，已当场提醒并立行立改' };
  expectProblem(await stack.as('gongluju-member1').post(`${turnPath}/record`, record), 403);
  expectProblem(await stack.as('gongluju-contact').post(`${turnPath}/record`, record), 403);
  expectProblem(await stack.as('g5-leader').post(`${turnPath}/record`, record), 403);
  expectProblem(await stack.as('jiaoyunju-leader').post(`${turnPath}/record`, record), 404);
  expectProblem(await stack.as('gongluju-leader').post(`${turnPath}/record`, { record: '  ' }), 400, 'record');
  const filed = await stack.as('gongluju-leader').post(`${turnPath}/record`, record).expect(200);
  expect(filed.body).toMatchObject({ state: 'filed', record: record.record });
  expectProblem(await stack.as('gongluju-leader').post(`${turnPath}/record`, record), 409);
  const row = await eventually(async () => {
    const found = await stack.db.selfSupervisionTurn.findUnique({ where: { id: turn.id } });
    return found?.state === 'filed' && found;
  }, { what: 'the filed turn in PostgreSQL' });
  expect(row.record).toBe(record.record);

  const notice = await eventually(async () => stack.sink.messages().find((m) => m.to.includes('gongluju-leader@demo.tantou.local') && m.subject.startsWith('【探头】自我监督')), { what: 'the notice' });
  expect(notice.subject).toMatch(/^【探头】自我监督：区公路局「自我监督第1次（.+，带队：一把手\d+号）」轮到您带队检查，请于.+前提交检查记录$/);
  const seen = await detail(rota.id, 'gongluju-member2');
  expect(seen).toMatchObject({ nextMemberId: 'gongluju-member1', recentTurns: [{ id: turn.id, state: 'filed' }] });
  const overview = (await stack.as('gongluju-leader').get('/units/gongluju/overview').expect(200)).body;
  expect(overview.processes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'selfSupervisionTurn', kindLabel: '自我监督', workflowId: turn.id, state: 'filed' })]));

  const deleted = await remove(rota.id).expect(200);
  expect(deleted.body).toMatchObject({ state: 'deleted', schedule: { available: false } });
  await expect(stack.env.client.schedule.getHandle(rota.scheduleId).describe()).rejects.toThrow(ScheduleNotFoundError);
  expectProblem(await stack.as('staff-li').post(`/self-supervision-rotas/${rota.id}/trigger`), 409);
  const audit = async (targetKind: string, targetId: string) =>
    (await stack.db.auditLog.findMany({ where: { targetKind, targetId }, orderBy: { id: 'asc' } })).map((a) => a.action).filter((a) => !a.startsWith('email.'));
  expect(await audit('selfSupervisionRota', rota.id)).toEqual([
    'selfSupervisionRota.created',
    'selfSupervisionRota.paused',
    'selfSupervisionRota.resumed',
    'selfSupervisionRota.triggered',
    'selfSupervisionRota.deleted',
  ]);
  expect(await audit('selfSupervisionTurn', turn.id)).toEqual(['selfSupervisionTurn.assigned', 'selfSupervisionTurn.filed']);
});

it('refuses a bad cron, members outside the unit’s leadership, an unknown unit and callers other than staff, creating nothing', async () => {
  const before = await counts();
  expectProblem(await create({ unitId: 'jiaoyunju', cadence: { kind: 'cron', cron: '0 25 * * *' } }), 400, 'cadence.cron');
  expectProblem(await create({ unitId: 'jiaoyunju', cadence: { kind: 'monthly' } }), 400, 'cadence.kind');
  expectProblem(await create({ unitId: 'jiaoyunju', memberIds: ['jiaoyunju-contact', 'jiaoyunju-leader'] }), 422, 'memberIds.0');
  expectProblem(await create({ unitId: 'jiaoyunju', memberIds: ['jiaoyunju-leader', 'gongluju-member1'] }), 422, 'memberIds.1');
  expectProblem(await create({ unitId: 'jiaoyunju', memberIds: ['jiaoyunju-leader', 'jiaoyunju-leader'] }), 400, 'memberIds');
  expectProblem(await create({ unitId: 'nosuchunit' }), 422, 'unitId');
  for (const who of ['jiaoyunju-contact', 'jiaoyunju-leader', 'g5-leader', 'deputy']) expectProblem(await create({ unitId: 'jiaoyunju' }, who), 403);
  expect(await counts()).toEqual(before);

  // an explicit order and a cron: Fridays 08:30 in Shanghai are Fridays 00:30Z
  const rota = (await create({ unitId: 'jiaoyunju', memberIds: ['jiaoyunju-member2', 'jiaoyunju-member1'], cadence: { kind: 'cron', cron: '30 8 * * FRI' }, dueInWorkingDays: 1 }).expect(201)).body;
  expect(rota).toMatchObject({ dueInWorkingDays: 1, members: [{ personId: 'jiaoyunju-member2' }, { personId: 'jiaoyunju-member1' }] });
  for (const at of (await scheduleView(rota.id)).nextRunTimes) expect([new Date(at).getUTCDay(), at.slice(11, 19)]).toEqual([5, '00:30:00']);
  expectProblem(await create({ unitId: 'jiaoyunju' }), 409);

  // who sees it: staff, its group and its unit; another group or unit does not learn it exists
  await stack.as('g5-member').get(`/self-supervision-rotas/${rota.id}`).expect(200);
  await stack.as('jiaoyunju-member1').get(`/self-supervision-rotas/${rota.id}`).expect(200);
  expectProblem(await stack.as('g3-member').get(`/self-supervision-rotas/${rota.id}`), 404);
  expectProblem(await stack.as('gongluju-leader').get(`/self-supervision-rotas/${rota.id}`), 404);
  expect((await stack.as('g3-leader').get('/self-supervision-rotas?unitId=jiaoyunju').expect(200)).body.items).toEqual([]);
  expect((await stack.as('g5-leader').get('/self-supervision-rotas?unitId=jiaoyunju').expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([rota.id]);
  expectProblem(await stack.as('g5-leader').post(`/self-supervision-rotas/${rota.id}/pause`), 403);
  expectProblem(await stack.as('staff-li').post('/self-supervision-rotas/ZW-20990101-000000/pause'), 404);
  expectProblem(await stack.as('staff-li').get('/self-supervision-rotas/ZW-20990101-000000'), 404);
  expectProblem(await stack.as('staff-li').get(`/self-supervision-turns/${encodeURIComponent(`${rota.scheduleId}/turn-nope`)}`), 404);
  expect((await scheduleView(rota.id)).paused).toBe(false);
  await remove(rota.id).expect(200);
});

it('a rota created again with the same Idempotency-Key is the same rota, not a second one refused as a 409', async () => {
  const first = await create({ unitId: 'weijiju' }).set('Idempotency-Key', 'zw-weijiju').expect(201);
  const again = await create({ unitId: 'weijiju' }).set('Idempotency-Key', 'zw-weijiju').expect(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body.id).toBe(first.body.id);
  expectProblem(await create({ unitId: 'weijiju', dueInWorkingDays: 3 }).set('Idempotency-Key', 'zw-weijiju'), 422, 'Idempotency-Key');
  // the key is li's: chen's identical key is a launch of its own, which the one-live-rota rule refuses
  expectProblem(await create({ unitId: 'weijiju' }, 'staff-chen').set('Idempotency-Key', 'zw-weijiju'), 409);
  expect(await stack.db.selfSupervisionRota.count({ where: { unitId: 'weijiju' } })).toBe(1);
  await remove(first.body.id).expect(200);
});
