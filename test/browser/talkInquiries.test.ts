// 谈话函询 in the console, on the real stack (test/e2e/stack.ts): a lead's talk inquiry approved over the
// API, then every step from 我的待办 by whoever owes it — the handler records the letter, asks for more time
// for the reply (a day the calendar has no data for refused in Chinese, then a day it has), the commission
// leader over the group grants it, the handler records the reply and evaluates it (采信了结 with a 谈话提醒),
// the commission leader approves: the lead is closed and the measure recorded.
import type { Page } from 'playwright-core';
import { eventually } from '../e2e/stack';
import { screenshot } from '../support/browser';
import { choose, consoleStack, signIn as signInAs } from '../support/consoleStack';
import { approvedLead } from '../support/routeCalls';

jest.setTimeout(240_000);

const on = consoleStack();
const signIn = (personId: string) => signInAs(on, personId);

const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const today = () => inDays(0);

/** Opens the to-do item `what` of the lead numbered `number` from 我的待办, reloading until the step is owed. */
async function openTask(page: Page, number: string, what: string, kind: string): Promise<void> {
  const link = page.getByRole('row').filter({ hasText: number }).getByRole('link', { name: what, exact: true });
  await eventually(
    async () => {
      await page.goto('/console/tasks');
      await page.getByRole('table').waitFor();
      return (await link.count()) > 0;
    },
    { what: `${what} in 我的待办` },
  );
  await link.click();
  await page.waitForURL(`**/console/tasks/${kind}*`);
}

/** Types a day into the antd DatePicker labelled `label`; leaving the field keeps it (Enter would submit the form). */
async function pickDay(page: Page, label: string, day: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(day);
  await input.press('Tab');
  await expect(input.inputValue()).resolves.toBe(day);
}

