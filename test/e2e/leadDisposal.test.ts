// 线索处置 over HTTP on the real stack: 拟处置 by the handler, 集体研究, 报批 by the commission leader over
// the lead's group; 予以了结 of a real-name lead and its result notice to the workflow's end, 暂存待查, 退回;
// the refusals of each step; the Lead row, its timeline, the audit log and 我的待办 after each; and no
// answer naming the reporter.
import { leadBody } from '../support/routeCalls';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const reporter = { name: '司马处置', phone: '13655550123', email: 'disposal.reporter.4410@example.cn' };
const secrets = [reporter.name, reporter.phone, reporter.email];
/** Every answer the tests get, to search for the reporter at the end. */
const answers: string[] = [];
const as = (who: string) => {
  const agent = stack.as(who);
  const kept = <T extends { text: string; status: number }>(res: T) => (answers.push(`${who} ${res.status} ${res.text}`), res);
  return { get: async (path: string) => kept(await agent.get(path)), post: async (path: string, body: object) => kept(await agent.post(path, body)) };
};

const shanghaiDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const today = shanghaiDate();

/** A lead of 区公路局 (第五派驻组) handled by g5-member, accepted. */
async function acceptedLead(realName = true) {
  const body = realName ? leadBody('g5-member', reporter) : { ...leadBody('g5-member'), realName: false, reporter: undefined, source: { kind: 'supervision', channel: 'heard' } };
  const { id, workflowId } = (await stack.as('staff-li').post('/leads', body).expect(202)).body as { id: string; workflowId: string };
  await eventually(async () => (await as('g5-member').post(`/leads/${id}/acceptance`, { decision: 'accept' })).status === 200, { what: 'the lead accepted' });
  return { id, workflowId };
}

type Step = { kind: string; owner: { id: string; name: string } | null; dueAt: string | null; dueRule: string | null; act: { path: string } };
const detail = async (id: string, who = 'g5-member') => (await as(who).get(`/leads/${id}`)).body as Record<string, unknown> & { state: string; openSteps: Step[]; disposal: Record<string, unknown> | null };
const tasksOf = async (who: string, id: string) => ((await as(who).get(`/me/tasks?process=${encodeURIComponent(`/leads/${id}`)}`)).body.items as { kind: string; dueAt: string | null; dueRule: string | null; act: { path: string } }[]);
const kindsOf = async (who: string, id: string) => (await tasksOf(who, id)).map((t) => t.kind);
const review = { heldOn: today, attendeeIds: ['g5-leader', 'g5-member', 'staff-li'], opinion: '经集体研究，同意拟处置意见' };

