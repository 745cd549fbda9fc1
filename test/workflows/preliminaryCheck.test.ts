import { addNaturalDays, shanghaiDate } from '../../domain/calendar';
import { preliminaryCheckWorkflowId, rectificationWorkflowId, riskPointFindingId } from '../../domain/ids';
import { DEFAULT_LADDER, afterStartRule, deadlineByRule, type Deadline } from '../../domain/ladder';
import { resultNoticeRule } from '../../domain/leads';
import { naturalMonthsLater, warningRule } from '../../domain/preliminaryChecks';
import {
  decideCheckConclusionUpdate,
  decideCheckSchemeUpdate,
  preliminaryCheckStatusQuery,
  rectificationStatusQuery,
  recordCheckConclusionUpdate,
  submitCheckSchemeUpdate,
  type CheckConclusion,
  type LeadProcessInput,
  type LeadProcessResult,
} from '../../workflows/messages';
import type { preliminaryCheck } from '../../workflows/preliminaryCheck';
import { leader, memberOf, staff } from '../support/actors';
import { testCalendar } from '../support/calendar';
import { insertTestLead } from '../support/leads';
import { untilPasses } from '../support/poll';
import { expectRefused } from '../support/refusals';
import { recordHistory } from '../support/histories';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, type World } from '../support/world';

// The lead's workflow starts this check as its child once merged (workflows/lead.ts); here each test
// starts it directly, with the LeadProcessInput the lead would hand it, over a lead row as the API writes it.

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const handler = memberOf('g5');
const mail = (personId: string) => `${personId}@demo.tantou.local`;
const now = async () => world.env.currentTimeMs();
const today = async () => shanghaiDate(new Date(await now()));

async function startCheck({ realName = true }: { realName?: boolean } = {}) {
  const number = await insertTestLead(world, { realName, handlerId: handler.personId, state: 'in_preliminary_check', receivedAt: new Date(await now()) });
  const input: LeadProcessInput = { leadId: number, number, unitId: 'gongluju', groupId: 'g5', handlerId: handler.personId, sourceLabel: '信访举报·来信', realName };
  const handle = await world.env.client.workflow.start<typeof preliminaryCheck>('preliminaryCheck', { taskQueue: world.taskQueue, workflowId: preliminaryCheckWorkflowId(number), args: [input] });
  await untilPasses(async () => expect(await world.db.preliminaryCheck.findUnique({ where: { leadId: number } })).not.toBeNull());
  return { handle, number };
}
type Handle = Awaited<ReturnType<typeof startCheck>>['handle'];

const scheme = { actor: handler, what: '核实是否存在公车私用', how: '调取车辆使用登记、GPS轨迹，询问驾驶员', teamIds: ['g5-member', 'g5-leader'], teamLeaderId: 'g5-leader' };
/** The warnings as the API computes them in the approving update. */
const warningsNow = async (): Promise<Deadline> => deadlineByRule(warningRule(new Date(await now())), testCalendar);

async function approvedScheme(handle: Handle) {
  await handle.executeUpdate(submitCheckSchemeUpdate, { args: [scheme] });
  const warnings = await warningsNow();
  await handle.executeUpdate(decideCheckSchemeUpdate, { args: [{ actor: leader, decision: 'approve', warnings }] });
  return warnings;
}

async function concluded(handle: Handle, conclusion: CheckConclusion, extra: object = {}): Promise<LeadProcessResult> {
  await handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, ...conclusion }] });
  const resultNoticeDue = deadlineByRule(resultNoticeRule(new Date(await now())), testCalendar);
  await handle.executeUpdate(decideCheckConclusionUpdate, { args: [{ actor: leader, decision: 'approve', resultNoticeDue, ...extra }] });
  return handle.result();
}

const events = async (leadId: string) => (await world.db.preliminaryCheckEvent.findMany({ where: { leadId }, orderBy: [{ at: 'asc' }, { dedupeKey: 'asc' }] })).map((e) => e.kind);
const warningMails = (workflowId: string) => world.db.emailOutbox.findMany({ where: { workflowId, key: 'warning' }, orderBy: { rung: 'asc' } });

