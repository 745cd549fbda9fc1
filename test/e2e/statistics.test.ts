// Measures (措施) recorded over HTTP in two stationed groups, then the statistics of a period: exact
// counts and shares, a record outside the period or superseded by a correction not counted, each
// figure's records the ones counted, who may record and read, and the .xlsx read back by exceljs.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { demoToken } from '../../prisma/seed';
import { leadBody } from '../support/routeCalls';
import { expectProblem, startStack, type Stack } from './stack';

jest.setTimeout(120_000);

// "today" is fixed, so which deadlines have passed (overdue) and which days are in the future do not drift
const NOW = new Date('2026-12-03T04:00:00Z');

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ clock: () => NOW });
});
afterAll(() => stack?.stop());

type Figure = { code: string; label: string; unit: string; unitLabel: string; value: number; share?: number; shareText?: string; records: string };
type Report = { sections: { code: string; label: string; figures: Figure[] }[] };

const PERIOD = 'from=2026-10-01&to=2026-12-31';

interface Given {
  kind: string;
  unitId: string;
  heldOn: string;
  name?: string;
  personId?: string;
  as?: string;
  source?: { kind: string; id?: string };
  supersedes?: string;
}

async function record({ kind, unitId, heldOn, name, personId, as = 'staff-li', source = { kind: 'routineSupervision' }, supersedes }: Given): Promise<string> {
  const body = { kind, unitId, heldOn, subject: { ...(personId ? { personId } : {}), ...(name ? { name } : {}) }, reason: '测试', source, ...(supersedes ? { supersedes } : {}) };
  const res = await stack.as(as).post('/measures', body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const figuresOf = (report: Report) => Object.fromEntries(report.sections.flatMap((s) => s.figures.map((f) => [f.code, f])));
const values = (report: Report, codes: string[]) => Object.fromEntries(codes.map((c) => [c, figuresOf(report)[c].value]));
const MEASURE_FIGURES = ['talks', 'criticism', 'admonishment', 'fourForms', 'form1', 'form2', 'form3', 'form4'];
const shares = (report: Report) => ['form1', 'form2', 'form3', 'form4'].map((c) => figuresOf(report)[c].share);

const ids: Record<string, string> = {};

beforeAll(async () => {
  // 第五派驻组 (g5): 区公路局, 区交通运输局; 第三派驻组 (g3): 区卫计局, 卫监所
  ids.rt1 = await record({ kind: 'reminder_talk', unitId: 'gongluju', heldOn: '2026-10-10', personId: 'gongluju-member1', as: 'g5-member' });
  ids.rt2 = await record({ kind: 'reminder_talk', unitId: 'gongluju', heldOn: '2026-10-12', name: '陈某' });
  ids.rt3 = await record({ kind: 'reminder_talk', unitId: 'gongluju', heldOn: '2026-11-02', name: '陈某' });
  ids.it1 = await record({ kind: 'integrity_talk', unitId: 'jiaoyunju', heldOn: '2026-11-20', name: '赵某', source: { kind: 'holidayReminder', id: '2027-01-01' } });
  ids.it2 = await record({ kind: 'integrity_talk', unitId: 'jiaoyunju', heldOn: '2026-11-20', name: '钱某', source: { kind: 'holidayReminder', id: '2027-01-01' } });
  ids.cr1 = await record({ kind: 'criticism', unitId: 'gongluju', heldOn: '2026-11-05', name: '陈某', as: 'g5-leader' });
  ids.cr2 = await record({ kind: 'criticism', unitId: 'gongluju', heldOn: '2026-11-25', name: '陈某' });
  ids.cr3 = await record({ kind: 'criticism', unitId: 'weijiju', heldOn: '2026-11-06', name: '李某', as: 'g3-member' });
  // the seed's 卫监所 case: heard in passing, verified, 诫勉
  const lead = await stack.as('staff-li').post('/leads', { ...leadBody('staff-li'), source: { kind: 'supervision', channel: 'heard' }, unitId: 'weijiansuo', realName: false, reporter: undefined }).expect(202);
  ids.lead = lead.body.id;
  ids.ad1 = await record({ kind: 'admonishment', unitId: 'weijiansuo', heldOn: '2026-11-10', name: '王某', source: { kind: 'lead', id: ids.lead } });
  ids.ws1 = await record({ kind: 'written_self_criticism', unitId: 'weijiju', heldOn: '2026-11-11', name: '孙某' });
  ids.ls1 = await record({ kind: 'light_sanction', unitId: 'gongluju', heldOn: '2026-11-12', name: '周某', as: 'deputy' });
  ids.hs1 = await record({ kind: 'heavy_sanction', unitId: 'weijiju', heldOn: '2026-11-13', name: '吴某' });
  ids.cx1 = await record({ kind: 'criminal_referral', unitId: 'weijiansuo', heldOn: '2026-11-14', name: '郑某' });
  // recorded as a reminder talk, corrected to a criticism: only the correction counts
  ids.wrong = await record({ kind: 'reminder_talk', unitId: 'jiaoyunju', heldOn: '2026-11-15', name: '冯某' });
  ids.fixed = await record({ kind: 'criticism', unitId: 'jiaoyunju', heldOn: '2026-11-15', name: '冯某', supersedes: ids.wrong });
  // the day before the period
  ids.before = await record({ kind: 'reminder_talk', unitId: 'gongluju', heldOn: '2026-09-30', name: '陈某' });

  // the supervision side: a started surprise check of 区公路局 past its deadline, and a sealed one, which no figure counts
  const check = (id: string, state: string, startsAt: string, deadlineAt: string) =>
    stack.db.surpriseCheck.create({
      data: {
        id,
        workflowId: `surprise/${id}`,
        title: '上班时间炒股突击抽查',
        subject: 'stock_trading',
        state,
        startsAt: new Date(startsAt),
        deadlineAt: new Date(deadlineAt),
        selection: { unitIds: ['gongluju'] },
        createdById: 'staff-li',
        targets: { create: [{ unitId: 'gongluju', groupId: 'g5' }] },
      },
    });
  await check('TC-STATS-started', 'in_progress', '2026-11-01T01:00:00Z', '2026-11-20T16:00:00Z');
  await check('TC-STATS-sealed', 'sealed', '2026-12-10T01:00:00Z', '2026-12-20T16:00:00Z');
});

describe('the statistics of a period', () => {
  it('count talks in 人次, criticism and admonishment in 人, and the four forms in 人次 with shares adding up to 100%', async () => {
    const report = (await stack.as('staff-li').get(`/statistics?${PERIOD}`).expect(200)).body as Report;
    expect(report.sections.map((s) => s.code)).toEqual(['leads', 'cases', 'measures', 'fourForms', 'supervision']);
    // talks: 3 reminder + 2 integrity (the corrected one and the one of 30 September not counted); criticism: 陈某 twice, 李某, 冯某 = 3 persons
    expect(values(report, MEASURE_FIGURES)).toEqual({ talks: 5, criticism: 3, admonishment: 1, fourForms: 12, form1: 9, form2: 1, form3: 1, form4: 1 });
    // 9/12 = 75.0%, 1/12 = 8.33% three times: the tenth lost to rounding goes to the second form
    expect(shares(report)).toEqual([750, 84, 83, 83]);
    expect(figuresOf(report).form2.shareText).toBe('8.4%');
    expect(figuresOf(report).talks).toMatchObject({ label: '谈话提醒和廉洁谈话', unit: 'personTimes', unitLabel: '人次' });
    expect(figuresOf(report).criticism).toMatchObject({ label: '批评教育', unitLabel: '人' });
  });

  it('count one stationed group’s units only, for the commission and for the group itself', async () => {
    const g5 = (await stack.as('staff-li').get(`/statistics?${PERIOD}&groupId=g5`).expect(200)).body as Report;
    expect(values(g5, MEASURE_FIGURES)).toEqual({ talks: 5, criticism: 2, admonishment: 0, fourForms: 7, form1: 6, form2: 1, form3: 0, form4: 0 });
    expect(shares(g5)).toEqual([857, 143, 0, 0]);
    // a group member asking for nothing narrower gets their group's figures
    const codes = Object.keys(figuresOf(g5));
    expect(values((await stack.as('g5-member').get(`/statistics?${PERIOD}`).expect(200)).body as Report, codes)).toEqual(values(g5, codes));
    const g3 = (await stack.as('g3-member').get(`/statistics?${PERIOD}&groupId=g3`).expect(200)).body as Report;
    expect(values(g3, MEASURE_FIGURES)).toEqual({ talks: 0, criticism: 1, admonishment: 1, fourForms: 5, form1: 3, form2: 0, form3: 1, form4: 1 });
    expect(shares(g3)).toEqual([600, 0, 200, 200]);
    const unit = (await stack.as('staff-li').get(`/statistics?${PERIOD}&unitId=gongluju`).expect(200)).body as Report;
    expect(values(unit, ['talks', 'criticism', 'form1', 'form2'])).toEqual({ talks: 3, criticism: 1, form1: 5, form2: 1 });
  });

  it('count the record of the period’s first day and leave out the day before it', async () => {
    const fromTheDayBefore = (await stack.as('staff-li').get('/statistics?from=2026-09-30&to=2026-12-31&unitId=gongluju').expect(200)).body as Report;
    expect(figuresOf(fromTheDayBefore).talks.value).toBe(4);
    const oneDay = (await stack.as('staff-li').get('/statistics?from=2026-10-10&to=2026-10-10').expect(200)).body as Report;
    expect(values(oneDay, ['talks', 'form1'])).toEqual({ talks: 1, form1: 1 });
  });

  it('count the leads received, by source, and open them into their numbers, never their summaries', async () => {
    const report = (await stack.as('staff-li').get(`/statistics?${PERIOD}`).expect(200)).body as Report;
    const received = ['leads.received', 'leads.received.complaint', 'leads.received.supervision', 'leads.received.handover', 'leads.disposed'];
    expect(values(report, received)).toEqual({ 'leads.received': 1, 'leads.received.complaint': 0, 'leads.received.supervision': 1, 'leads.received.handover': 0, 'leads.disposed': 0 });
    expect(figuresOf(report)['leads.disposed.talk_inquiry']).toMatchObject({ label: '谈话函询', unitLabel: '件次' });
    const records = (await stack.as('g3-member').get(`/statistics/records?figure=leads.received&${PERIOD}`).expect(200)).body;
    expect(records.items).toEqual([expect.objectContaining({ kind: 'lead', kindLabel: '问题线索', id: ids.lead, title: ids.lead, href: `/leads/${encodeURIComponent(ids.lead)}` })]);
    // 卫监所 is 第三派驻组's: 第五派驻组 counts none
    expect(figuresOf((await stack.as('g5-member').get(`/statistics?${PERIOD}`).expect(200)).body as Report)['leads.received'].value).toBe(0);
  });

  it('count a started surprise check and its overdue, never a sealed one', async () => {
    const report = (await stack.as('staff-li').get(`/statistics?${PERIOD}`).expect(200)).body as Report;
    expect(values(report, ['surpriseCheck.opened', 'surpriseCheck.closed', 'surpriseCheck.overdue'])).toEqual({ 'surpriseCheck.opened': 1, 'surpriseCheck.closed': 0, 'surpriseCheck.overdue': 1 });
    const records = (await stack.as('staff-li').get(`/statistics/records?figure=surpriseCheck.opened&${PERIOD}`).expect(200)).body;
    expect(records.items.map((r: { id: string }) => r.id)).toEqual(['TC-STATS-started']);
    const g3 = (await stack.as('staff-li').get(`/statistics?${PERIOD}&groupId=g3`).expect(200)).body as Report;
    expect(figuresOf(g3)['surpriseCheck.opened'].value).toBe(0);
  });

  it('open each figure into the records it counted', async () => {
    const report = (await stack.as('staff-li').get(`/statistics?${PERIOD}&groupId=g5`).expect(200)).body as Report;
    const criticism = figuresOf(report).criticism;
    const page = (await stack.as('staff-li').get(criticism.records).expect(200)).body;
    // 2 persons, 3 records: 陈某 twice and 冯某's correction
    expect(page.figure).toMatchObject({ code: 'criticism', value: 2 });
    expect(page.items.map((r: { id: string }) => r.id).sort()).toEqual([ids.cr1, ids.cr2, ids.fixed].sort());
    expect(page.items[0]).toMatchObject({ kind: 'criticism', kindLabel: '批评教育', groupId: 'g5', href: expect.stringMatching(/^\/measures\//) });
    const talks = (await stack.as('staff-li').get(`/statistics/records?figure=talks&${PERIOD}`).expect(200)).body;
    expect(talks.items.map((r: { id: string }) => r.id).sort()).toEqual([ids.rt1, ids.rt2, ids.rt3, ids.it1, ids.it2].sort());
    // a page at a time, newest first
    const first = (await stack.as('staff-li').get(`/statistics/records?figure=form1&${PERIOD}&limit=4`).expect(200)).body;
    expect(first.items.map((r: { on: string }) => r.on)).toEqual(['2026-11-25', '2026-11-15', '2026-11-11', '2026-11-10']);
    const second = (await stack.as('staff-li').get(`/statistics/records?figure=form1&${PERIOD}&limit=4&cursor=${encodeURIComponent(first.nextCursor)}`).expect(200)).body;
    expect(second.items).toHaveLength(4);
    const third = (await stack.as('staff-li').get(`/statistics/records?figure=form1&${PERIOD}&limit=4&cursor=${encodeURIComponent(second.nextCursor)}`).expect(200)).body;
    expect(third.items).toHaveLength(1);
    expect(third.nextCursor).toBeNull();
  });

  it('refuse a period whose from is after its to, naming from', async () => {
    expectProblem(await stack.as('staff-li').get('/statistics?from=2026-12-31&to=2026-10-01'), 400, 'from');
    expectProblem(await stack.as('staff-li').get('/statistics.xlsx?from=2026-12-31&to=2026-10-01'), 400, 'from');
    expectProblem(await stack.as('staff-li').get('/measures?from=2026-12-31&to=2026-10-01'), 400, 'from');
  });

  it('are the commission’s and the groups’: another group’s figures do not exist for a group, units get none', async () => {
    expectProblem(await stack.as('g5-member').get(`/statistics?${PERIOD}&groupId=g3`), 404);
    expectProblem(await stack.as('g5-member').get(`/statistics?${PERIOD}&unitId=weijiju`), 404);
    expectProblem(await stack.as('g5-member').get(`/statistics/records?figure=talks&${PERIOD}&groupId=g3`), 404);
    expectProblem(await stack.as('gongluju-leader').get(`/statistics?${PERIOD}`), 403);
  });
});

describe('the supervision side of the statistics', () => {
  const at = (iso: string) => new Date(iso);
  beforeAll(async () => {
    // projection rows as the workflows write them: only their dates and states matter here
    const campaign = (id: string, state: string, createdAt: string, updatedAt: string, deadlineAt: string, unitId: string) =>
      stack.db.campaign.create({
        data: {
          id,
          workflowId: `campaign/${id}`,
          title: `专项督查 ${id}`,
          topic: '作风建设',
          state,
          createdById: 'staff-li',
          approverId: 'deputy',
          deadlineAt: at(deadlineAt),
          approvalDueAt: at(createdAt),
          deadlines: {},
          unitCount: 1,
          createdAt: at(createdAt),
          updatedAt: at(updatedAt),
          units: { create: [{ unitId, ordinal: 0 }] },
        },
      });
    await campaign('ZX-STATS-done', 'completed', '2026-10-05T02:00:00Z', '2026-11-01T02:00:00Z', '2026-10-20T16:00:00Z', 'gongluju');
    // launched before the period, its deadline passed inside it
    await campaign('ZX-STATS-late', 'in_progress', '2026-09-01T02:00:00Z', '2026-09-02T02:00:00Z', '2026-11-10T16:00:00Z', 'weijiju');
    const rectification = (id: string, unitId: string, groupId: string, state: string, createdAt: string, more: { closedAt?: string; deadlineAt?: string }) =>
      stack.db.finding.create({
        data: {
          id,
          unitId,
          title: `问题 ${id}`,
          recordedById: 'g5-member',
          rectification: {
            create: { id: `rect/${id}`, unitId, groupId, state, createdAt: at(createdAt), closedAt: more.closedAt ? at(more.closedAt) : null, deadlineAt: more.deadlineAt ? at(more.deadlineAt) : null },
          },
        },
      });
    await rectification('F-STATS-closed', 'gongluju', 'g5', 'closed', '2026-10-15T02:00:00Z', { closedAt: '2026-11-20T02:00:00Z', deadlineAt: '2026-11-30T16:00:00Z' });
    await rectification('F-STATS-open', 'weijiju', 'g3', 'in_rectification', '2026-11-01T02:00:00Z', { deadlineAt: '2026-12-20T16:00:00Z' });
    await stack.db.routineCycle.create({
      data: {
        id: 'CG-STATS',
        scheduleId: 'routine/jiaoyunju/CG-STATS',
        unitId: 'jiaoyunju',
        groupId: 'g5',
        cadence: { kind: 'monthly' },
        state: 'active',
        createdById: 'staff-li',
        runs: { create: [{ id: 'routine/jiaoyunju/CG-STATS/run-1', unitId: 'jiaoyunju', groupId: 'g5', state: 'open', deadlineAt: at('2026-11-15T16:00:00Z'), createdAt: at('2026-11-01T01:00:00Z') }] },
      },
    });
    await stack.db.targetedAudit.create({
      data: {
        id: 'BX-STATS',
        workflowId: 'audit/BX-STATS',
        template: 'finance',
        title: '财务制度执行靶向督查',
        unitId: 'weijiansuo',
        groupId: 'g3',
        state: 'completed',
        params: {},
        steps: [],
        createdById: 'staff-li',
        createdAt: at('2026-10-02T02:00:00Z'),
        updatedAt: at('2026-10-30T02:00:00Z'),
      },
    });
  });

  const SUPERVISION = ['campaign', 'routineRun', 'targetedAudit', 'rectification'].flatMap((p) => ['opened', 'closed', 'overdue'].map((e) => `${p}.${e}`));
  const expected = (counts: Record<string, number>) => Object.fromEntries(SUPERVISION.map((c) => [c, counts[c] ?? 0]));

  it('count each process opened, closed and overdue in the period, by the group of its units', async () => {
    const all = (await stack.as('staff-li').get(`/statistics?${PERIOD}`).expect(200)).body as Report;
    expect(values(all, SUPERVISION)).toEqual(
      expected({ 'campaign.opened': 1, 'campaign.closed': 1, 'campaign.overdue': 1, 'routineRun.opened': 1, 'routineRun.overdue': 1, 'targetedAudit.opened': 1, 'targetedAudit.closed': 1, 'rectification.opened': 2, 'rectification.closed': 1 }),
    );
    const g5 = (await stack.as('g5-member').get(`/statistics?${PERIOD}`).expect(200)).body as Report;
    expect(values(g5, SUPERVISION)).toEqual(expected({ 'campaign.opened': 1, 'campaign.closed': 1, 'routineRun.opened': 1, 'routineRun.overdue': 1, 'rectification.opened': 1, 'rectification.closed': 1 }));
    const g3 = (await stack.as('g3-leader').get(`/statistics?${PERIOD}`).expect(200)).body as Report;
    expect(values(g3, SUPERVISION)).toEqual(expected({ 'campaign.overdue': 1, 'targetedAudit.opened': 1, 'targetedAudit.closed': 1, 'rectification.opened': 1 }));
    expect(figuresOf(all)['rectification.closed'].label).toBe('整改销号');
  });

  it('open a supervision figure into its records, each linked to its process', async () => {
    const late = (await stack.as('staff-li').get(`/statistics/records?figure=campaign.overdue&${PERIOD}`).expect(200)).body;
    expect(late.items).toEqual([expect.objectContaining({ kind: 'campaign', kindLabel: '专项督查', id: 'ZX-STATS-late', on: '2026-11-11', href: '/campaigns/ZX-STATS-late' })]);
    const closed = (await stack.as('staff-li').get(`/statistics/records?figure=rectification.closed&${PERIOD}`).expect(200)).body;
    expect(closed.items).toEqual([expect.objectContaining({ id: 'F-STATS-closed', title: '问题 F-STATS-closed', unitId: 'gongluju', href: `/rectifications/F-STATS-closed` })]);
  });
});

describe('the .xlsx of the statistics', () => {
  const binary: Parameters<request.Test['parse']>[0] = (res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };

  it('holds the same figures as the JSON answer, on a zh-CN sheet with zh-CN headers', async () => {
    const query = `${PERIOD}&groupId=g5`;
    const report = (await stack.as('g5-leader').get(`/statistics?${query}`).expect(200)).body as Report;
    const res = await request(stack.app).get(`/statistics.xlsx?${query}`).set('Authorization', `Bearer ${demoToken('g5-leader')}`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('监督执纪统计_2026-10-01_2026-12-31.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('统计报表')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('监督执纪统计（2026-10-01 至 2026-12-31）');
    expect(sheet.getRow(4).values).toEqual([undefined, '类别', '指标', '统计口径', '数值', '占比']);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 4) rows.push((row.values as unknown[]).slice(1, 6).map((v) => v ?? ''));
    });
    const expected = report.sections.flatMap((s) => s.figures.map((f) => [s.label, f.label, f.unitLabel, f.value, f.shareText ?? '']));
    expect(rows).toEqual(expected);
    expect(rows).toContainEqual(['运用监督执纪“四种形态”', '第一种形态', '人次', 6, '85.7%']);
  });
});

describe('recording a measure', () => {
  it('derives the form from the kind, keeps the registry person’s name, and is audited', async () => {
    const m = (await stack.as('staff-li').get(`/measures/${ids.rt1}`).expect(200)).body;
    expect(m).toMatchObject({ kind: 'reminder_talk', kindLabel: '谈话提醒', form: 1, formLabel: '第一种形态', subject: { personId: 'gongluju-member1', name: '班子成员9-1号' }, unitId: 'gongluju', groupId: 'g5', heldOn: '2026-10-10', heldById: 'g5-member', recordedById: 'g5-member' });
    expect((await stack.as('staff-li').get(`/measures/${ids.it1}`).expect(200)).body).toMatchObject({ form: null, source: { kind: 'holidayReminder', label: '节日廉洁提醒', id: '2027-01-01' } });
    const entries = await stack.db.auditLog.findMany({ where: { targetKind: 'measure', targetId: { in: [ids.wrong, ids.fixed] } }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.action, e.targetId])).toEqual([
      ['measure.recorded', ids.wrong],
      ['measure.superseded', ids.wrong],
      ['measure.recorded', ids.fixed],
    ]);
  });

  it('keeps a corrected record, marked, and refuses to correct it twice', async () => {
    expect((await stack.as('staff-li').get(`/measures/${ids.wrong}`).expect(200)).body).toMatchObject({ supersededBy: ids.fixed });
    const listed = (await stack.as('staff-li').get('/measures?unitId=jiaoyunju').expect(200)).body.items.map((m: { id: string }) => m.id);
    expect(listed).not.toContain(ids.wrong);
    const all = (await stack.as('staff-li').get('/measures?unitId=jiaoyunju&includeSuperseded=true').expect(200)).body.items.map((m: { id: string }) => m.id);
    expect(all).toContain(ids.wrong);
    const again = await stack.as('staff-li').post('/measures', { kind: 'admonishment', unitId: 'jiaoyunju', heldOn: '2026-11-15', subject: { name: '冯某' }, reason: '再次更正', source: { kind: 'routineSupervision' }, supersedes: ids.wrong });
    expectProblem(again, 409);
    expect(again.body.type).toBe('urn:tantou:problem:measure-superseded');
  });

  it('refuses a day after today, an unknown person or source, and a source id where one is needed; nothing is recorded', async () => {
    const before = await stack.db.measure.count();
    const body = { kind: 'criticism', unitId: 'gongluju', heldOn: '2026-11-01', subject: { name: '陈某' }, reason: '测试', source: { kind: 'routineSupervision' } };
    expectProblem(await stack.as('staff-li').post('/measures', { ...body, heldOn: '2026-12-04' }), 422, 'heldOn');
    expectProblem(await stack.as('staff-li').post('/measures', { ...body, subject: { personId: 'nobody' } }), 422, 'subject.personId');
    expectProblem(await stack.as('staff-li').post('/measures', { ...body, source: { kind: 'targetedAudit', id: 'BX-none' } }), 422, 'source.id');
    expectProblem(await stack.as('staff-li').post('/measures', { ...body, source: { kind: 'lead' } }), 400, 'source.id');
    // a lead of another unit (卫监所's) is no source of a measure for 区公路局
    expectProblem(await stack.as('staff-li').post('/measures', { ...body, source: { kind: 'lead', id: ids.lead } }), 422, 'source.id');
    expectProblem(await stack.as('staff-li').post('/measures', { ...body, subject: {} }), 400, 'subject.name');
    expect(await stack.db.measure.count()).toBe(before);
  });

  it('is for the commission and the unit’s own stationed group', async () => {
    const body = { kind: 'criticism', unitId: 'gongluju', heldOn: '2026-11-01', subject: { name: '陈某' }, reason: '测试', source: { kind: 'routineSupervision' } };
    expectProblem(await stack.as('g3-member').post('/measures', body), 403);
    expectProblem(await stack.as('gongluju-contact').post('/measures', body), 403);
    expectProblem(await stack.as('gongluju-leader').post('/measures', body), 403);
  });
});

describe('reading measures', () => {
  it('a unit’s 一把手 reads their own unit’s, and another unit’s do not exist for them', async () => {
    const own = (await stack.as('gongluju-leader').get('/measures?limit=200').expect(200)).body.items as { unitId: string }[];
    expect(own.length).toBe(7);
    expect(new Set(own.map((m) => m.unitId))).toEqual(new Set(['gongluju']));
    expectProblem(await stack.as('gongluju-leader').get(`/measures/${ids.cr3}`), 404);
    expectProblem(await stack.as('gongluju-contact').get('/measures'), 403);
    expectProblem(await stack.as('gongluju-member1').get(`/measures/${ids.rt1}`), 403);
  });

  it('a group reads its units’ and not another group’s', async () => {
    expectProblem(await stack.as('g3-member').get(`/measures/${ids.rt1}`), 404);
    const g3 = (await stack.as('g3-member').get('/measures?limit=200').expect(200)).body.items as { groupId: string }[];
    expect(g3.length).toBe(5);
    expect(new Set(g3.map((m) => m.groupId))).toEqual(new Set(['g3']));
  });

  it('filters by kind, form, source and period, a page at a time', async () => {
    const byKind = (await stack.as('staff-li').get('/measures?kind=criticism').expect(200)).body.items.map((m: { id: string }) => m.id);
    expect(byKind.sort()).toEqual([ids.cr1, ids.cr2, ids.cr3, ids.fixed].sort());
    expect((await stack.as('staff-li').get('/measures?form=3').expect(200)).body.items.map((m: { id: string }) => m.id)).toEqual([ids.hs1]);
    expect((await stack.as('staff-li').get(`/measures?sourceKind=lead&sourceId=${ids.lead}`).expect(200)).body.items.map((m: { id: string }) => m.id)).toEqual([ids.ad1]);
    expect((await stack.as('staff-li').get('/measures?to=2026-09-30').expect(200)).body.items.map((m: { id: string }) => m.id)).toEqual([ids.before]);
    const first = (await stack.as('staff-li').get('/measures?limit=10').expect(200)).body;
    const second = (await stack.as('staff-li').get(`/measures?limit=10&cursor=${encodeURIComponent(first.nextCursor)}`).expect(200)).body;
    const seen = [...first.items, ...second.items].map((m: { id: string }) => m.id);
    expect(new Set(seen).size).toBe(15);
    expect(second.nextCursor).toBeNull();
  });
});
