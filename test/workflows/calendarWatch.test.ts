import { calendarWatchEmailId } from '../../domain/ids';
import type { CalendarWatchResult } from '../../workflows/messages';
import { bundledOnly, enterNotice, madeUp2027 } from '../support/calendar';
import { recordHistory } from '../support/histories';
import { timeSkippingEnv } from '../support/temporal';
import { startWorld, uniqueId, type World } from '../support/world';

let world: World;
beforeEach(async () => {
  // the bundled data alone: 2027 is missing, as it is in production until staff enter it
  world = await startWorld(timeSkippingEnv, bundledOnly);
});
afterEach(() => world?.teardown());

const watch = (asOf: string) =>
  world.env.client.workflow.start('calendarWatch', { taskQueue: world.taskQueue, workflowId: uniqueId('calendar-watch'), args: [{ asOf }] });
const run = async (asOf: string) => (await watch(asOf)).result() as Promise<CalendarWatchResult>;
const mails = async () => {
  const rows = await world.db.emailOutbox.findMany({ where: { workflowId: calendarWatchEmailId(2027) }, orderBy: { key: 'asc' } });
  return { rows, sent: world.sink.messages().filter((m) => rows.some((r) => r.messageId === m.messageId)) };
};

it('asks commission staff for a missing next year once a week from 1 November, naming the first deadline that would reach it', async () => {
  // a yearly routine cycle on 21 December, due 10 工作日 later: that run's deadline is in 2027
  await world.db.routineCycle.create({
    data: {
      id: 'CG-20261001-c0ffee',
      scheduleId: 'routine/gongluju/CG-20261001-c0ffee',
      unitId: 'gongluju',
      groupId: 'g5',
      cadence: { kind: 'cron', cron: '0 9 21 12 *', dueInWorkingDays: 10 },
      state: 'active',
      createdById: 'staff-li',
    },
  });
  expect(await run('2026-10-30T01:00:00Z')).toEqual<CalendarWatchResult>({ today: '2026-10-30', announced: [], emailKey: null });
  expect((await mails()).rows).toHaveLength(0);

  const monday = await watch('2026-11-16T01:00:00Z');
  expect(await monday.result()).toEqual<CalendarWatchResult>({ today: '2026-11-16', announced: [], emailKey: 'week/2026-W47' });
  const { rows, sent } = await mails();
  expect(rows.map((r) => [r.kind, r.recipients])).toEqual([['calendar_watch_year_missing', ['staff-chen@demo.tantou.local', 'staff-li@demo.tantou.local']]]);
  expect(sent).toHaveLength(1);
  expect(sent[0].subject).toBe('【探头】请录入「2027年法定节假日安排」：常态监督（区公路局，2026-12-21 发起）的截止日将落入2027年');
  expect(sent[0].text).toContain('2027年法定节假日安排尚未录入，请在系统中录入（POST /calendar/years）');
  expect(sent[0].text).toContain('办理入口：http://tantou.test/calendar/years');
  await recordHistory('calendarWatch-year-missing', monday);

  expect(await run('2026-11-19T01:00:00Z')).toMatchObject({ emailKey: 'week/2026-W47' });
  expect((await mails()).sent).toHaveLength(1);

  expect(await run('2026-11-23T01:00:00Z')).toMatchObject({ emailKey: 'week/2026-W48' });
  expect((await mails()).rows.map((r) => r.key)).toEqual(['week/2026-W47', 'week/2026-W48']);

  await enterNotice(world.db, madeUp2027, { announced: true });
  expect(await run('2026-11-30T01:00:00Z')).toEqual<CalendarWatchResult>({ today: '2026-11-30', announced: [], emailKey: null });
  expect((await mails()).rows).toHaveLength(2);
});

it('announces a calendar version stored while Temporal was down, once however many watches run', async () => {
  await enterNotice(world.db, madeUp2027, { announced: false });
  expect(await run('2026-10-30T01:00:00Z')).toMatchObject({ announced: ['calendar/2027/v1'] });
  const change = world.env.client.workflow.getHandle('calendar/2027/v1');
  const started = await change.describe();
  expect(started.type).toBe('calendarChange');
  expect(await world.db.holidayNoticeVersion.findFirstOrThrow({ where: { year: 2027 } })).toMatchObject({ announcedAt: expect.any(Date) });

  expect(await run('2026-10-31T01:00:00Z')).toMatchObject({ announced: [] });
  expect((await change.describe()).runId).toBe(started.runId);
  // the test server has no visibility store, so its signalling activity cannot list what to tell
  await change.terminate('the time-skipping server cannot list workflows');
});
