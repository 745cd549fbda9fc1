import { createCaseActivities } from '../../activities/cases';
import type { ActivityDeps } from '../../activities/deps';
import { createCalendar, shanghaiDate } from '../../domain/calendar';
import { caseNumber, limitDay, timeLimitRule } from '../../domain/cases';
import { formatShanghai } from '../../domain/emails';
import { caseWorkflowId } from '../../domain/ids';
import { deadlineByRule } from '../../domain/ladder';
import { leadNumber } from '../../domain/leads';
import {
  caseStatusQuery,
  closeCaseUpdate,
  decideCaseExtensionUpdate,
  recordHearingOpinionUpdate,
  requestCaseExtensionUpdate,
  transferForHearingUpdate,
  type CaseInput,
} from '../../workflows/messages';
import { leader, memberOf, staff } from '../support/actors';
import { testSupplement } from '../support/calendar';
import { untilPasses } from '../support/poll';
import { expectRefused } from '../support/refusals';
import { recordHistory } from '../support/histories';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, type World } from '../support/world';

const calendar = createCalendar(testSupplement);
const mail = (personId: string) => `${personId}@demo.tantou.local`;

let world: World;
beforeEach(async () => {
  world = await startWorld(timeSkippingEnv);
});
afterEach(() => world?.teardown());

const now = async () => world.env.currentTimeMs();
const outbox = (workflowId: string, key: string) => world.db.emailOutbox.findMany({ where: { workflowId, key }, orderBy: { rung: 'asc' } });

/** The Case row the API writes at filing (two persons concerned), then its workflow started as the API starts it: by the type name `case`. */
async function fileCase() {
  const filedOn = shanghaiDate(new Date(await now()));
  const seq = 1000 + Math.floor(Math.random() * 8000);
  const caseId = caseNumber(2099, seq);
  const rule = timeLimitRule(filedOn, 3);
  const timeLimit = deadlineByRule(rule, calendar);
  await world.db.case.create({
    data: {
      id: caseId,
      workflowId: caseWorkflowId(caseId),
      leadId: leadNumber(2099, seq),
      unitId: 'gongluju',
      groupId: 'g5',
      handlerId: 'g5-member',
      personsConcerned: [{ name: '某科长', title: '区公路局 科长' }, { name: '某科员', personId: 'gongluju-member1' }],
      filedOn: new Date(`${filedOn}T00:00:00Z`),
      filedById: 'deputy',
      state: 'under_investigation',
      timeLimitDueAt: new Date(timeLimit.deadlineAt),
      timeLimitRule: rule as object,
    },
  });
  const input: CaseInput = { caseId, leadId: leadNumber(2099, seq), unitId: 'gongluju', groupId: 'g5', handlerId: 'g5-member', persons: 2, timeLimit };
  const handle = await world.env.client.workflow.start('case', { taskQueue: world.taskQueue, workflowId: caseWorkflowId(caseId), args: [input] });
  await untilPasses(() => handle.query(caseStatusQuery));
  return { handle, caseId, timeLimit };
}

