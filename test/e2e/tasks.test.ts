import { randomBytes } from 'node:crypto';
import { inspectionFindingId, unitInspectionWorkflowId } from '../../domain/ids';
import { eventually, expectProblem, launchBody, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

const SECOND = 1000;
const DAY = 86_400 * SECOND;

// the app's clock runs `ahead` of the wall clock while a test looks at the colours later on
let ahead = 0;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ clock: () => new Date(Date.now() + ahead) });
});
afterAll(() => stack?.stop());

type Item = { id: string; kind: string; what: string; unit: { id: string; name: string } | null; process: { kind: string; id: string; title: string }; dueAt: string | null; dueRule: string | null; mark: string; markRule: string; act: { method: string; path: string }; page: string };
type List = { items: Item[]; counts: { green: number; yellow: number; red: number; total: number }; page: number; pageSize: number };

const list = async (path: string, personId: string, query = ''): Promise<List> => (await stack.as(personId).get(`${path}?pageSize=100${query}`).expect(200)).body;
const tasks = (personId: string, query = '') => list('/me/tasks', personId, query);
const watch = (personId: string, query = '') => list('/me/watch', personId, query);
/** The person's item of `kind` on process `processId`, if any. */
const itemOf = async (personId: string, kind: string, processId: string, of = tasks) => (await of(personId, `&kind=${kind}`)).items.find((i) => i.process.id === processId);
/** `probe` with the app's clock `ms` ahead. */
async function later<T>(ms: number, probe: () => Promise<T>): Promise<T> {
  ahead = ms;
  try {
    return await probe();
  } finally {
    ahead = 0;
  }
}

