// The registry (机构与人员) over HTTP: groups and units created, changed and deactivated by staff, every
// change audited, bad input refused with nothing changed, and launches leaving deactivated units out.
import request from 'supertest';
import { expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const staff = () => stack.as('staff-li');
const patch = (path: string, body: object, personId = 'staff-li') => request(stack.app).patch(path).set('Authorization', `Bearer demo-${personId}`).send(body);
const trail = (targetKind: string, targetId: string) =>
  stack.db.auditLog.findMany({ where: { targetKind, targetId }, orderBy: { id: 'asc' }, select: { action: true, actorId: true, detail: true } });

describe('groups', () => {
  it('are added, renamed and deactivated by staff only, each change audited', async () => {
    const made = await staff().post('/groups', { id: 'g7', name: '第七派驻组', sortOrder: 7 }).expect(201);
    expect(made.body).toEqual({ id: 'g7', name: '第七派驻组', sortOrder: 7, active: true, unitCount: 0 });
    expectProblem(await stack.as('g1-leader').post('/groups', { name: '第八派驻组' }), 403);
    expectProblem(await staff().post('/groups', { name: '第七派驻组' }), 409);
    expectProblem(await staff().post('/groups', { id: 'G 7!', name: '第九派驻组' }), 400, 'id');

    await patch('/groups/g7', { name: '第七派驻纪检监察组' }).expect(200);
    expect((await patch('/groups/g7', { active: false }).expect(200)).body.active).toBe(false);
    expect((await staff().get('/groups').expect(200)).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'g7', active: false })]));
    expect(await trail('group', 'g7')).toEqual([
      { action: 'group.created', actorId: 'staff-li', detail: { name: '第七派驻组' } },
      { action: 'group.updated', actorId: 'staff-li', detail: { before: { name: '第七派驻组' }, after: { name: '第七派驻纪检监察组' } } },
      { action: 'group.updated', actorId: 'staff-li', detail: { before: { active: true }, after: { active: false } } },
    ]);
  });

  it('keep a group with active units from being deactivated', async () => {
    const res = await patch('/groups/g5', { active: false });
    expectProblem(res, 409);
    expect(res.body.type).toBe('urn:tantou:problem:group-has-units');
    expect((await stack.db.group.findUniqueOrThrow({ where: { id: 'g5' } })).deactivatedAt).toBeNull();
  });
});

describe('units', () => {
  it('are added under a parent with kinds, listed by filter, and a cycle of parents is refused', async () => {
    const made = await staff().post('/units', { id: 'weijian-dadui', name: '区卫生监督执法大队', groupId: 'g3', parentId: 'weijiju', kinds: ['law_enforcement', 'window'] }).expect(201);
    expect(made.headers.location).toBe('/units/weijian-dadui');
    expect(made.body).toMatchObject({ groupName: '第三派驻组', parentId: 'weijiju', kindLabels: ['行政执法队伍', '窗口单位'], active: true });

    const children = await staff().get('/units?parentId=weijiju').expect(200);
    expect(children.body.items.map((u: { id: string }) => u.id).sort()).toEqual(['weijian-dadui', 'weijiansuo']);
    const enforcement = await staff().get('/units?kind=law_enforcement').expect(200);
    expect(enforcement.body.items.map((u: { id: string }) => u.id)).toEqual(['weijian-dadui']);
    // a group member sees their own group's units only
    const g1 = await stack.as('g1-member').get('/units').expect(200);
    expect(new Set(g1.body.items.map((u: { groupId: string }) => u.groupId))).toEqual(new Set(['g1']));
    expectProblem(await stack.as('g1-member').get('/units/weijian-dadui'), 404);

    const before = await stack.db.auditLog.count();
    const cycle = await patch('/units/weijiju', { parentId: 'weijian-dadui' });
    expectProblem(cycle, 422, 'parentId');
    expect(cycle.body.type).toBe('urn:tantou:problem:invalid-parent');
    expectProblem(await patch('/units/weijiju', { parentId: 'weijiju' }), 422, 'parentId');
    expectProblem(await staff().post('/units', { name: '区某局', groupId: 'g-none' }), 422, 'groupId');
    expectProblem(await staff().post('/units', { name: '区公路局', groupId: 'g5' }), 409);
    expectProblem(await patch('/units/weijiju', {}), 400);
    expectProblem(await patch('/units/weijiju', { kinds: ['school'] }), 400, 'kinds.0');
    expect(await stack.db.auditLog.count()).toBe(before);
    expect((await stack.db.unit.findUniqueOrThrow({ where: { id: 'weijiju' } })).parentId).toBeNull();
  });

  it('once deactivated, are left out of launches, and a launch naming one is refused', async () => {
    await staff().post('/units', { id: 'gonglu-zhan', name: '区公路局养护站', groupId: 'g5', parentId: 'gongluju' }).expect(201);
    const off = await patch('/units/gonglu-zhan', { active: false }).expect(200);
    expect(off.body.active).toBe(false);
    expect((await staff().get('/units?groupId=g5').expect(200)).body.items.map((u: { id: string }) => u.id)).toEqual(['gongluju', 'jiaoyunju']);
    expect((await staff().get('/units?groupId=g5&includeInactive=true').expect(200)).body.items).toHaveLength(3);

    const named = await staff().post('/campaigns', launchBody({ scope: { unitIds: ['gonglu-zhan'] } }));
    expectProblem(named, 422, 'scope.unitIds.0');
    expect(named.body.errors[0].message).toMatch(/deactivated/);
    const byGroup = await staff().post('/campaigns', launchBody({ scope: { groupIds: ['g5'] } })).expect(202);
    expect((await stack.db.campaign.findUniqueOrThrow({ where: { id: byGroup.body.id } })).unitCount).toBe(2);
    await stack.as('staff-li').post(`/campaigns/${byGroup.body.id}/cancel`, { reason: '测试结束' }).expect(200);
    expect(await trail('unit', 'gonglu-zhan')).toEqual([
      expect.objectContaining({ action: 'unit.created' }),
      { action: 'unit.updated', actorId: 'staff-li', detail: { before: { active: true }, after: { active: false } } },
    ]);
  });
});
