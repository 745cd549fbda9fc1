// 问题线索 over HTTP on the real stack: registration, the ledger, acceptance, the numbering under
// concurrent registrations, who may know of a lead (404 for units and other groups), the audited
// reporter read, and the sealing search: a real-name reporter's name, phone and email appear in no
// recorded workflow history, log line, email or answer to anyone but the handler and commission leaders.
import { Writable } from 'node:stream';
import pino from 'pino';
import { LEAD_NUMBER_PATTERN } from '../../domain/leads';
import { leadBody } from '../support/routeCalls';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

/** Every log line of the app and the worker, at the most verbose level. */
const logLines: string[] = [];
const captured = pino({ level: 'trace' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) }));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ logger: captured });
});
afterAll(() => stack?.stop());

const register = async (body: object, as = 'staff-li') => (await stack.as(as).post('/leads', body).expect(202)).body as { id: string; number: string; workflowId: string };
const ledger = async (as: string, query = '') => (await stack.as(as).get(`/leads${query}`).expect(200)).body as { items: { id: string; state: string; mark: string }[]; total: number; counts: Record<string, number> };

it('registers a lead with the next number, lists it in the ledger of its group, and its handler accepts it', async () => {
  const made = await register(leadBody('g5-member'));
  expect(made.number).toMatch(LEAD_NUMBER_PATTERN);
  expect(made).toMatchObject({ id: made.number, workflowId: `lead/${made.number}` });

  const rows = await ledger('g5-leader', `?state=registered&unitId=gongluju&handlerId=g5-member&sourceKind=complaint&receivedFrom=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`);
  expect(rows.items.find((r) => r.id === made.id)).toMatchObject({ state: 'registered', mark: 'green' });
  expect((await ledger('g5-leader', '?sourceKind=handover')).items.map((r) => r.id)).not.toContain(made.id);
  expect((await ledger('deputy', '?groupId=g5')).items.map((r) => r.id)).toContain(made.id);

  const detail = (await stack.as('g5-member').get(`/leads/${made.id}`).expect(200)).body;
  expect(detail).toMatchObject({ number: made.number, realName: true, reporterOnFile: true, source: { label: '信访举报·来信' }, unit: { name: '区公路局' } });
  expect(detail).not.toHaveProperty('reporter');
  await eventually(async () => (await stack.as('g5-member').get(`/leads/${made.id}`)).body.timeline.some((e: { kind: string }) => e.kind === 'opened'), { what: 'the workflow opened' });

  // the wrong person is refused by the workflow; the handler accepts
  expectProblem(await stack.as('g5-leader').post(`/leads/${made.id}/acceptance`, { decision: 'accept' }), 409);
  expectProblem(await stack.as('deputy').post(`/leads/${made.id}/acceptance`, { decision: 'accept' }), 403);
  const accepted = (await stack.as('g5-member').post(`/leads/${made.id}/acceptance`, { decision: 'accept', comment: '受理' }).expect(200)).body;
  expect(accepted).toMatchObject({ state: 'accepted', number: made.number });
  await eventually(async () => (await ledger('g5-member', '?state=accepted')).items.some((r) => r.id === made.id), { what: 'the ledger shows it accepted' });
});

it('colours an accepted lead by the steps still open: its real-name reporter not told of receipt within 15 工作日, it is red in the ledger and on its page, green once told', async () => {
  const receivedAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const { id } = await register({ ...leadBody('g5-member'), receivedAt });
  await eventually(async () => (await stack.as('g5-member').post(`/leads/${id}/acceptance`, { decision: 'accept' })).status === 200, { what: 'the lead accepted' });
  const inLedger = async () => (await ledger('g5-leader', '?state=accepted&handlerId=g5-member')).items.find((r) => r.id === id);
  await eventually(async () => (await inLedger())?.mark === 'red', { what: 'the accepted lead red: the receipt notice is overdue' });
  const page = (await stack.as('g5-member').get(`/leads/${id}`).expect(200)).body as { mark: string; openSteps: { kind: string; mark: string }[] };
  expect(page.mark).toBe('red');
  expect(page.openSteps).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'lead.notifyReceipt', mark: 'red' })]));
  await stack.as('g5-member').post(`/leads/${id}/reporter-notices`, { kind: 'receipt', means: 'phone', toldAt: new Date().toISOString() }).expect(200);
  await eventually(async () => (await inLedger())?.mark === 'green', { what: 'the lead green once the reporter is told' });
  expect((await stack.as('g5-member').get(`/leads/${id}`).expect(200)).body.mark).toBe('green');
});

