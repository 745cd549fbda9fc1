// 谈话函询 over the real API: a lead's approved talk inquiry, the letter and its reply, the evaluation
// approved by the commission leader over the group; the lead closed with its outcome, the measure a record
// the statistics count; who may act, who may see, and the sealed reporter in no answer.
import { leadBody, approvedLead } from '../support/routeCalls';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const reporter = leadBody('g5-member').reporter;
const answers: string[] = [];
/** Every answer is kept, to search them for the reporter at the end. */
const as = (who: string) => ({
  get: async (path: string) => keep(await stack.as(who).get(path)),
  post: async (path: string, body?: object) => keep(await stack.as(who).post(path, body)),
});
const keep = <T extends { text: string }>(res: T) => {
  answers.push(res.text);
  return res;
};
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const tomorrow = () => inDays(1);

it('a letter, its reply and an accepted evaluation close the lead with a first-form measure the statistics count', async () => {
  const id = await approvedLead(stack, 'talk_inquiry');
  const path = `/talk-inquiries/${id}`;
  expect((await as('g5-member').get(path)).body).toMatchObject({ leadId: id, state: 'awaiting_form', stateLabel: '待函询或谈话', replyDueAt: null });

  // who may see it: the commission and the unit's group; another group and the unit get the lead's 404
  for (const who of ['g3-member', 'gongluju-contact', 'gongluju-leader']) expectProblem(await as(who).get(path), 404);
  expectProblem(await as('g3-member').post(`${path}/form`, { form: 'letter', sentOn: today(), arrivedOn: today() }), 404);
  // who may act: the handler; a commission leader handles none; another of the group is refused by the workflow
  expectProblem(await as('deputy').post(`${path}/form`, { form: 'letter', sentOn: today(), arrivedOn: today() }), 403);
  expectProblem(await as('g5-leader').post(`${path}/form`, { form: 'letter', sentOn: today(), arrivedOn: today() }), 409);
  // bad input: a day not yet come, a letter arriving before it was sent, an unknown form
  expectProblem(await as('g5-member').post(`${path}/form`, { form: 'letter', sentOn: today(), arrivedOn: tomorrow() }), 422, 'arrivedOn');
  expectProblem(await as('g5-member').post(`${path}/form`, { form: 'letter', sentOn: today(), arrivedOn: '2020-01-01' }), 400, 'arrivedOn');
  expectProblem(await as('g5-member').post(`${path}/form`, { form: 'fax', sentOn: today() }), 400);
  expect((await as('g5-member').get(path)).body.state).toBe('awaiting_form');

  const sent = await as('g5-member').post(`${path}/form`, { form: 'letter', sentOn: today(), arrivedOn: today() });
  expect(sent.status).toBe(200);
  expect(sent.body).toMatchObject({ state: 'awaiting_reply', reply: { key: 'reply-1' } });
  const detail = await eventually(async () => {
    const d = (await as('g5-member').get(path)).body;
    return d.state === 'awaiting_reply' && d;
  });
  expect(detail).toMatchObject({ replyDueAt: sent.body.reply.deadlineAt, replyDueRule: expect.stringContaining('15 个工作日') });

  expect((await as('g5-member').post(`${path}/reply`, { receivedOn: today(), summary: '本人说明车辆系公务使用' })).status).toBe(200);
  const measure = { kind: 'reminder_talk', subject: { name: '某科长', title: '区公路局 科长' }, heldOn: today(), heldById: 'g5-leader' };
  expectProblem(await as('g5-member').post(`${path}/evaluation`, { verdict: 'accepted', reason: '采信', measures: [{ ...measure, heldById: 'nobody-here' }] }), 422, 'measures.0.heldById');
  expect((await as('g5-member').post(`${path}/evaluation`, { verdict: 'accepted', reason: '说明属实，予以采信，对其谈话提醒', measures: [measure] })).status).toBe(200);
  // only the commission leader over 第五派驻组 decides
  expectProblem(await as('g5-leader').post(`${path}/evaluation-decision`, { decision: 'approve' }), 403);
  expect((await as('deputy').post(`${path}/evaluation-decision`, { decision: 'approve', comment: '同意' })).status).toBe(200);

  const lead = await eventually(async () => {
    const l = (await as('g5-member').get(`/leads/${id}`)).body;
    return l.state === 'closed' && l;
  });
  expect(lead).toMatchObject({ state: 'closed', stateLabel: '已了结' });
  expect(await stack.db.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({ outcome: 'first_form', resultNoticeDueAt: expect.any(Date) });
  const measures = await eventually(async () => {
    const rows = await stack.db.measure.findMany({ where: { sourceKind: 'lead', sourceId: id } });
    return rows.length > 0 && rows;
  });
  expect(measures).toEqual([expect.objectContaining({ kind: 'reminder_talk', form: 1, personName: '某科长', groupId: 'g5' })]);
  const report = (await as('g5-leader').get(`/statistics?from=${today()}&to=${today()}`)).body as { sections: { figures: { code: string; value: number }[] }[] };
  const value = (code: string) => report.sections.flatMap((s) => s.figures).find((f) => f.code === code)?.value;
  expect([value('talks'), value('form1'), value('leads.disposed.talk_inquiry')]).toEqual([1, 1, 1]);
  expect((await as('g5-member').get(path)).body).toMatchObject({ state: 'completed', timeline: expect.arrayContaining([expect.objectContaining({ kind: 'evaluation_approved', actorId: 'deputy' })]) });
});

it('a reply not accepted takes the lead to 初步核实; an extension asked for the reply is decided by the commission leader', async () => {
  const id = await approvedLead(stack, 'talk_inquiry', { realName: false });
  const path = `/talk-inquiries/${id}`;
  const kinds = async (who: string) => ((await as(who).get(`/me/tasks?process=${encodeURIComponent(path)}`)).body.items as { kind: string; dueRule: string | null }[]);
  expect((await kinds('g5-member')).map((t) => t.kind)).toEqual(['talkInquiry.recordForm']);
  await as('g5-member').post(`${path}/form`, { form: 'talk', heldOn: today(), heldById: 'g5-leader' });
  await eventually(async () => (await kinds('g5-member')).some((t) => t.kind === 'talkInquiry.recordReply'), { what: 'the reply owed' });
  expect((await kinds('g5-member')).find((t) => t.kind === 'talkInquiry.recordReply')?.dueRule).toContain('15 个工作日');
  expectProblem(await as('g5-member').post(`${path}/extension-request`, { reason: '出差', dueOn: today() }), 409);
  // a day without holiday data cannot be counted to: 422, nothing asked
  expectProblem(await as('g5-member').post(`${path}/extension-request`, { reason: '被谈话人住院，申请延期', dueOn: '2099-06-30' }), 422, 'dueOn');
  const asked = await as('g5-member').post(`${path}/extension-request`, { reason: '被谈话人住院，申请延期', dueOn: inDays(40) });
  expect(asked.body.pendingExtension).toMatchObject({ dueOn: inDays(40) });
  await eventually(async () => (await kinds('deputy')).some((t) => t.kind === 'talkInquiry.decideExtension'), { what: 'the extension owed to the commission leader' });
  // the lead's page shows its talk inquiry's open steps, each with who owes it, and its events
  const leadPage = (await as('g5-member').get(`/leads/${id}`)).body as { openSteps: { kind: string; owner: { id: string } | null }[]; timeline: { process: string; kind: string }[] };
  expect(leadPage.openSteps.map((s) => [s.kind, s.owner?.id]).sort()).toEqual([
    ['talkInquiry.decideExtension', 'deputy'],
    ['talkInquiry.recordReply', 'g5-member'],
  ]);
  expect(leadPage.timeline.filter((e) => e.process === 'talkInquiry').map((e) => e.kind)).toEqual(['opened', 'form_recorded', 'extension_requested']);
  expect(leadPage.timeline.findIndex((e) => e.kind === 'disposal_approved')).toBeLessThan(leadPage.timeline.findIndex((e) => e.process === 'talkInquiry'));
  expectProblem(await as('g5-member').post(`${path}/extension-decision`, { decision: 'grant' }), 403);
  const granted = await as('deputy').post(`${path}/extension-decision`, { decision: 'grant' });
  expect(granted.body).toMatchObject({ pendingExtension: null, reply: { key: 'reply-2' } });
  await as('g5-member').post(`${path}/reply`, { receivedOn: today(), summary: '本人否认' });
  await as('g5-member').post(`${path}/evaluation`, { verdict: 'to_preliminary_check', reason: '说明与掌握情况不符' });
  await as('deputy').post(`${path}/evaluation-decision`, { decision: 'approve' });
  await eventually(async () => (await as('g5-member').get(`/leads/${id}`)).body.state === 'in_preliminary_check', { what: 'the lead under preliminary check' });
  expect(await stack.db.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({ outcome: null, state: 'in_preliminary_check' });
  // and then the preliminary check's: the scheme the handler owes, after the talk inquiry's events
  const checked = await eventually(async () => {
    const l = (await as('g5-member').get(`/leads/${id}`)).body as { openSteps: { kind: string; owner: { id: string } | null }[]; timeline: { process: string; kind: string }[] };
    return l.openSteps.length > 0 && l;
  });
  expect(checked.openSteps.map((s) => [s.kind, s.owner?.id])).toEqual([['preliminaryCheck.scheme', 'g5-member']]);
  expect((checked as unknown as { processes: unknown[] }).processes).toEqual([
    { kind: 'talkInquiry', id, state: 'completed', stateLabel: expect.any(String), page: path },
    { kind: 'preliminaryCheck', id, state: 'awaiting_scheme', stateLabel: '待报核实方案', page: `/preliminary-checks/${id}` },
  ]);
  expect(checked.timeline.map((e) => e.process).filter((p, i, all) => p !== all[i - 1])).toEqual(['lead', 'talkInquiry', 'lead', 'preliminaryCheck']);
});

afterAll(() => {
  // the reporter is in no answer of these steps, to anyone
  const leaked = answers.filter((a) => [reporter.name, reporter.phone].some((secret) => a.includes(secret)));
  expect(leaked).toEqual([]);
});