it('closes a real-name lead: proposed, reviewed, approved by the commission leader over its group, the reporter told of the result, the workflow ends', async () => {
  const { id, workflowId } = await acceptedLead();
  expect(await kindsOf('g5-member', id)).toEqual(expect.arrayContaining(['lead.propose']));

  const proposed = await as('g5-member').post(`/leads/${id}/disposal-proposal`, { method: 'close', reason: '反映问题经了解不属实', closingReason: '反映失实，予以了结' });
  expect(proposed.status).toBe(200);
  expect(proposed.body).toMatchObject({ state: 'disposal_proposed' });
  expect(await kindsOf('g5-member', id)).toContain('lead.recordReview');
  expect(await kindsOf('deputy', id)).toEqual([]);

  // the console offers the commission's people and the lead's group as attendees; another group does not see the lead
  const candidates = ((await as('g5-member').get(`/leads/${id}/review-candidates`)).body.items as { id: string }[]).map((p) => p.id);
  expect(candidates).toEqual(expect.arrayContaining(['deputy', 'secretary', 'staff-li', 'g5-leader', 'g5-member']));
  expect(candidates.filter((p) => p.startsWith('g3-') || p.startsWith('gongluju-'))).toEqual([]);
  expectProblem(await as('g3-member').get(`/leads/${id}/review-candidates`), 404);
  expect((await as('g5-member').post(`/leads/${id}/collective-review`, review)).status).toBe(200);
  expect(await kindsOf('g5-member', id)).not.toContain('lead.recordReview');
  const approval = (await tasksOf('deputy', id)).find((t) => t.kind === 'lead.approveDisposal');
  expect(approval).toMatchObject({ dueAt: null, act: { path: `/leads/${id}/disposal-decision` } });
  const pending = await detail(id, 'deputy');
  expect(pending.openSteps.find((s) => s.kind === 'lead.approveDisposal')).toMatchObject({ owner: { id: 'deputy', name: '张卫东' } });
  expect(pending.disposal).toMatchObject({
    method: 'close',
    methodLabel: '予以了结',
    reason: '反映问题经了解不属实',
    closingReason: '反映失实，予以了结',
    collectiveReview: { heldOn: today, opinion: review.opinion, attendees: [{ id: 'g5-leader', name: '林少雄' }, { id: 'g5-member', name: '陈晓东' }, { id: 'staff-li', name: '李明' }] },
    approved: null,
  });

  const approved = await as('deputy').post(`/leads/${id}/disposal-decision`, { decision: 'approve', comment: '同意' });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ state: 'closed' });
  const row = await stack.db.lead.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ state: 'closed', disposalMethod: 'close', closingReason: '反映失实，予以了结', disposalApprovedById: 'deputy', resultNoticeDueAt: expect.any(Date), resultToldAt: null });
  expect(row.resultNoticeRule).toMatchObject({ due: { workingDays: 15 } });
  // 15 工作日 after the closing: three weeks at the least
  expect(row.resultNoticeDueAt!.getTime() - row.closedAt!.getTime()).toBeGreaterThan(19 * 86_400_000);

  const notify = (await tasksOf('g5-member', id)).find((t) => t.kind === 'lead.notifyResult');
  expect(notify).toMatchObject({ dueAt: row.resultNoticeDueAt!.toISOString(), act: { path: `/leads/${id}/reporter-notices` } });
  expect(notify!.dueRule).toMatch(/后 15 个工作日/);
  const closed = await detail(id);
  expect(closed).toMatchObject({
    state: 'closed',
    closedAt: row.closedAt!.toISOString(),
    resultNotice: { dueAt: row.resultNoticeDueAt!.toISOString(), toldAt: null },
    disposal: { approved: { by: { id: 'deputy', name: '张卫东' }, at: row.disposalApprovedAt!.toISOString() } },
    sentBack: [],
  });
  expect(closed.openSteps.find((s) => s.kind === 'lead.notifyResult')).toMatchObject({ owner: { id: 'g5-member' }, dueRule: expect.stringMatching(/后 15 个工作日/) });

  const toldAt = new Date(Date.now() - 60_000).toISOString();
  for (const kind of ['receipt', 'result']) expect((await as('g5-member').post(`/leads/${id}/reporter-notices`, { kind, means: 'phone', toldAt })).status).toBe(200);
  expect(await kindsOf('g5-member', id)).toEqual([]);
  expect((await detail(id)).resultNotice).toEqual({ dueAt: row.resultNoticeDueAt!.toISOString(), toldAt });
  await eventually(async () => (await stack.env.client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED', { what: 'the lead’s workflow completed' });

  const timeline = (await detail(id)).timeline as { kind: string; actorId: string | null }[];
  expect(timeline.map((e) => e.kind)).toEqual(['registered', 'opened', 'accepted', 'disposal_proposed', 'collective_review_recorded', 'disposal_approved', 'reporter_told_receipt', 'reporter_told_result']);
  expect(timeline.filter((e) => e.kind.startsWith('disposal_')).map((e) => e.actorId)).toEqual(['g5-member', 'deputy']);
  const audit = await stack.db.auditLog.findMany({ where: { targetKind: 'lead', targetId: id }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => [a.action, a.actorId])).toEqual(
    expect.arrayContaining([
      ['lead.disposal_proposed', 'g5-member'],
      ['lead.collective_review_recorded', 'g5-member'],
      ['lead.disposal_approved', 'deputy'],
      ['lead.reporter_told_result', 'g5-member'],
    ]),
  );
});

it('shelves a lead until its review date, approved; the workflow is handed the instant that day starts', async () => {
  const { id, workflowId } = await acceptedLead(false);
  const reviewOn = shanghaiDate(30);
  expect((await as('g5-member').post(`/leads/${id}/disposal-proposal`, { method: 'shelve', reason: '线索不具体，暂不具备核查条件', reviewOn })).status).toBe(200);
  const view = await stack.env.client.workflow.getHandle(workflowId).query<{ disposal: { reviewAt: string } }>('leadStatus');
  expect(view.disposal.reviewAt).toBe(new Date(`${reviewOn}T00:00:00+08:00`).toISOString());
  expect((await detail(id)).disposal).toMatchObject({ method: 'shelve', methodLabel: '暂存待查', reviewOn, closingReason: null });
  await as('g5-member').post(`/leads/${id}/collective-review`, review);
  expect((await as('deputy').post(`/leads/${id}/disposal-decision`, { decision: 'approve' })).status).toBe(200);
  expect(await stack.db.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'shelved', shelveReviewOn: reviewOn, resultNoticeDueAt: null, resultNoticeRule: null });
  expect(await kindsOf('g5-member', id)).toEqual([]);
});

