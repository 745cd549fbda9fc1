import { inspectionFindingId, unitInspectionWorkflowId } from '../../domain/ids';
import { startMailSink } from '../../scripts/mailSink';
import { eventually, launchBody, startStack, type Stack } from './stack';

// No business step waits on email: with the SMTP server down every step of a campaign, its unit's
// inspection and a finding's rectification goes ahead through the API, and once the server is back
// every email the steps asked for arrives, each exactly once.
jest.setTimeout(240_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const inDays = (days: number) => ({ at: new Date(Date.now() + days * 86_400_000).toISOString() });
const rectification = (findingId: string, step: string) => `/rectifications/${encodeURIComponent(findingId)}/${step}`;

it('launches, approves, fans out, takes a report, its review and a rectification plan decision while SMTP is down; every email arrives once after', async () => {
  const smtpPort = stack.sink.smtpPort;
  await stack.sink.stop();

  const launched = await stack.as('staff-li').post('/campaigns', launchBody()).expect(202);
  const id: string = launched.body.id;
  // the approval request is due before anything else, and cannot go out
  const request = await eventually(() => stack.db.emailOutbox.findFirst({ where: { workflowId: launched.body.workflowId, kind: 'campaign_approval_request', attempts: { gte: 1 } } }), {
    what: 'a failed attempt at the approval request',
  });
  expect(request).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/ECONNREFUSED/) });

  await stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
  // fanned out: the unit's inspection takes its report
  await eventually(async () => (await stack.as('gongluju-contact').post(`/inspections/${id}/gongluju/report`, { content: '自查报告' })).status === 200, {
    what: 'the report taken by the fanned-out unit inspection',
  });
  const review = { decision: 'accept', findings: [{ title: '公车使用登记不全', detail: '3次出车未登记事由' }] };
  await stack.as('g5-member').post(`/inspections/${id}/gongluju/review`, review).expect(200);
  const findingId = inspectionFindingId(unitInspectionWorkflowId(id, 'gongluju'), 1);
  await eventually(async () => (await stack.as('gongluju-contact').post(rectification(findingId, 'plan'), { measures: '建立公车使用登记台账', owner: '办公室主任', deadline: inDays(10) })).status === 200, {
    what: 'the plan taken by the rectification the review started',
  });
  const decided = await stack.as('g5-leader').post(rectification(findingId, 'plan-review'), { decision: 'approve' }).expect(200);
  expect(decided.body.state).toBe('in_rectification');

  // all of it done while the server was still down: not one email has gone out
  const asked = await stack.db.emailOutbox.findMany();
  expect(asked.map((r) => r.kind)).toEqual(expect.arrayContaining(['campaign_approval_request', 'inspection_notice']));
  expect(asked.filter((r) => r.status === 'sent')).toEqual([]);
  expect((await stack.db.campaign.findUniqueOrThrow({ where: { id } })).state).toBe('completed');

  stack.sink = await startMailSink({ smtpPort });
  // the steps above asked for these emails; each one's retry finds the server back
  const kinds = ['campaign_approval_request', 'inspection_notice', 'inspection_report_submitted', 'rectification_notice', 'rectification_plan_submitted', 'rectification_plan_approved'];
  const rows = await eventually(
    async () => {
      const all = await stack.db.emailOutbox.findMany({ orderBy: { createdAt: 'asc' } });
      return all.every((r) => r.status !== 'pending') && kinds.every((k) => all.some((r) => r.kind === k)) && all;
    },
    { timeoutMs: 180_000, what: 'every email sent' },
  );
  const sent = rows.filter((r) => r.status === 'sent');
  expect(sent.map((r) => r.kind)).toEqual(expect.arrayContaining(kinds));
  const arrived = stack.sink.messages().map((m) => m.messageId);
  for (const row of sent) expect([row.kind, arrived.filter((m) => m === row.messageId).length]).toEqual([row.kind, 1]);
  expect(new Set(arrived).size).toBe(arrived.length);
});
