import { randomBytes } from 'node:crypto';
import { surpriseCheckWorkflowId } from '../../domain/ids';
import { drawSample } from '../../domain/sampling';
import { DEMO_UNITS, demoEmail } from '../../prisma/seed';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const SECOND = 1000;
const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
const checkBody = (overrides: Record<string, unknown> = {}) => ({
  title: `节前作风突击抽查 ${randomBytes(2).toString('hex')}`,
  subject: 'clock_in',
  startsAt: inFuture(60 * SECOND),
  deadline: inFuture(86_400 * SECOND),
  targets: { unitIds: ['gongluju'] },
  ...overrides,
});
const groupOf = (unitId: string) => DEMO_UNITS.find((u) => u.id === unitId)!.groupId;
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);
const stateOf = async (id: string) => (await stack.db.surpriseCheck.findUniqueOrThrow({ where: { id } })).state;

/** Every way a person outside the commission could learn of the check through the API, before its start. */
async function expectSealedFor(personId: string, id: string, unitId: string) {
  expectProblem(await stack.as(personId).get(`/surprise-checks/${id}`), 404);
  const list = await stack.as(personId).get('/surprise-checks');
  // a group's list answers without it; a unit role has no list at all
  if (/^g\d-/.test(personId)) expect(ids(list)).not.toContain(id);
  else expectProblem(list, 404);
  // every route, whatever the role may do elsewhere: a 403 would say there is something here
  expectProblem(await stack.as(personId).post(`/surprise-checks/${id}/results/${unitId}`, { result: 'not_found', notes: '无' }), 404);
  expectProblem(await stack.as(personId).get(`/surprise-checks/${id}/sample-proof`), 404);
  expectProblem(await stack.as(personId).post(`/surprise-checks/${id}/cancel`, { reason: '试探' }), 404);
  expect(JSON.stringify((await stack.as(personId).get('/campaigns')).body)).not.toContain(id);
}