describe('我的待办 through a campaign and the rectification of its finding', () => {
  it('shows each step to whoever owes it, with its colour from the reminder and the deadline, and the late ones to the leaders over them', async () => {
    // launchBody: submission due in 3 days, its reminder a day before; approval due in 2 days
    const body = launchBody({ scope: { unitIds: ['gongluju'] } });
    const id: string = (await stack.as('staff-li').post('/campaigns', body).expect(202)).body.id;

    const approval = await itemOf('deputy', 'campaign.approve', id);
    expect(approval).toMatchObject({
      id: `campaign.approve:${id}`,
      what: '审批专项督查方案',
      unit: null,
      process: { kind: 'campaign', id, title: body.title },
      act: { method: 'POST', path: `/campaigns/${id}/decision` },
      page: `/console/tasks/campaign.approve:${id}`,
      // launchBody names an instant and a window of natural days: both fixed, no working days counted
      dueRule: '指定期限',
    });
    expect(approval!.mark).not.toBe('red');
    for (const other of ['secretary', 'staff-li', 'gongluju-contact', 'g5-leader']) expect(await itemOf(other, 'campaign.approve', id)).toBeUndefined();
    // late: red for the approver, and on the watch list of the approver's superior (APPROVER_SUPERIOR), not of another leader's
    await later(2 * DAY + 60 * SECOND, async () => {
      expect(await itemOf('deputy', 'campaign.approve', id)).toMatchObject({ mark: 'red', markRule: '已过截止时间' });
      expect(await itemOf('secretary', 'campaign.approve', id, watch)).toMatchObject({ mark: 'red' });
      expect(await itemOf('deputy', 'campaign.approve', id, watch)).toBeUndefined();
      const reds = await tasks('deputy', '&mark=red');
      expect(reds.items.every((i) => i.mark === 'red')).toBe(true);
      expect(reds.counts.total).toBe(reds.counts.green + reds.counts.yellow + reds.counts.red);
    });

    await stack.as('deputy').post(approval!.act.path, { decision: 'approve' }).expect(200);
    await eventually(async () => !(await itemOf('deputy', 'campaign.approve', id)), { what: 'the approval off the approver’s list' });
    const inspectionId = unitInspectionWorkflowId(id, 'gongluju');
    const submit = await eventually(() => itemOf('gongluju-contact', 'unitInspection.submit', inspectionId), { what: 'the contact’s report to submit' });
    expect(submit).toMatchObject({
      what: '提交自查报告',
      unit: { id: 'gongluju', name: '区公路局' },
      process: { kind: 'unitInspection', id: inspectionId },
      act: { method: 'POST', path: `/inspections/${id}/gongluju/report` },
      mark: 'green',
      markRule: '未到提醒期（未到设定的提醒时间）',
    });
    expect(submit!.page).toBe(`/console/tasks/${submit!.id}`);
    expect(submit!.id).toBe(`unitInspection.submit:${encodeURIComponent(inspectionId)}`);
    for (const other of ['jiaoyunju-contact', 'gongluju-leader', 'g5-member']) expect(await itemOf(other, 'unitInspection.submit', inspectionId)).toBeUndefined();

    await later(2.5 * DAY, async () => {
      expect(await itemOf('gongluju-contact', 'unitInspection.submit', inspectionId)).toMatchObject({ mark: 'yellow', markRule: '已进入提醒期（已过设定的提醒时间）' });
      expect(await itemOf('g5-leader', 'unitInspection.submit', inspectionId, watch)).toBeUndefined();
    });
    await later(3 * DAY + 60 * SECOND, async () => {
      expect(await itemOf('gongluju-contact', 'unitInspection.submit', inspectionId)).toMatchObject({ mark: 'red', markRule: '已过截止时间' });
      // the group's leader and the commission leader over the group answer for it; another group's leader does not
      expect(await itemOf('g5-leader', 'unitInspection.submit', inspectionId, watch)).toMatchObject({ mark: 'red' });
      expect(await itemOf('deputy', 'unitInspection.submit', inspectionId, watch)).toMatchObject({ mark: 'red' });
      expect(await itemOf('g3-leader', 'unitInspection.submit', inspectionId, watch)).toBeUndefined();
    });
    expectProblem(await stack.as('g5-member').get('/me/watch'), 403);
    expectProblem(await stack.as('gongluju-contact').get('/me/tasks?mark=purple'), 400, 'mark');

    await stack.as('gongluju-contact').post(submit!.act.path, { content: '自查报告' }).expect(200);
    const review = await eventually(() => itemOf('g5-member', 'unitInspection.review', inspectionId), { what: 'the group’s review' });
    expect(review).toMatchObject({ what: '审核自查报告', dueAt: null, mark: 'green', markRule: '无截止时间', act: { path: `/inspections/${id}/gongluju/review` } });
    expect(await itemOf('g3-member', 'unitInspection.review', inspectionId)).toBeUndefined();
    expect(await itemOf('gongluju-contact', 'unitInspection.submit', inspectionId)).toBeUndefined();

    // the review raises a finding: its rectification's steps follow, each on its owner's list
    await stack.as('g5-member').post(review!.act.path, { decision: 'accept', findings: [{ title: '公车使用登记不全' }] }).expect(200);
    const findingId = inspectionFindingId(inspectionId, 1);
    const plan = await eventually(() => itemOf('gongluju-contact', 'rectification.plan', findingId), { what: 'the plan to file' });
    expect(plan).toMatchObject({ what: '提交整改方案', process: { kind: 'rectification', id: findingId, title: '公车使用登记不全' }, act: { path: `/rectifications/${encodeURIComponent(findingId)}/plan` } });
    expect(plan!.dueAt).not.toBeNull();
    // the plan is due a configured count of working days after the review (RECTIFICATION_PLAN_DUE_WORKING_DAYS)
    expect(plan!.dueRule).toMatch(/^\d+月\d+日后 \d+ 个工作日/);
    const inDays = (days: number) => ({ at: new Date(Date.now() + days * DAY).toISOString() });
    await stack.as('gongluju-contact').post(plan!.act.path, { measures: '建立台账', owner: '办公室主任', deadline: inDays(10) }).expect(200);
    const planReview = await eventually(() => itemOf('g5-leader', 'rectification.planReview', findingId), { what: 'the plan to review' });
    await stack.as('g5-leader').post(planReview!.act.path, { decision: 'approve' }).expect(200);
    const progress = await eventually(() => itemOf('gongluju-contact', 'rectification.progress', findingId), { what: 'the rectification to report on' });
    expect(progress).toMatchObject({ mark: 'green', markRule: '未到提醒期（截止前1个工作日起提醒）', dueRule: '指定期限' });
    await stack.as('gongluju-contact').post(`/rectifications/${encodeURIComponent(findingId)}/extension`, { reason: '需协调车管所', deadline: inDays(14) }).expect(200);
    // the extension is the commission leader's over the group (the group leader's superior), not another's
    const extension = await eventually(() => itemOf('deputy', 'rectification.extension', findingId), { what: 'the extension to decide' });
    expect(extension).toMatchObject({ what: '审批延期申请', act: { path: `/rectifications/${encodeURIComponent(findingId)}/extension-decision` } });
    expect(await itemOf('secretary', 'rectification.extension', findingId)).toBeUndefined();
    expect(await itemOf('g5-leader', 'rectification.extension', findingId)).toBeUndefined();
    await stack.as('deputy').post(extension!.act.path, { decision: 'grant' }).expect(200);
    await eventually(async () => !(await itemOf('deputy', 'rectification.extension', findingId)), { what: 'the extension decided' });
  });
});