it('sends a disposal back with its reason: the lead is accepted again, to be proposed anew', async () => {
  const { id } = await acceptedLead(false);
  await as('g5-member').post(`/leads/${id}/disposal-proposal`, { method: 'preliminary_check', reason: '需初步核实' });
  expectProblem(await as('deputy').post(`/leads/${id}/disposal-decision`, { decision: 'send_back', reason: '   ' }), 400);
  const back = await as('deputy').post(`/leads/${id}/disposal-decision`, { decision: 'send_back', reason: '事实不清，请补充' });
  expect(back.status).toBe(200);
  expect(back.body).toMatchObject({ state: 'accepted' });
  const row = await stack.db.lead.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ state: 'accepted', disposalMethod: null, disposalReason: null });
  expect(row.disposalSentBack).toEqual([{ byId: 'deputy', reason: '事实不清，请补充', at: expect.any(String) }]);
  const page = await detail(id);
  expect(page).toMatchObject({ state: 'accepted', disposal: null, sentBack: [{ by: { id: 'deputy', name: '张卫东' }, reason: '事实不清，请补充' }] });
  expect(page.openSteps.map((s) => [s.kind, s.owner?.id])).toEqual([['lead.propose', 'g5-member']]);
  expect((page.timeline as { kind: string }[]).at(-1)).toMatchObject({ kind: 'disposal_sent_back', detail: { reason: '事实不清，请补充' } });
  expect(await stack.db.auditLog.count({ where: { targetId: id, action: 'lead.disposal_sent_back', actorId: 'deputy' } })).toBe(1);
});

it('refuses each step to whom it is not, out of order, or not holding together, and changes nothing', async () => {
  const { id } = await acceptedLead(false);
  const propose = { method: 'talk_inquiry', reason: '拟谈话函询' };
  // not the handler; a commission leader handles none; another group's member does not see the lead
  const notHandler = await as('g5-leader').post(`/leads/${id}/disposal-proposal`, propose);
  expectProblem(notHandler, 409);
  expect(notHandler.body.code).toBe('not-lead-handler');
  expectProblem(await as('deputy').post(`/leads/${id}/disposal-proposal`, propose), 403);
  expectProblem(await as('g3-member').post(`/leads/${id}/disposal-proposal`, propose), 404);
  expectProblem(await as('gongluju-contact').post(`/leads/${id}/disposal-decision`, { decision: 'approve' }), 404);
  // what each method needs
  expectProblem(await as('g5-member').post(`/leads/${id}/disposal-proposal`, { method: 'shelve', reason: '暂存' }), 400, 'reviewOn');
  expectProblem(await as('g5-member').post(`/leads/${id}/disposal-proposal`, { method: 'close', reason: '了结' }), 400, 'closingReason');
  expectProblem(await as('g5-member').post(`/leads/${id}/disposal-proposal`, { ...propose, closingReason: '多余' }), 400);
  const pastReview = await as('g5-member').post(`/leads/${id}/disposal-proposal`, { method: 'shelve', reason: '暂存', reviewOn: today });
  expectProblem(pastReview, 422, 'reviewOn');
  expect(pastReview.body.type).toBe('urn:tantou:problem:date-invalid');
  expect((await stack.db.lead.findUniqueOrThrow({ where: { id } })).state).toBe('accepted');

  expect((await as('g5-member').post(`/leads/${id}/disposal-proposal`, propose)).status).toBe(200);
  // approving before the collective review
  const early = await as('deputy').post(`/leads/${id}/disposal-decision`, { decision: 'approve' });
  expectProblem(early, 409);
  expect(early.body.code).toBe('collective-review-missing');
  // an attendee not in the registry, named; a review held tomorrow
  const unknown = await as('g5-member').post(`/leads/${id}/collective-review`, { ...review, attendeeIds: ['g5-leader', 'nobody-here'] });
  expectProblem(unknown, 422, 'attendeeIds.1');
  expect(unknown.body.type).toBe('urn:tantou:problem:unknown-person');
  expect(unknown.body.detail).toContain('nobody-here');
  expectProblem(await as('g5-member').post(`/leads/${id}/collective-review`, { ...review, heldOn: shanghaiDate(1) }), 422, 'heldOn');
  expectProblem(await as('g5-member').post(`/leads/${id}/collective-review`, { ...review, attendeeIds: ['g5-leader'] }), 400, 'attendeeIds');
  expect((await as('g5-member').post(`/leads/${id}/collective-review`, review)).status).toBe(200);
  // another commission leader, and the handler, may not approve
  const secretary = await as('secretary').post(`/leads/${id}/disposal-decision`, { decision: 'approve' });
  expectProblem(secretary, 403);
  expect(secretary.body.detail).toContain('deputy');
  expectProblem(await as('g5-member').post(`/leads/${id}/disposal-decision`, { decision: 'approve' }), 403);
  expect(await stack.db.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'disposal_proposed', disposalApprovedAt: null });
  // approved, the talk inquiry waits for its own process
  expect((await as('deputy').post(`/leads/${id}/disposal-decision`, { decision: 'approve' })).body).toMatchObject({ state: 'in_talk_inquiry' });
});

it('names the reporter in no answer', () => {
  expect(answers.length).toBeGreaterThan(40);
  expect(answers.filter((a) => secrets.some((s) => a.includes(s)))).toEqual([]);
});
