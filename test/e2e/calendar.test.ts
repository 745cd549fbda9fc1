import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import pino from 'pino';
import type request from 'supertest';
import { createContext } from '../../api/context';
import { unitInspectionWorkflowId } from '../../domain/ids';
import { enterCalendarYear } from '../../api/services/calendar';
import type { ActivityDeps } from '../../activities/deps';
import { createSelfSupervisionActivities } from '../../activities/selfSupervision';
import type { HolidayNotice } from '../../domain/holidayNotice';
import { bundledOnly, madeUp2027 } from '../support/calendar';
import { endCampaign, eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

// "Today" is mid-December 2026 and only the bundled data (up to 2026) is there: 2027 is missing.
/** the API's today: mid-December, so 20 工作日 reach January 2027 */
const TODAY = new Date('2026-12-15T02:00:00Z');
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ calendar: bundledOnly, clock: () => TODAY });
});
afterAll(() => stack?.stop());

/** The made-up amendment: 中秋 widened to Wednesday-Friday with one more statutory day (14: warned, not refused); 246 working days. */
const amended2027: HolidayNotice = {
  ...madeUp2027,
  holidays: madeUp2027.holidays.map((h) => (h.name === '中秋节' ? { ...h, lastDay: '2027-09-17', statutoryDays: 2 } : h)),
};

// 20 工作日 from Tuesday 15 December reach January 2027
const launch20WorkingDays = () => stack.as('staff-li').post('/campaigns', launchBody({ deadline: { workingDays: 20 } }));

/** What a refused or dry-run request must leave untouched. */
async function footprint() {
  return {
    versions: await stack.db.holidayNoticeVersion.count(),
    audit: await stack.db.auditLog.count(),
    workflows: (await stack.env.client.workflow.count()).count,
  };
}

async function leavesNoTrace(send: () => Promise<request.Response>): Promise<request.Response> {
  const before = await footprint();
  const res = await send();
  expect(await footprint()).toEqual(before);
  return res;
}

type Year = { year: number; source: string; version: number | null; workingDays: number };