it('narrows the list to one process by its API page, as an email’s 办理入口 names it, and states what each deadline counted', async () => {
  const body = launchBody({ deadline: { workingDays: 5 }, approvalWindow: { amount: 2, unit: 'workingDays' } });
  const id: string = (await stack.as('staff-li').post('/campaigns', body).expect(202)).body.id;
  const page = `/campaigns/${encodeURIComponent(id)}`;
  const ofPage = (personId: string, path: string) => tasks(personId, `&process=${encodeURIComponent(path)}`);
  const approval = await eventually(async () => (await ofPage('deputy', page)).items[0], { what: 'the approval on the approver’s list' });
  expect(await ofPage('deputy', page)).toMatchObject({ items: [{ id: `campaign.approve:${id}` }], counts: { total: 1 } });
  expect(approval.dueRule).toMatch(/^\d+月\d+日后 2 个工作日的同一时刻/);
  // another campaign's page, or another kind of process with the same id, names none of this one's steps
  expect((await ofPage('deputy', '/campaigns/ZX-NOT-LAUNCHED')).counts.total).toBe(0);
  expect((await ofPage('deputy', `/rectifications/${encodeURIComponent(id)}`)).counts.total).toBe(0);
  // a page that is no process's (the calendar's) is refused, naming the parameter
  expectProblem(await stack.as('deputy').get(`/me/tasks?process=${encodeURIComponent('/calendar/years')}`), 400, 'process');

  await stack.as('deputy').post(approval.act.path, { decision: 'approve' }).expect(200);
  // a campaign's page covers its unit inspections: the contact's report to submit
  const submit = await eventually(async () => (await ofPage('gongluju-contact', page)).items[0], { what: 'the report on the contact’s list' });
  expect(submit).toMatchObject({ kind: 'unitInspection.submit', unit: { id: 'gongluju' } });
  expect(submit.dueRule).toMatch(/^\d+月\d+日后 5 个工作日/);
  expect((await ofPage('deputy', page)).counts.total).toBe(0);

  // a returned report's new deadline states its own count, not the campaign's
  await stack.as('gongluju-contact').post(submit.act.path, { content: '自查报告' }).expect(200);
  const review = await eventually(async () => (await ofPage('g5-member', page)).items[0], { what: 'the report to review' });
  await stack.as('g5-member').post(review.act.path, { decision: 'return', reason: '缺少公车台账', newDeadline: { workingDays: 3 } }).expect(200);
  const again = await eventually(async () => (await ofPage('gongluju-contact', page)).items.find((i) => i.kind === 'unitInspection.submit'), { what: 'the returned report on the contact’s list' });
  expect(again.dueRule).toMatch(/^\d+月\d+日后 3 个工作日/);
});

it('states a revisit’s count: the natural months from 销号', async () => {
  const id = `e2e-tasks-revisit-${randomBytes(3).toString('hex')}`;
  await stack.db.finding.create({ data: { id, unitId: 'jiaoyunju', title: `合成问题 ${id}`, recordedById: 'g5-member' } });
  // closed on 1月31日 (Beijing time), revisited by 24:00 of 4月30日: the end of a shorter month
  await stack.db.rectification.create({
    data: { id: `rectification/${id}`, findingId: id, unitId: 'jiaoyunju', groupId: 'g5', state: 'closed', closedAt: new Date('2026-01-31T02:00:00Z'), revisitAt: new Date('2026-04-30T16:00:00Z') },
  });
  expect(await itemOf('g5-member', 'rectification.revisit', id)).toMatchObject({ dueAt: '2026-04-30T16:00:00.000Z', dueRule: '1月31日销号后 3 个月', mark: 'red' });
});

