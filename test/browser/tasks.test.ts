// The console signed in, on the real stack (test/e2e/stack.ts): each person opens 我的待办 in a browser
// and does the step from there — the leader's decision on a campaign, the unit's report, the group's
// review — and the API then says the step was taken. test/browser/console.test.ts is the part that
// needs no backend.
import type { Page } from 'playwright-core';
import { formatInstant } from '../../web/src/time';
import { inspectionFindingId, unitInspectionWorkflowId } from '../../domain/ids';
import { hashPassword } from '../../api/services/session';
import { demoEmail } from '../../prisma/seed';
import { newPage, screenshot } from '../support/browser';
import { consoleStack, fillSignIn, signIn as signInAs } from '../support/consoleStack';
import { eventually, launchBody } from '../e2e/stack';

jest.setTimeout(180_000);

// the app's clock runs `ahead` of the wall clock while a test looks at a deadline that has passed
let ahead = 0;
const on = consoleStack({ clock: () => new Date(Date.now() + ahead) });
const signIn = (personId: string) => signInAs(on, personId);

/** Opens the to-do item of `kind` on the process titled `title` from the inbox. */
async function openTask(page: Page, what: string, title: string): Promise<void> {
  await page.getByRole('row').filter({ hasText: title }).getByRole('link', { name: what }).click();
  await page.waitForURL('**/console/tasks/*');
}

const launch = async (overrides: Record<string, unknown> = {}): Promise<{ id: string; title: string }> => {
  const body = launchBody({ scope: { unitIds: ['gongluju'] }, ...overrides });
  const { id } = (await on.stack.as('staff-li').post('/campaigns', body).expect(202)).body;
  return { id, title: body.title };
};
const campaign = async (id: string) => (await on.stack.as('staff-li').get(`/campaigns/${id}`).expect(200)).body;
/** The unit's inspection, or {} until the approved campaign has recorded it (its row follows the approval). */
const inspection = async (id: string) => {
  const res = await on.stack.as('staff-li').get(`/inspections/${id}/gongluju`);
  if (res.status === 404) return {};
  expect(res.status).toBe(200);
  return res.body;
};

describe('登录', () => {
  it('refuses a wrong password in Chinese', async () => {
    const page = await newPage(on.browser, on.url);
    await page.goto('/console/signin');
    await page.getByLabel('邮箱').fill(demoEmail('deputy'));
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('邮箱或密码不正确').waitFor();
    await screenshot(page, __filename, 'sign-in-refused');
  });

  it('sends a page whose session has ended to 登录, and on to that page after signing in again', async () => {
    const { title } = await launch();
    const page = await signIn('deputy');
    await page.getByText(title).waitFor();
    await page.context().clearCookies();
    await page.getByRole('row').filter({ hasText: title }).getByRole('link').click();
    await page.waitForURL('**/console/signin');
    await fillSignIn(page, 'deputy');
    await page.waitForURL('**/console/tasks/campaign.approve:*');
    await page.getByText(title).first().waitFor();
  });
});

describe('修改密码', () => {
  it('is where an initial password leads, refuses a weak one by the API’s rule in Chinese, and lets the person on once changed', async () => {
    const who = 'jiaoyunju-contact';
    const initial = 'Chushi#2026-mima';
    await on.stack.db.person.update({ where: { id: who }, data: { passwordHash: await hashPassword(initial), mustChangePassword: true } });
    const page = await newPage(on.browser, on.url);
    await page.goto('/console/tasks');
    await fillSignIn(page, who, initial);
    await page.waitForURL('**/console/password');
    await page.getByText('首次登录或密码已重置，请先修改密码再继续使用').waitFor();
    await page.getByLabel('当前密码').fill(initial);
    await page.getByLabel('新密码', { exact: true }).fill('short1');
    await page.getByLabel('确认新密码').fill('short1');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码至少10位，且包含大写字母、小写字母、数字、符号中的至少三类').waitFor();
    await screenshot(page, __filename, 'password-weak');
    await page.getByLabel('新密码', { exact: true }).fill('Xin#mima-2026-12');
    await page.getByLabel('确认新密码').fill('Xin#mima-2026-12');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改').waitFor();
    await page.waitForURL('**/console/tasks');
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await on.stack.db.person.findUniqueOrThrow({ where: { id: who } })).toMatchObject({ mustChangePassword: false });
  });
});

