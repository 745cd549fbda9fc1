import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { auditFindingId } from '../../domain/ids';
import { demoToken } from '../../prisma/seed';
import { testCalendar as calendar } from '../support/calendar';
import { eventually, expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

/** The Shanghai calendar date `n` days from today (YYYY-MM-DD). */
const dateInDays = (n: number) => calendar.addNaturalDays(calendar.shanghaiDate(new Date()), n);
const finance = (extra: Record<string, unknown> = {}) => ({ template: 'finance', unitId: 'gongluju', focus: '公务接待、差旅费报销', ...extra });
const democraticLife = (extra: Record<string, unknown> = {}) => ({ template: 'democratic_life', unitId: 'gongluju', theme: '学习贯彻', meetingDate: dateInDays(40), ...extra });
const steps = (id: string, step = '', action = '') => `/targeted-audits/${id}${step && `/steps/${step}/${action}`}`;
/** Everything a refused request must leave untouched. */
const footprint = async (id: string) => ({
  events: await stack.db.targetedAuditEvent.count({ where: { auditId: id } }),
  row: await stack.db.targetedAudit.findUnique({ where: { id }, select: { state: true, version: true } }),
  emails: await stack.db.emailOutbox.count({ where: { workflowId: `audit/${id}` } }),
});
// open, and its notice gone out (emails leave beside the process, after the step is recorded)
const stepOpen = (id: string, key: string) =>
  eventually(
    async () =>
      (await stack.db.targetedAudit.findUnique({ where: { id } }))?.currentStep === key &&
      (await footprint(id)).events > 1 &&
      (await stack.db.emailOutbox.count({ where: { workflowId: `audit/${id}`, key: `${key}/notice`, status: 'sent' } })) === 1,
    { what: `step ${key} open, its notice sent` },
  );

it('a finance audit runs through the API: the unit files, its group accepts, the group’s own check raises a finding that is rectified', async () => {
  const launched = await stack.as('staff-li').post('/targeted-audits', finance()).set('Idempotency-Key', 'cw-2026-01').expect(202);
  const { id } = launched.body;
  expect(launched.headers.location).toBe(`/targeted-audits/${id}`);
  expect(launched.body).toMatchObject({ state: 'in_progress', workflowId: `audit/${id}` });
  expect(launched.body.steps).toEqual([
    { key: 'self_check', label: '财务制度执行情况自查报告', by: 'unit', due: '发起之日后10个工作日' },
    { key: 'spot_check', label: '派驻组查阅账目凭证', by: 'group', due: '上一环节完成之日后10个工作日' },
  ]);
  // the same key and body answers with the same audit; another body with that key is refused
  expect((await stack.as('staff-li').post('/targeted-audits', finance()).set('Idempotency-Key', 'cw-2026-01').expect(202)).body.id).toBe(id);
  expectProblem(await stack.as('staff-li').post('/targeted-audits', finance({ focus: '其他' })).set('Idempotency-Key', 'cw-2026-01'), 422, 'Idempotency-Key');
  expect(await stack.db.idempotentLaunch.findUnique({ where: { personId_key: { personId: 'staff-li', key: 'cw-2026-01' } } })).toMatchObject({ madeKind: 'targetedAudit', madeIds: [id] });

  await stepOpen(id, 'self_check');
  const overview = await stack.as('gongluju-leader').get('/units/gongluju/overview').expect(200);
  const entry = overview.body.processes.find((p: { workflowId: string }) => p.workflowId === `audit/${id}`);
  expect(entry).toMatchObject({ kind: 'targetedAudit', kindLabel: '靶向督查', state: 'in_progress', stateLabel: '督查中', deadlineAt: expect.any(String), overdue: false });
  await stack.as('gongluju-contact').post(steps(id, 'self_check', 'filing'), { content: '公务接待全部有公函、清单' }).expect(200);
  await stack.as('g5-member').post(steps(id, 'self_check', 'review'), { decision: 'accept', comment: '自查认真' }).expect(200);
  await stepOpen(id, 'spot_check');
  const checked = await stack
    .as('g5-leader')
    .post(steps(id, 'spot_check', 'filing'), { content: '抽查凭证120张', findings: [{ title: '2次接待超标准', detail: '人均超出标准40元' }] })
    .expect(200);
  expect(checked.body.findingIds).toEqual([auditFindingId(id, 1)]);

  const detail = await eventually(async () => {
    const res = await stack.as('gongluju-contact').get(`/targeted-audits/${id}`).expect(200);
    return res.body.state === 'completed' && res.body;
  }, { what: 'the audit completed' });
  expect(detail).toMatchObject({ template: 'finance', templateLabel: '财务制度执行', stateLabel: '已完成', unitId: 'gongluju', groupId: 'g5', params: { focus: '公务接待、差旅费报销' } });
  expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'step_opened', 'filed', 'accepted', 'step_done', 'step_opened', 'filed', 'step_done', 'completed']);
  const rectifications = await eventually(async () => {
    const res = await stack.as('gongluju-contact').get('/rectifications?unitId=gongluju').expect(200);
    return res.body.items.find((r: { findingId: string }) => r.findingId === auditFindingId(id, 1));
  }, { what: 'the finding’s rectification' });
  expect(rectifications).toMatchObject({ title: '2次接待超标准', state: 'awaiting_plan' });
  const listed = await stack.as('g5-member').get('/targeted-audits?unitId=gongluju&template=finance').expect(200);
  expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(id);
  // one trail per audit: named by its id, its workflow id beside it
  expect(await stack.db.auditLog.findFirst({ where: { targetId: id, action: 'targetedAudit.launched' } })).toMatchObject({ actorId: 'staff-li', workflowId: `audit/${id}` });
});