describe('我的待办 and a surprise check', () => {
  it('shows the results to record to the target’s group only once the check has started, never to the unit or another group', async () => {
    const startsAt = Date.now() + 15 * SECOND;
    const launched = await stack
      .as('staff-li')
      .post('/surprise-checks', {
        title: `节前作风突击抽查 ${randomBytes(2).toString('hex')}`,
        subject: 'clock_in',
        startsAt: new Date(startsAt).toISOString(),
        deadline: new Date(startsAt + DAY).toISOString(),
        targets: { unitIds: ['gongluju'] },
      })
      .expect(202);
    const id: string = launched.body.id;
    const everyone = ['g5-member', 'g5-leader', 'g6-member', 'gongluju-contact', 'gongluju-leader', 'deputy', 'staff-li'];
    const seenBy = async () => (await Promise.all(everyone.map(async (p) => ((await itemOf(p, 'surpriseCheck.record', id)) ? [p] : [])))).flat();
    expect(await seenBy()).toEqual([]);
    // past its start instant by the app's clock, but not yet opened by its workflow: still sealed
    await later(60 * SECOND, async () => expect(await seenBy()).toEqual([]));

    const record = await eventually(() => itemOf('g5-member', 'surpriseCheck.record', id), { what: 'the check started', timeoutMs: 60_000 });
    expect(record).toMatchObject({
      id: `surpriseCheck.record:${encodeURIComponent(`${id}/gongluju`)}`,
      what: '录入突击抽查结果',
      unit: { id: 'gongluju' },
      act: { method: 'POST', path: `/surprise-checks/${id}/results/gongluju` },
      mark: 'green',
      markRule: '未到提醒期（截止前2小时起提醒）',
      // the launch named an instant
      dueRule: '指定期限',
    });
    expect(await seenBy()).toEqual(['g5-member', 'g5-leader']);
    await later(startsAt + DAY - Date.now() - 60 * 60 * SECOND, async () =>
      expect(await itemOf('g5-member', 'surpriseCheck.record', id)).toMatchObject({ mark: 'yellow', markRule: '已进入提醒期（截止前2小时）' }),
    );
    await stack.as('g5-member').post(record!.act.path, { result: 'not_found', notes: '在岗' }).expect(200);
    await eventually(async () => !(await itemOf('g5-member', 'surpriseCheck.record', id)), { what: 'the result recorded' });
  });
});

it('pages the list in due order (none last), the counts over every page, filtered by kind', async () => {
  // projection rows of three plans owed by 区交通运输局 (one due within the hour) and one under its group's review, as their workflows write them
  const now = Date.now();
  const rows = [30, 1 / 24, 20, null].map((days, n) => ({ id: `e2e-tasks-${randomBytes(3).toString('hex')}-${n}`, days }));
  for (const { id, days } of rows) {
    await stack.db.finding.create({ data: { id, unitId: 'jiaoyunju', title: `合成问题 ${id}`, recordedById: 'g5-member' } });
    await stack.db.rectification.create({
      data: { id: `rectification/${id}`, findingId: id, unitId: 'jiaoyunju', groupId: 'g5', state: days === null ? 'plan_under_review' : 'awaiting_plan', deadlineAt: days === null ? null : new Date(now + days * DAY) },
    });
  }
  const all = await tasks('jiaoyunju-contact');
  expect(all.items.map((i) => i.process.id)).toEqual([rows[1].id, rows[2].id, rows[0].id]);
  // the rectification's reminder window: a working day before its deadline (the default ladder)
  expect(all.items.map((i) => [i.mark, i.markRule])).toEqual([
    ['yellow', '已进入提醒期（截止前1个工作日）'],
    ['green', '未到提醒期（截止前1个工作日起提醒）'],
    ['green', '未到提醒期（截止前1个工作日起提醒）'],
  ]);
  expect(all.counts).toEqual({ green: 2, yellow: 1, red: 0, total: 3 });
  expect((await tasks('jiaoyunju-contact', '&mark=yellow')).items.map((i) => i.process.id)).toEqual([rows[1].id]);
  const pages = await Promise.all([1, 2, 3, 4].map(async (page) => (await stack.as('jiaoyunju-contact').get(`/me/tasks?pageSize=1&page=${page}`).expect(200)).body as List));
  expect(pages.map((p) => p.items.map((i) => i.process.id))).toEqual([[rows[1].id], [rows[2].id], [rows[0].id], []]);
  expect(pages.map((p) => p.counts.total)).toEqual([3, 3, 3, 3]);

  const group = await tasks('g5-member', '&kind=rectification.planReview');
  expect(group.items.map((i) => i.process.id)).toContain(rows[3].id);
  expect(group.items.every((i) => i.kind === 'rectification.planReview')).toBe(true);
  const due = (await tasks('g5-member')).items.map((i) => i.dueAt);
  const dated = due.filter((d): d is string => d !== null);
  expect(due).toEqual([...dated.sort(), ...due.filter((d) => d === null)]);
  expect(await tasks('staff-li')).toMatchObject({ items: [], counts: { total: 0 } });
});