describe('审批 from 我的待办', () => {
  it('the leader approves one campaign and rejects another, the rejection only with a reason', async () => {
    const [approved, rejected] = [await launch(), await launch()];
    const page = await signIn('deputy');
    const { counts } = (await on.stack.as('deputy').get('/me/tasks').expect(200)).body;
    await page.getByText(rejected.title).waitFor();
    await expect(page.locator('.ant-statistic').filter({ hasText: '待办总数' }).innerText()).resolves.toContain(String(counts.total));
    await screenshot(page, __filename, 'inbox-leader');

    await openTask(page, '审批专项督查方案', approved.title);
    const { deadlineAt } = await campaign(approved.id);
    // Beijing time, though the browser runs in UTC
    await page.getByText(formatInstant(deadlineAt)).first().waitFor();
    await screenshot(page, __filename, 'campaign-decision');
    await page.getByRole('button', { name: /同\s*意/ }).click();
    await page.getByText('已批准该专项督查').waitFor();
    await page.waitForURL('**/console/tasks');
    await eventually(async () => (await campaign(approved.id)).state !== 'awaiting_approval', { what: 'the approval recorded' });

    await openTask(page, '审批专项督查方案', rejected.title);
    await page.getByLabel('驳回', { exact: true }).check();
    await page.getByRole('button', { name: /驳\s*回/ }).click();
    await page.getByText('驳回须说明理由').waitFor();
    await screenshot(page, __filename, 'campaign-reject-without-reason');
    await page.getByLabel('驳回理由').fill('督查范围与年度计划不符');
    await page.getByRole('button', { name: /驳\s*回/ }).click();
    await page.getByText('已驳回该专项督查').waitFor();
    expect(await eventually(async () => { const c = await campaign(rejected.id); return c.state === 'rejected' && c; }, { what: 'the rejection recorded' })).toMatchObject({ decisionReason: '督查范围与年度计划不符' });
  });
});

/** A finding of the unit's report in rectification, its plan approved, and the unit asking for more time by API. */
async function extensionAsked(reason: string): Promise<{ findingId: string; title: string; askedFor: string }> {
  const { id } = await launch();
  await on.stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
  await eventually(async () => (await inspection(id)).state === 'awaiting_submission', { what: 'the inspection open' });
  await on.stack.as('gongluju-contact').post(`/inspections/${id}/gongluju/report`, { content: '自查报告' }).expect(200);
  await eventually(async () => (await inspection(id)).state === 'under_review', { what: 'the report under review' });
  const title = `公车使用登记不全 ${id.slice(-4)}`;
  await on.stack.as('g5-member').post(`/inspections/${id}/gongluju/review`, { decision: 'accept', findings: [{ title }] }).expect(200);
  const findingId = inspectionFindingId(unitInspectionWorkflowId(id, 'gongluju'), 1);
  const path = `/rectifications/${encodeURIComponent(findingId)}`;
  const stateIs = (state: string) => eventually(async () => { const r = await on.stack.as('staff-li').get(path); return r.status === 200 && r.body.state === state; }, { what: `the rectification ${state}` });
  await stateIs('awaiting_plan');
  await on.stack.as('gongluju-contact').post(`${path}/plan`, { measures: '建立公车使用台账', owner: '办公室主任', deadline: { workingDays: 10 } }).expect(200);
  await stateIs('plan_under_review');
  await on.stack.as('g5-leader').post(`${path}/plan-review`, { decision: 'approve' }).expect(200);
  await stateIs('in_rectification');
  const askedFor = new Date(Date.now() + 30 * 86_400_000).toISOString();
  await on.stack.as('gongluju-contact').post(`${path}/extension`, { reason, deadline: { at: askedFor } }).expect(200);
  await eventually(async () => (await on.stack.as('deputy').get('/me/tasks?kind=rectification.extension&pageSize=100').expect(200)).body.items.some((i: { process: { id: string } }) => i.process.id === findingId), { what: 'the extension on the leader’s list' });
  return { findingId, title, askedFor };
}

