// 问题线索 in the console, on the real stack (test/e2e/stack.ts): commission staff register a real-name
// complaint through 线索登记; 线索台账 shows it with its 三色预警; its handler (the stationed group's leader)
// accepts it from 我的待办 and the lead's timeline says so; the group's member, not its handler, gets no
// 查看举报人 and the reporter's name is nowhere on the page; a commission leader reads the reporter on
// click only, and that read is in the audit log (lead.reporter_read). Its disposal: the handler proposes
// 予以了结 from the lead's page and records the collective review from 我的待办, the commission leader over
// the group approves it from the lead's page.
import type { Page } from 'playwright-core';
import { eventually } from '../e2e/stack';
import { screenshot } from '../support/browser';
import { choose, consoleStack, signIn as signInAs } from '../support/consoleStack';
import { leadBody } from '../support/routeCalls';

jest.setTimeout(180_000);

const on = consoleStack();
const signIn = (personId: string) => signInAs(on, personId);

const nav = (page: Page) => page.getByRole('menu');

const REPORTER = '钱守信';
const SUMMARY = '反映该局路政科工作人员在路政许可审批中收受申请人购物卡';

const readAudits = (leadId: string) => on.stack.db.auditLog.findMany({ where: { action: 'lead.reporter_read', targetKind: 'lead', targetId: leadId } });