describe('我的待办 and a unit’s own processes', () => {
  it('shows a targeted audit’s filing to the unit’s contact, its review to the group, and a self-supervision turn to the member on duty only', async () => {
    const audit: string = (await stack.as('staff-li').post('/targeted-audits', { template: 'finance', unitId: 'chengguanju', focus: '公务接待' }).expect(202)).body.id;
    const filing = await eventually(() => itemOf('chengguanju-contact', 'targetedAudit.file', audit), { what: 'the audit’s first step open' });
    expect(filing).toMatchObject({
      id: `targetedAudit.file:${encodeURIComponent(`${audit}/self_check`)}`,
      what: '报送靶向督查材料（财务制度执行情况自查报告）',
      process: { kind: 'targetedAudit', id: audit },
      act: { method: 'POST', path: `/targeted-audits/${audit}/steps/self_check/filing` },
      mark: 'green',
    });
    // the template's rule for the step, counted from the audit's start
    expect(filing!.dueRule).toMatch(/^\d+月\d+日后 10 个工作日/);
    expect(await itemOf('g6-member', 'targetedAudit.file', audit)).toBeUndefined();
    await stack.as('chengguanju-contact').post(filing!.act.path, { content: '公务接待全部有公函、清单' }).expect(200);
    const review = await eventually(() => itemOf('g6-member', 'targetedAudit.review', audit), { what: 'the filing to review' });
    expect(review).toMatchObject({ dueAt: null, act: { path: `/targeted-audits/${audit}/steps/self_check/review` } });
    expect(await itemOf('chengguanju-contact', 'targetedAudit.file', audit)).toBeUndefined();
    await stack.as('g6-member').post(review!.act.path, { decision: 'accept', comment: '自查认真' }).expect(200);
    // the next step is the group's own check
    expect(await eventually(() => itemOf('g6-leader', 'targetedAudit.file', audit), { what: 'the group’s step open' })).toMatchObject({ what: '报送靶向督查材料（派驻组查阅账目凭证）' });

    const rota: string = (await stack.as('staff-li').post('/self-supervision-rotas', { unitId: 'chengguanju' }).expect(201)).body.id;
    await stack.as('staff-li').post(`/self-supervision-rotas/${rota}/trigger`).expect(202);
    const turn = await eventually(async () => (await tasks('chengguanju-leader', '&kind=selfSupervisionTurn.file')).items[0], { what: 'the turn on the leader’s list' });
    expect(turn).toMatchObject({ what: '提交自我监督检查记录', unit: { id: 'chengguanju' }, process: { kind: 'selfSupervisionTurn', title: '自我监督第1次' } });
    // the rule the turn's deadline was set by, kept on its row when it was assigned
    expect(turn.dueRule).toMatch(/^\d+月\d+日后 \d+ 个工作日/);
    expect(turn.act.path).toBe(`/self-supervision-turns/${encodeURIComponent(turn.process.id)}/record`);
    for (const other of ['chengguanju-member1', 'chengguanju-contact', 'g6-member']) expect((await tasks(other, '&kind=selfSupervisionTurn.file')).items).toEqual([]);
    await stack.as('chengguanju-leader').post(turn.act.path, { record: '带队检查办公室：未发现问题' }).expect(200);
    await eventually(async () => (await tasks('chengguanju-leader', '&kind=selfSupervisionTurn.file')).items.length === 0, { what: 'the record filed' });
  });
});