describe('surprise checks through the API', () => {
  it('draws a sample of N from a scope that re-draws from its seed, sealed from every unit and group until it starts', async () => {
    const startsAt = Date.now() + 20 * SECOND;
    const body = checkBody({ startsAt: new Date(startsAt).toISOString(), targets: { sample: { size: 2, scope: { groupIds: ['g5', 'g6'] } } } });
    const key = `e2e-${randomBytes(4).toString('hex')}`;
    const launched = await stack.as('staff-li').post('/surprise-checks', body).set('Idempotency-Key', key).expect(202);
    const id: string = launched.body.id;
    expect(id).toMatch(/^TC-\d{8}-[0-9a-f]{6}$/);
    expect(launched.body).toMatchObject({ workflowId: surpriseCheckWorkflowId(id), state: 'sealed' });
    expect(launched.headers.location).toBe(`/surprise-checks/${id}`);
    const again = await stack.as('staff-li').post('/surprise-checks', body).set('Idempotency-Key', key).expect(202);
    expect(again.body.id).toBe(id);
    expect(await stack.db.surpriseCheck.count({ where: { title: body.title } })).toBe(1);

    const proof = await eventually(async () => {
      const res = await stack.as('deputy').get(`/surprise-checks/${id}/sample-proof`);
      return res.status === 200 && res.body;
    }, { what: 'the sample to be drawn' });
    expect(proof.candidates).toEqual(['chengguanju', 'gongluju', 'jiaoyunju', 'zhujianju']);
    expect(proof.matches).toBe(true);
    expect(proof.recorded).toEqual([...drawSample(proof.candidates, 2, proof.seed)].sort());
    const [sampled, other] = proof.recorded as string[];

    // before startsAt: the sampled units, their group and an unrelated group learn nothing
    const outsiders = [`${sampled}-contact`, `${sampled}-leader`, `${sampled}-member1`, `${groupOf(sampled)}-member`, `${groupOf(sampled)}-leader`, 'g1-member'];
    for (const person of outsiders) await expectSealedFor(person, id, sampled);
    expect(Date.now()).toBeLessThan(startsAt);
    expect(await stack.db.emailOutbox.count({ where: { workflowId: surpriseCheckWorkflowId(id) } })).toBe(0);
    const outsiderEmails = outsiders.map(demoEmail);
    expect(stack.sink.messages().filter((m) => m.envelopeTo.some((to) => outsiderEmails.includes(to)))).toEqual([]);
    expect(ids(await stack.as('staff-li').get('/surprise-checks').expect(200))).toContain(id);

    // at startsAt: the groups of the sampled units are told and see their part; units still see nothing
    await eventually(async () => (await stateOf(id)) === 'in_progress', { what: 'the check to open' });
    const group = groupOf(sampled);
    const told = await stack.sink.waitFor((m) => m.envelopeTo.includes(demoEmail(`${group}-member`)) && m.subject.includes(body.title), { timeoutMs: 15_000 });
    expect(told[0].subject).toContain('现在开始');
    expect(ids(await stack.as(`${group}-member`).get('/surprise-checks').expect(200))).toContain(id);
    const seen = await stack.as(`${group}-member`).get(`/surprise-checks/${id}`).expect(200);
    expect(seen.body.targets.map((t: { unitId: string }) => t.unitId)).toEqual(proof.recorded.filter((u: string) => groupOf(u) === group));
    expect(seen.body.workflow).toBeUndefined();
    // a group that sees the check may still not do what is not theirs: that is a 403 now, it reveals nothing
    expectProblem(await stack.as(`${group}-member`).get(`/surprise-checks/${id}/sample-proof`), 403);
    expectProblem(await stack.as(`${group}-leader`).post(`/surprise-checks/${id}/cancel`, { reason: '试探' }), 403);
    expectProblem(await stack.as('staff-li').post(`/surprise-checks/${id}/results/${sampled}`, { result: 'not_found', notes: '无' }), 403);
    // a unit role still learns nothing, on any route
    for (const route of [`/surprise-checks/${id}/sample-proof`, `/surprise-checks/${id}`]) expectProblem(await stack.as(`${sampled}-contact`).get(route), 404);
    expectProblem(await stack.as(`${sampled}-leader`).post(`/surprise-checks/${id}/results/${sampled}`, { result: 'not_found', notes: '无' }), 404);
    expectProblem(await stack.as(`${sampled}-leader`).post(`/surprise-checks/${id}/cancel`, { reason: '试探' }), 404);
    expectProblem(await stack.as(`${sampled}-contact`).get(`/surprise-checks/${id}`), 404);
    expectProblem(await stack.as(`${sampled}-contact`).get('/surprise-checks'), 404);
    expectProblem(await stack.as(`${sampled}-member1`).get(`/surprise-checks/${id}`), 404); // 班子成员, like every unit role
    expectProblem(await stack.as('g1-member').get(`/surprise-checks/${id}`), 404);
    const unitEmails = DEMO_UNITS.flatMap((u) => [demoEmail(`${u.id}-contact`), demoEmail(`${u.id}-leader`), demoEmail(`${u.id}-member1`), demoEmail(`${u.id}-member2`)]);
    expect(stack.sink.messages().filter((m) => m.subject.includes(body.title) && m.envelopeTo.some((to) => unitEmails.includes(to)))).toEqual([]);

    // results close it; the found one is a finding of its unit
    expectProblem(await stack.as('g1-member').post(`/surprise-checks/${id}/results/${sampled}`, { result: 'not_found' }), 404);
    expectProblem(await stack.as(`${group}-member`).post(`/surprise-checks/${id}/results/${sampled}`, { result: 'found' }), 400, 'notes');
    await stack.as(`${group}-member`).post(`/surprise-checks/${id}/results/${sampled}`, { result: 'found', notes: '上班时间一人炒股' }).expect(200);
    expectProblem(await stack.as(`${group}-leader`).post(`/surprise-checks/${id}/results/${sampled}`, { result: 'not_found' }), 409);
    await stack.as(`${groupOf(other)}-leader`).post(`/surprise-checks/${id}/results/${other}`, { result: 'not_found' }).expect(200);
    await eventually(async () => (await stateOf(id)) === 'closed', { what: 'the check to close' });
    const detail = await stack.as('staff-li').get(`/surprise-checks/${id}`).expect(200);
    expect(detail.body.targets.map((t: { unitId: string; result: string }) => [t.unitId, t.result])).toEqual([
      [sampled, 'found'],
      [other, 'not_found'],
    ]);
    expect(await stack.db.finding.findUnique({ where: { id: `${surpriseCheckWorkflowId(id)}/finding/${sampled}` } })).toMatchObject({
      unitId: sampled,
      sourceKind: 'surpriseCheck',
      detail: '上班时间一人炒股',
    });
    // the unit learns of the finding through its rectification (整改), now that the check has started
    const [rectification] = await eventually(async () => {
      const { items } = (await stack.as(`${sampled}-contact`).get(`/rectifications?unitId=${sampled}`).expect(200)).body;
      return items.length ? items : undefined;
    }, { what: 'the rectification of the finding' });
    expect(rectification).toMatchObject({ findingId: `${surpriseCheckWorkflowId(id)}/finding/${sampled}`, state: 'awaiting_plan', groupId: group });
  });

  it('keeps a check withdrawn while sealed hidden from its group after its start time has passed', async () => {
    const startsAt = Date.now() + 4 * SECOND;
    const launched = await stack.as('staff-li').post('/surprise-checks', checkBody({ startsAt: new Date(startsAt).toISOString(), targets: { unitIds: ['zhujianju'] } })).expect(202);
    const id: string = launched.body.id;
    await eventually(async () => (await stateOf(id)) === 'sealed' && (await stack.db.surpriseCheck.findUniqueOrThrow({ where: { id } })).version === 1);
    const cancelled = await stack.as('staff-li').post(`/surprise-checks/${id}/cancel`, { reason: '计划调整' }).expect(200);
    expect(cancelled.body.state).toBe('withdrawn');
    await new Promise((r) => setTimeout(r, Math.max(0, startsAt - Date.now()) + SECOND));
    expect(await stateOf(id)).toBe('withdrawn');
    expectProblem(await stack.as('g6-member').get(`/surprise-checks/${id}`), 404);
    expect(ids(await stack.as('g6-leader').get('/surprise-checks').expect(200))).not.toContain(id);
    expect(await stack.db.emailOutbox.count({ where: { workflowId: surpriseCheckWorkflowId(id) } })).toBe(0);
  });
});