describe('holiday calendar through the API', () => {
  it('enters a missing year, after which a refused launch succeeds, and amends it as version 2', async () => {
    const listed = (await stack.as('gongluju-contact').get('/calendar/years').expect(200)).body as { years: Year[]; missing: number[] };
    expect(listed.years.find((y) => y.year === 2026)).toEqual({ year: 2026, source: 'bundled', version: null, workingDays: 248 });
    expect(listed.years.map((y) => y.year)).not.toContain(2027);
    expect(listed.missing).toEqual([2027]);
    await leavesNoTrace(() => stack.as('staff-li').get('/calendar/years/2027').expect(404));
    const bundled2025 = (await stack.as('gongluju-contact').get('/calendar/years/2025').expect(200)).body;
    expect(bundled2025).toMatchObject({ source: 'bundled', version: null, workingDays: 248, versions: [], makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'] });
    expect(bundled2025.holidays).toContainEqual({ name: '国庆节、中秋', nameEn: expect.any(String), firstDay: '2025-10-01', lastDay: '2025-10-08' });

    const refused = await launch20WorkingDays();
    expectProblem(refused, 422, 'deadline.workingDays');
    expect(refused.body.type).toBe('urn:tantou:problem:calendar-data-missing');

    // a notice with errors names each and stores nothing
    const wrong = { ...madeUp2027, holidays: madeUp2027.holidays.map((h, i) => (i === 1 ? { ...h, statutoryDays: 12 } : h)), makeUpWorkdays: ['2027-02-20', '2027-02-22'] };
    const invalid = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years', wrong));
    expectProblem(invalid, 422);
    expect(invalid.body.type).toBe('urn:tantou:problem:invalid-holiday-notice');
    expect((invalid.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['holidays.1.statutoryDays', 'makeUpWorkdays.1']);

    const dryRun = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years?dryRun=true', madeUp2027).expect(200));
    expect(dryRun.body).toMatchObject({ warnings: [], workingDays: 248, deadlinesThatMove: [], parkedThatResume: [] });
    expect(dryRun.body).not.toHaveProperty('version');

    const entered = await stack.as('staff-li').post('/calendar/years', madeUp2027).expect(201);
    expect(entered.headers.location).toBe('/calendar/years/2027');
    expect(entered.body).toMatchObject({ year: 2027, version: 1, warnings: [], workingDays: 248, reason: null, enteredBy: { id: 'staff-li', name: '李明' }, announced: { workflowId: 'calendar/2027/v1' } });
    expect((await stack.db.holidayNoticeVersion.findFirstOrThrow({ where: { year: 2027, version: 1 } })).announcedAt).not.toBeNull();
    // the announcement runs on (it tells every running process, then sweeps holiday reminders): let it finish, and each one after
    const settled = (workflowId: string) => stack.env.client.workflow.getHandle(workflowId).result();
    await settled('calendar/2027/v1');

    const launched = await launch20WorkingDays().expect(202);
    await eventually(() => stack.db.emailOutbox.findFirst({ where: { workflowId: launched.body.workflowId, kind: 'campaign_approval_request', status: 'sent' } }), { what: 'the campaign settled' });
    const reason = '（测试虚构）中秋节放假延长至9月17日';
    // a running process is asked what it watches; this campaign awaits approval within 2 natural days, which no calendar moves
    const preview = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years/2027/amendments?dryRun=true', { notice: amended2027, reason }).expect(200));
    expect(preview.body).toMatchObject({ workingDays: 246, deadlinesThatMove: [], parkedThatResume: [] });
    await endCampaign(stack, launched.body.id);
    await settled(launched.body.workflowId);

    const year = (await stack.as('g5-member').get('/calendar/years/2027').expect(200)).body;
    expect(year).toMatchObject({ year: 2027, source: 'entered', version: 1, workingDays: 248, makeUpWorkdays: madeUp2027.makeUpWorkdays });
    expect(year.holidays.map((h: { name: string; firstDay: string; lastDay: string }) => [h.name, h.firstDay, h.lastDay])).toEqual(madeUp2027.holidays.map((h) => [h.name, h.firstDay, h.lastDay]));
    expect(year.versions).toEqual([{ version: 1, notice: madeUp2027, reason: null, warnings: [], enteredBy: { id: 'staff-li', name: '李明' }, enteredAt: expect.any(String) }]);

    const amended = await stack.as('staff-chen').post('/calendar/years/2027/amendments', { notice: amended2027, reason }).expect(201);
    expect(amended.body).toMatchObject({ year: 2027, version: 2, reason, workingDays: 246, enteredBy: { id: 'staff-chen' }, announced: { workflowId: 'calendar/2027/v2' } });
    expect(amended.body.warnings).toEqual([expect.objectContaining({ path: 'holidays', message: expect.stringContaining('14 statutory days') })]);
    const listedAfter = (await stack.as('deputy').get('/calendar/years').expect(200)).body as { years: Year[]; missing: number[] };
    expect(listedAfter.years.find((y) => y.year === 2027)).toEqual({ year: 2027, source: 'entered', version: 2, workingDays: 246 });
    expect(listedAfter.missing).toEqual([]);
    expect((await stack.as('staff-li').get('/calendar/years/2027').expect(200)).body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    await settled('calendar/2027/v2');

    const trail = await stack.db.auditLog.findMany({ where: { targetKind: 'calendarYear', targetId: '2027' }, orderBy: { id: 'asc' } });
    expect(trail.map((e) => [e.action, e.actorId, e.detail])).toEqual([
      ['calendar.entered', 'staff-li', { version: 1, notice: madeUp2027.notice.number, warnings: [] }],
      ['calendar.amended', 'staff-chen', { version: 2, notice: madeUp2027.notice.number, warnings: amended.body.warnings }],
    ]);
  });

  it('amending a day moves a running deadline to where its rule now falls; the dry run names it first', async () => {
    // runs after the year was entered and amended above: 2027 is in force at version 2
    await stack.calendars.current();
    const launched = await launch20WorkingDays().expect(202);
    await stack.as('deputy').post(`/campaigns/${launched.body.id}/decision`, { decision: 'approve' }).expect(200);
    const inspectionId = unitInspectionWorkflowId(launched.body.id, 'gongluju');
    await eventually(() => stack.db.emailOutbox.findFirst({ where: { workflowId: inspectionId, status: 'sent' } }), { what: "the unit's inspection running" });
    const before = (await stack.db.unitInspection.findUniqueOrThrow({ where: { id: inspectionId } })).deadlineAt;
    // the deadline's own day made a holiday (MADE UP, like the notice): 20 工作日 now end a working day later
    const lastDay = stack.calendars.latest().shanghaiDate(new Date(before.getTime() - 1));
    const notice = { ...amended2027, holidays: [...amended2027.holidays, { name: '（测试虚构）调休', firstDay: lastDay, lastDay, statutoryDays: 0 }].sort((x, y) => x.firstDay.localeCompare(y.firstDay)) };
    const expected = stack.calendars.withNotice(notice).deadlineInWorkingDays(TODAY, 20);
    expect(expected.getTime()).toBeGreaterThan(before.getTime());
    const reason = '（测试虚构）调整放假安排';

    const preview = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years/2027/amendments?dryRun=true', { notice, reason }).expect(200));
    expect(preview.body.deadlinesThatMove).toEqual([expect.objectContaining({ workflowId: inspectionId, kind: 'unitInspection' })]);

    const amended = await stack.as('staff-li').post('/calendar/years/2027/amendments', { notice, reason }).expect(201);
    await stack.env.client.workflow.getHandle(amended.body.announced.workflowId).result();
    await eventually(async () => (await stack.db.unitInspection.findUniqueOrThrow({ where: { id: inspectionId } })).deadlineAt.getTime() === expected.getTime(), {
      what: 'the running deadline moved',
    });
    const replanned = await stack.db.auditLog.findMany({ where: { workflowId: inspectionId, action: 'unitInspection.deadline_replanned' } });
    expect(replanned).toHaveLength(1);
    expect(JSON.stringify(replanned[0].detail)).toContain(expected.toISOString());
    await endCampaign(stack, launched.body.id);
  });

  it('refuses to enter a year that has data, to amend one that has none, a year that is not the path’s, and anyone but staff', async () => {
    const twice = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years', { ...madeUp2027, year: 2026, holidays: [{ name: '元旦', firstDay: '2026-01-01', lastDay: '2026-01-01', statutoryDays: 1 }], makeUpWorkdays: [] }));
    expectProblem(twice, 409);
    expect(twice.body).toMatchObject({ type: 'urn:tantou:problem:calendar-year-exists', detail: expect.stringContaining('/calendar/years/2026/amendments') });

    const to2028 = { ...madeUp2027, year: 2028, holidays: [{ name: '元旦', firstDay: '2028-01-01', lastDay: '2028-01-01', statutoryDays: 1 }], makeUpWorkdays: [] };
    const missing = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years/2028/amendments', { notice: to2028, reason: '测试' }));
    expectProblem(missing, 409);
    expect(missing.body.type).toBe('urn:tantou:problem:calendar-year-missing');

    const mismatch = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years/2026/amendments', { notice: to2028, reason: '测试' }));
    expectProblem(mismatch, 422, 'notice.year');

    for (const person of ['deputy', 'g5-leader', 'gongluju-contact']) {
      expectProblem(await leavesNoTrace(() => stack.as(person).post('/calendar/years', to2028)), 403);
      expectProblem(await leavesNoTrace(() => stack.as(person).post('/calendar/years/2026/amendments', { notice: to2028, reason: '测试' })), 403);
    }
  });

  it('names in a dry run the processes parked on the year', async () => {
    const rota = await stack.as('staff-li').post('/self-supervision-rotas', { unitId: 'jiaoyunju' }).expect(201);
    // the projection as the real activity writes it for a turn starting in 2028, which has no data: parked on 2028
    const { assignSelfSupervisionTurn } = createSelfSupervisionActivities({ db: stack.db, calendars: stack.calendars } as ActivityDeps);
    const workflowId = `selfsup/jiaoyunju/${rota.body.id}/turn-2028-03-01`;
    const turn = await assignSelfSupervisionTurn({ workflowId, rotaId: rota.body.id, unitId: 'jiaoyunju', groupId: 'g5', startedAt: '2028-03-01T01:00:00Z', dueInWorkingDays: 2 });
    expect(turn).toMatchObject({ ok: false, missingYear: 2028 });

    const notice2028 = { ...madeUp2027, year: 2028, holidays: [{ name: '元旦', firstDay: '2028-01-01', lastDay: '2028-01-01', statutoryDays: 1 }], makeUpWorkdays: [] };
    const dryRun = await leavesNoTrace(() => stack.as('staff-li').post('/calendar/years?dryRun=true', notice2028).expect(200));
    expect(dryRun.body.parkedThatResume).toEqual([{ workflowId, kind: 'selfSupervisionTurn', missingYear: 2028 }]);
    // one statutory day instead of 13: warned, never refused
    expect(dryRun.body.warnings).toEqual([expect.objectContaining({ path: 'holidays' })]);
  });

  it('documents both answers of a change: 201 stored, 200 for a dry run', async () => {
    const { body } = await stack.as('staff-li').get('/openapi.json').expect(200);
    for (const path of ['/calendar/years', '/calendar/years/{year}/amendments']) {
      const { responses, description } = body.paths[path].post;
      expect(responses[201].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/StoredHolidayNoticeVersion' });
      expect(responses[200].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CalendarPreview' });
      expect(description).toContain('`announced: null`');
    }
  });

  it('keeps a version Temporal could not be told of, answering announced: null', async () => {
    // a real client to a port nobody listens on, failing at the first attempt instead of retrying
    const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 1 }))] });
    const ctx = createContext({ db: stack.db, temporal: new Client({ connection }), config: stack.config, logger: pino({ level: 'silent' }), calendars: stack.calendars });
    try {
      const notice2029 = { ...madeUp2027, year: 2029, holidays: [{ name: '元旦', firstDay: '2029-01-01', lastDay: '2029-01-01', statutoryDays: 1 }], makeUpWorkdays: [] };
      const stored = await enterCalendarYear(ctx, notice2029, { actor: { personId: 'staff-li', role: 'STAFF' }, requestId: 'unreachable', dryRun: false });
      expect(stored).toMatchObject({ year: 2029, version: 1, announced: null });
      // stored, not announced: the daily calendar watch starts its calendarChange later
      expect(await stack.db.holidayNoticeVersion.findFirstOrThrow({ where: { year: 2029 } })).toMatchObject({ version: 1, announcedAt: null });
      expect((await stack.as('staff-li').get('/calendar/years/2029').expect(200)).body).toMatchObject({ source: 'entered', version: 1 });
    } finally {
      await connection.close();
    }
  });
});
