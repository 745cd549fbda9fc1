// 立案审查 over HTTP on the real stack: a lead whose check ended case_filed is filed by the commission
// leader over its group, its time limit extended once, transferred to 审理, heard and closed with a
// 党纪轻处分, which lands as a Measure row the statistics count (立案 1 件, 结案 1 件, the second form);
// and the refusals: a lead not case_filed (409), another commission leader (403), another group and
// unit roles (404), bad input (422).
import { CASE_NUMBER_PATTERN } from '../../domain/cases';
import { checkedLead, leadBody } from '../support/routeCalls';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
type Figure = { code: string; value: number };
const figures = async (who: string) => {
  const sections = (await stack.as(who).get(`/statistics?from=${today()}&to=${today()}`).expect(200)).body.sections as { code: string; figures: Figure[] }[];
  return Object.fromEntries(sections.flatMap((s) => s.figures).map((f) => [f.code, f.value]));
};
const taskKinds = async (who: string, id: string, page = 'cases') =>
  ((await stack.as(who).get(`/me/tasks?process=${encodeURIComponent(`/${page}/${id}`)}`).expect(200)).body.items as { kind: string }[]).map((t) => t.kind);

it('files a case, extends it once, transfers it to 审理 and closes it with a 党纪轻处分: a measure, 立案 1 件 / 结案 1 件 and the second form counted', async () => {
  const leadId = await checkedLead(stack, 'case_filed');
  const body = { leadId, filedOn: today() };

  // 审批立案 is on the list of the commission leader over 第五派驻组 alone, acting at POST /cases, shown on the lead's page as theirs
  const [fileCase] = (await stack.as('deputy').get('/me/tasks?kind=lead.fileCase').expect(200)).body.items as { process: { kind: string; id: string }; act: object; mark: string; dueAt: null }[];
  expect(fileCase).toMatchObject({ what: '审批立案', process: { kind: 'lead', id: leadId }, act: { method: 'POST', path: '/cases' }, mark: 'green', dueAt: null });
  for (const who of ['secretary', 'g5-member', 'g5-leader', 'staff-li']) expect(await taskKinds(who, leadId, 'leads')).not.toContain('lead.fileCase');
  const steps = (await stack.as('g5-member').get(`/leads/${leadId}`).expect(200)).body.openSteps as { kind: string }[];
  expect(steps.filter((s) => s.kind === 'lead.fileCase')).toMatchObject([{ owner: { id: 'deputy' } }]);

  // refusals before anything is filed
  expectProblem(await stack.as('secretary').post('/cases', body), 403);
  expectProblem(await stack.as('g5-member').post('/cases', body), 403);
  expectProblem(await stack.as('deputy').post('/cases', { ...body, filedOn: '2099-01-01' }), 422, 'filedOn');
  expectProblem(await stack.as('deputy').post('/cases', { ...body, personsConcerned: [{ name: '某科长', personId: 'no-such-person' }] }), 422, 'personsConcerned');
  expectProblem(await stack.as('deputy').post('/cases', { ...body, leadId: 'XS-2099-9999' }), 404);
  expect(await stack.db.case.count()).toBe(0);

  const made = (await stack.as('deputy').post('/cases', body).expect(202)).body as { id: string; workflowId: string; timeLimitDueAt: string };
  expect(made.id).toMatch(CASE_NUMBER_PATTERN);
  expect(made.workflowId).toBe(`case/${made.id}`);
  expectProblem(await stack.as('deputy').post('/cases', body), 409);
  const { id } = made;
  expect(await taskKinds('deputy', leadId, 'leads')).not.toContain('lead.fileCase');
  await eventually(async () => (await stack.as('g5-member').get(`/cases/${id}`)).body.timeline?.some((e: { kind: string }) => e.kind === 'opened'), { what: 'the case opened' });
  expect((await stack.as('g5-leader').get(`/cases/${id}`).expect(200)).body).toMatchObject({ leadId, state: 'under_investigation', stateLabel: '审查调查中', personsConcerned: [{ name: '某科长' }], filedById: 'deputy' });
  expect(await taskKinds('g5-member', id)).toEqual(['case.transfer']);

  // one extension, approved by the commission leader over 第五派驻组 only
  await stack.as('g5-member').post(`/cases/${id}/extension`, { reason: '涉案资金流向需进一步查证' }).expect(200);
  await eventually(async () => (await taskKinds('deputy', id)).includes('case.extensionDecision'), { what: 'the extension on the commission leader’s list' });
  expectProblem(await stack.as('secretary').post(`/cases/${id}/extension-decision`, { decision: 'grant' }), 403);
  expectProblem(await stack.as('g5-leader').post(`/cases/${id}/extension-decision`, { decision: 'grant' }), 403);
  const granted = (await stack.as('deputy').post(`/cases/${id}/extension-decision`, { decision: 'grant', comment: '同意' }).expect(200)).body;
  expect(Date.parse(granted.timeLimit.deadlineAt)).toBeGreaterThan(Date.parse(made.timeLimitDueAt) + 80 * 86_400_000);
  expectProblem(await stack.as('g5-member').post(`/cases/${id}/extension`, { reason: '再次延期' }), 409);

  // 移送审理 to commission staff (the console offers them, the handler not among them), their opinion, 结案
  const candidates = (await stack.as('g5-member').get(`/cases/${id}/reviewer-candidates`).expect(200)).body.items as { id: string }[];
  expect(candidates.map((p) => p.id)).toEqual(expect.arrayContaining(['staff-li', 'staff-chen']));
  expect(candidates.map((p) => p.id)).not.toEqual(expect.arrayContaining(['g5-member', 'deputy', 'gongluju-contact']));
  expectProblem(await stack.as('gongluju-contact').get(`/cases/${id}/reviewer-candidates`), 404);
  expectProblem(await stack.as('g5-member').post(`/cases/${id}/hearing`, { reviewerId: 'gongluju-contact' }), 422, 'reviewerId');
  await stack.as('g5-member').post(`/cases/${id}/hearing`, { reviewerId: 'staff-li' }).expect(200);
  expectProblem(await stack.as('staff-chen').post(`/cases/${id}/hearing-opinion`, { opinion: '同意' }), 409);
  expectProblem(await stack.as('g5-member').post(`/cases/${id}/hearing-opinion`, { opinion: '同意' }), 403);
  await stack.as('staff-li').post(`/cases/${id}/hearing-opinion`, { opinion: '事实清楚，证据确凿，建议给予党内警告处分' }).expect(200);
  await eventually(async () => (await taskKinds('deputy', id)).includes('case.close'), { what: '结案 on the commission leader’s list' });
  expectProblem(await stack.as('secretary').post(`/cases/${id}/closing`, { dispositions: [{ name: '某科长', kind: 'light_sanction' }] }), 403);
  expectProblem(await stack.as('deputy').post(`/cases/${id}/closing`, { dispositions: [{ name: '某某', kind: 'light_sanction' }] }), 422, 'dispositions');
  expect((await stack.as('deputy').post(`/cases/${id}/closing`, { dispositions: [{ name: '某科长', kind: 'light_sanction' }] }).expect(200)).body).toMatchObject({ state: 'closed' });

  const measure = await eventually(() => stack.db.measure.findFirst({ where: { sourceKind: 'case', sourceId: id } }).then((m) => m ?? undefined), { what: 'the measure written' });
  expect(measure).toMatchObject({ kind: 'light_sanction', form: 2, personName: '某科长', unitId: 'gongluju', groupId: 'g5', heldById: 'deputy' });
  await eventually(async () => (await stack.as('g5-member').get(`/cases/${id}`)).body.state === 'closed', { what: 'the case closed' });

  const counted = await figures('deputy');
  expect([counted['cases.filed'], counted['cases.filedPersons'], counted['cases.closed'], counted['cases.closedPersons'], counted.form2]).toEqual([1, 1, 1, 1, 1]);
  const records = (await stack.as('g5-leader').get(`/statistics/records?figure=cases.closed&from=${today()}&to=${today()}`).expect(200)).body;
  expect(records.items.map((r: { kind: string; id: string; href: string }) => [r.kind, r.id, r.href])).toEqual([['case', id, `/cases/${id}`]]);
  // another group counts none of it
  expect((await figures('g3-member'))['cases.filed']).toBe(0);
});