it('refuses bad launches with the field to fix, and launches nothing', async () => {
  const before = await stack.db.targetedAudit.count();
  expectProblem(await stack.as('gongluju-contact').post('/targeted-audits', finance()), 403);
  expectProblem(await stack.as('g5-leader').post('/targeted-audits', finance()), 403);
  expectProblem(await stack.as('staff-li').post('/targeted-audits', finance({ unitId: 'nowhere' })), 422, 'unitId');
  expectProblem(await stack.as('staff-li').post('/targeted-audits', finance({ template: 'weather' })), 400, 'template');
  expectProblem(await stack.as('staff-li').post('/targeted-audits', finance({ commissionLeaderId: 'staff-chen' })), 422, 'commissionLeaderId');
  // the plan is due 15 days before the meeting: a meeting 10 days away is too soon
  const soon = await stack.as('staff-li').post('/targeted-audits', democraticLife({ meetingDate: dateInDays(10) }));
  expectProblem(soon, 422, 'meetingDate');
  expect(soon.body.errors[0].message).toContain('会议计划召开之日前15天');
  expectProblem(await stack.as('staff-li').post('/targeted-audits', democraticLife({ memberIds: ['gongluju-leader', 'g5-member'] })), 422, 'memberIds.1');
  expectProblem(await stack.as('staff-li').post('/targeted-audits', { template: 'disciplined_staff', unitId: 'gongluju', personName: '某某', sanction: '警告', decidedOn: dateInDays(-90), periodMonths: 6 }), 422, 'decidedOn');
  expect(await stack.db.targetedAudit.count()).toBe(before);
});

it('without a commission leader over the unit’s group a launch that names none is a 409, as for every process', async () => {
  const before = await stack.db.targetedAudit.count();
  // g5's leader reports to staff, who is no commission leader: the same as reporting to nobody
  await stack.db.person.update({ where: { id: 'g5-leader' }, data: { superiorId: 'staff-chen' } });
  try {
    const refused = await stack.as('staff-li').post('/targeted-audits', finance());
    expectProblem(refused, 409);
    expect(refused.body.type).toBe('urn:tantou:problem:no-commission-leader');
    // naming one is still possible
    const named = await stack.as('staff-li').post('/targeted-audits', finance({ commissionLeaderId: 'secretary' })).expect(202);
    await stack.as('staff-li').post(`/targeted-audits/${named.body.id}/cancel`, { reason: '测试结束' }).expect(200);
  } finally {
    await stack.db.person.update({ where: { id: 'g5-leader' }, data: { superiorId: 'deputy' } });
  }
  expect(await stack.db.targetedAudit.count()).toBe(before + 1);
});

