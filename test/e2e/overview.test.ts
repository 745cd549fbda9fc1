import { eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

type Entry = { kind: string; workflowId: string; unitId: string; groupId: string; state: string; overdue: boolean; rungsFired: number[]; deadlineAt: string };
type Overdue = { groups: { groupId: string; items: Entry[] }[] };

const SECOND = 1000;

/** A campaign over 区公路局 (g5) and 区卫计局 (g3) whose deadline has passed and whose first rung fired. */
async function overdueCampaign(): Promise<string> {
  const launched = await stack
    .as('staff-li')
    .post(
      '/campaigns',
      launchBody({
        scope: { unitIds: ['gongluju', 'weijiju'] },
        deadline: { at: new Date(Date.now() + 2 * SECOND).toISOString() },
        ladder: { remindBefore: null, rungs: [{ after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] }] },
      }),
    )
    .expect(202);
  await stack.as('deputy').post(`/campaigns/${launched.body.id}/decision`, { decision: 'approve' }).expect(200);
  await eventually(
    async () => (await stack.db.emailOutbox.count({ where: { workflowId: { startsWith: `campaign/${launched.body.id}/` }, rung: 1, status: 'sent' } })) === 2,
    { what: 'rung 1 sent to both units' },
  );
  return launched.body.id;
}

/** A surprise check still sealed, targeting 区公路局: the projection rows as its workflow writes them. */
async function sealedCheck(): Promise<string> {
  const id = `TC-TEST-${Date.now()}`;
  await stack.db.surpriseCheck.create({
    data: {
      id,
      workflowId: `surprise/${id}`,
      title: '上班时间炒股突击抽查',
      subject: 'stock_trading',
      state: 'sealed',
      startsAt: new Date(Date.now() + 86_400_000),
      deadlineAt: new Date(Date.now() + 2 * 86_400_000),
      selection: { unitIds: ['gongluju'] },
      createdById: 'staff-li',
      targets: { create: [{ unitId: 'gongluju', groupId: 'g5' }] },
    },
  });
  return `surprise/${id}`;
}

it('lists what is overdue by group, oldest first, with the rungs fired, for staff and for each group', async () => {
  const campaignId = await overdueCampaign();
  const mine = (o: Overdue) => o.groups.map((g) => ({ groupId: g.groupId, items: g.items.filter((i) => i.workflowId.startsWith(`campaign/${campaignId}/`)) })).filter((g) => g.items.length);
  const all: Overdue = (await stack.as('staff-li').get('/overdue').expect(200)).body;
  expect(mine(all).map((g) => [g.groupId, g.items.map((i) => [i.unitId, i.kind, i.state, i.overdue, i.rungsFired])])).toEqual([
    ['g3', [['weijiju', 'unitInspection', 'awaiting_submission', true, [1]]]],
    ['g5', [['gongluju', 'unitInspection', 'awaiting_submission', true, [1]]]],
  ]);
  const items = all.groups.flatMap((g) => g.items);
  const deadlines = all.groups.map((g) => g.items.map((i) => i.deadlineAt));
  deadlines.forEach((d) => expect(d).toEqual([...d].sort()));
  expect(items.every((i) => i.overdue)).toBe(true);

  const g5: Overdue = (await stack.as('g5-member').get('/overdue').expect(200)).body;
  expect(g5.groups.map((g) => g.groupId)).toEqual(['g5']);
  expectProblem(await stack.as('gongluju-contact').get('/overdue'), 403);
});

it("shows a unit every process touching it, and hides a sealed surprise check from its group and from the unit", async () => {
  const campaignId = await overdueCampaign();
  const checkWorkflowId = await sealedCheck();
  const kindsFor = async (personId: string) => {
    const res = await stack.as(personId).get('/units/gongluju/overview').expect(200);
    return res.body.processes.map((p: Entry) => p.workflowId);
  };
  expect(await kindsFor('staff-li')).toEqual(expect.arrayContaining([`campaign/${campaignId}/unit/gongluju`, checkWorkflowId]));
  for (const personId of ['g5-member', 'gongluju-contact']) {
    const seen = await kindsFor(personId);
    expect(seen).toContain(`campaign/${campaignId}/unit/gongluju`);
    expect(seen).not.toContain(checkWorkflowId);
  }
  expectProblem(await stack.as('gongluju-contact').get('/units/weijiju/overview'), 404);
  expectProblem(await stack.as('g3-member').get('/units/gongluju/overview'), 404);
  expectProblem(await stack.as('staff-li').get('/units/nosuchunit/overview'), 404);
});
