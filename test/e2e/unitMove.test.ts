// 移交: a unit moved to another stationed group mid-campaign over HTTP, with the real worker, Temporal and
// the SMTP sink. The unit's open steps go with it; the next email and the next review go to the new group.
import request from 'supertest';
import { inspectionFindingId, unitInspectionWorkflowId } from '../../domain/ids';
import { demoEmail } from '../../prisma/seed';
import { eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const move = (unitId: string, groupId: string, personId = 'staff-li') =>
  request(stack.app).patch(`/units/${unitId}`).set('Authorization', `Bearer demo-${personId}`).send({ groupId });
const groupOf = async (unitId: string) => (await stack.db.unit.findUniqueOrThrow({ where: { id: unitId } })).groupId;

it('moves a unit mid-campaign: its open inspection, the next email, the next review and its rectification go to the new group', async () => {
  const launched = await stack.as('staff-li').post('/campaigns', launchBody({ scope: { unitIds: ['jiaoyunju'] } })).expect(202);
  const id: string = launched.body.id;
  await stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
  const inspectionId = unitInspectionWorkflowId(id, 'jiaoyunju');
  await eventually(async () => stack.db.unitInspection.findUnique({ where: { id: inspectionId } }), { what: 'the unit inspection recorded' });

  // refused moves change nothing
  expectProblem(await move('jiaoyunju', 'g9'), 422, 'groupId');
  expectProblem(await move('jiaoyunju', 'g3', 'g5-leader'), 403);
  expect(await groupOf('jiaoyunju')).toBe('g5');

  const moved = await move('jiaoyunju', 'g3').expect(200);
  expect(moved.body).toMatchObject({ id: 'jiaoyunju', groupId: 'g3', groupName: '第三派驻组' });
  const [entry] = await stack.db.auditLog.findMany({ where: { targetKind: 'unit', targetId: 'jiaoyunju', action: 'unit.moved' } });
  expect(entry).toMatchObject({ actorId: 'staff-li', detail: { from: 'g5', to: 'g3', moved: expect.objectContaining({ unitInspections: 1 }) } });
  expect((await stack.db.unitInspection.findUniqueOrThrow({ where: { id: inspectionId } })).groupId).toBe('g3');

  // the report's email (请审核) goes to the new group's members and names it
  await eventually(async () => (await stack.as('jiaoyunju-contact').post(`/inspections/${id}/jiaoyunju/report`, { content: '自查报告' })).status === 200, {
    what: 'the report accepted by the unit inspection',
  });
  const [submitted] = await stack.sink.waitFor((m) => m.subject.includes('自查报告，请审核') && m.text.includes(id), { timeoutMs: 20_000 });
  expect(submitted.to).toContain(demoEmail('g3-member'));
  expect(submitted.to).not.toContain(demoEmail('g5-member'));
  expect(submitted.text).toContain('派驻组：第三派驻组');

  // the old group may no longer review; the new one does, and its finding's rectification is the new group's
  expectProblem(await stack.as('g5-member').post(`/inspections/${id}/jiaoyunju/review`, { decision: 'accept', findings: [] }), 403);
  await stack.as('g3-member').post(`/inspections/${id}/jiaoyunju/review`, { decision: 'accept', findings: [{ title: '值班记录不全' }] }).expect(200);
  const findingId = inspectionFindingId(inspectionId, 1);
  const rectification = await eventually(async () => (await stack.db.rectification.findUnique({ where: { findingId } })) ?? undefined, { what: 'the rectification recorded' });
  expect(rectification.groupId).toBe('g3');
  const path = `/rectifications/${encodeURIComponent(findingId)}`;
  expectProblem(await stack.as('g5-member').get(path), 404);
  await stack.as('jiaoyunju-contact').post(`${path}/plan`, { measures: '完善值班记录', owner: '办公室', deadline: { at: new Date(Date.now() + 10 * 86_400_000).toISOString() } }).expect(200);
  await stack.as('g3-leader').post(`${path}/plan-review`, { decision: 'approve' }).expect(200);
});

it('refuses to move a unit while its routine cycle can still start runs for the old group', async () => {
  const created = await stack.as('staff-li').post('/routine-cycles', { unitIds: ['gongluju'], cadence: { kind: 'monthly' }, dueInWorkingDays: 5 }).expect(201);
  const [cycle] = created.body.items;
  const refused = await move('gongluju', 'g3');
  expectProblem(refused, 409);
  expect(refused.body.type).toBe('urn:tantou:problem:unit-has-schedules');
  expect(refused.body.detail).toContain(cycle.id);
  expect(await groupOf('gongluju')).toBe('g5');
  expect(await stack.db.auditLog.count({ where: { targetId: 'gongluju', action: 'unit.moved' } })).toBe(0);

  await request(stack.app).delete(`/routine-cycles/${cycle.id}`).set('Authorization', 'Bearer demo-staff-li').expect(200);
  await move('gongluju', 'g3').expect(200);
  expect(await groupOf('gongluju')).toBe('g3');
});