describe('延期审批 from 我的待办', () => {
  it('the commission leader over the group sees what was asked, may refuse only with a reason, and grants it', async () => {
    const { findingId, title, askedFor } = await extensionAsked('需协调车管所补录历史记录');
    const page = await signIn('deputy');
    await openTask(page, '审批延期申请', title);
    await page.getByText('需协调车管所补录历史记录').waitFor();
    await page.getByText(formatInstant(askedFor)).first().waitFor();
    await screenshot(page, __filename, 'extension-decision');
    await page.getByLabel('不同意', { exact: true }).check();
    await page.getByRole('button', { name: /不同意/ }).click();
    await page.getByText('不同意须说明理由').waitFor();
    await screenshot(page, __filename, 'extension-refuse-without-reason');
    await page.getByLabel('同意延期', { exact: true }).check();
    await page.getByRole('button', { name: /同意延期/ }).click();
    await page.getByText('已同意延期').waitFor();
    await page.waitForURL('**/console/tasks');
    const granted = await eventually(async () => {
      const r = (await on.stack.as('staff-li').get(`/rectifications/${encodeURIComponent(findingId)}`).expect(200)).body;
      return r.events.some((e: { kind: string }) => e.kind === 'extension_granted') && r;
    }, { what: 'the extension granted' });
    expect(Date.parse(granted.deadlineAt)).toBe(Date.parse(askedFor));
  });
});

describe('自查报告 from 我的待办', () => {
  it('the unit submits, the group returns it with a new deadline in working days, the unit submits again and the group accepts it with a finding', async () => {
    const { id, title } = await launch();
    await on.stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
    await eventually(async () => (await inspection(id)).state === 'awaiting_submission', { what: 'the unit notified' });

    const unit = await signIn('gongluju-contact');
    await unit.getByText(title).waitFor();
    await screenshot(unit, __filename, 'inbox-unit');
    await openTask(unit, '提交自查报告', title);
    await unit.getByRole('button', { name: '提交自查报告' }).click();
    await unit.getByText('请填写自查报告').waitFor();
    await unit.getByLabel('报告内容').fill('本单位对照五个切入点开展自查，未发现上班炒股问题。');
    await screenshot(unit, __filename, 'report-submission');
    await unit.getByRole('button', { name: '提交自查报告' }).click();
    await unit.getByText('自查报告已提交').waitFor();
    await eventually(async () => (await inspection(id)).state === 'under_review', { what: 'the report under review' });

    const group = await signIn('g5-member');
    await openTask(group, '审核自查报告', title);
    await group.getByText('未发现上班炒股问题').waitFor();
    await group.getByLabel('退回', { exact: true }).check();
    await group.getByLabel('退回理由').fill('未逐项说明打卡记录核查情况');
    await group.getByRole('spinbutton').fill('3');
    await screenshot(group, __filename, 'report-return');
    await group.getByRole('button', { name: /退\s*回/ }).click();
    await group.getByText('已退回该自查报告').waitFor();
    const returned = await eventually(async () => { const i = await inspection(id); return i.round === 2 && i.state === 'awaiting_submission' && i; }, { what: 'the report returned' });
    expect(returned.reviews).toEqual([expect.objectContaining({ decision: 'return', reason: '未逐项说明打卡记录核查情况', newDeadlineAt: returned.deadlineAt })]);

    await unit.reload();
    await openTask(unit, '提交自查报告', title);
    // the new deadline and the reason of the return, on the page of the second round
    await unit.getByText(formatInstant(returned.deadlineAt)).first().waitFor();
    await unit.getByText('未逐项说明打卡记录核查情况').waitFor();
    await unit.getByLabel('报告内容').fill('补充：逐人核查了十月打卡记录，三人次迟到已谈话提醒。');
    await unit.getByRole('button', { name: '提交自查报告' }).click();
    await unit.getByText('自查报告已提交').waitFor();
    await eventually(async () => (await inspection(id)).state === 'under_review', { what: 'the second report under review' });

    await group.reload();
    await openTask(group, '审核自查报告', title);
    await group.getByRole('button', { name: '添加问题' }).click();
    await group.getByPlaceholder('问题 1').fill('考勤制度执行不严');
    await screenshot(group, __filename, 'report-accept');
    await group.getByRole('button', { name: /通\s*过/ }).click();
    await group.getByText('已通过该自查报告').waitFor();
    const accepted = await eventually(async () => { const i = await inspection(id); return i.state === 'accepted' && i; }, { what: 'the report accepted' });
    expect(accepted.findings).toEqual([expect.objectContaining({ title: '考勤制度执行不严' })]);
  });
});