describe('refused surprise-check launches change nothing', () => {
  async function footprint() {
    const { db, env } = stack;
    return {
      checks: await db.surpriseCheck.count(),
      targets: await db.surpriseCheckTarget.count(),
      emails: await db.emailOutbox.count(),
      audit: await db.auditLog.count(),
      workflows: (await env.client.workflow.count()).count,
    };
  }
  const refused = async (body: object, status: number, field?: string, as = 'staff-li') => {
    const before = await footprint();
    expectProblem(await stack.as(as).post('/surprise-checks', body), status, field);
    expect(await footprint()).toEqual(before);
  };

  it('refuses a start in the past and results due before the start', async () => {
    await refused(checkBody({ startsAt: '2020-01-01T08:00:00+08:00' }), 422, 'startsAt');
    await refused(checkBody({ startsAt: inFuture(3_600 * SECOND), deadline: inFuture(1_800 * SECOND) }), 422, 'deadline');
  });

  it('refuses a sample larger than its scope, an unknown unit and an unknown group, naming the field', async () => {
    await refused(checkBody({ targets: { sample: { size: 3, scope: { groupIds: ['g5'] } } } }), 422, 'targets.sample.size');
    await refused(checkBody({ targets: { unitIds: ['gongluju', 'no-such-unit'] } }), 422, 'targets.unitIds.1');
    await refused(checkBody({ targets: { sample: { size: 1, scope: { groupIds: ['g9'] } } } }), 422, 'targets.sample.scope.groupIds.0');
  });

  it('refuses free-text subjects without text and bodies that name both or neither kind of target', async () => {
    await refused(checkBody({ subject: 'other' }), 400, 'subjectText');
    await refused(checkBody({ targets: { unitIds: ['gongluju'], sample: { size: 1, scope: { groupIds: ['g5'] } } } }), 400, 'targets');
    await refused(checkBody({ targets: {} }), 400, 'targets');
  });

  it('lets only staff launch, answering 403 to leaders, groups and units', async () => {
    for (const person of ['deputy', 'g5-leader', 'g5-member', 'gongluju-contact', 'gongluju-leader']) await refused(checkBody(), 403, undefined, person);
  });

  it('answers 404 to an unknown check on every route, whoever asks', async () => {
    const unknown = 'TC-20261127-000000';
    for (const person of ['staff-li', 'deputy', 'g5-member', 'gongluju-contact']) {
      expectProblem(await stack.as(person).get(`/surprise-checks/${unknown}`), 404);
      expectProblem(await stack.as(person).get(`/surprise-checks/${unknown}/sample-proof`), 404);
      expectProblem(await stack.as(person).post(`/surprise-checks/${unknown}/results/gongluju`, { result: 'not_found', notes: '无' }), 404);
      expectProblem(await stack.as(person).post(`/surprise-checks/${unknown}/cancel`, { reason: '试探' }), 404);
    }
  });
});