it('links a lead raised from a finding back to it, and refuses a finding that does not exist (422, nothing registered)', async () => {
  // the finding as a routine run's review records it (a fixture row: the link is what is tested here)
  const finding = await stack.db.finding.create({ data: { id: `F-lead-link-${Date.now()}`, unitId: 'gongluju', sourceKind: 'routineRun', title: '执法车辆节假日未封存', recordedById: 'g5-member' } });
  const body = { ...leadBody('g5-member'), source: { kind: 'supervision', channel: 'routine_run' }, realName: false, reporter: undefined };
  const before = await stack.db.lead.count();
  expectProblem(await stack.as('g5-member').post('/leads', { ...body, raisedFrom: { findingId: 'F-none' } }), 422, 'raisedFrom.findingId');
  expect(await stack.db.lead.count()).toBe(before);
  const { id } = await register({ ...body, raisedFrom: { findingId: finding.id } }, 'g5-member');
  expect((await stack.as('g5-leader').get(`/leads/${id}`).expect(200)).body.raisedFrom).toEqual({ findingId: finding.id, findingTitle: '执法车辆节假日未封存', workflowId: null });
  const observed = await register({ ...body, raisedFrom: { workflowId: 'routineRun/gongluju/2026-11' } }, 'g5-member');
  expect((await stack.as('g5-leader').get(`/leads/${observed.id}`).expect(200)).body.raisedFrom).toEqual({ findingId: null, findingTitle: null, workflowId: 'routineRun/gongluju/2026-11' });
});

it('marks a lead red in the ledger once its acceptance is overdue, and puts it on the group leader’s 我的督办', async () => {
  const receivedAt = new Date(Date.now() - 20 * 86_400_000).toISOString();
  const { id } = await register({ ...leadBody('g5-member'), realName: false, reporter: undefined, receivedAt });
  const rows = await ledger('g5-leader', '?state=registered&handlerId=g5-member');
  expect(rows.items.find((r) => r.id === id)).toMatchObject({ mark: 'red' });
  expect(rows.counts.red).toBeGreaterThanOrEqual(1);
  expect(rows.counts.red + rows.counts.yellow + rows.counts.green).toBe(rows.total);
  // by colour: the page lists that colour only, the counts stay those of every colour
  const reds = await ledger('g5-leader', '?state=registered&handlerId=g5-member&mark=red');
  expect(reds.items.map((r) => r.id)).toContain(id);
  expect(new Set(reds.items.map((r) => r.mark))).toEqual(new Set(['red']));
  expect([reds.total, reds.counts]).toEqual([rows.counts.red, rows.counts]);
  const greens = await ledger('g5-leader', '?state=registered&handlerId=g5-member&mark=green');
  expect(greens.items.map((r) => r.id)).not.toContain(id);
  expect(greens.items.every((r) => r.mark === 'green')).toBe(true);
  expect(greens.total).toBe(rows.counts.green);
  const watch = (await stack.as('g5-leader').get(`/me/watch?process=${encodeURIComponent(`/leads/${id}`)}`).expect(200)).body.items;
  expect(watch.map((t: { kind: string; mark: string }) => [t.kind, t.mark])).toEqual([['lead.accept', 'red']]);
  // the ladder has run: the handler, the group leader, the commission leader over the group
  await eventually(async () => (await stack.db.emailOutbox.count({ where: { workflowId: `lead/${id}`, key: 'acceptance', status: 'sent' } })) === 4, { what: 'the acceptance ladder sent' });
});

it('refuses a registration that does not hold together, and changes nothing', async () => {
  const before = await stack.db.lead.count();
  expectProblem(await stack.as('staff-li').post('/leads', { ...leadBody('g5-member'), reporter: undefined }), 422, 'reporter');
  expectProblem(await stack.as('staff-li').post('/leads', { ...leadBody('g5-member'), realName: false, source: { kind: 'supervision', channel: 'heard' } }), 422, 'reporter');
  expectProblem(await stack.as('staff-li').post('/leads', { ...leadBody('g5-member'), source: { kind: 'handover', channel: 'letter' } }), 422, 'source.channel');
  expectProblem(await stack.as('staff-li').post('/leads', { ...leadBody('g3-member') }), 422, 'handlerId');
  expectProblem(await stack.as('g3-member').post('/leads', leadBody('g5-member')), 403);
  expectProblem(await stack.as('gongluju-contact').post('/leads', leadBody('g5-member')), 403);
  expect(await stack.db.lead.count()).toBe(before);
});