it('refuses a team under two and a leader outside it; a returned scheme and a returned conclusion go back; 第一种形态 writes its measures', async () => {
  const { handle, number } = await startCheck();
  await expectRefused(handle.executeUpdate(submitCheckSchemeUpdate, { args: [{ ...scheme, teamIds: ['g5-member'], teamLeaderId: 'g5-member' }] }), 'team-too-small');
  await expectRefused(handle.executeUpdate(submitCheckSchemeUpdate, { args: [{ ...scheme, teamIds: ['g5-member', 'g5-member'], teamLeaderId: 'g5-member' }] }), 'team-too-small');
  await expectRefused(handle.executeUpdate(submitCheckSchemeUpdate, { args: [{ ...scheme, teamLeaderId: 'staff-li' }] }), 'team-too-small');
  await expectRefused(handle.executeUpdate(submitCheckSchemeUpdate, { args: [{ ...scheme, actor: memberOf('g3') }] }), 'not-lead-handler');
  await expectRefused(handle.executeUpdate(submitCheckSchemeUpdate, { args: [{ ...scheme, how: ' ' }] }), 'text-missing');
  expect(await handle.executeUpdate(submitCheckSchemeUpdate, { args: [scheme] })).toMatchObject({ state: 'scheme_proposed', scheme: { teamIds: ['g5-member', 'g5-leader'], teamLeaderId: 'g5-leader' } });

  // the scheme: only a commission leader decides, a return needs its reason; returned, it is the handler's again
  await expectRefused(handle.executeUpdate(decideCheckSchemeUpdate, { args: [{ actor: staff, decision: 'approve', warnings: await warningsNow() }] }), 'not-commission-leader');
  await expectRefused(handle.executeUpdate(decideCheckSchemeUpdate, { args: [{ actor: leader, decision: 'return', reason: '' }] }), 'text-missing');
  expect(await handle.executeUpdate(decideCheckSchemeUpdate, { args: [{ actor: leader, decision: 'return', reason: '核查组应有组长以外成员' }] })).toMatchObject({
    state: 'awaiting_scheme',
    scheme: null,
    returned: [{ step: 'scheme', byId: 'deputy', reason: '核查组应有组长以外成员' }],
  });
  await expectRefused(handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, outcome: 'case_filed', facts: '属实', proposal: '建议立案' }] }), 'wrong-state');
  const warnings = await approvedScheme(handle);
  expect(await handle.query(preliminaryCheckStatusQuery)).toMatchObject({ state: 'checking', warningLevel: 'blue', warnings: { yellowAt: warnings.rungs[0].at, redAt: warnings.rungs[1].at, rungsFired: [] } });
  expect(await world.db.preliminaryCheck.findUniqueOrThrow({ where: { leadId: number } })).toMatchObject({ state: 'checking', warningLevel: 'blue', yellowAt: new Date(warnings.rungs[0].at), redAt: new Date(warnings.rungs[1].at) });

  // the conclusion: each outcome with what it needs; returned, the check goes on
  const measure = { kind: 'reminder_talk' as const, subject: { name: '某科长', title: '区公路局 科长' }, heldOn: await today(), heldById: 'g5-leader' };
  await expectRefused(handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, outcome: 'first_form', facts: '存在苗头性问题', measures: [] }] }), 'outcome-incomplete');
  await expectRefused(handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, outcome: 'first_form', facts: '存在苗头性问题', measures: [{ ...measure, kind: 'light_sanction' }] }] }), 'outcome-incomplete');
  await expectRefused(handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, outcome: 'first_form', facts: '存在苗头性问题', measures: [{ ...measure, heldOn: addNaturalDays(await today(), 1) }] }] }), 'date-invalid');
  await expectRefused(handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, outcome: 'case_filed', facts: '属实', proposal: ' ' }] }), 'outcome-incomplete');
  await handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, outcome: 'false_accusation', facts: '反映不实', finding: '系捏造' }] });
  await expectRefused(handle.executeUpdate(decideCheckConclusionUpdate, { args: [{ actor: handler, decision: 'approve', resultNoticeDue: null }] }), 'not-commission-leader');
  expect(await handle.executeUpdate(decideCheckConclusionUpdate, { args: [{ actor: leader, decision: 'return', reason: '证据不足以认定诬告' }] })).toMatchObject({ state: 'checking', conclusion: null });

  const result = await concluded(handle, { outcome: 'first_form', facts: '公车私用2次，情节轻微', measures: [measure, { ...measure, kind: 'criticism', subject: { name: '某驾驶员' } }] });
  expect(result).toEqual({ next: 'end', outcome: 'first_form', reason: '公车私用2次，情节轻微', resultNoticeDue: expect.objectContaining({ deadlineAt: expect.any(String) }) });
  const measures = await world.db.measure.findMany({ where: { sourceKind: 'lead', sourceId: number }, orderBy: { id: 'asc' } });
  expect(measures.map((m) => [m.id, m.kind, m.form, m.personName, m.unitId, m.groupId, m.heldById, m.reason])).toEqual([
    [`CS-${number}-1`, 'reminder_talk', 1, '某科长', 'gongluju', 'g5', 'g5-leader', '公车私用2次，情节轻微'],
    [`CS-${number}-2`, 'criticism', 1, '某驾驶员', 'gongluju', 'g5', 'g5-leader', '公车私用2次，情节轻微'],
  ]);
  expect(await world.db.auditLog.count({ where: { action: 'measure.recorded', targetId: { in: measures.map((m) => m.id) } } })).toBe(2);
  expect(await world.db.preliminaryCheck.findUniqueOrThrow({ where: { leadId: number } })).toMatchObject({ state: 'completed', outcome: 'first_form', completedAt: expect.any(Date) });
  expect(await events(number)).toEqual(['opened', 'scheme_proposed', 'scheme_returned', 'scheme_proposed', 'scheme_approved', 'conclusion_proposed', 'conclusion_returned', 'conclusion_proposed', 'conclusion_approved']);
  // concluded before three months: no warning went
  expect(await warningMails(handle.workflowId)).toEqual([]);
});

