import { unitInspectionWorkflowId } from '../../domain/ids';
import { DEMO_UNITS } from '../../prisma/seed';
import { insertCampaign } from '../support/campaigns';
import { allPages, eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

type Entry = { kind: string; workflowId: string; unitId: string; groupId: string; state: string; overdue: boolean; rungsFired: number[]; deadlineAt: string };
type Overdue = { asOf: string; total: number; groups: { groupId: string; count: number }[]; items: Entry[]; nextCursor: string | null };

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

/** A surprise check targeting 区公路局, still sealed unless `state` says otherwise: the projection rows as its workflow writes them. */
async function sealedCheck(state = 'sealed', deadlineAt = new Date(Date.now() + 2 * 86_400_000)): Promise<string> {
  const id = `TC-TEST-${Date.now()}-${state}`;
  await stack.db.surpriseCheck.create({
    data: {
      id,
      workflowId: `surprise/${id}`,
      title: '上班时间炒股突击抽查',
      subject: 'stock_trading',
      state,
      startsAt: new Date(Date.now() + 86_400_000),
      deadlineAt,
      selection: { unitIds: ['gongluju'] },
      createdById: 'staff-li',
      targets: { create: [{ unitId: 'gongluju', groupId: 'g5' }] },
    },
  });
  return `surprise/${id}`;
}

/** Every overdue item the person sees, through every page. */
const overdueItems = async (personId: string, query = '') => (await allPages<Overdue>(stack, personId, `/overdue?limit=200${query}`)).flatMap((p) => p.items);

it('lists what is overdue, oldest first, with the rungs fired, for staff and for each group', async () => {
  const campaignId = await overdueCampaign();
  const mine = (items: Entry[]) => items.filter((i) => i.workflowId.startsWith(`campaign/${campaignId}/`)).map((i) => [i.groupId, i.unitId, i.kind, i.state, i.overdue, i.rungsFired]);
  const all = await overdueItems('staff-li');
  // one deadline for both: the keyset's next column, the workflow id, orders them
  expect(mine(all)).toEqual([
    ['g5', 'gongluju', 'unitInspection', 'awaiting_submission', true, [1]],
    ['g3', 'weijiju', 'unitInspection', 'awaiting_submission', true, [1]],
  ]);
  expect(all.map((i) => i.deadlineAt)).toEqual(all.map((i) => i.deadlineAt).sort());
  expect(all.every((i) => i.overdue)).toBe(true);

  const g5: Overdue = (await stack.as('g5-member').get('/overdue').expect(200)).body;
  expect(g5.groups.map((g) => g.groupId)).toEqual(['g5']);
  expect(new Set(g5.items.map((i) => i.groupId))).toEqual(new Set(['g5']));
  expectProblem(await stack.as('gongluju-contact').get('/overdue'), 403);
});

/** A campaign's projection rows as its unit inspections write them: the i-th demo unit's deadline `minutes` from now, in `state`. */
async function inspections(states: { minutes: number; state?: string }[]): Promise<string> {
  const { campaignId } = await insertCampaign(stack.db, { now: Date.now(), unitIds: DEMO_UNITS.map((u) => u.id) });
  await stack.db.unitInspection.createMany({
    data: states.map(({ minutes, state }, i) => ({
      id: unitInspectionWorkflowId(campaignId, DEMO_UNITS[i].id),
      campaignId,
      unitId: DEMO_UNITS[i].id,
      groupId: DEMO_UNITS[i].groupId,
      state: state ?? 'awaiting_submission',
      deadlineAt: new Date(Date.now() + minutes * 60_000),
    })),
  });
  return campaignId;
}

it('pages the overdue list by keyset: every item once, oldest first, the counts from the same rows, filtered by group', async () => {
  // 12 units: 7 waiting past their deadline (three sharing one instant), 1 under review past it, 4 not yet due
  const campaignId = await inspections([...[-50, -40, -40, -40, -30, -20, -10, 10, 20, 30, 40].map((minutes) => ({ minutes })), { minutes: -60, state: 'under_review' }]);
  const pages = await allPages<Overdue>(stack, 'staff-li', '/overdue?limit=3');
  const items = pages.flatMap((p) => p.items);
  expect(pages.length).toBeGreaterThanOrEqual(3);
  expect(pages.slice(0, -1).every((p) => p.items.length === 3)).toBe(true);
  const keys = items.map((i) => `${i.workflowId}|${i.unitId}`);
  expect(new Set(keys).size).toBe(keys.length);
  const sortKey = (i: Entry) => `${i.deadlineAt}|${i.workflowId}|${i.unitId}`;
  expect(items.map(sortKey)).toEqual(items.map(sortKey).sort());
  expect(items.filter((i) => i.workflowId.startsWith(`campaign/${campaignId}/`)).map((i) => i.unitId)).toEqual(['fagaiju', 'caizhengju', 'jiaoyuju', 'rensheju', 'weijiju', 'weijiansuo', 'shijianju']);
  // every page measures at the first page's instant and counts what the pages hold
  expect(new Set(pages.map((p) => p.asOf)).size).toBe(1);
  expect(pages[0].total).toBe(items.length);
  for (const g of pages[0].groups) expect([g.groupId, g.count]).toEqual([g.groupId, items.filter((i) => i.groupId === g.groupId).length]);

  const g2 = await overdueItems('staff-li', '&groupId=g2');
  expect(g2.map((i) => i.workflowId)).toEqual(items.filter((i) => i.groupId === 'g2').map((i) => i.workflowId));
  expect(g2.length).toBe(pages[0].groups.find((g) => g.groupId === 'g2')?.count);
  // a group's member asking for another group's items gets none of them
  expect(await overdueItems('g5-member', '&groupId=g2')).toEqual([]);

  expectProblem(await stack.as('staff-li').get('/overdue?limit=0'), 400, 'limit');
  expectProblem(await stack.as('staff-li').get('/overdue?limit=201'), 400, 'limit');
  expectProblem(await stack.as('staff-li').get('/overdue?cursor=not-a-cursor'), 400, 'cursor');
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

it('lists an unsealed surprise check past its deadline for its group and the commission only', async () => {
  const past = new Date(Date.now() - 60_000);
  const open = await sealedCheck('in_progress', past);
  const sealed = await sealedCheck('sealed', past);
  const seen = async (personId: string) => (await overdueItems(personId)).map((i) => i.workflowId).filter((w) => w === open || w === sealed);
  expect(await seen('staff-li')).toEqual([open]);
  expect(await seen('g5-member')).toEqual([open]);
  expect(await seen('g3-member')).toEqual([]);
});
