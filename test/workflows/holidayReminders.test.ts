import { bundledOnly } from '../support/calendar';
import { DEMO_UNITS } from '../../prisma/seed';
import type { HolidayReminderSweepResult } from '../../workflows/messages';
import { recordHistory } from '../support/histories';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, uniqueId, type World } from '../support/world';

let world: World;
beforeEach(async () => {
  // the bundled data alone: these tests are about where it ends (2026)
  world = await startWorld(timeSkippingEnv, bundledOnly);
});
afterEach(() => world?.teardown());

const sweep = (asOf: string) =>
  world.env.client.workflow.start('holidayReminderSweep', { taskQueue: world.taskQueue, workflowId: uniqueId('sweep'), args: [{ asOf }] });
const outbox = (workflowId: string) => world.db.emailOutbox.findMany({ where: { workflowId }, orderBy: { key: 'asc' } });

it('reminds every unit once before National Day, however many daily sweeps see it', async () => {
  const first = await sweep('2026-09-28T01:00:00Z'); // 09:00 Beijing time, three working days ahead
  expect(await first.result()).toEqual<HolidayReminderSweepResult>({ today: '2026-09-28', started: ['holiday/2026-10-01'], alreadyStarted: [] });
  const reminder = world.env.client.workflow.getHandle('holiday/2026-10-01');
  expect(await reminder.result()).toBe(DEMO_UNITS.length);
  const second = await sweep('2026-09-29T01:00:00Z');
  expect(await second.result()).toMatchObject({ started: [], alreadyStarted: ['holiday/2026-10-01'] });

  const rows = await outbox('holiday/2026-10-01');
  expect(rows).toHaveLength(DEMO_UNITS.length);
  const gonglu = rows.find((r) => r.key === 'unit/gongluju')!;
  expect(gonglu.recipients).toEqual(['gongluju-contact@demo.tantou.local', 'gongluju-leader@demo.tantou.local']);
  const mails = world.sink.messages().filter((m) => rows.some((r) => r.messageId === m.messageId));
  expect(mails).toHaveLength(DEMO_UNITS.length);
  const mail = mails.find((m) => m.messageId === gonglu.messageId)!;
  expect(mail.subject).toBe('【探头】节日廉洁提醒：「国庆节（2026-10-01至2026-10-07）」将至，区公路局请严防公车私用、公款旅游、公款聚餐');
  expect(mail.text).toContain('公车私用、公款旅游、公款聚餐');
  await recordHistory('holidayReminderSweep-due', first);
  await recordHistory('holidayReminder-national-day', reminder);
});

it('reports a holiday year without calendar data to commission staff once, instead of skipping it in silence', async () => {
  const first = await sweep('2026-11-27T01:00:00Z'); // the look-ahead reaches 2027, which the data does not cover
  expect(await first.result()).toMatchObject({ today: '2026-11-27', started: ['holiday/calendar-missing/2027'] });
  await world.env.client.workflow.getHandle('holiday/calendar-missing/2027').result();
  expect(await (await sweep('2026-11-28T01:00:00Z')).result()).toMatchObject({ started: [], alreadyStarted: ['holiday/calendar-missing/2027'] });
  const rows = await outbox('holiday/calendar-missing/2027');
  expect(rows.map((r) => [r.kind, r.recipients])).toEqual([['holiday_reminder_calendar_missing', ['staff-chen@demo.tantou.local', 'staff-li@demo.tantou.local']]]);
  const [mail] = world.sink.messages().filter((m) => m.messageId === rows[0].messageId);
  expect(mail.subject).toBe('【探头】缺少「2027年法定节假日安排」：节日廉洁提醒和以工作日计算的期限无法确定，请补充日历数据');
  await recordHistory('holidayReminder-calendar-missing', world.env.client.workflow.getHandle('holiday/calendar-missing/2027'));
});