it('turns yellow at 3 natural months and red at 6, each telling the handler, the group leader and the commission leader once; then a case is proposed', async () => {
  const { handle, number } = await startCheck({ realName: false });
  const warnings = await approvedScheme(handle);
  const approvedAt = Date.parse((await handle.query(preliminaryCheckStatusQuery)).scheme!.approved!.at);
  expect(Math.abs(Date.parse(warnings.rungs[0].at) - naturalMonthsLater(new Date(approvedAt), 3).getTime())).toBeLessThan(60_000);
  expect(Math.abs(Date.parse(warnings.rungs[1].at) - naturalMonthsLater(new Date(approvedAt), 6).getTime())).toBeLessThan(60_000);

  await world.sleep(Date.parse(warnings.rungs[0].at) - 3_600_000 - (await now()), handle);
  expect((await handle.query(preliminaryCheckStatusQuery)).warningLevel).toBe('blue');
  await world.sleep('2 hours', handle);
  expect(await handle.query(preliminaryCheckStatusQuery)).toMatchObject({ warningLevel: 'yellow', warnings: { rungsFired: [1] } });
  expect(await world.db.preliminaryCheck.findUniqueOrThrow({ where: { leadId: number } })).toMatchObject({ warningLevel: 'yellow' });

  await world.sleep(Date.parse(warnings.rungs[1].at) + 60_000 - (await now()), handle);
  await world.sleep('60 days', handle);
  expect(await handle.query(preliminaryCheckStatusQuery)).toMatchObject({ warningLevel: 'red', warnings: { rungsFired: [1, 2] } });
  const everyone = [mail('deputy'), mail('g5-leader'), mail('g5-member')];
  expect((await warningMails(handle.workflowId)).map((r) => [r.rung, r.kind, r.recipients, r.status, r.dueAt?.toISOString()])).toEqual([
    [1, 'preliminary_check_yellow', everyone, 'sent', warnings.rungs[0].at],
    [2, 'preliminary_check_red', everyone, 'sent', warnings.rungs[1].at],
  ]);
  // the SMTP sink got each warning once, zh-CN, naming the lead by its number only
  const sent = world.sink.messages().filter((m) => m.subject.includes(number));
  expect(sent.map((m) => [m.subject.slice(0, 9), [...m.to].sort()])).toEqual([
    ['【探头】黄灯预警：', everyone],
    ['【探头】红灯预警：', everyone],
  ]);
  expect(sent[1].subject).toBe(`【探头】红灯预警：问题线索「${number}」初步核实逾期未办结，请督办`);

  const result = await concluded(handle, { outcome: 'case_filed', facts: '违规使用公车，涉嫌违纪', proposal: '建议对某科长立案审查' });
  expect(result).toEqual({ next: 'end', outcome: 'case_filed', reason: '违规使用公车，涉嫌违纪', resultNoticeDue: null });
  expect(await world.db.preliminaryCheck.findUniqueOrThrow({ where: { leadId: number } })).toMatchObject({ state: 'completed', outcome: 'case_filed', warningLevel: 'red' });
  expect(await events(number)).toEqual(['opened', 'scheme_proposed', 'scheme_approved', 'warning', 'warning', 'conclusion_proposed', 'conclusion_approved']);
  expect(await warningMails(handle.workflowId)).toHaveLength(2);
});

