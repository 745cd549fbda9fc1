import type { CalendarChangeResult, CalendarWatchResult } from '../../workflows/messages';
import { bundledOnly, enterNotice, madeUp2027 } from '../support/calendar';
import { recordHistory } from '../support/histories';
import { startStack, type Stack } from './stack';

// The announcing half of the calendar watch on the dev server, which can list the running workflows
// the calendarChange tells (the time-skipping server cannot).
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ calendar: bundledOnly });
});
afterAll(() => stack?.stop());

it('announces a version stored while Temporal was down: its calendarChange runs to the end, started by the next watch', async () => {
  await enterNotice(stack.db, madeUp2027, { announced: false }); // made up: the real 2027 is entered by staff
  const watch = await stack.env.client.workflow.start('calendarWatch', { taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: `calendar-watch/e2e-${Date.now()}`, args: [{}] });
  expect(await watch.result()).toMatchObject<Partial<CalendarWatchResult>>({ announced: ['calendar/2027/v1'] });
  const change = stack.env.client.workflow.getHandle('calendar/2027/v1');
  expect(await change.result()).toMatchObject<Partial<CalendarChangeResult>>({ holidaySweep: 'calendar/2027/v1/holiday-sweep' });
  expect(await stack.db.holidayNoticeVersion.findFirstOrThrow({ where: { year: 2027 } })).toMatchObject({ announcedAt: expect.any(Date) });
  await recordHistory('calendarChange-announced-by-watch', change);
});
