import { randomBytes } from 'node:crypto';
import { campaignWorkflowId, unitInspectionWorkflowId } from '../../domain/ids';
import { DEMO_GROUPS, DEMO_UNITS, demoEmail } from '../../prisma/seed';
import { campaignStatusQuery } from '../../workflows/messages';
import type { ActivityDeps } from '../../activities/deps';
import { createRecordActivities } from '../../activities/records';
import { insertCampaign } from '../support/campaigns';
import { allPages, endCampaign, eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

type UnitRow = { unitId: string; groupId: string; state: string; round: number | null; escalations: { rung: number }[] };
type Rollup = {
  state: string;
  unitCount: number;
  workflow?: { available: boolean; view?: { state: string; finished: number } };
  byState: Record<string, number>;
  groups: { groupId: string; unitCount: number; byState: Record<string, number> }[];
  units: UnitRow[];
  nextCursor: string | null;
};
/** The roll-up as `as` reads it, first page of up to 200 units; `query` adds filters or `live=true`. */
const rollup = async (id: string, as = 'staff-li', query = ''): Promise<Rollup> => (await stack.as(as).get(`/campaigns/${id}?limit=200${query}`).expect(200)).body;
const unitsOf = (r: Rollup) => r.units;

async function launchAndApprove(body: object): Promise<string> {
  const launched = await stack.as('staff-li').post('/campaigns', body).expect(202);
  await stack.as('deputy').post(`/campaigns/${launched.body.id}/decision`, { decision: 'approve' }).expect(200);
  return launched.body.id;
}

// some units: the roll-up lists none until the campaign's first activity has written its scope
const allUnitsAre = (id: string, state: string) =>
  eventually(async () => {
    const units = unitsOf(await rollup(id));
    return units.length > 0 && units.every((u) => u.state === state);
  }, { what: `every unit ${state}` });

describe('special campaign through the API', () => {
  it('runs a campaign over all twelve demo units from launch to completion', async () => {
    const requestId = `e2e-${randomBytes(4).toString('hex')}`;
    const launched = await stack
      .as('staff-li')
      .post('/campaigns', launchBody({
        scope: { groupIds: ['g1', 'g2', 'g3'], unitIds: ['shijianju', 'zhengwuzhongxin', 'gongluju', 'jiaoyunju', 'chengguanju', 'zhujianju', 'fagaiju'] },
        deadline: { workingDays: 5 },
        // the defaults: a ladder and an approval window in working days
        ladder: undefined,
        approvalWindow: undefined,
      }))
      .set('X-Request-Id', requestId)
      .expect(202);
    const id: string = launched.body.id;
    expect(id).toMatch(/^ZX-\d{8}-[0-9a-f]{6}$/);
    expect(launched.headers.location).toBe(`/campaigns/${id}`);
    expect(launched.headers['x-request-id']).toBe(requestId);
    expect(launched.body).toMatchObject({ workflowId: campaignWorkflowId(id), state: 'awaiting_approval' });
    expect(launched.body.links.workflowUi).toContain(encodeURIComponent(campaignWorkflowId(id)));

    // the launch keeps the scope as named; the campaign's first activity writes it deduplicated and
    // ordered by group, then unit id (the fan-out order), once however often it runs
    const groupOrder = (groupId: string) => DEMO_GROUPS.findIndex((g) => g.id === groupId);
    const expectedOrder = [...DEMO_UNITS].sort((a, b) => groupOrder(a.groupId) - groupOrder(b.groupId) || a.id.localeCompare(b.id)).map((u) => u.id);
    const scopeRows = () => stack.db.campaignUnit.findMany({ where: { campaignId: id }, orderBy: { ordinal: 'asc' } });
    const scope = await eventually(async () => {
      const rows = await scopeRows();
      return rows.length > 0 && rows;
    }, { what: 'the scope written by the worker' });
    expect(scope.map((s) => s.unitId)).toEqual(expectedOrder);
    expect(await createRecordActivities({ db: stack.db } as ActivityDeps).recordCampaignScope({ campaignId: id })).toBe(DEMO_UNITS.length);
    expect(await scopeRows()).toEqual(scope);
    expect(await stack.db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({ unitCount: DEMO_UNITS.length, scope: { reached: ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'] } });
    expect(await stack.db.auditLog.findFirst({ where: { targetId: id, action: 'campaign.launched' } })).toMatchObject({ actorId: 'staff-li', requestId });

    const approved = await stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
    expect(approved.body.state).toBe('fanning_out');
    await allUnitsAre(id, 'awaiting_submission');

    const executions = await eventually(async () => {
      const found = [];
      for await (const wf of stack.env.client.workflow.list({ query: `TantouCampaign='${id}'` })) found.push(wf.workflowId);
      return found.length === 13 && found;
    }, { what: 'the campaign and its 12 inspections in visibility' });
    expect(executions.sort()).toEqual([campaignWorkflowId(id), ...DEMO_UNITS.map((u) => unitInspectionWorkflowId(id, u.id))].sort());

    // each role reads only its part of the roll-up
    expect(unitsOf(await rollup(id, 'gongluju-contact')).map((u) => u.unitId)).toEqual(['gongluju']);
    expect(unitsOf(await rollup(id, 'g5-member')).map((u) => u.unitId)).toEqual(['gongluju', 'jiaoyunju']);
    expect(unitsOf(await rollup(id, 'deputy'))).toHaveLength(12);
    // nor anything about the other units: the count is theirs, the workflow's answer (all units) is withheld
    const unitView = await rollup(id, 'gongluju-contact', '&live=true');
    expect(unitView).toMatchObject({ unitCount: 1, workflow: { available: false } });
    // the workflow is asked only when the reader asks for it
    expect((await rollup(id, 'deputy')).workflow).toBeUndefined();
    expect(JSON.stringify(unitView)).not.toMatch(/"(started|finished)"/);
    expect((await rollup(id, 'g5-member')).unitCount).toBe(2);
    expect((await rollup(id, 'deputy')).unitCount).toBe(12);
    const listed = (await stack.as('gongluju-leader').get('/campaigns').expect(200)).body.items.find((c: { id: string }) => c.id === id);
    expect(listed.unitCount).toBe(1);

    await Promise.all(
      DEMO_UNITS.map((u) => stack.as(`${u.id}-contact`).post(`/inspections/${id}/${u.id}/report`, { content: `${u.name}自查报告：已对照五个切入点逐项自查。` }).expect(200)),
    );
    await allUnitsAre(id, 'under_review');

    const returned = await stack
      .as('g1-leader')
      .post(`/inspections/${id}/fagaiju/review`, { decision: 'return', reason: '未覆盖“三重一大”决策事项，请补充。', newDeadline: { workingDays: 2 } })
      .expect(200);
    expect(returned.body).toMatchObject({ state: 'awaiting_submission', round: 2 });
    await stack
      .as('g5-member')
      .post(`/inspections/${id}/gongluju/review`, { decision: 'accept', findings: [{ title: '公车使用登记不全', detail: '2026年10月有3次出车未登记事由' }] })
      .expect(200);
    await Promise.all(
      DEMO_UNITS.filter((u) => u.id !== 'fagaiju' && u.id !== 'gongluju').map((u) =>
        stack.as(`${u.groupId}-member`).post(`/inspections/${id}/${u.id}/review`, { decision: 'accept', comment: '自查到位' }).expect(200),
      ),
    );
    await stack.as('fagaiju-contact').post(`/inspections/${id}/fagaiju/report`, { content: '补充：三重一大事项已逐项说明。' }).expect(200);
    await stack.as('g1-member').post(`/inspections/${id}/fagaiju/review`, { decision: 'accept' }).expect(200);

    const done = await eventually(async () => {
      const r = await rollup(id, 'staff-li', '&live=true');
      return r.state === 'completed' && r;
    }, { what: 'the campaign completed' });
    expect(done.workflow).toMatchObject({ available: true, view: { state: 'completed', finished: 12 } });
    expect(await stack.env.client.workflow.getHandle(campaignWorkflowId(id)).query(campaignStatusQuery)).toMatchObject({ state: 'completed' });
    expect(unitsOf(done).every((u) => u.state === 'accepted')).toBe(true);

    const inspections = { where: { inspection: { campaignId: id } } };
    expect(await stack.db.unitInspection.count({ where: { campaignId: id, state: 'accepted' } })).toBe(12);
    expect(await stack.db.submission.count(inspections)).toBe(13);
    expect(await stack.db.review.count(inspections)).toBe(13);
    expect(await stack.db.review.count({ where: { ...inspections.where, decision: 'return' } })).toBe(1);
    expect(await stack.db.finding.findMany({ where: { inspection: { campaignId: id } } })).toEqual([
      expect.objectContaining({ unitId: 'gongluju', title: '公车使用登记不全', recordedById: 'g5-member' }),
    ]);
    expect(await stack.db.approval.findUnique({ where: { subjectKind_subjectId: { subjectKind: 'campaign', subjectId: id } } })).toMatchObject({ decision: 'approve', deciderId: 'deputy' });

    const detail = await stack.as('fagaiju-contact').get(`/inspections/${id}/fagaiju`).expect(200);
    expect(detail.body).toMatchObject({ state: 'accepted', stateLabel: '已通过', round: 2, workflow: { available: true, view: { state: 'accepted', round: 2 } } });
    expect(detail.body.reviews.map((r: { decision: string }) => r.decision)).toEqual(['return', 'accept']);
    expect(detail.body.submissions).toHaveLength(2);
  });

  it('escalates an overdue report by email, rung by rung, to the right people', async () => {
    const id = await launchAndApprove(launchBody({
      deadline: { at: new Date(Date.now() + 3_000).toISOString() },
      ladder: {
        remindBefore: null,
        rungs: [
          { after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] },
          { after: { amount: 0.05, unit: 'minutes' }, notify: ['GROUP_LEADER'] },
        ],
      },
    }));
    const overdue = (rung: number, to: string) => (m: { subject: string; to: string[]; text: string }) =>
      m.subject.includes(`逾期催办（第${rung}级）`) && m.to.includes(to) && m.text.includes(id);
    const [first] = await stack.sink.waitFor(overdue(1, demoEmail('gongluju-contact')), { timeoutMs: 20_000 });
    expect(first.subject).toMatch(/^【探头】逾期催办（第1级）：区公路局「作风建设年专项督查 [0-9a-f]{4}」自查报告已逾期$/);
    const [second] = await stack.sink.waitFor(overdue(2, demoEmail('g5-leader')), { timeoutMs: 20_000 });
    expect(second.to).toEqual([demoEmail('g5-leader')]);

    const escalated = await eventually(async () => {
      const [unit] = unitsOf(await rollup(id));
      return unit.escalations.length === 2 && unit;
    }, { what: 'both rungs in the roll-up' });
    expect(escalated.escalations.map((e) => e.rung)).toEqual([1, 2]);
    await endCampaign(stack, id);
  });

  it('cancels every unit inspection when staff cancel the campaign', async () => {
    const id = await launchAndApprove(launchBody({ scope: { groupIds: ['g1'] } }));
    await allUnitsAre(id, 'awaiting_submission');

    const cancelled = await stack.as('staff-chen').post(`/campaigns/${id}/cancel`, { reason: '上级通知暂停本次督查' }).expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    for (const unitId of ['caizhengju', 'fagaiju']) {
      const handle = stack.env.client.workflow.getHandle(unitInspectionWorkflowId(id, unitId));
      await eventually(async () => (await handle.describe()).status.name === 'CANCELLED', { what: `${unitId} cancelled` });
    }
    await allUnitsAre(id, 'cancelled');
    // the answer came first; the campaign records its cancellation once the sweep is done
    await eventually(async () => (await rollup(id)).state === 'cancelled', { what: 'the campaign recorded cancelled' });
    expectProblem(await stack.as('staff-li').post(`/campaigns/${id}/cancel`, { reason: '再次撤销' }), 409);
  });

  it('makes one campaign and one workflow when a launch is retried with the same Idempotency-Key', async () => {
    const key = `retry-${randomBytes(6).toString('hex')}`;
    const body = launchBody();
    const first = await stack.as('staff-li').post('/campaigns', body).set('Idempotency-Key', key).expect(202);
    const again = await stack.as('staff-li').post('/campaigns', body).set('Idempotency-Key', key).expect(202);
    expect(again.body).toEqual(first.body);
    // the answer says it is the earlier launch's
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stack.db.campaign.count({ where: { title: body.title } })).toBe(1);
    await eventually(async () => (await stack.env.client.workflow.count(`TantouCampaign='${first.body.id}'`)).count === 1, { what: 'the workflow in visibility' });

    const campaigns = await stack.db.campaign.count();
    const changed = await stack.as('staff-li').post('/campaigns', { ...body, topic: '另一个主题' }).set('Idempotency-Key', key);
    expectProblem(changed, 422, 'Idempotency-Key');
    // it says what happened: the key made that campaign, and nothing new was made
    expect(changed.body.type).toBe('urn:tantou:problem:idempotency-key-reused');
    expect(changed.body.detail).toContain(`campaign ${first.body.id}`);
    expect(changed.body.detail).toContain('nothing new was made');
    expect(await stack.db.campaign.count()).toBe(campaigns);
    expect((await stack.env.client.workflow.count(`TantouCampaign='${first.body.id}'`)).count).toBe(1);
    await endCampaign(stack, first.body.id);
  });

  it("treats another person's identical Idempotency-Key as another launch", async () => {
    const key = `shared-${randomBytes(6).toString('hex')}`;
    const body = launchBody();
    const li = await stack.as('staff-li').post('/campaigns', body).set('Idempotency-Key', key).expect(202);
    const chen = await stack.as('staff-chen').post('/campaigns', body).set('Idempotency-Key', key).expect(202);
    expect(chen.body.id).not.toBe(li.body.id);
    expect(chen.headers['idempotent-replayed']).toBeUndefined();
    expect(await stack.db.campaign.findUniqueOrThrow({ where: { id: chen.body.id } })).toMatchObject({ createdById: 'staff-chen' });
    // each keeps their own: li's retry still answers with li's campaign
    expect((await stack.as('staff-li').post('/campaigns', body).set('Idempotency-Key', key).expect(202)).body.id).toBe(li.body.id);
    const keys = await stack.db.idempotentLaunch.findMany({ where: { key }, orderBy: { personId: 'asc' } });
    expect(keys.map((k) => [k.personId, k.madeKind, k.madeIds])).toEqual([
      ['staff-chen', 'campaign', [chen.body.id]],
      ['staff-li', 'campaign', [li.body.id]],
    ]);
    for (const c of [li, chen]) await endCampaign(stack, c.body.id);
  });

  it('pages the roll-up by scope order, filtered by group and state, counts from the same rows', async () => {
    // the projection as a fan-out half done writes it: 8 of the 12 units started, in three states
    const { campaignId: id } = await insertCampaign(stack.db, { now: Date.now(), unitIds: DEMO_UNITS.map((u) => u.id) });
    const started = DEMO_UNITS.slice(0, 8).map((u, i) => ({ ...u, state: ['awaiting_submission', 'under_review', 'accepted'][i % 3] }));
    await stack.db.unitInspection.createMany({
      data: started.map((u) => ({ id: unitInspectionWorkflowId(id, u.id), campaignId: id, unitId: u.id, groupId: u.groupId, state: u.state, deadlineAt: new Date(Date.now() + 86_400_000) })),
    });
    const scopeOrder = (await stack.db.campaignUnit.findMany({ where: { campaignId: id }, orderBy: { ordinal: 'asc' } })).map((s) => s.unitId);
    const pages = await allPages<Rollup>(stack, 'staff-li', `/campaigns/${id}?limit=5`);
    expect(pages.map((p) => p.units.length)).toEqual([5, 5, 2]);
    const units = pages.flatMap((p) => p.units);
    expect(units.map((u) => u.unitId)).toEqual(scopeOrder);
    const stateOf = (unitId: string) => started.find((u) => u.id === unitId)?.state ?? 'not_started';
    expect(units.map((u) => u.state)).toEqual(scopeOrder.map(stateOf));
    const { byState, groups } = pages[0];
    expect(byState).toEqual({ awaiting_submission: 3, under_review: 3, accepted: 2, cancelled: 0, not_started: 4 });
    for (const g of groups) {
      const mine = units.filter((u) => u.groupId === g.groupId);
      expect([g.groupId, g.unitCount]).toEqual([g.groupId, mine.length]);
      expect([g.groupId, g.byState]).toEqual([g.groupId, Object.fromEntries(Object.keys(byState).map((state) => [state, mine.filter((u) => u.state === state).length]))]);
    }
    for (const state of Object.keys(byState)) {
      const filtered = (await allPages<Rollup>(stack, 'staff-li', `/campaigns/${id}?limit=2&state=${state}`)).flatMap((p) => p.units);
      expect([state, filtered.map((u) => u.unitId)]).toEqual([state, units.filter((u) => u.state === state).map((u) => u.unitId)]);
    }
    expect(unitsOf(await rollup(id, 'staff-li', '&groupId=g5')).map((u) => u.unitId)).toEqual(['gongluju', 'jiaoyunju']);
    // a group counts only its own units, whatever it filters by
    const g5 = await rollup(id, 'g5-member', '&groupId=g1');
    expect(g5).toMatchObject({ unitCount: 2, units: [], groups: [{ groupId: 'g5', unitCount: 2 }], byState: { not_started: 2 } });
    expectProblem(await stack.as('staff-li').get(`/campaigns/${id}?state=lost`), 400, 'state');
    expectProblem(await stack.as('staff-li').get(`/campaigns/${id}?cursor=${Buffer.from('{"ordinal":"x"}').toString('base64url')}`), 400, 'cursor');
    expectProblem(await stack.as('staff-li').get(`/campaigns/${id}?live=maybe`), 400, 'live');
  });
});

describe('a calendar refusal names the field that reached the missing year', () => {
  // the test calendar has data up to 2027: ten working days after late December 2027 fall in 2028
  const lateIn2027 = { at: '2027-12-28T10:00:00+08:00' };

  it('names the ladder rung of the request that reaches it, not the deadline', async () => {
    const ladder = { rungs: [{ after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] }, { after: { amount: 10, unit: 'workingDays' }, notify: ['GROUP_LEADER'] }] };
    const before = await stack.db.campaign.count();
    const res = await stack.as('staff-li').post('/campaigns', launchBody({ deadline: lateIn2027, ladder }));
    expectProblem(res, 422);
    expect(res.body.type).toBe('urn:tantou:problem:calendar-data-missing');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'ladder.rungs.1', message: expect.stringContaining('2028') })]);
    expect(await stack.db.campaign.count()).toBe(before);
  });

  it('names the reminder of the request when it is the one that reaches it', async () => {
    const ladder = { remindBefore: { amount: 1, unit: 'workingDays' }, rungs: [{ after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] }] };
    const res = await stack.as('staff-li').post('/campaigns', launchBody({ deadline: { at: '2028-01-03T10:00:00+08:00' }, ladder }));
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['ladder.remindBefore']);
  });

  it('keeps a default ladder at the deadline, saying which rung reached the year', async () => {
    const res = await stack.as('staff-li').post('/campaigns', launchBody({ deadline: lateIn2027, ladder: undefined }));
    expectProblem(res, 422, 'deadline.at');
    expect(res.body.errors[0].message).toMatch(/2028 \(reached by ladder rung \d\)/);
  });
});