it('a risk point records its row and finding and starts the unit’s rectification; a false accusation ends with its finding', async () => {
  const { handle, number } = await startCheck();
  await approvedScheme(handle);
  await handle.executeUpdate(recordCheckConclusionUpdate, { args: [{ actor: handler, outcome: 'risk_point', facts: '暗访未发现公车私用', risk: '公车使用登记制度执行不严' }] });
  await expectRefused(handle.executeUpdate(decideCheckConclusionUpdate, { args: [{ actor: leader, decision: 'approve', resultNoticeDue: null }] }), 'plan-due-missing');
  const planDue = deadlineByRule(afterStartRule(new Date(await now()), 10, DEFAULT_LADDER), testCalendar);
  const riskPoint = { riskPointId: 'FX-20991209-abcdef', planDue, commissionLeaderId: 'deputy' };
  await handle.executeUpdate(decideCheckConclusionUpdate, { args: [{ actor: leader, decision: 'approve', resultNoticeDue: null, riskPoint }] });
  const result = await handle.result();
  expect(result).toMatchObject({ next: 'end', outcome: 'risk_point', reason: '暗访未发现公车私用' });

  const findingId = riskPointFindingId(riskPoint.riskPointId);
  expect(await world.db.riskPoint.findUniqueOrThrow({ where: { id: riskPoint.riskPointId } })).toMatchObject({ leadId: number, unitId: 'gongluju', groupId: 'g5', risk: '公车使用登记制度执行不严', findingId });
  // the unit's finding and rectification name the risk point, never the lead
  expect(await world.db.finding.findUniqueOrThrow({ where: { id: findingId } })).toMatchObject({ unitId: 'gongluju', title: '公车使用登记制度执行不严', sourceKind: 'riskPoint', sourceId: riskPoint.riskPointId });
  const rectification = world.env.client.workflow.getHandle(rectificationWorkflowId(findingId));
  const view = await untilPasses(() => rectification.query(rectificationStatusQuery));
  expect(view).toMatchObject({ state: 'awaiting_plan', unitId: 'gongluju', deadlineAt: planDue.deadlineAt });
  expect(JSON.stringify(view)).not.toContain(number);
  expect(await world.db.preliminaryCheck.findUniqueOrThrow({ where: { leadId: number } })).toMatchObject({ outcome: 'risk_point' });

  const accused = await startCheck({ realName: false });
  await approvedScheme(accused.handle);
  const cleared = await concluded(accused.handle, { outcome: 'false_accusation', facts: '反映问题无事实依据', finding: '举报人捏造事实，属诬告陷害' });
  expect(cleared).toEqual({ next: 'end', outcome: 'false_accusation', reason: '反映问题无事实依据', resultNoticeDue: null });
  expect(await world.db.preliminaryCheck.findUniqueOrThrow({ where: { leadId: accused.number } })).toMatchObject({ outcome: 'false_accusation', conclusion: expect.objectContaining({ finding: '举报人捏造事实，属诬告陷害' }) });
  expect(await world.db.measure.count({ where: { sourceId: { in: [number, accused.number] } } })).toBe(0);
  await recordHistory('preliminary-check-risk-point', handle);
});
