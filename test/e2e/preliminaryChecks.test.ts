// 初步核实 over the API, on the real stack. Each lead is registered through POST /leads, accepted and its
// 初步核实 approved through the API; the lead's workflow starts the check as its child.
import { shanghaiDate } from '../../domain/calendar';
import { rectificationWorkflowId, riskPointFindingId } from '../../domain/ids';
import { naturalMonthsLater } from '../../domain/preliminaryChecks';
import { approveDisposal, leadBody } from '../support/routeCalls';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const e = encodeURIComponent;
const today = () => shanghaiDate(new Date());
const scheme = { what: '核实是否存在公车私用', how: '调取车辆使用登记，询问驾驶员', teamIds: ['g5-member', 'g5-leader'], teamLeaderId: 'g5-leader' };

/** A real-name complaint about 区公路局 handled by g5-member, under preliminary check with its scheme approved. */
async function checking(): Promise<string> {
  const leadId = (await stack.as('staff-li').post('/leads', leadBody('g5-member')).expect(202)).body.id as string;
  await approveDisposal(stack, leadId, 'preliminary_check');
  await stack.as('g5-member').post(`/preliminary-checks/${leadId}/scheme`, scheme).expect(200);
  await stack.as('deputy').post(`/preliminary-checks/${leadId}/scheme-decision`, { decision: 'approve' }).expect(200);
  return leadId;
}

/** 报批 of the conclusion recorded, and its projection. */
async function approved(leadId: string) {
  const answer = await stack.as('deputy').post(`/preliminary-checks/${leadId}/conclusion-decision`, { decision: 'approve', comment: '同意' }).expect(200);
  expect(answer.body).toMatchObject({ state: 'completed' });
  await eventually(async () => (await stack.db.preliminaryCheck.findUniqueOrThrow({ where: { leadId } })).outcome !== null, { what: 'the check projected completed' });
}

it('refuses the wrong roles (403), other groups and units (404) and bad input (422, saying what is wrong)', async () => {
  const leadId = (await stack.as('staff-li').post('/leads', leadBody('g5-member')).expect(202)).body.id as string;
  // no check yet: it does not exist
  expectProblem(await stack.as('g5-member').get(`/preliminary-checks/${leadId}`), 404);
  await approveDisposal(stack, leadId, 'preliminary_check');
  const path = `/preliminary-checks/${e(leadId)}`;
  expect((await stack.as('g5-leader').get(path).expect(200)).body).toMatchObject({ leadId, state: 'awaiting_scheme', stateLabel: '待报核实方案', warningLevel: 'blue', handlerId: 'g5-member' });

  // units never see it, nor another group: the lead's 404
  for (const person of ['gongluju-contact', 'gongluju-leader', 'gongluju-member1', 'g3-member']) {
    expectProblem(await stack.as(person).get(path), 404);
    expectProblem(await stack.as(person).post(`${path}/scheme`, scheme), 404);
  }
  // a team under two, a leader outside it, a person not in the registry
  const small = await stack.as('g5-member').post(`${path}/scheme`, { ...scheme, teamIds: ['g5-member'], teamLeaderId: 'g5-member' });
  expectProblem(small, 422, 'teamIds');
  expect(small.body.detail).toContain('核查组至少2名不同人员');
  expectProblem(await stack.as('g5-member').post(`${path}/scheme`, { ...scheme, teamIds: ['g5-member', 'g5-member'], teamLeaderId: 'g5-member' }), 422, 'teamIds');
  expectProblem(await stack.as('g5-member').post(`${path}/scheme`, { ...scheme, teamLeaderId: 'staff-li' }), 422, 'teamLeaderId');
  const unknown = await stack.as('g5-member').post(`${path}/scheme`, { ...scheme, teamIds: ['g5-member', 'nobody'], teamLeaderId: 'g5-member' });
  expectProblem(unknown, 422, 'teamIds.1');
  expect(unknown.body.detail).toContain('在职人员');
  // a commission leader handles none (403); a group leader who is not the handler is refused by the workflow (409)
  expectProblem(await stack.as('deputy').post(`${path}/scheme`, scheme), 403);
  expect((await stack.as('g5-leader').post(`${path}/scheme`, scheme)).body).toMatchObject({ status: 409, code: 'not-lead-handler' });
  await stack.as('g5-member').post(`${path}/scheme`, scheme).expect(200);

  // the decision is the commission leader's over the group: not the group's, not another commission leader's
  expectProblem(await stack.as('g5-leader').post(`${path}/scheme-decision`, { decision: 'approve' }), 403);
  const secretary = await stack.as('secretary').post(`${path}/scheme-decision`, { decision: 'approve' });
  expectProblem(secretary, 403);
  expect(secretary.body.detail).toContain('分管该派驻组的委领导');
  expectProblem(await stack.as('deputy').post(`${path}/scheme-decision`, { decision: 'return', reason: '' }), 400);
  expect((await stack.as('deputy').post(`${path}/scheme-decision`, { decision: 'return', reason: '请补充核实方式' }).expect(200)).body).toMatchObject({ state: 'awaiting_scheme' });

  // a conclusion before the check runs, an unknown outcome, a measure of another form
  await stack.as('g5-member').post(`${path}/scheme`, scheme).expect(200);
  await stack.as('deputy').post(`${path}/scheme-decision`, { decision: 'approve' }).expect(200);
  expectProblem(await stack.as('g5-member').post(`${path}/conclusion`, { outcome: 'unfounded', facts: '失实' }), 400);
  const sanction = { kind: 'light_sanction', subject: { name: '某科长' }, heldOn: today(), heldById: 'g5-leader' };
  expectProblem(await stack.as('g5-member').post(`${path}/conclusion`, { outcome: 'first_form', facts: '情节轻微', measures: [sanction] }), 400);
  const future = await stack.as('g5-member').post(`${path}/conclusion`, { outcome: 'first_form', facts: '情节轻微', measures: [{ ...sanction, kind: 'criticism', heldOn: '2999-01-01' }] });
  expectProblem(future, 422, 'measures.0.heldOn');
  expect(future.body.detail).toContain('实施日期不能晚于今天');
});

