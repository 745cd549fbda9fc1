// 澄清正名 over HTTP on the real stack: a lead whose check ended false_accusation clears its accused on
// the approval of the commission leader over its group, and the reporter's 书面检讨 is received; the
// refusals (not false_accusation 409, another commission leader 403, another group and units 404, bad
// input 422); and the seal: the reporter's name, phone and email appear in no workflow history of the
// clearance, no email, and no answer to anyone but through the audited reporter read.
import { Writable } from 'node:stream';
import pino from 'pino';
import { checkedLead } from '../support/routeCalls';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

const logLines: string[] = [];
const captured = pino({ level: 'trace' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) }));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ logger: captured });
});
afterAll(() => stack?.stop());

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const bodyOf = (leadId: string) => ({ leadId, consent: { given: true, on: today() }, method: 'notice', audience: [{ unit: '区公路局' }, { name: '区公路局领导班子' }], reporterCorrection: 'written_self_criticism' });

it('clears the accused on approval and receives the reporter’s self-criticism; the reporter is in no history, email, log or answer', async () => {
  const reporter = { name: '司马诬告', phone: '13611112222', email: 'false.reporter.4471@example.cn' };
  const secrets = [reporter.name, reporter.phone, reporter.email];
  const leaks = (text: string) => secrets.filter((s) => text.includes(s));
  const leadId = await checkedLead(stack, 'false_accusation');
  await stack.db.leadReporter.update({ where: { leadId }, data: reporter });

  // 发起澄清正名 is the lead's handler's to-do alone (谁核实、谁澄清), acting at POST /clearances
  const leadTasks = async (who: string) => (await stack.as(who).get(`/me/tasks?kind=lead.startClearance&process=${encodeURIComponent(`/leads/${leadId}`)}`).expect(200)).body.items as object[];
  expect(await leadTasks('g5-member')).toMatchObject([{ kind: 'lead.startClearance', what: '发起澄清正名', act: { method: 'POST', path: '/clearances' } }]);
  for (const who of ['g5-leader', 'deputy', 'staff-li', 'g3-member']) expect(await leadTasks(who)).toEqual([]);

  // refusals before anything is recorded
  expectProblem(await stack.as('deputy').post('/clearances', bodyOf(leadId)), 403);
  expectProblem(await stack.as('gongluju-contact').post('/clearances', bodyOf(leadId)), 403);
  expectProblem(await stack.as('g3-member').post('/clearances', bodyOf(leadId)), 404);
  // 谁核实、谁澄清: another of the group may see the lead, but only its handler starts the clearance
  const notHandler = await stack.as('g5-leader').post('/clearances', bodyOf(leadId));
  expectProblem(notHandler, 409);
  expect(notHandler.body.detail).toContain('只有该线索的承办人');
  expectProblem(await stack.as('g5-member').post('/clearances', { ...bodyOf(leadId), consent: { given: true, on: '2099-01-01' } }), 422, 'consent.on');
  expectProblem(await stack.as('g5-member').post('/clearances', { ...bodyOf(leadId), method: 'rumour' }), 400);
  expect(await stack.db.clearance.count()).toBe(0);

  const made = (await stack.as('g5-member').post('/clearances', bodyOf(leadId)).expect(202)).body as { id: string; workflowId: string };
  expect(made).toMatchObject({ id: leadId, workflowId: `clearance/${leadId}` });
  expectProblem(await stack.as('g5-member').post('/clearances', bodyOf(leadId)), 409);
  expect(await leadTasks('g5-member')).toEqual([]);
  const { id, workflowId } = made;
  await eventually(async () => (await stack.db.emailOutbox.count({ where: { workflowId, key: 'approval', status: 'sent' } })) === 1, { what: 'the approval request sent' });

  expectProblem(await stack.as('secretary').post(`/clearances/${id}/decision`, { decision: 'approve' }), 403);
  expectProblem(await stack.as('g5-leader').post(`/clearances/${id}/decision`, { decision: 'approve' }), 403);
  expect((await stack.as('deputy').post(`/clearances/${id}/decision`, { decision: 'approve', comment: '同意澄清' }).expect(200)).body).toMatchObject({ state: 'in_progress' });
  const tasks = await eventually(async () => {
    const items = (await stack.as('g5-member').get(`/me/tasks?process=${encodeURIComponent(`/clearances/${id}`)}`).expect(200)).body.items as { kind: string; dueRule: string }[];
    return items.length === 2 ? items : undefined;
  }, { what: 'the handler’s two steps' });
  expect(tasks.map((t) => t.kind).sort()).toEqual(['clearance.correct', 'clearance.record']);
  expect(tasks[0].dueRule).toMatch(/个工作日/);

  await stack.as('g5-member').post(`/clearances/${id}/done`, { doneOn: today(), how: '在区公路局干部大会上通报核查结论' }).expect(200);
  expectProblem(await stack.as('deputy').post(`/clearances/${id}/reporter-correction`, { doneOn: today() }), 403);
  await stack.as('g5-member').post(`/clearances/${id}/reporter-correction`, { doneOn: today() }).expect(200);
  const done = await eventually(async () => {
    const detail = (await stack.as('g5-leader').get(`/clearances/${id}`).expect(200)).body;
    return detail.state === 'completed' ? detail : undefined;
  }, { what: 'the clearance completed' });
  expect(done).toMatchObject({ method: 'notice', methodLabel: '会议通报', personsCleared: [{ name: '某科长' }], reporterCorrection: { kind: 'written_self_criticism', label: '书面检讨', doneOn: today() }, clearance: { doneOn: today() } });
  expect(JSON.stringify((await stack.env.client.workflow.getHandle(workflowId).result()) as object)).toContain(id);

  // the handler and commission leaders read the reporter by the audited read that exists
  expect((await stack.as('g5-member').get(`/leads/${id}/reporter`).expect(200)).body.name).toBe(reporter.name);

  const answers: string[] = [];
  for (const who of ['staff-li', 'g5-leader', 'g5-member', 'deputy', 'secretary', 'g3-member', 'gongluju-contact', 'gongluju-leader']) {
    for (const path of ['/clearances', `/clearances/${id}`, '/me/tasks', '/me/watch', '/audit-log?targetKind=clearance']) {
      const res = await stack.as(who).get(path);
      answers.push(`${who} ${path} ${res.status} ${res.text}`);
    }
  }
  expect(answers.filter((a) => a.includes(`${id}`)).length).toBeGreaterThan(5);
  expect(answers.filter((a) => leaks(a).length)).toEqual([]);
  const history = JSON.stringify(await stack.env.client.workflow.getHandle(workflowId).fetchHistory());
  expect(history).toContain(id);
  expect(leaks(history)).toEqual([]);
  const mails = stack.sink.messages().map((m) => JSON.stringify(m)).filter((m) => m.includes(id));
  expect(mails.length).toBeGreaterThan(0);
  expect(mails.filter((m) => leaks(m).length)).toEqual([]);
  expect(leaks(JSON.stringify(await stack.db.clearanceEvent.findMany({ where: { clearanceId: id } })))).toEqual([]);
  expect(logLines.filter((l) => leaks(l).length)).toEqual([]);
});