describe('三色预警 in the browser', () => {
  it('the unit contact sees the report 红 once its deadline has passed, with what the deadline counted, and submits it', async () => {
    const { id, title } = await launch({ deadline: { workingDays: 3 } });
    await on.stack.as('deputy').post(`/campaigns/${id}/decision`, { decision: 'approve' }).expect(200);
    const { deadlineAt } = await eventually(async () => { const i = await inspection(id); return i.state === 'awaiting_submission' && i; }, { what: 'the unit notified' });
    // the API's clock and the page's a minute past the deadline; the workflow's is not moved, so the report is still taken
    ahead = Date.parse(deadlineAt) + 60_000 - Date.now();
    try {
      const unit = await newPage(on.browser, on.url);
      await unit.clock.setFixedTime(new Date(Date.now() + ahead));
      await unit.goto('/console/');
      await fillSignIn(unit, 'gongluju-contact');
      await unit.waitForURL('**/console/tasks');
      const row = unit.getByRole('row').filter({ hasText: title });
      await row.locator('[data-mark="red"]').waitFor();
      await row.getByText(formatInstant(deadlineAt)).waitFor();
      await row.getByText(/^\d+月\d+日后 3 个工作日/).waitFor();
      await screenshot(unit, __filename, 'inbox-unit-overdue');
      await openTask(unit, '提交自查报告', title);
      await unit.getByText('已过截止时间').first().waitFor();
      // the item's deadline, and the inspection's below it once read: a minute late is the first day over
      await unit.getByText('已超期 1 天').first().waitFor();
      await screenshot(unit, __filename, 'report-overdue');
      await unit.getByLabel('报告内容').fill('本单位逾期完成自查，已说明原因。');
      await unit.getByRole('button', { name: '提交自查报告' }).click();
      await unit.getByText('自查报告已提交').waitFor();
      await eventually(async () => (await inspection(id)).state === 'under_review', { what: 'the late report under review' });
    } finally {
      ahead = 0;
    }
  });
});

describe('办理入口 in an email', () => {
  it('takes the signed-out reader through 登录 to the step the email asks of them, and tells another reader there is none', async () => {
    const { id, title } = await launch();
    const [mail] = await on.stack.sink.waitFor((m) => m.subject.includes(title) && m.to.includes(demoEmail('deputy')), { timeoutMs: 30_000 });
    const link = /办理入口：(\S+)/.exec(mail.text)?.[1] ?? '';
    expect(link).toBe(`${on.stack.config.PUBLIC_BASE_URL}/console/open?path=${encodeURIComponent(`/campaigns/${id}`)}`);
    expect(mail.text).toContain(`接口：${on.stack.config.PUBLIC_BASE_URL}/campaigns/${id}\n`);
    // the link's page on this test's server (PUBLIC_BASE_URL names the deployed one)
    const { pathname, search } = new URL(link);

    const page = await newPage(on.browser, on.url);
    await page.goto(pathname + search);
    await page.waitForURL('**/console/signin');
    await screenshot(page, __filename, 'email-link-sign-in');
    await fillSignIn(page, 'deputy');
    await page.waitForURL(`**/console/tasks/campaign.approve:${id}`);
    await page.getByText(title).first().waitFor();
    await page.getByRole('button', { name: /同\s*意/ }).waitFor();
    await screenshot(page, __filename, 'email-link-task');

    const other = await signIn('secretary');
    await other.goto(pathname + search);
    await other.getByText('该事项当前没有需要您办理的步骤').waitFor();
    await other.getByText(`「${title}」`, { exact: false }).waitFor();
    await screenshot(other, __filename, 'email-link-nothing-to-do');
  });
});
