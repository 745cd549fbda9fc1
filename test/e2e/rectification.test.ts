import { inspectionFindingId, rectificationWorkflowId, unitInspectionWorkflowId } from '../../domain/ids';
import { eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

/** A deadline `days` natural days from now, as the API takes it. */
const deadlineInDays = (days: number) => ({ at: new Date(Date.now() + days * 86_400_000).toISOString() });

// near the end of the calendar's last year, a working-day rung beyond it is a 422: deadlines stay close
/** A campaign over 区公路局 whose report is accepted with one finding, through the API; returns the finding id. */
async function findingFromAcceptedInspection(): Promise<string> {
  const launched = await stack.as('staff-li').post('/campaigns', launchBody()).expect(202);
  const id: string = launched.body.id;
  await stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
  await eventually(async () => (await stack.as('gongluju-contact').post(`/inspections/${id}/gongluju/report`, { content: '自查报告' })).status === 200, {
    what: 'the report accepted by the unit inspection',
  });
  await stack
    .as('g5-member')
    .post(`/inspections/${id}/gongluju/review`, { decision: 'accept', findings: [{ title: '公车使用登记不全', detail: '3次出车未登记事由' }] })
    .expect(200);
  return inspectionFindingId(unitInspectionWorkflowId(id, 'gongluju'), 1);
}

const path = (findingId: string, step = '') => `/rectifications/${encodeURIComponent(findingId)}${step && `/${step}`}`;
const footprint = async (findingId: string) => ({
  events: await stack.db.rectificationEvent.count({ where: { rectificationId: rectificationWorkflowId(findingId) } }),
  row: await stack.db.rectification.findUnique({ where: { findingId } }),
  emails: await stack.db.emailOutbox.count({ where: { workflowId: rectificationWorkflowId(findingId) } }),
});

describe('rectification through the API', () => {
  it('an accepted inspection with a finding starts its rectification, which the unit and its group carry to 销号 and the revisit', async () => {
    const findingId = await findingFromAcceptedInspection();
    const listed = await eventually(async () => {
      const res = await stack.as('g5-member').get('/rectifications?unitId=gongluju').expect(200);
      return res.body.items.find((i: { findingId: string }) => i.findingId === findingId);
    }, { what: 'the rectification in the list' });
    expect(listed).toMatchObject({ title: '公车使用登记不全', state: 'awaiting_plan', stateLabel: '待提交整改方案', groupId: 'g5', links: { self: path(findingId) } });
    expect((await stack.as('jiaoyunju-contact').get('/rectifications').expect(200)).body.items).toEqual([]);
    expectProblem(await stack.as('g3-member').get(path(findingId)), 404);

    await stack.as('gongluju-contact').post(path(findingId, 'plan'), { measures: '建立公车使用登记台账', owner: '办公室主任', deadline: deadlineInDays(10) }).expect(200);
    await stack.as('g5-leader').post(path(findingId, 'plan-review'), { decision: 'approve' }).expect(200);
    const extension = await stack.as('gongluju-contact').post(path(findingId, 'extension'), { reason: '需协调车管所', deadline: deadlineInDays(14) }).expect(200);
    expect(extension.body.pendingExtension).toMatchObject({ reason: '需协调车管所' });
    expectProblem(await stack.as('g5-leader').post(path(findingId, 'extension-decision'), { decision: 'grant' }), 403);
    const granted = await stack.as('deputy').post(path(findingId, 'extension-decision'), { decision: 'grant' }).expect(200);
    expect(granted.body).toMatchObject({ deadlineAt: extension.body.pendingExtension.deadlineAt, extensionsGranted: 1 });
    await stack.as('gongluju-contact').post(path(findingId, 'progress'), { content: '台账已建立，车辆已逐一核查', requestAcceptance: true }).expect(200);
    const closed = await stack.as('g5-member').post(path(findingId, 'acceptance'), { decision: 'accept', comment: '整改到位' }).expect(200);
    expect(closed.body.state).toBe('closed');
    // 回头看 at the end of the day three natural months on (the default)
    expect(Date.parse(closed.body.revisitAt) - Date.now()).toBeGreaterThan(88 * 86_400_000);
    await stack.as('g5-member').post(path(findingId, 'revisit'), { decision: 'confirm' }).expect(200);

    const detail = await eventually(async () => {
      const res = await stack.as('gongluju-leader').get(path(findingId)).expect(200);
      return res.body.state === 'revisited' && res.body;
    }, { what: 'the projection revisited' });
    expect(detail).toMatchObject({ findingId, source: { kind: 'unitInspection', id: unitInspectionWorkflowId(findingId.split('/')[1], 'gongluju') }, round: 1 });
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'plan_submitted',
      'plan_approved',
      'extension_requested',
      'extension_granted',
      'progress_reported',
      'closed',
      'revisit_confirmed',
    ]);
    expect(detail.links.workflowUi).toContain(encodeURIComponent(rectificationWorkflowId(findingId)));
    expect((await stack.db.finding.findUniqueOrThrow({ where: { id: findingId } })).state).toBe('closed');
  });

  it('refuses bad input, the wrong role, the wrong unit and the wrong state with problem+json, changing nothing', async () => {
    const findingId = await findingFromAcceptedInspection();
    // the notice is sent once the rectification is recorded: wait for both before counting
    await eventually(async () => (await footprint(findingId)).emails === 1, { what: 'the rectification notice' });
    const before = await footprint(findingId);
    const plan = { measures: '建立台账', owner: '办公室主任', deadline: deadlineInDays(10) };
    expectProblem(await stack.as('gongluju-contact').post(path(findingId, 'plan'), { ...plan, measures: ' ' }), 400, 'measures');
    expectProblem(await stack.as('gongluju-contact').post(path(findingId, 'plan'), { ...plan, deadline: { workingDays: 1, date: '2026-12-01' } }), 400, 'deadline');
    expectProblem(await stack.as('gongluju-contact').post(path(findingId, 'plan'), { ...plan, deadline: { at: '2020-01-01T00:00:00Z' } }), 422, 'deadline.at');
    expectProblem(await stack.as('jiaoyunju-contact').post(path(findingId, 'plan'), plan), 403);
    expectProblem(await stack.as('g5-member').post(path(findingId, 'plan'), plan), 403);
    const early = await stack.as('g5-member').post(path(findingId, 'plan-review'), { decision: 'approve' });
    expectProblem(early, 409);
    expect(early.body).toMatchObject({ type: 'urn:tantou:problem:wrong-state', code: 'wrong-state' });
    expectProblem(await stack.as('gongluju-contact').post(path('campaign/nope/finding/1', 'plan'), plan), 404);
    expectProblem(await stack.as('gongluju-contact').post(`/rectifications/${findingId}/plan`, plan), 404);
    expect(await footprint(findingId)).toEqual(before);

    await stack.as('gongluju-contact').post(path(findingId, 'plan'), plan).expect(200);
    await stack.as('g5-member').post(path(findingId, 'plan-review'), { decision: 'approve' }).expect(200);
    // the plan's emails go out beside the process, after the answer: wait for both before counting
    await eventually(async () => (await footprint(findingId)).emails === 3, { what: 'the plan submitted and approved emails' });
    const approved = await footprint(findingId);
    expectProblem(await stack.as('gongluju-contact').post(path(findingId, 'extension'), { reason: '延期', deadline: deadlineInDays(5) }), 422, 'deadline');
    const nothingAsked = await stack.as('deputy').post(path(findingId, 'extension-decision'), { decision: 'grant' });
    expectProblem(nothingAsked, 409);
    expect(nothingAsked.body.code).toBe('no-extension-pending');
    expectProblem(await stack.as('g5-member').post(path(findingId, 'acceptance'), { decision: 'reopen' }), 400, 'reason');
    expect(await footprint(findingId)).toEqual(approved);
  });
});