it('watches the 审查调查 time limit, extends it once (a second asking refused), and goes through 审理 to 结案 with each person’s disposition written as a measure', async () => {
  const handler = memberOf('g5');
  const { handle, caseId, timeLimit } = await fileCase();
  // three natural months from the filing day, 24:00 Shanghai; reminded seven days before
  expect(timeLimit.deadlineAt).toBe(calendar.endOfDay(calendar.addNaturalMonths(shanghaiDate(new Date(await now())), 3)).toISOString());

  // past the reminder: the handler alone, once, naming the case number
  await world.sleep(Date.parse(timeLimit.remindAt!) + 60_000 - (await now()), handle);
  expect((await outbox(handle.workflowId, 'time-limit')).map((r) => [r.rung, r.kind, r.recipients])).toEqual([[0, 'case_reminder', [mail('g5-member')]]]);
  expect(world.sink.messages().find((m) => m.subject.includes(caseId))?.subject).toBe(`【探头】提醒：案件「${caseId}」审查调查期限将于${formatShanghai(timeLimit.deadlineAt)}届满`);

  // the extension: asked by the handler with a reason, decided by a commission leader, once only
  await expectRefused(handle.executeUpdate(requestCaseExtensionUpdate, { args: [{ actor: memberOf('g3'), reason: '需查证' }] }), 'not-lead-handler');
  await expectRefused(handle.executeUpdate(requestCaseExtensionUpdate, { args: [{ actor: handler, reason: ' ' }] }), 'text-missing');
  await handle.executeUpdate(requestCaseExtensionUpdate, { args: [{ actor: handler, reason: '涉案资金流向需进一步查证' }] });
  await expectRefused(handle.executeUpdate(requestCaseExtensionUpdate, { args: [{ actor: handler, reason: '再延一次' }] }), 'extension-used');
  const extended = deadlineByRule(timeLimitRule(limitDay(timeLimit.deadlineAt), 3), calendar);
  await expectRefused(handle.executeUpdate(decideCaseExtensionUpdate, { args: [{ actor: handler, decision: 'grant', timeLimit: extended }] }), 'not-commission-leader');
  const granted = await handle.executeUpdate(decideCaseExtensionUpdate, { args: [{ actor: leader, decision: 'grant', timeLimit: extended, comment: '同意延长' }] });
  expect(granted).toMatchObject({ state: 'under_investigation', timeLimit: { deadlineAt: extended.deadlineAt, rungsFired: [], extended: true }, extension: { decision: 'grant', decidedById: 'deputy' } });
  await expectRefused(handle.executeUpdate(decideCaseExtensionUpdate, { args: [{ actor: leader, decision: 'refuse', reason: '不同意' }] }), 'no-extension-pending');
  await expectRefused(handle.executeUpdate(requestCaseExtensionUpdate, { args: [{ actor: handler, reason: '第二次延期' }] }), 'extension-used');
  await world.settled(handle);
  expect(await world.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ timeLimitDueAt: new Date(extended.deadlineAt), extendedAt: expect.any(Date), extensionPending: false });

  // the old limit never fires again; the new one reminds and escalates once per rung: handler, group leader, commission leader
  await world.sleep(Date.parse(extended.rungs[2].at) + 60_000 - (await now()), handle);
  await world.sleep('30 days', handle);
  expect(await outbox(handle.workflowId, 'time-limit')).toHaveLength(1);
  const rows = await outbox(handle.workflowId, 'time-limit-extended');
  expect(rows.map((r) => [r.rung, r.kind, r.recipients])).toEqual([
    [0, 'case_reminder', [mail('g5-member')]],
    [1, 'case_overdue', [mail('g5-member')]],
    [2, 'case_overdue', [mail('g5-leader')]],
    [3, 'case_overdue', [mail('deputy')]],
  ]);

  // 移送审理, the reviewer's opinion, 结案 by the commission leader
  await expectRefused(handle.executeUpdate(recordHearingOpinionUpdate, { args: [{ actor: staff, opinion: '同意' }] }), 'wrong-state');
  await handle.executeUpdate(transferForHearingUpdate, { args: [{ actor: handler, reviewerId: 'staff-li' }] });
  await expectRefused(handle.executeUpdate(recordHearingOpinionUpdate, { args: [{ actor: { personId: 'staff-chen', role: 'STAFF' }, opinion: '同意' }] }), 'not-hearing-reviewer');
  await handle.executeUpdate(recordHearingOpinionUpdate, { args: [{ actor: staff, opinion: '事实清楚，证据确凿，同意处理意见' }] });
  await expectRefused(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: leader, dispositions: [{ person: 0, kind: 'light_sanction' }] }] }), 'dispositions-incomplete');
  await expectRefused(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: leader, dispositions: [{ person: 0, kind: 'light_sanction' }, { person: 1, kind: 'integrity_talk' }] }] }), 'dispositions-incomplete');
  await expectRefused(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: handler, dispositions: [{ person: 0, kind: 'light_sanction' }, { person: 1, kind: 'admonishment' }] }] }), 'not-commission-leader');
  await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: leader, dispositions: [{ person: 0, kind: 'light_sanction' }, { person: 1, kind: 'admonishment' }] }] });
  const ended = await handle.result();
  expect(ended).toMatchObject({ state: 'closed', closed: { byId: 'deputy' } });

  // the measure activity ran: one measure per person, under the form of its kind, sourced to the case
  const measures = await world.db.measure.findMany({ where: { sourceKind: 'case', sourceId: caseId }, orderBy: { form: 'asc' } });
  expect(measures.map((m) => [m.kind, m.form, m.personName, m.personKey, m.heldById])).toEqual([
    ['admonishment', 1, '某科员', 'gongluju-member1', 'deputy'],
    ['light_sanction', 2, '某科长', 'gongluju/某科长', 'deputy'],
  ]);
  // retried, it writes nothing twice
  await createCaseActivities({ db: world.db } as ActivityDeps).recordCaseMeasures({ caseId, workflowId: handle.workflowId, closedAt: ended.closed!.at, closedById: 'deputy', dispositions: ended.closed!.dispositions });
  expect(await world.db.measure.count({ where: { sourceKind: 'case', sourceId: caseId } })).toBe(2);
  expect(await world.db.auditLog.count({ where: { action: 'measure.recorded', targetId: { in: measures.map((m) => m.id) } } })).toBe(2);

  expect((await world.db.caseEvent.findMany({ where: { caseId }, orderBy: { at: 'asc' } })).map((e) => e.kind)).toEqual([
    'opened',
    'extension_requested',
    'extension_granted',
    'transferred_for_hearing',
    'hearing_opinion_recorded',
    'closed',
  ]);
  expect(await world.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ state: 'closed', closedAt: expect.any(Date), closedById: 'deputy', hearingReviewerId: 'staff-li' });
  await recordHistory('case-extended-heard-closed', handle);
});

it('refuses the extension: the limit stays, and its rungs fire as planned', async () => {
  const { handle, timeLimit } = await fileCase();
  await handle.executeUpdate(requestCaseExtensionUpdate, { args: [{ actor: memberOf('g5'), reason: '需查证' }] });
  await expectRefused(handle.executeUpdate(transferForHearingUpdate, { args: [{ actor: memberOf('g5'), reviewerId: 'staff-li' }] }), 'extension-pending');
  const refused = await handle.executeUpdate(decideCaseExtensionUpdate, { args: [{ actor: leader, decision: 'refuse', reason: '期限内可以完成' }] });
  expect(refused).toMatchObject({ timeLimit: { deadlineAt: timeLimit.deadlineAt, extended: false }, extension: { decision: 'refuse', decisionReason: '期限内可以完成' } });
  await expectRefused(handle.executeUpdate(requestCaseExtensionUpdate, { args: [{ actor: memberOf('g5'), reason: '再申请' }] }), 'extension-used');
  await world.sleep(Date.parse(timeLimit.rungs[2].at) + 60_000 - (await now()), handle);
  expect((await outbox(handle.workflowId, 'time-limit')).map((r) => [r.rung, r.kind])).toEqual([[0, 'case_reminder'], [1, 'case_overdue'], [2, 'case_overdue'], [3, 'case_overdue']]);
  expect(await outbox(handle.workflowId, 'time-limit-extended')).toEqual([]);
});
