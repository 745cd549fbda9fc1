// 立案审查 and 澄清正名 in the console, on the real stack (test/e2e/stack.ts), every act from 我的待办: the
// commission leader over 第五派驻组 files a checked lead as a case; its handler asks for the extension,
// which the commission leader grants (a transfer while it is pending is refused, in Chinese); the handler
// transfers it to 审理, the reviewer records the opinion, the commission leader closes it with a
// 党纪轻处分, written as a measure. A lead found a false accusation: its handler proposes the clearance,
// the commission leader approves it, the handler records it done and the reporter's 书面检讨 received.
// The reporter's name is on none of these pages.
import type { Page } from 'playwright-core';
import { eventually } from '../e2e/stack';
import { screenshot } from '../support/browser';
import { choose, consoleStack, signIn as signInAs } from '../support/consoleStack';
import { checkedLead, leadBody } from '../support/routeCalls';

jest.setTimeout(240_000);

const on = consoleStack();
const signIn = (personId: string) => signInAs(on, personId);

const REPORTER = leadBody('g5-member').reporter.name;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Opens, from 我的待办, the to-do `what` of the process titled `title`; the reporter is not on its page. */
async function openTask(page: Page, title: string, what: string, kind: string): Promise<void> {
  await page.goto('/console/tasks');
  await page.getByRole('row').filter({ hasText: title }).getByRole('link', { name: what, exact: true }).click();
  await page.waitForURL(`**/console/tasks/${kind}*`);
  await page.locator('.ant-card-head-title').nth(1).waitFor();
  await expect(page.locator('body').innerText()).resolves.not.toContain(REPORTER);
}

/** Keeps the page once no Select's options cover it. */
async function shot(page: Page, name: string): Promise<void> {
  await eventually(async () => (await page.locator('.ant-select-dropdown:visible').count()) === 0, { what: 'the options closed' });
  await screenshot(page, __filename, name);
}

/** Submits with `button` and waits for the act's message and the way back to 我的待办. */
async function submit(page: Page, button: string | RegExp, message: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.getByText(message).waitFor();
  await page.waitForURL('**/console/tasks');
}

const read = async (who: string, path: string) => (await on.stack.as(who).get(path).expect(200)).body;
const settled = <T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string) => eventually(async () => ((v) => (ok(v) ? v : undefined))(await probe()), { what });

