// The fan-out of an approved campaign (activity startUnitInspections) on the dev server: a
// cancellation that lands while units are being started, an attempt retried from its heartbeat, and
// the first snapshot of each unit, which the fan-out writes before starting it.
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createActivities } from '../../activities';
import { projectStartingInspections } from '../../activities/records';
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

/** The fan-out activity on its own, as the worker builds it, over the campaign `input`, from ordinal 0. */
function fanOut(input: Awaited<ReturnType<typeof insertCampaign>>) {
  const activities = createActivities({
    db: world.db,
    mailer: undefined as never, // the fan-out sends no email
    temporal: world.env.client,
    logger: pino({ level: 'silent' }),
    calendars: testCalendars(world.db),
    settings: { mailFrom: '', publicBaseUrl: '', temporalUiUrl: '', namespace: 'default', fanOutConcurrency: 4 },
  });
  const args = { campaignId: input.campaignId, campaignWorkflowId: 'campaign/none', title: input.title, topic: input.topic, approverId: input.approverId, submission: input.submission, fromOrdinal: 0 };
  return (heartbeatDetails?: number) => new MockActivityEnvironment({ taskQueue: world.taskQueue, heartbeatDetails }).run(activities.startUnitInspections, args);
}

/** The activities a unit inspection has scheduled so far, by type. */
const activitiesOf = async (campaignId: string, unitId: string) =>
  ((await inspection(campaignId, unitId).fetchHistory()).events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);

it('an attempt retried from its heartbeat starts the rest, and one retried from the start doubles no unit', async () => {
  const unitIds = await someUnits(12);
  const input = await insertCampaign(world.db, { now: Date.now(), unitIds });
  const attempt = fanOut(input);
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
  // the fan-out wrote each unit's first snapshot and its audit entry once; no unit recorded it again
  const rows = await world.db.unitInspection.findMany({ where: { campaignId: input.campaignId } });
  expect(rows.map((r) => [r.unitId, r.version, r.state, r.deadlineAt.toISOString()]).sort()).toEqual(
    unitIds.map((u) => [u, 1, 'awaiting_submission', new Date(input.submission.deadlineAt).toISOString()]).sort(),
  );
  const audited = await world.db.auditLog.findMany({ where: { action: { startsWith: 'unitInspection.' }, targetId: { in: rows.map((r) => r.id) } } });
  expect(audited.map((a) => [a.targetId, a.action]).sort()).toEqual(rows.map((r) => [r.id, 'unitInspection.awaiting_submission']).sort());
  await untilPasses(async () => expect(await activitiesOf(input.campaignId, unitIds[0])).toEqual(['sendEmail']));
}, 120_000);

it('a unit whose first snapshot an earlier attempt wrote with another deadline records its own at once', async () => {
  const unitIds = await someUnits(2);
  const input = await insertCampaign(world.db, { now: Date.now(), unitIds });
  const [stale, fresh] = unitIds.map((u) => ({ workflowId: unitInspectionWorkflowId(input.campaignId, u), unitId: u, campaignId: input.campaignId }));
  // as an attempt planned on an older calendar leaves it: the row at version 1, its workflow not started
  await projectStartingInspections(world.db, [{ ...stale, deadlineAt: '2030-01-01T00:00:00.000Z' }]);
  expect(await fanOut(input)()).toBe(2);
  await untilPasses(async () => {
    const rows = await world.db.unitInspection.findMany({ where: { campaignId: input.campaignId }, orderBy: { unitId: 'asc' } });
    expect(rows.map((r) => [r.id, r.version, r.deadlineAt.toISOString()])).toEqual(
      [stale, fresh].map((u, i) => [u.workflowId, i === 0 ? 2 : 1, new Date(input.submission.deadlineAt).toISOString()]),
    );
  });
  expect(await activitiesOf(input.campaignId, stale.unitId)).toContain('recordInspection');
  expect(await activitiesOf(input.campaignId, fresh.unitId)).not.toContain('recordInspection');
}, 120_000);