it('refuses a lead not false_accusation (409), a correction with no reporter on file (422), and hides a clearance from another group and units (404)', async () => {
  const forCase = await checkedLead(stack, 'case_filed');
  expectProblem(await stack.as('g5-member').post('/clearances', bodyOf(forCase)), 409);
  // a lead filed as a case gives its handler no clearance to start
  expect((await stack.as('g5-member').get('/me/tasks?kind=lead.startClearance').expect(200)).body.items).toEqual([]);
  const leadId = await checkedLead(stack, 'false_accusation');
  await stack.db.leadReporter.delete({ where: { leadId } });
  expectProblem(await stack.as('g5-member').post('/clearances', bodyOf(leadId)), 422, 'reporterCorrection');
  const { id } = (await stack.as('g5-member').post('/clearances', { ...bodyOf(leadId), reporterCorrection: undefined }).expect(202)).body as { id: string };
  for (const who of ['gongluju-contact', 'gongluju-leader', 'gongluju-member1']) {
    expectProblem(await stack.as(who).get('/clearances'), 404);
    expectProblem(await stack.as(who).get(`/clearances/${id}`), 404);
    expectProblem(await stack.as(who).post(`/clearances/${id}/done`, { doneOn: today(), how: '试' }), 404);
  }
  expectProblem(await stack.as('g3-member').get(`/clearances/${id}`), 404);
  expectProblem(await stack.as('g3-leader').post(`/clearances/${id}/done`, { doneOn: today(), how: '试' }), 404);
  expect((await stack.as('deputy').post(`/clearances/${id}/decision`, { decision: 'reject', reason: '被澄清人不同意公开澄清' }).expect(200)).body).toMatchObject({ state: 'rejected' });
});