describe('立案审查 and 澄清正名 in the console', () => {
  it('files a case from the checked lead, extends it once, transfers it to 审理, records the opinion and closes it with a disposition', async () => {
    const leadId = await checkedLead(on.stack, 'case_filed');
    const { number } = await read('deputy', `/leads/${leadId}`);

    // 立案 by the commission leader over the group
    const leader = await signIn('deputy');
    await openTask(leader, number, '审批立案', 'lead.fileCase');
    await leader.getByText('反映公车私用').waitFor();
    await expect(leader.getByLabel('被审查人 1 姓名').inputValue()).resolves.toBe('某科长');
    await shot(leader, 'file-case');
    await submit(leader, '批准立案', '已立案');
    const [kase] = (await read('deputy', '/cases')).items as { id: string; leadId: string }[];
    expect(kase).toMatchObject({ leadId, state: 'under_investigation', personsConcerned: [{ name: '某科长', title: '区公路局 科长' }], filedOn: today(), filedById: 'deputy' });
    const casePath = `/cases/${kase.id}`;

    // 申请延期 by the handler, on the act of 审查调查
    const handler = await signIn('g5-member');
    await settled(() => read('g5-member', `/me/tasks?kind=case.transfer`), (l: { items: unknown[] }) => l.items.length === 1, 'the handler’s case.transfer');
    await openTask(handler, kase.id, '审查调查并移送审理', 'case.transfer');
    await handler.getByText('审查调查中').waitFor();
    await handler.getByLabel('延期理由').fill('涉案资金流向需进一步查证');
    await shot(handler, 'extension-request');
    await submit(handler, '申请延期', '已提交延期申请');
    expect((await read('g5-member', casePath)).timeline.map((e: { kind: string }) => e.kind)).toContain('extension_requested');

    // a transfer while the extension awaits its decision: refused, in Chinese
    await openTask(handler, kase.id, '审查调查并移送审理', 'case.transfer');
    await handler.getByText('已申请，待审批（理由：涉案资金流向需进一步查证）').waitFor();
    await expect(handler.getByRole('button', { name: '申请延期' }).count()).resolves.toBe(0);
    await choose(handler, '审理人员', '李明');
    await handler.getByRole('button', { name: '移送审理' }).click();
    await handler.getByRole('alert').filter({ hasText: '已有延期申请待审批，请等待审批结果' }).waitFor();
    await shot(handler, 'transfer-refused');
    expect(await read('g5-member', casePath)).toMatchObject({ state: 'under_investigation', hearingReviewerId: null });

    // 审批延期 by the commission leader
    const limit = (await read('deputy', casePath)).timeLimitDueAt as string;
    await settled(() => read('deputy', `/me/tasks?kind=case.extensionDecision`), (l: { items: unknown[] }) => l.items.length === 1, 'the extension on the commission leader’s list');
    await openTask(leader, kase.id, '审批延长审查调查期限', 'case.extensionDecision');
    await leader.getByText('已申请，待审批', { exact: false }).waitFor();
    await shot(leader, 'extension-decision');
    await submit(leader, '同意延期', '已同意延期');
    const extended = await settled(() => read('deputy', casePath), (c: { extended: boolean; timeLimitDueAt: string }) => c.extended, 'the time limit extended');
    expect(Date.parse(extended.timeLimitDueAt)).toBeGreaterThan(Date.parse(limit));

    // 移送审理 to commission staff, the handler not offered
    await openTask(handler, kase.id, '审查调查并移送审理', 'case.transfer');
    await handler.getByText('已批准延长', { exact: false }).waitFor();
    await handler.getByLabel('审理人员', { exact: true }).click();
    await expect(handler.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '第五派驻组' }).count()).resolves.toBe(0);
    await handler.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '李明' }).click();
    await shot(handler, 'transfer');
    await submit(handler, '移送审理', '已移送审理');
    await settled(() => read('g5-member', casePath), (c: { state: string }) => c.state === 'under_hearing', 'the case under hearing');
    expect(await read('g5-member', casePath)).toMatchObject({ hearingReviewerId: 'staff-li' });

    // 审理意见 by the reviewer
    const reviewer = await signIn('staff-li');
    await openTask(reviewer, kase.id, '出具审理意见', 'case.hearingOpinion');
    await reviewer.getByLabel('审理意见').fill('事实清楚、证据确凿，建议给予党内警告处分');
    await shot(reviewer, 'hearing-opinion');
    await submit(reviewer, '记录审理意见', '已记录审理意见');
    await settled(() => read('deputy', casePath), (c: { state: string }) => c.state === 'awaiting_closing', 'the case awaiting closing');

    // 结案 by the commission leader, one disposition for the one person, from domain/ data
    await openTask(leader, kase.id, '审批结案', 'case.close');
    await leader.getByText('事实清楚、证据确凿，建议给予党内警告处分').waitFor();
    await choose(leader, '某科长 的处理', '党纪轻处分（第二种形态）');
    await shot(leader, 'close');
    await submit(leader, '批准结案', '已结案');
    const closed = await settled(() => read('deputy', casePath), (c: { state: string }) => c.state === 'closed', 'the case closed');
    expect(closed).toMatchObject({ dispositions: [{ person: 0, kind: 'light_sanction' }], extended: true });
    expect(await read('deputy', `/leads/${leadId}`)).toMatchObject({ state: 'case_filed', openSteps: expect.not.arrayContaining([expect.objectContaining({ kind: 'lead.fileCase' })]) });
    const measures = await settled(() => read('deputy', `/measures?unitId=gongluju&from=${today()}&to=${today()}`), (m: { items: { source: { kind: string; id: string } }[] }) => m.items.some((x) => x.source.kind === 'case'), 'the measure written');
    expect(measures.items.filter((m) => m.source.kind === 'case' && m.source.id === kase.id)).toMatchObject([
      { kind: 'light_sanction', form: 2, subject: { name: '某科长' }, heldById: 'deputy', unitId: 'gongluju' },
    ]);
  });

  it('clears the accused of a false accusation: proposed by the handler, approved, recorded done and the reporter’s self-criticism received', async () => {
    const leadId = await checkedLead(on.stack, 'false_accusation');
    const { number } = await read('g5-member', `/leads/${leadId}`);
    const path = `/clearances/${leadId}`;

    // 发起澄清正名 by the handler: consent, the form, who is told, the correction
    const handler = await signIn('g5-member');
    await openTask(handler, number, '发起澄清正名', 'lead.startClearance');
    await handler.getByText('反映公车私用').waitFor();
    await handler.getByText('被澄清人本人同意澄清').click();
    await choose(handler, '澄清方式', '会议通报');
    await expect(handler.getByLabel('澄清对象 1 单位').inputValue()).resolves.toBe('区公路局');
    await handler.getByLabel('澄清对象 1 姓名').fill('区公路局领导班子');
    await choose(handler, '对举报人的处理', '书面检讨');
    await shot(handler, 'start-clearance');
    await submit(handler, '提交审批', '已发起澄清正名，待审批');
    expect(await read('g5-member', path)).toMatchObject({
      state: 'awaiting_approval',
      consentOn: today(),
      method: 'notice',
      audience: [{ unit: '区公路局', name: '区公路局领导班子' }],
      reporterCorrection: { kind: 'written_self_criticism' },
    });

    // 审批 by the commission leader over the group
    const leader = await signIn('deputy');
    await settled(() => read('deputy', '/me/tasks?kind=clearance.approve'), (l: { items: unknown[] }) => l.items.length === 1, 'the approval on the list');
    await openTask(leader, leadId, '审批澄清正名', 'clearance.approve');
    await leader.getByText('会议通报').waitFor();
    await shot(leader, 'clearance-decision');
    await submit(leader, /批\s*准/, '已批准澄清正名');
    await settled(() => read('deputy', path), (c: { state: string }) => c.state === 'in_progress', 'the clearance in progress');

    // 澄清完成 and the reporter's 书面检讨 by the handler
    await settled(() => read('g5-member', '/me/tasks?kind=clearance.record'), (l: { items: unknown[] }) => l.items.length === 1, 'the clearance on the handler’s list');
    await openTask(handler, leadId, '澄清正名', 'clearance.record');
    await handler.getByLabel('澄清情况').fill('在区公路局干部大会上通报核查结论');
    await shot(handler, 'clearance-done');
    await submit(handler, '记录完成', '已记录澄清正名完成');
    await settled(() => read('g5-member', path), (c: { clearance: { doneOn: string | null } }) => c.clearance.doneOn === today(), 'the clearance recorded done');
    await openTask(handler, leadId, '对举报人批评教育或收取书面检讨', 'clearance.correct');
    await handler.getByLabel('收到书面检讨日期').waitFor();
    await shot(handler, 'reporter-correction');
    await submit(handler, '记录书面检讨', '已记录对举报人的处理');
    const done = await settled(() => read('deputy', path), (c: { state: string }) => c.state === 'completed', 'the clearance completed');
    expect(done).toMatchObject({ reporterCorrection: { kind: 'written_self_criticism', doneOn: today() }, clearance: { doneOn: today() }, personsCleared: [{ name: '某科长' }] });
    expect(await read('deputy', `/leads/${leadId}`)).toMatchObject({ state: 'closed', openSteps: expect.not.arrayContaining([expect.objectContaining({ kind: 'lead.startClearance' })]) });
    await expect(handler.content()).resolves.not.toContain(REPORTER);
  });
});
