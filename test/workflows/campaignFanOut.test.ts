// The fan-out of an approved campaign (activity startUnitInspections) on the dev server: a
// cancellation that lands while units are being started, and an attempt retried from its heartbeat.
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createActivities } from '../../activities';
import { unitInspectionWorkflowId } from '../../domain/ids';
import { cancelCampaignUpdate } from '../../workflows/messages';
import { staff } from '../support/actors';
import { testCalendars } from '../support/calendar';
import { campaignKit, insertCampaign } from '../support/campaigns';
import { untilPasses } from '../support/poll';
import { devServerEnv } from '../support/temporal';
import { startWorld, uniqueId, type World } from '../support/world';

let world: World;
beforeEach(async () => {
  world = await startWorld(devServerEnv);
});
afterEach(() => world?.teardown());

const { start, approve, inspection } = campaignKit(() => world);

/** `n` synthetic units of the demo groups, with contacts. */
async function someUnits(n: number): Promise<string[]> {
  const prefix = uniqueId('fan');
  const units = Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, name: `测试单位${i + 1}号`, groupId: `g${(i % 6) + 1}` }));
  await world.db.unit.createMany({ data: units });
  return units.map((u) => u.id);
}

const statusOf = (campaignId: string, unitId: string) =>
  inspection(campaignId, unitId)
    .describe()
    .then((d) => d.status.name, () => 'NOT_STARTED');

it('a cancellation during the fan-out stops it: afterwards no unit inspection of the campaign is running', async () => {
  const unitIds = await someUnits(200);
  const input = await insertCampaign(world.db, { now: Date.now(), unitIds });
  const handle = await start(input);
  await approve(input);
  const view = await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: staff, reason: '方案调整' }] });
  expect(view.state).toBe('cancelled');
  await handle.result();
  // each unit asked to cancel records it and ends; a unit started after the sweep would stay running
  await untilPasses(async () => {
    const statuses = await Promise.all(unitIds.map((u) => statusOf(input.campaignId, u)));
    expect(statuses.filter((s) => s !== 'CANCELLED' && s !== 'NOT_STARTED')).toEqual([]);
  }, { timeoutMs: 90_000 });
}, 180_000);

it('an attempt retried from its heartbeat starts the rest, and one retried from the start doubles no unit', async () => {
  const unitIds = await someUnits(12);
  const input = await insertCampaign(world.db, { now: Date.now(), unitIds });
  const activities = createActivities({
    db: world.db,
    mailer: undefined as never, // the fan-out sends no email
    temporal: world.env.client,
    logger: pino({ level: 'silent' }),
    calendars: testCalendars(world.db),
    settings: { mailFrom: '', publicBaseUrl: '', temporalUiUrl: '', namespace: 'default', fanOutConcurrency: 4 },
  });
  const args = { campaignId: input.campaignId, campaignWorkflowId: 'campaign/none', title: input.title, topic: input.topic, approverId: input.approverId, submission: input.submission, fromOrdinal: 0 };
  const attempt = (heartbeatDetails?: number) =>
    new MockActivityEnvironment({ taskQueue: world.taskQueue, heartbeatDetails }).run(activities.startUnitInspections, args);
  // an attempt that died after heartbeating ordinal 8: its retry starts 8…11
  expect(await attempt(8)).toBe(12);
  expect((await Promise.all(unitIds.map((u) => statusOf(input.campaignId, u)))).map((s) => s === 'RUNNING')).toEqual(unitIds.map((_, i) => i >= 8));
  // from the start again: 0…7 start, 8…11 are left as they are, each once
  const runsBefore = await Promise.all(unitIds.slice(8).map(async (u) => (await inspection(input.campaignId, u).describe()).runId));
  expect(await attempt()).toBe(12);
  expect(await Promise.all(unitIds.map((u) => statusOf(input.campaignId, u)))).toEqual(unitIds.map(() => 'RUNNING'));
  expect(await Promise.all(unitIds.slice(8).map(async (u) => (await inspection(input.campaignId, u).describe()).runId))).toEqual(runsBefore);
  // one execution per unit, as visibility lists them (it catches up within moments)
  await untilPasses(async () => {
    const listed: string[] = [];
    for await (const w of world.env.client.workflow.list({ query: `TantouCampaign = '${input.campaignId}'` })) listed.push(w.workflowId);
    expect(listed.sort()).toEqual(unitIds.map((u) => unitInspectionWorkflowId(input.campaignId, u)).sort());
  });
}, 120_000);
