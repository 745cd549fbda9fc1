// 人员与任职 over HTTP with the real worker, Temporal and SMTP sink: a person added as a unit's new 联络员
// takes the post over from the one before (交接), who held it then is answerable by day, the next email
// and who may act follow the post, and bad postings are refused with nothing changed.
import request from 'supertest';
import { demoEmail } from '../../prisma/seed';
import { expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const send = (method: 'post' | 'patch', path: string, body: object, personId = 'staff-li') =>
  request(stack.app)[method](path).set('Authorization', `Bearer demo-${personId}`).send(body);
const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const counts = async () => ({ people: await stack.db.person.count(), postings: await stack.db.posting.count(), audit: await stack.db.auditLog.count() });

it('hands the 联络员 post to a new person: who held it on each day, the next email and who may file follow the post', async () => {
  const made = await send('post', '/people', { id: 'zhao-min', name: '赵敏', title: '区公路局纪检联络员', email: 'Zhao.Min@demo.tantou.local', postings: [{ role: 'UNIT_CONTACT', unitId: 'gongluju' }] }).expect(201);
  expect(made.headers.location).toBe('/people/zhao-min');
  expect(made.body).toMatchObject({ id: 'zhao-min', email: 'zhao.min@demo.tantou.local', active: true, postings: [{ role: 'UNIT_CONTACT', roleName: '驻在单位联络员', unitId: 'gongluju', validFrom: shanghaiDay(), validTo: null }] });
  expect(made.body.initialPassword).toEqual(expect.any(String));

  // the one before held it through yesterday
  const before = await stack.as('staff-li').get('/people/gongluju-contact').expect(200);
  expect(before.body.postings).toEqual([expect.objectContaining({ role: 'UNIT_CONTACT', validTo: shanghaiDay(-1) })]);
  const yesterday = await stack.as('g5-member').get(`/units/gongluju/postings?on=${shanghaiDay(-1)}`).expect(200);
  expect(yesterday.body.items.filter((i: { role: string }) => i.role === 'UNIT_CONTACT').map((i: { personId: string }) => i.personId)).toEqual(['gongluju-contact']);
  const today = await stack.as('g5-member').get('/units/gongluju/postings').expect(200);
  expect(today.body.items.filter((i: { role: string }) => i.role === 'UNIT_CONTACT').map((i: { personId: string }) => i.personId)).toEqual(['zhao-min']);
  expectProblem(await stack.as('g3-member').get('/units/gongluju/postings'), 404);
  const [added] = await stack.db.auditLog.findMany({ where: { action: 'posting.added', targetId: 'zhao-min' } });
  expect(added.detail).toMatchObject({ role: 'UNIT_CONTACT', handedOver: [{ personId: 'gongluju-contact', validTo: shanghaiDay(-1) }] });

  // a campaign launched now tells the new contact, and only the new contact files the report
  const launched = await stack.as('staff-li').post('/campaigns', launchBody()).expect(202);
  const id: string = launched.body.id;
  await stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
  const [notice] = await stack.sink.waitFor((m) => m.subject.startsWith('【探头】专项督查通知') && m.text.includes(id), { timeoutMs: 20_000 });
  expect(notice.to).toContain('zhao.min@demo.tantou.local');
  expect(notice.to).not.toContain(demoEmail('gongluju-contact'));
  expectProblem(await stack.as('gongluju-contact').post(`/inspections/${id}/gongluju/report`, { content: '自查报告' }), 403);

  // the new person signs in with the initial password and must change it first
  const signedIn = await request(stack.app).post('/session').send({ email: 'zhao.min@demo.tantou.local', password: made.body.initialPassword }).expect(200);
  expect(signedIn.body).toMatchObject({ mustChangePassword: true, person: { roles: [{ role: 'UNIT_CONTACT', unitId: 'gongluju' }] } });
});

it('refuses a posting that does not fit its scope, a taken email and a post held later, changing nothing', async () => {
  const was = await counts();
  expectProblem(await send('post', '/people', { name: '钱进', email: 'qian@demo.tantou.local', postings: [{ role: 'GROUP_MEMBER', unitId: 'gongluju' }] }), 422, 'postings.0.groupId');
  expectProblem(await send('post', '/people', { name: '钱进', email: 'qian@demo.tantou.local', postings: [{ role: 'UNIT_LEADER', unitId: 'no-such-unit' }] }), 422, 'postings.0.unitId');
  expectProblem(await send('post', '/people', { name: '钱进', email: demoEmail('g5-member'), postings: [{ role: 'STAFF' }] }), 409);
  expectProblem(await send('post', '/people', { name: '钱进', email: 'qian@demo.tantou.local', postings: [{ role: 'STAFF', validFrom: shanghaiDay(), validTo: shanghaiDay(-1) }] }), 422, 'postings.0.validTo');
  expectProblem(await send('post', '/people', { name: '钱进', email: 'qian@demo.tantou.local', postings: [{ role: 'STAFF' }] }, 'g5-leader'), 403);
  // 一把手 of 区交通运输局 from next week is taken: a new holder from today would overlap it
  await send('post', '/people/jiaoyunju-member1/postings', { role: 'UNIT_LEADER', unitId: 'jiaoyunju', validFrom: shanghaiDay(7) }).expect(201);
  const mid = await counts();
  const held = await send('post', '/people/jiaoyunju-member2/postings', { role: 'UNIT_LEADER', unitId: 'jiaoyunju' });
  expectProblem(held, 409);
  expect(held.body.type).toBe('urn:tantou:problem:post-held');
  expect(await counts()).toEqual(mid);
  expect(mid.people).toBe(was.people);
});

it('deactivates a person: their token stops working and their postings end today', async () => {
  await stack.as('g6-member').get('/me/tasks').expect(200);
  const off = await send('patch', '/people/g6-member', { active: false }).expect(200);
  expect(off.body.active).toBe(false);
  expect(off.body.postings.every((p: { validTo: string | null }) => p.validTo === shanghaiDay())).toBe(true);
  expectProblem(await stack.as('g6-member').get('/me/tasks'), 401);
  const [entry] = await stack.db.auditLog.findMany({ where: { action: 'person.deactivated', targetId: 'g6-member' } });
  expect(entry.detail).toEqual({ before: { active: true }, after: { active: false } });
  const listed = (await stack.as('staff-li').get('/people?groupId=g6').expect(200)).body.items;
  expect(listed.map((p: { id: string }) => p.id)).toEqual(['g6-leader']);
});

it('resets a password: the new initial one signs in once and must be changed, the old one no longer does', async () => {
  const reset = await send('post', '/people/jiaoyunju-contact/password-reset', {}).expect(200);
  expectProblem(await send('post', '/people/jiaoyunju-contact/password-reset', {}, 'g5-leader'), 403);
  await request(stack.app).post('/session').send({ email: demoEmail('jiaoyunju-contact'), password: 'demo-jiaoyunju-contact' }).expect(401);
  const signedIn = await request(stack.app).post('/session').send({ email: demoEmail('jiaoyunju-contact'), password: reset.body.initialPassword }).expect(200);
  expect(signedIn.body.mustChangePassword).toBe(true);
  expect(await stack.db.auditLog.count({ where: { action: 'person.password_reset', targetId: 'jiaoyunju-contact', actorId: 'staff-li' } })).toBe(1);
});