describe('谈话函询 from 我的待办', () => {
  it('the handler records the letter, the reply and the evaluation, the commission leader grants the extension and approves: the lead closed, its 谈话提醒 recorded', async () => {
    const id = await approvedLead(on.stack, 'talk_inquiry');
    const path = `/talk-inquiries/${encodeURIComponent(id)}`;
    const { number } = (await on.stack.as('deputy').get(`/leads/${encodeURIComponent(id)}`).expect(200)).body as { number: string };
    const inquiry = async () => (await on.stack.as('deputy').get(path).expect(200)).body;

    // 函询: the letter sent and arrived today, the reply due 15 工作日 after
    const handler = await signIn('g5-member');
    await openTask(handler, number, '函询或谈话', 'talkInquiry.recordForm');
    await handler.getByText('反映公车私用').waitFor();
    await handler.getByText('尚未函询或谈话').waitFor();
    await pickDay(handler, '发函日期', today());
    await pickDay(handler, '送达日期', today());
    await screenshot(handler, __filename, 'record-form');
    await handler.getByRole('button', { name: '记录函询' }).click();
    await handler.getByText('已记录函询').waitFor();
    await handler.waitForURL('**/console/tasks');
    expect(await inquiry()).toMatchObject({ state: 'awaiting_reply', form: { form: 'letter', sentOn: today(), arrivedOn: today() }, replyDueRule: expect.stringContaining('15 个工作日') });

    // 申请延期 on the reply's page: a day of a year without holiday data is refused in Chinese, nothing asked
    await openTask(handler, number, '收取谈话函询书面说明', 'talkInquiry.recordReply');
    await handler.getByText(`${today()} 发函`, { exact: false }).waitFor();
    await handler.getByRole('row').filter({ hasText: '书面说明期限' }).getByTestId('due-rule').filter({ hasText: '15 个工作日' }).waitFor();
    await pickDay(handler, '延至', '2099-06-30');
    await handler.getByLabel('延期理由').fill('被函询人出差在外，申请延期说明');
    await handler.getByRole('button', { name: '申请延期' }).click();
    await handler.getByRole('alert').filter({ hasText: '2099年法定节假日数据缺失，无法计算工作日' }).waitFor();
    await screenshot(handler, __filename, 'extension-refused');
    expect(await inquiry()).toMatchObject({ pendingExtension: null });
    await pickDay(handler, '延至', inDays(40));
    await screenshot(handler, __filename, 'extension-request');
    await handler.getByRole('button', { name: '申请延期' }).click();
    await handler.getByText('已提交延期申请').waitFor();
    expect(await inquiry()).toMatchObject({ state: 'awaiting_reply', pendingExtension: { dueOn: inDays(40), reason: '被函询人出差在外，申请延期说明' } });

    // 审批延期 by the commission leader over 第五派驻组: the reply now due 24:00 of the day granted
    const leader = await signIn('deputy');
    await openTask(leader, number, '审批谈话函询延期申请', 'talkInquiry.decideExtension');
    await leader.getByText('被函询人出差在外，申请延期说明').first().waitFor();
    await screenshot(leader, __filename, 'extension-decision');
    await leader.getByRole('button', { name: /同意延期/ }).click();
    await leader.getByText('已同意延期').waitFor();
    expect(await inquiry()).toMatchObject({ pendingExtension: null, replyDueAt: new Date(Date.parse(`${inDays(41)}T00:00:00+08:00`)).toISOString() });

    // 书面说明, received today
    await openTask(handler, number, '收取谈话函询书面说明', 'talkInquiry.recordReply');
    await handler.getByText(`同意延至 ${inDays(40)}`, { exact: false }).waitFor();
    await handler.getByLabel('说明材料摘要').fill('本人说明车辆系公务使用，附派车单');
    await screenshot(handler, __filename, 'record-reply');
    await handler.getByRole('button', { name: '记录书面说明' }).click();
    await handler.getByText('已记录书面说明').waitFor();
    expect(await inquiry()).toMatchObject({ state: 'reply_received', replyReceivedOn: today() });

    // 评估: 采信了结, with a 谈话提醒 to the person concerned held by the group's leader
    await openTask(handler, number, '评估谈话函询情况', 'talkInquiry.evaluate');
    await handler.getByText('本人说明车辆系公务使用，附派车单', { exact: false }).waitFor();
    await handler.getByLabel('评估意见').fill('说明属实，予以采信，对其谈话提醒');
    await handler.getByRole('button', { name: '添加措施' }).click();
    await choose(handler, '措施 1 类别', '谈话提醒');
    await expect(handler.getByLabel('措施 1 当事人').inputValue()).resolves.toBe('某科长');
    await choose(handler, '措施 1 实施人', '林少雄', '林少雄');
    await screenshot(handler, __filename, 'evaluate');
    await handler.getByRole('button', { name: '提交评估意见' }).click();
    await handler.getByText('已提交评估意见').waitFor();
    expect(await inquiry()).toMatchObject({
      state: 'evaluation_proposed',
      evaluation: { verdict: 'accepted', measures: [{ kind: 'reminder_talk', subject: { name: '某科长', title: '区公路局 科长' }, heldOn: today(), heldById: 'g5-leader' }] },
    });

    // 报批 by the commission leader over the group: the lead closed, the measure a record of the lead
    await openTask(leader, number, '审批谈话函询评估意见（报批）', 'talkInquiry.approveEvaluation');
    await leader.getByText('谈话提醒：某科长（区公路局 科长）', { exact: false }).waitFor();
    await screenshot(leader, __filename, 'approve-evaluation');
    await leader.getByRole('button', { name: /批\s*准/ }).click();
    await leader.getByText('已批准评估意见').waitFor();
    expect(await inquiry()).toMatchObject({ state: 'completed', evaluation: { approved: { byId: 'deputy' } } });
    const lead = await eventually(async () => {
      const l = (await on.stack.as('deputy').get(`/leads/${encodeURIComponent(id)}`).expect(200)).body;
      return l.state === 'closed' && l;
    }, { what: 'the lead closed' });
    expect(lead).toMatchObject({ stateLabel: '已了结' });
    const measure = await eventually(async () => {
      const { items } = (await on.stack.as('g5-leader').get(`/measures?kind=reminder_talk&unitId=gongluju&from=${today()}&to=${today()}`).expect(200)).body as { items: { source: { id: string | null } }[] };
      return items.find((m) => m.source.id === id);
    }, { what: 'the lead’s measure recorded' });
    expect(measure).toMatchObject({ kind: 'reminder_talk', form: 1, subject: { name: '某科长', title: '区公路局 科长' }, heldOn: today(), heldById: 'g5-leader', source: { kind: 'lead', id } });
    await leader.goto(`/console/leads/${encodeURIComponent(id)}`);
    await leader.getByText('已了结', { exact: true }).first().waitFor();
    await screenshot(leader, __filename, 'lead-closed');
  });
});