it('gives concurrent registrations distinct numbers, one after another', async () => {
  const made = await Promise.all(Array.from({ length: 12 }, () => register({ ...leadBody('g5-leader'), realName: false, reporter: undefined, source: { kind: 'supervision', channel: 'heard' } }, 'g5-member')));
  const seqs = made.map((m) => Number(m.number.split('-')[2])).sort((a, b) => a - b);
  expect(new Set(made.map((m) => m.number)).size).toBe(12);
  expect(seqs.at(-1)! - seqs[0]).toBe(11);
});

it('does not exist for a unit or another group: 404 on every route', async () => {
  const { id } = await register(leadBody('g5-member'));
  for (const who of ['gongluju-contact', 'gongluju-leader', 'gongluju-member1']) {
    expectProblem(await stack.as(who).get('/leads'), 404);
    for (const path of [`/leads/${id}`, `/leads/${id}/reporter`]) expectProblem(await stack.as(who).get(path), 404);
    expectProblem(await stack.as(who).post(`/leads/${id}/acceptance`, { decision: 'accept' }), 404);
    expectProblem(await stack.as(who).post(`/leads/${id}/reporter-notices`, { kind: 'receipt', means: 'phone', toldAt: new Date().toISOString() }), 404);
  }
  expect((await ledger('g3-member')).items.map((r) => r.id)).not.toContain(id);
  for (const path of [`/leads/${id}`, `/leads/${id}/reporter`]) expectProblem(await stack.as('g3-leader').get(path), 404);
  expectProblem(await stack.as('g3-member').post(`/leads/${id}/acceptance`, { decision: 'accept' }), 404);
});

it('shows the reporter to the handler and a commission leader only, each read in the audit log', async () => {
  const { id } = await register(leadBody('g5-member', { name: '审计测试人', phone: '13900001111' }));
  for (const who of ['g5-leader', 'staff-li']) expectProblem(await stack.as(who).get(`/leads/${id}/reporter`), 404);
  expect((await stack.as('g5-member').get(`/leads/${id}/reporter`).expect(200)).body).toMatchObject({ leadId: id, name: '审计测试人', phone: '13900001111' });
  expect((await stack.as('deputy').get(`/leads/${id}/reporter`).expect(200)).body).toMatchObject({ name: '审计测试人' });
  const reads = await stack.db.auditLog.findMany({ where: { targetKind: 'lead', targetId: id, action: 'lead.reporter_read' }, orderBy: { id: 'asc' } });
  expect(reads.map((r) => r.actorId)).toEqual(['g5-member', 'deputy']);
  expect(reads.every((r) => r.requestId)).toBe(true);
  expect(JSON.stringify(reads.map((r) => r.detail))).not.toContain('审计测试人');
});

it('puts the lead’s open steps in its handler’s 我的待办 with what their deadlines counted, and takes each away once done', async () => {
  const { id, number } = await register(leadBody('g5-member'));
  type Task = { kind: string; process: { kind: string; id: string; title: string }; dueAt: string; dueRule: string; mark: string; act: { method: string; path: string } };
  const tasksOf = async (who: string) => ((await stack.as(who).get(`/me/tasks?process=${encodeURIComponent(`/leads/${id}`)}`).expect(200)).body.items as Task[]);
  const row = await stack.db.lead.findUniqueOrThrow({ where: { id } });
  const mine = await eventually(async () => ((await tasksOf('g5-member')).length === 2 ? tasksOf('g5-member') : undefined), { what: 'the handler’s tasks' });
  expect(mine.map((t) => [t.kind, t.process, t.dueAt, t.mark, t.act])).toEqual([
    ['lead.accept', { kind: 'lead', id, title: number }, row.acceptanceDueAt.toISOString(), 'green', { method: 'POST', path: `/leads/${id}/acceptance` }],
    ['lead.notifyReceipt', { kind: 'lead', id, title: number }, row.receiptNoticeDueAt!.toISOString(), 'green', { method: 'POST', path: `/leads/${id}/reporter-notices` }],
  ]);
  expect(mine[0].dueRule).toMatch(/后 5 个工作日/);
  expect(mine[1].dueRule).toMatch(/后 15 个工作日/);
  // nobody else owes them: another of the group, the unit, a commission leader
  for (const who of ['g5-leader', 'gongluju-contact', 'deputy', 'staff-li']) expect(await tasksOf(who)).toEqual([]);

  await stack.as('g5-member').post(`/leads/${id}/acceptance`, { decision: 'accept' }).expect(200);
  // accepted, the lead's disposal is owed next (no deadline: last); test/e2e/leadDisposal.test.ts follows it
  await eventually(async () => (await tasksOf('g5-member')).map((t) => t.kind).join() === 'lead.notifyReceipt,lead.propose', { what: 'acceptance off the list' });
  await stack.as('g5-member').post(`/leads/${id}/reporter-notices`, { kind: 'receipt', means: 'letter', toldAt: new Date(Date.now() - 60_000).toISOString() }).expect(200);
  await eventually(async () => (await tasksOf('g5-member')).map((t) => t.kind).join() === 'lead.propose', { what: 'the receipt notice off the list' });
});

