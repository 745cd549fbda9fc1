import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CALENDAR_WATCH_SCHEDULE_ID, HOLIDAY_REMINDER_SCHEDULE_ID } from '../../domain/ids';
import { ensureSchedules } from '../../worker/schedules';
import { devServerEnv } from '../support/temporal';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
});
afterAll(() => env?.teardown());

it('keeps one daily holiday-reminder Schedule at 08:30 Beijing time, however often workers start', async () => {
  await ensureSchedules(env.client, 'tantou-a');
  await ensureSchedules(env.client, 'tantou-b');
  const schedules = [];
  for await (const s of env.client.schedule.list()) schedules.push(s.scheduleId);
  expect(schedules.filter((id) => id === HOLIDAY_REMINDER_SCHEDULE_ID)).toHaveLength(1);

  const described = await env.client.schedule.getHandle(HOLIDAY_REMINDER_SCHEDULE_ID).describe();
  expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
  expect(described.action).toMatchObject({ workflowType: 'holidayReminderSweep', taskQueue: 'tantou-b' });
  const next = described.info.nextActionTimes;
  expect(next.length).toBeGreaterThanOrEqual(3);
  for (const at of next) expect(at.toISOString()).toMatch(/T00:30:00\.000Z$/); // 08:30 in UTC+8
  expect(next[1].getTime() - next[0].getTime()).toBe(86_400_000);
});

it('keeps one daily calendar-watch Schedule at 09:00 Beijing time beside it', async () => {
  await ensureSchedules(env.client, 'tantou-a');
  const described = await env.client.schedule.getHandle(CALENDAR_WATCH_SCHEDULE_ID).describe();
  expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
  expect(described.action).toMatchObject({ workflowType: 'calendarWatch', taskQueue: 'tantou-a' });
  for (const at of described.info.nextActionTimes) expect(at.toISOString()).toMatch(/T01:00:00\.000Z$/); // 09:00 in UTC+8
});