it('scheme → approve (亮灯预警 from now, in 我的待办) → conclusion 第一种形态 → approve: the measures are recorded and counted under 第一种形态', async () => {
  const before = new Date();
  const leadId = await checking();
  const check = (await stack.as('g5-member').get(`/preliminary-checks/${leadId}`).expect(200)).body;
  expect(check).toMatchObject({ state: 'checking', warningLevel: 'blue', warningLabel: '蓝灯' });
  // yellow 3, red 6 natural months after the approval (config defaults)
  expect(Math.abs(Date.parse(check.yellowAt) - naturalMonthsLater(before, 3).getTime())).toBeLessThan(120_000);
  expect(Math.abs(Date.parse(check.redAt) - naturalMonthsLater(before, 6).getTime())).toBeLessThan(120_000);
  const tasks = (await stack.as('g5-member').get(`/me/tasks?kind=preliminaryCheck.conclude&process=${e(`/preliminary-checks/${e(leadId)}`)}`).expect(200)).body;
  expect(tasks.items).toEqual([
    expect.objectContaining({
      kind: 'preliminaryCheck.conclude',
      process: { kind: 'preliminaryCheck', id: leadId, title: leadId },
      dueAt: check.redAt,
      mark: 'green',
      dueRule: expect.stringContaining('核实方案批准后 6 个月亮红灯（3 个月亮黄灯）'),
      act: { method: 'POST', path: `/preliminary-checks/${e(leadId)}/conclusion` },
    }),
  ]);

  const stats = async () => (await stack.as('staff-li').get(`/statistics?from=${today()}&to=${today()}`).expect(200)).body as { sections: { figures: { code: string; value: number }[] }[] };
  const form1 = async () => (await stats()).sections.flatMap((s) => s.figures).find((f) => f.code === 'form1')!.value;
  const counted = await form1();
  const measure = { subject: { name: '某科长', title: '区公路局 科长' }, heldOn: today(), heldById: 'g5-leader' };
  await stack.as('g5-member').post(`/preliminary-checks/${leadId}/conclusion`, { outcome: 'first_form', facts: '公车私用2次，情节轻微', measures: [{ ...measure, kind: 'reminder_talk' }, { ...measure, kind: 'criticism' }] }).expect(200);
  expect((await stack.as('deputy').get('/me/tasks?kind=preliminaryCheck.conclusionDecision').expect(200)).body.items.map((i: { process: { id: string } }) => i.process.id)).toContain(leadId);
  await approved(leadId);
  const rows = await eventually(async () => {
    const found = await stack.db.measure.findMany({ where: { sourceKind: 'lead', sourceId: leadId }, orderBy: { id: 'asc' } });
    return found.length === 2 && found;
  }, { what: 'the measures' });
  expect(rows.map((m) => [m.kind, m.form, m.personName, m.unitId, m.groupId])).toEqual([
    ['reminder_talk', 1, '某科长', 'gongluju', 'g5'],
    ['criticism', 1, '某科长', 'gongluju', 'g5'],
  ]);
  expect(await form1()).toBe(counted + 2);
  const detail = (await stack.as('g5-member').get(`/preliminary-checks/${leadId}`).expect(200)).body;
  expect(detail).toMatchObject({ state: 'completed', outcome: 'first_form', completedAt: expect.any(String) });
  expect(detail.timeline.map((t: { kind: string }) => t.kind)).toEqual(['opened', 'scheme_proposed', 'scheme_approved', 'conclusion_proposed', 'conclusion_approved']);
  // the check's timeline and the lead's audit never name the reporter
  expect(JSON.stringify(detail)).not.toContain('矩阵举报人');
});

it('risk_point: the RiskPoint row, its finding and the unit’s rectification started, naming no lead', async () => {
  const leadId = await checking();
  await stack.as('g5-member').post(`/preliminary-checks/${leadId}/conclusion`, { outcome: 'risk_point', facts: '暗访未发现公车私用', risk: '公车使用登记制度执行不严' }).expect(200);
  await approved(leadId);
  const riskPoint = await eventually(async () => (await stack.db.riskPoint.findFirst({ where: { leadId } })) ?? undefined, { what: 'the risk point' });
  expect(riskPoint).toMatchObject({ unitId: 'gongluju', groupId: 'g5', risk: '公车使用登记制度执行不严', findingId: riskPointFindingId(riskPoint.id) });
  expect((await stack.as('g5-member').get(`/preliminary-checks/${leadId}`).expect(200)).body.riskPoint).toEqual({ id: riskPoint.id, findingId: riskPoint.findingId });
  // the unit's contact sees its rectification, awaiting the plan of how it details its 主体责任
  const rect = await eventually(async () => {
    const res = await stack.as('gongluju-contact').get(`/rectifications/${e(riskPoint.findingId)}`);
    return res.status === 200 && res.body;
  }, { what: 'the rectification' });
  expect(rect).toMatchObject({ title: '公车使用登记制度执行不严', state: 'awaiting_plan', source: { kind: 'riskPoint', id: riskPoint.id }, workflowId: rectificationWorkflowId(riskPoint.findingId) });
  expect(JSON.stringify(rect)).not.toContain(leadId);
  // the unit still does not see the check
  expectProblem(await stack.as('gongluju-contact').get(`/preliminary-checks/${leadId}`), 404);
});