describe('the sealed reporter', () => {
  const reporter = { name: '欧阳密封', phone: '13712345678', email: 'sealed.reporter.7731@example.cn', unit: '某街道办', address: '某路1号' };
  const secrets = [reporter.name, reporter.phone, reporter.email];
  const leaks = (text: string) => secrets.filter((s) => text.includes(s));

  it('is in no workflow history, log line, email or answer to anyone but the handler and commission leaders', async () => {
    const { id, workflowId } = await register(leadBody('g5-member', reporter));
    // the handler reads it, so the audit log holds a read, and records telling the reporter
    expect((await stack.as('g5-member').get(`/leads/${id}/reporter`).expect(200)).body.email).toBe(reporter.email);
    await eventually(async () => (await stack.as('g5-member').post(`/leads/${id}/reporter-notices`, { kind: 'receipt', means: 'phone', toldAt: new Date(Date.now() - 60_000).toISOString() })).status === 200, { what: 'the receipt notice' });
    await stack.as('g5-member').post(`/leads/${id}/acceptance`, { decision: 'forward', forwardTo: '区交通运输局纪检组', reason: '属其管辖' }).expect(200);
    await eventually(async () => (await stack.db.emailOutbox.count({ where: { workflowId, status: 'sent' } })) > 0, { what: 'the lead’s notice sent' });

    const answers: string[] = [];
    const keep = (who: string, res: { status: number; text: string }) => answers.push(`${who} ${res.status} ${res.text}`);
    for (const who of ['staff-li', 'g5-leader', 'g3-member', 'g3-leader', 'gongluju-contact', 'gongluju-leader', 'gongluju-member1', 'deputy', 'g5-member']) {
      keep(who, await stack.as(who).get('/leads'));
      keep(who, await stack.as(who).get(`/leads/${id}`));
      keep(who, await stack.as(who).get('/me/tasks'));
      keep(who, await stack.as(who).get('/me/watch'));
    }
    for (const who of ['staff-li', 'g5-leader', 'g3-member', 'gongluju-contact']) keep(who, await stack.as(who).get(`/leads/${id}/reporter`));
    // the audit log, as commission staff (not a leader) read it
    keep('staff-li', await stack.as('staff-li').get('/audit-log?targetKind=lead'));
    keep('staff-li', await stack.as('staff-li').get('/audit-log?limit=200'));
    expect(answers.length).toBeGreaterThan(30);
    expect(answers.filter((a) => leaks(a).length)).toEqual([]);

    const history = JSON.stringify(await stack.env.client.workflow.getHandle(workflowId).fetchHistory());
    expect(history).toContain(id);
    expect(leaks(history)).toEqual([]);
    const description = JSON.stringify(await stack.env.client.workflow.getHandle(workflowId).describe(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(leaks(description)).toEqual([]);

    const mails = stack.sink.messages().map((m) => JSON.stringify(m));
    expect(mails.some((m) => m.includes(id))).toBe(true);
    expect(mails.filter((m) => leaks(m).length)).toEqual([]);
    const outbox = JSON.stringify(await stack.db.emailOutbox.findMany({ where: { workflowId } }));
    expect(leaks(outbox)).toEqual([]);

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((l) => leaks(l).length)).toEqual([]);
    // the one place it is: its sealed row
    expect(await stack.db.leadReporter.findUniqueOrThrow({ where: { leadId: id } })).toMatchObject({ name: reporter.name, phone: reporter.phone, email: reporter.email });
  });
});