it('a 民主生活会 names the unit’s leadership as members and refuses out-of-scope, wrong-role, wrong-step and malformed steps without a trace', async () => {
  const { body } = await stack.as('staff-li').post('/targeted-audits', democraticLife()).expect(202);
  const { id } = body;
  expect(body.steps.map((s: { key: string; due: string }) => `${s.key}:${s.due}`)).toEqual([
    'plan:会议计划召开之日前15天',
    'talks:会议计划召开之日前5个工作日',
    'materials:会议计划召开之日前5个工作日',
    'meeting:会议计划召开之日后2个工作日',
    'report:会议召开之日后15天',
  ]);
  await stepOpen(id, 'plan');
  const detail = await stack.as('g5-member').get(`/targeted-audits/${id}`).expect(200);
  expect(Object.keys(detail.body.workflow.view.steps[2].items)).toEqual(['gongluju-leader', 'gongluju-member1', 'gongluju-member2']);

  const untouched = await footprint(id);
  expectProblem(await stack.as('jiaoyunju-contact').get(`/targeted-audits/${id}`), 404);
  expectProblem(await stack.as('g3-member').post(steps(id, 'plan', 'filing'), { content: '方案' }), 404);
  expectProblem(await stack.as('gongluju-leader').post(steps(id, 'plan', 'filing'), { content: '方案' }), 403);
  expectProblem(await stack.as('g5-member').post(steps(id, 'plan', 'filing'), { content: '方案' }), 403);
  expectProblem(await stack.as('gongluju-contact').post(steps(id, 'budget', 'filing'), { content: '方案' }), 404);
  expectProblem(await stack.as('gongluju-contact').post(steps(id, 'materials', 'filing'), { content: '材料' }), 422, 'item');
  expectProblem(await stack.as('gongluju-contact').post(steps(id, 'meeting', 'filing'), { content: '记录', heldOn: dateInDays(1) }), 422, 'attendeeId');
  expectProblem(await stack.as('gongluju-contact').post(steps(id, 'talks', 'filing'), { content: '谈话记录' }), 409);
  expectProblem(await stack.as('gongluju-contact').post(steps(id, 'plan', 'filing'), { content: '' }), 400, 'content');
  expectProblem(await stack.as('g5-member').post(steps(id, 'plan', 'review'), { decision: 'accept' }), 409);
  expectProblem(await stack.as('g5-leader').post(`/targeted-audits/${id}/cancel`, { reason: '不需要' }), 403);
  expectProblem(await stack.as('staff-li').get('/targeted-audits/BX-20260101-000000'), 404);
  expect(await footprint(id)).toEqual(untouched);

  const cancelled = await stack.as('staff-chen').post(`/targeted-audits/${id}/cancel`, { reason: '会议改期另行部署' }).expect(200);
  expect(cancelled.body).toMatchObject({ state: 'cancelled', cancelReason: '会议改期另行部署' });
  expectProblem(await stack.as('staff-chen').post(`/targeted-audits/${id}/cancel`, { reason: '再次撤销' }), 409);
});

it('shows the periods in force with their rules; an operator’s override changes new audits, a bad one stops the start', async () => {
  const { body } = await stack.as('g5-member').get('/targeted-audits/templates').expect(200);
  expect(body.templates.map((t: { label: string }) => t.label)).toEqual(['财务制度执行', '巡察整改', '考风考纪', '受处分人员管理教育', '民主生活会']);
  expect(body.rules.find((r: { key: string }) => r.key === 'inspectionTourReport')).toMatchObject({ amount: 2, default: 2, unit: 'months', rule: expect.stringContaining('2个月内') });

  const logger = pino({ level: 'silent' });
  const app = createApp({ db: stack.db, temporal: stack.env.client, config: { ...stack.config, AUDIT_RULES_JSON: '{"inspectionTourReport":3}' }, logger, calendars: stack.calendars });
  const launched = await request(app)
    .post('/targeted-audits')
    .set('Authorization', `Bearer ${demoToken('staff-li')}`)
    .send({ template: 'inspection_tour', unitId: 'jiaoyunju', tourName: '区委第四轮巡察', feedbackDate: dateInDays(0) })
    .expect(202);
  expect(launched.body.steps[0]).toMatchObject({ key: 'rectification_report', due: '巡察反馈之日后3个月' });
  expect(() => createApp({ db: stack.db, temporal: stack.env.client, config: { ...stack.config, AUDIT_RULES_JSON: '{"inspectionTour":3}' }, logger, calendars: stack.calendars })).toThrow(/AUDIT_RULES_JSON/);
});