describe('问题线索 in the console', () => {
  it('staff register a real-name lead, the handler accepts it from 我的待办, only a commission leader or the handler may read the reporter, on click, audited', async () => {
    // 线索登记 by commission staff
    const staff = await signIn('staff-li');
    await nav(staff).getByText('线索登记').click();
    await staff.waitForURL('**/console/leads/new');
    await choose(staff, '线索来源', '信访举报');
    await choose(staff, '来源方式', '来信');
    await choose(staff, '所涉单位', '区公路局（第五派驻组）', '公路');
    await staff.getByLabel('被反映人 1 姓名').fill('王某');
    await staff.getByLabel('被反映人 1 职务').fill('区公路局路政科科长');
    await staff.getByRole('button', { name: '添加被反映人' }).click();
    await staff.getByLabel('被反映人 2 姓名').fill('孙某');
    await staff.getByLabel('反映问题摘要').fill(SUMMARY);
    // the reporter's fields only once 实名举报 is on
    await expect(staff.getByLabel('举报人姓名').count()).resolves.toBe(0);
    await staff.getByRole('switch', { name: '实名举报' }).click();
    await staff.getByLabel('举报人姓名').fill(REPORTER);
    await staff.getByLabel('联系电话').fill('13800001111');
    await choose(staff, '承办人', '第五派驻组组长');
    await screenshot(staff, __filename, 'register');
    await staff.getByRole('button', { name: /登\s*记/ }).click();
    await staff.waitForURL(/\/console\/leads\/(?!new)[^/]+$/);
    await staff.getByText('线索详情').waitFor();
    await staff.getByText(SUMMARY).waitFor();
    const leadId = decodeURIComponent(staff.url().split('/').pop()!);
    const registered = (await on.stack.as('deputy').get(`/leads/${encodeURIComponent(leadId)}`).expect(200)).body;
    expect(registered).toMatchObject({
      source: { kind: 'complaint', channel: 'letter' },
      unit: { id: 'gongluju' },
      personsConcerned: [{ name: '王某', title: '区公路局路政科科长' }, { name: '孙某' }],
      realName: true,
      reporterOnFile: true,
      handlerId: 'g5-leader',
      state: 'registered',
    });
    // what the deadline counted, on the page; staff (not the handler) get no 查看举报人
    await staff.getByText('收到之日起 5 个工作日').first().waitFor();
    await expect(staff.getByRole('button', { name: '查看举报人' }).count()).resolves.toBe(0);
    await screenshot(staff, __filename, 'lead-registered');

    // 线索台账 shows it, with its mark and the counts the API gives
    await nav(staff).getByText('线索台账').click();
    await staff.waitForURL('**/console/leads');
    const row = staff.getByRole('row').filter({ hasText: registered.number });
    await row.filter({ hasText: '区公路局' }).filter({ hasText: '王某、孙某' }).filter({ hasText: '待受理' }).waitFor();
    await expect(row.locator('[data-mark]').getAttribute('data-mark')).resolves.toBe(registered.mark);
    const ledger = (await on.stack.as('staff-li').get('/leads').expect(200)).body;
    await expect(staff.getByTestId('lead-counts').innerText()).resolves.toContain(`共 ${ledger.total} 条`);
    await expect(staff.getByTestId('lead-counts').locator(`[data-mark="${registered.mark}"]`).innerText()).resolves.toContain(String(ledger.counts[registered.mark]));
    await screenshot(staff, __filename, 'ledger');
    // its own colour keeps it (the counts stay), a state filter leaves it out
    await choose(staff, '预警', ({ green: '绿', yellow: '黄', red: '红' } as const)[registered.mark as 'green' | 'yellow' | 'red']);
    await row.filter({ hasText: '区公路局' }).waitFor();
    await expect(staff.getByTestId('lead-counts').innerText()).resolves.toContain(`${String(ledger.counts[registered.mark])}`);
    await choose(staff, '状态', '已转办');
    await staff.getByText('暂无问题线索').waitFor();
    await expect(row.count()).resolves.toBe(0);

    // the handler accepts it from 我的待办
    const handler = await signIn('g5-leader');
    await handler.getByRole('row').filter({ hasText: registered.number }).getByRole('link').first().click();
    await handler.waitForURL('**/console/tasks/lead.accept*');
    await handler.getByText(SUMMARY).waitFor();
    await expect(handler.locator('body').innerText()).resolves.not.toContain(REPORTER);
    await screenshot(handler, __filename, 'accept');
    await handler.getByRole('button', { name: /受\s*理/ }).click();
    await handler.getByText('已受理该线索').waitFor();
    await handler.waitForURL('**/console/tasks');
    expect((await on.stack.as('deputy').get(`/leads/${encodeURIComponent(leadId)}`).expect(200)).body).toMatchObject({ state: 'accepted' });
    await handler.goto(`/console/leads/${encodeURIComponent(leadId)}`);
    await handler.getByText('办理过程').waitFor();
    await handler.locator('.ant-timeline').getByText(/^受理/).waitFor();
    await handler.getByText('已受理', { exact: true }).waitFor();
    // the acceptance deadline is met: it says so, and no longer counts down
    await handler.getByText(/（已受理）$/).waitFor();
    await expect(handler.getByTestId('due-rule').filter({ hasText: '收到之日起 5 个工作日' }).count()).resolves.toBe(0);
    // the handler may read the reporter, but opening the page reads nothing
    await handler.getByRole('button', { name: '查看举报人' }).waitFor();
    await expect(readAudits(leadId)).resolves.toHaveLength(0);
    await screenshot(handler, __filename, 'lead-accepted');

    // the group's member, not the handler: the lead, but no reporter anywhere
    const member = await signIn('g5-member');
    await member.goto(`/console/leads/${encodeURIComponent(leadId)}`);
    await member.getByText(SUMMARY).waitFor();
    await member.locator('.ant-timeline').getByText(/^受理/).waitFor();
    await expect(member.getByRole('button', { name: '查看举报人' }).count()).resolves.toBe(0);
    await expect(member.locator('body').innerText()).resolves.not.toContain(REPORTER);
    await expect(member.content()).resolves.not.toContain(REPORTER);
    await screenshot(member, __filename, 'lead-member');

    // a commission leader reads the reporter on click; the read is recorded
    const leader = await signIn('deputy');
    await nav(leader).getByText('线索台账').waitFor();
    await expect(nav(leader).getByText('线索登记').count()).resolves.toBe(0);
    await leader.goto(`/console/leads/${encodeURIComponent(leadId)}`);
    await leader.getByText(SUMMARY).waitFor();
    await expect(leader.locator('body').innerText()).resolves.not.toContain(REPORTER);
    await expect(readAudits(leadId)).resolves.toHaveLength(0);
    await leader.getByRole('button', { name: '查看举报人' }).click();
    await leader.getByText(REPORTER).waitFor();
    await leader.getByText('13800001111').waitFor();
    await leader.getByText('本次查看已留痕').waitFor();
    await screenshot(leader, __filename, 'reporter-read');
    const audits = await readAudits(leadId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: 'deputy', detail: { number: registered.number } });
  });

  it('the handler proposes and reviews a disposal, the commission leader over the group approves it, each from the pages', async () => {
    const body = { ...leadBody('g5-member'), realName: false, reporter: undefined, source: { kind: 'supervision', channel: 'heard' }, summary: '听闻该局某科室违规发放津贴' };
    const { id, number } = (await on.stack.as('staff-li').post('/leads', body).expect(202)).body as { id: string; number: string };
    await eventually(async () => (await on.stack.as('g5-member').post(`/leads/${id}/acceptance`, { decision: 'accept' })).status === 200, { what: 'the lead accepted' });
    const leadPage = `/console/leads/${encodeURIComponent(id)}`;

    // 拟处置 from the lead's page, where the handler's next act is
    const handler = await signIn('g5-member');
    await handler.goto(leadPage);
    await handler.getByText('尚未拟处置').waitFor();
    await handler.getByRole('link', { name: '拟处置问题线索' }).click();
    await handler.waitForURL('**/console/tasks/lead.propose*');
    await choose(handler, '处置方式', '予以了结');
    await handler.getByLabel('拟处置理由').fill('经了解，所反映津贴系按规定发放');
    await handler.getByLabel('了结理由').fill('反映问题不属实');
    await screenshot(handler, __filename, 'disposal-proposal');
    await handler.getByRole('button', { name: '提交拟处置' }).click();
    await handler.getByText('已提交拟处置意见').waitFor();
    await handler.waitForURL('**/console/tasks');

    // 集体研究 from 我的待办, its attendees from the registry
    await handler.getByRole('row').filter({ hasText: number }).getByRole('link', { name: '记录集体研究意见' }).click();
    await handler.waitForURL('**/console/tasks/lead.recordReview*');
    await handler.getByText('反映问题不属实').waitFor();
    await choose(handler, '参加人员', '林少雄', '林少雄');
    await choose(handler, '参加人员', '李明', '李明');
    await handler.getByLabel('研究意见').fill('同意予以了结');
    await screenshot(handler, __filename, 'collective-review');
    await handler.getByRole('button', { name: '记录集体研究' }).click();
    await handler.getByText('已记录集体研究意见').waitFor();
    await handler.waitForURL('**/console/tasks');

    // 报批 by the commission leader over the group, from the lead's page
    const leader = await signIn('deputy');
    await leader.goto(leadPage);
    await leader.getByText('林少雄、李明', { exact: false }).waitFor();
    await leader.getByRole('link', { name: '审批线索处置（报批）' }).click();
    await leader.waitForURL('**/console/tasks/lead.approveDisposal*');
    await screenshot(leader, __filename, 'disposal-decision');
    await leader.getByRole('button', { name: /批\s*准/ }).click();
    await leader.getByText('已批准处置').waitFor();
    const closed = (await on.stack.as('deputy').get(`/leads/${encodeURIComponent(id)}`).expect(200)).body;
    expect(closed).toMatchObject({
      state: 'closed',
      disposal: { method: 'close', closingReason: '反映问题不属实', collectiveReview: { attendees: [{ id: 'g5-leader' }, { id: 'staff-li' }], opinion: '同意予以了结' }, approved: { by: { id: 'deputy' } } },
      openSteps: [],
    });
    await leader.goto(leadPage);
    await leader.getByText('张卫东 于', { exact: false }).waitFor();
    await leader.locator('.ant-timeline').getByText(/^处置获批：予以了结/).waitFor();
    await leader.getByText('没有待办事项').waitFor();
    await screenshot(leader, __filename, 'lead-closed');
  });

  it('a unit contact gets no 线索 entry and the ledger refused in Chinese', async () => {
    const contact = await signIn('gongluju-contact');
    await nav(contact).getByText('我的待办').waitFor();
    await expect(nav(contact).getByText('线索台账').count()).resolves.toBe(0);
    await expect(nav(contact).getByText('线索登记').count()).resolves.toBe(0);
    await contact.goto('/console/leads');
    await contact.getByRole('alert').filter({ hasText: '无法查看线索台账' }).waitFor();
    await screenshot(contact, __filename, 'ledger-refused');
  });
});
