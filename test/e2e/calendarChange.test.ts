// What an entered year sets going, over the real stack: a routine run parked on a year without
// holiday data plans its deadline and goes on within a minute of staff entering the year, through
// the calendarChange workflow's signal, exactly once. The notice entered is MADE UP for the test
// (New Year's Day only): the real notice of a year is entered by staff, never shipped as a guess.
import { calendarChangeWorkflowId } from '../../workflows/messages';
import { bundledOnly } from '../support/calendar';
import { recordHistory } from '../support/histories';
import { eventually, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ calendar: bundledOnly });
});
afterAll(() => stack?.stop());

const madeUpNotice = (year: number) => ({
  year,
  notice: { number: `测试用（虚构）〔${year - 1}〕1号`, date: `${year - 1}-11-04` },
  holidays: [{ name: '元旦', firstDay: `${year}-01-01`, lastDay: `${year}-01-01`, statutoryDays: 1 }],
  makeUpWorkdays: [],
});

it('a routine run parked on a missing year resumes once when staff enter the year', async () => {
  // 30 工作日 from today reach past the bundled data (2026) whatever day the suite runs
  const created = await stack.as('staff-li').post('/routine-cycles', { unitIds: ['gongluju'], cadence: { kind: 'monthly' }, dueInWorkingDays: 30 }).expect(201);
  const [cycle] = created.body.items;
  await stack.as('staff-li').post(`/routine-cycles/${cycle.id}/trigger`).expect(202);
  const parked = await eventually(async () => {
    const run = await stack.db.routineRun.findFirst({ where: { cycleId: cycle.id } });
    return run?.state === 'calendar_missing' && run;
  }, { what: 'the run parked on the missing year' });
  const missing = await stack.db.auditLog.findFirstOrThrow({ where: { targetId: parked.id, action: 'routineRun.calendar_missing' } });
  const year = (missing.detail as { missingYear: number }).missingYear;

  const entered = await stack.as('staff-li').post('/calendar/years', madeUpNotice(year)).expect(201);
  expect(entered.body.announced).toEqual({ workflowId: calendarChangeWorkflowId({ year, version: 1 }) });
  const change = stack.env.client.workflow.getHandle(entered.body.announced.workflowId);
  expect(await change.result()).toMatchObject({ signalled: expect.any(Number) });

  const resumed = await eventually(async () => {
    const run = await stack.db.routineRun.findUniqueOrThrow({ where: { id: parked.id } });
    return run.state === 'open' && run;
  }, { what: 'the parked run to resume', timeoutMs: 60_000 });
  // a parked run's row is stamped with its start until a deadline can be planned
  expect(resumed.deadlineAt.getTime()).toBe(stack.calendars.latest().deadlineInWorkingDays(parked.deadlineAt, 30).getTime());
  // sent again (a retried broadcast), the same version changes nothing
  await stack.env.client.workflow.getHandle(parked.id).signal('calendarChanged', { year, version: 1, kind: 'entered' });
  await eventually(async () => (await stack.db.emailOutbox.count({ where: { workflowId: parked.id, kind: 'routine_run_notice' } })) === 1, { what: 'one notice' });
  const audit = await stack.db.auditLog.findMany({ where: { targetId: parked.id }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['routineRun.calendar_missing', 'routineRun.calendar_resumed']));
  await recordHistory('calendarChange-entered', change);
});