it('refuses a lead not case_filed (409), and hides a case from another group and from units (404)', async () => {
  const { id: unchecked } = (await stack.as('staff-li').post('/leads', leadBody('g5-member')).expect(202)).body as { id: string };
  expectProblem(await stack.as('deputy').post('/cases', { leadId: unchecked, filedOn: today() }), 409);
  const leadId = await checkedLead(stack, 'case_filed');
  const { id } = (await stack.as('deputy').post('/cases', { leadId, filedOn: today() }).expect(202)).body as { id: string };
  for (const who of ['gongluju-contact', 'gongluju-leader', 'gongluju-member1']) {
    expectProblem(await stack.as(who).get('/cases'), 404);
    expectProblem(await stack.as(who).get(`/cases/${id}`), 404);
    expectProblem(await stack.as(who).post(`/cases/${id}/extension`, { reason: '试' }), 404);
  }
  for (const who of ['g3-member', 'g3-leader']) {
    expectProblem(await stack.as(who).get(`/cases/${id}`), 404);
    expectProblem(await stack.as(who).post(`/cases/${id}/hearing`, { reviewerId: 'staff-li' }), 404);
    expect(((await stack.as(who).get('/cases').expect(200)).body.items as { id: string }[]).map((c) => c.id)).not.toContain(id);
  }
  expectProblem(await stack.as('deputy').post(`/cases/${id}/closing`, { dispositions: [] }), 400);
});
