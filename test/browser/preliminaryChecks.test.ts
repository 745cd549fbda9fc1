// 初步核实 in the console, on the real stack (test/e2e/stack.ts): a lead whose 初步核实 disposal is approved
// (through the API); from 我的待办 its handler (第五派驻组成员) submits the 核实方案 with a team of two — a team
// of one refused in Chinese first —, the commission leader over the group returns it once and approves it
// the second time, revised (the 亮灯预警 dates then on the page), the handler concludes 暗访未发现·风险点 and the
// commission leader approves: the lead ends risk_point, a RiskPoint row is recorded and the unit's
// contact gets its rectification. A 第一种形态 conclusion's measures entered on the page are recorded once approved.
import type { Page } from 'playwright-core';
import { shanghaiDate } from '../../domain/calendar';
import { riskPointFindingId } from '../../domain/ids';
import { eventually } from '../e2e/stack';
import { screenshot } from '../support/browser';
import { choose, consoleStack, signIn as signInAs } from '../support/consoleStack';
import { approvedLead } from '../support/routeCalls';

jest.setTimeout(240_000);

const on = consoleStack();
const signIn = (personId: string) => signInAs(on, personId);

const HANDLER = 'g5-member';
const OVERSEER = 'deputy';

/** From 我的待办, the lead's to-do named `what`, open at its act's page. */
async function openTask(page: Page, leadId: string, what: string, kind: string): Promise<void> {
  await page.goto('/console/tasks');
  await page.getByRole('row').filter({ hasText: leadId }).getByRole('link', { name: what }).click();
  await page.waitForURL(`**/console/tasks/${kind}*`);
}

const checkOf = async (leadId: string) => (await on.stack.as(OVERSEER).get(`/preliminary-checks/${encodeURIComponent(leadId)}`).expect(200)).body;

/** The Select's dropdown closed (a multiple one stays open for more), so the next one's options are the only ones shown. */
async function closeDropdown(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
}

describe('初步核实 in the console', () => {
  it('scheme (returned once, then approved) and a 风险点 conclusion approved, each from 我的待办 by its owner', async () => {
    const leadId = await approvedLead(on.stack, 'preliminary_check', { handlerId: HANDLER });
    expect(await checkOf(leadId)).toMatchObject({ state: 'awaiting_scheme', handlerId: HANDLER });

    // 报核实方案: a team of one is refused on the page, in Chinese, and nothing is sent
    const handler = await signIn(HANDLER);
    await openTask(handler, leadId, '报核实方案', 'preliminaryCheck.scheme');
    await handler.getByText('待报核实方案').waitFor();
    await handler.getByLabel('核实内容').fill('核实是否存在违规收受购物卡问题');
    await handler.getByLabel('核实方式').fill('调取审批档案，询问申请人和经办人');
    await choose(handler, '核查组', '陈晓东', '陈晓东');
    await closeDropdown(handler);
    await choose(handler, '核查组组长', '陈晓东');
    await closeDropdown(handler);
    await handler.getByRole('button', { name: '报核实方案' }).click();
    await handler.getByText('核查组至少 2 名人员').waitFor();
    await screenshot(handler, __filename, 'scheme-team-of-one');
    expect(await checkOf(leadId)).toMatchObject({ state: 'awaiting_scheme', scheme: null });
    await choose(handler, '核查组', '林少雄', '林少雄');
    await closeDropdown(handler);
    await choose(handler, '核查组组长', '林少雄');
    await closeDropdown(handler);
    await screenshot(handler, __filename, 'scheme');
    await handler.getByRole('button', { name: '报核实方案' }).click();
    await handler.getByText('已报核实方案').waitFor();
    await handler.waitForURL('**/console/tasks');
    expect(await checkOf(leadId)).toMatchObject({ state: 'scheme_proposed', scheme: { teamIds: ['g5-member', 'g5-leader'], teamLeaderId: 'g5-leader', approved: null } });

    // 审批核实方案: the commission leader over 第五派驻组 returns it with a reason
    const overseer = await signIn(OVERSEER);
    await openTask(overseer, leadId, '审批核实方案', 'preliminaryCheck.schemeDecision');
    await overseer.getByText('陈晓东、林少雄（组长）').waitFor();
    await overseer.getByLabel('退回', { exact: true }).check();
    await overseer.getByLabel('退回理由').fill('请补充核实方式');
    await screenshot(overseer, __filename, 'scheme-return');
    await overseer.getByRole('button', { name: /退\s*回/ }).click();
    await overseer.getByText('已退回核实方案').waitFor();
    expect(await checkOf(leadId)).toMatchObject({ state: 'awaiting_scheme', scheme: null });

    // the handler sees why, revises the scheme as returned and submits it again; this time it is approved, and the warnings run from now
    await openTask(handler, leadId, '报核实方案', 'preliminaryCheck.scheme');
    await handler.getByText('上次核实方案已被 张卫东 退回：请补充核实方式').waitFor();
    await expect(handler.getByLabel('核实方式').inputValue()).resolves.toBe('调取审批档案，询问申请人和经办人');
    await handler.getByText('林少雄（第五派驻组组长）').first().waitFor();
    await handler.getByLabel('核实方式').fill('调取审批档案和银行流水，询问申请人和经办人');
    await screenshot(handler, __filename, 'scheme-again');
    await handler.getByRole('button', { name: '报核实方案' }).click();
    await handler.getByText('已报核实方案').waitFor();
    expect(await checkOf(leadId)).toMatchObject({ state: 'scheme_proposed', scheme: { how: '调取审批档案和银行流水，询问申请人和经办人', teamIds: ['g5-member', 'g5-leader'], teamLeaderId: 'g5-leader' } });
    await openTask(overseer, leadId, '审批核实方案', 'preliminaryCheck.schemeDecision');
    await overseer.getByText('调取审批档案和银行流水，询问申请人和经办人').waitFor();
    await screenshot(overseer, __filename, 'scheme-decision');
    await overseer.getByRole('button', { name: /批\s*准/ }).click();
    await overseer.getByText('已批准核实方案').waitFor();
    const checking = await checkOf(leadId);
    expect(checking).toMatchObject({ state: 'checking', warningLevel: 'blue', yellowAt: expect.any(String), redAt: expect.any(String), scheme: { approved: { byId: OVERSEER } } });

    // 报核实结论 under 亮灯预警: its yellow and red instants and the practice they come from, then 风险点
    await openTask(handler, leadId, '报核实结论（亮灯预警）', 'preliminaryCheck.conclude');
    await handler.getByText('蓝灯').waitFor();
    await handler.getByText('满3个月未办结的亮黄灯', { exact: false }).waitFor();
    await handler.getByText('满6个月仍未办结的亮红灯', { exact: false }).waitFor();
    await expect(handler.getByText('张卫东 于', { exact: false }).count()).resolves.toBe(1);
    await choose(handler, '核实结果', '暗访未发现·风险点');
    await closeDropdown(handler);
    await handler.getByLabel('核实情况').fill('经调阅审批档案、询问相关人员，未发现收受购物卡问题');
    await handler.getByLabel('风险点', { exact: true }).fill('路政许可审批廉政风险防控不到位');
    await screenshot(handler, __filename, 'conclusion');
    await handler.getByRole('button', { name: '报核实结论' }).click();
    await handler.getByText('已报核实结论').waitFor();
    expect(await checkOf(leadId)).toMatchObject({ state: 'conclusion_proposed', conclusion: { outcome: 'risk_point', risk: '路政许可审批廉政风险防控不到位' } });

    // 审批核实结论: approved, the lead ends with the outcome, the unit gets the risk point's rectification
    await openTask(overseer, leadId, '审批核实结论', 'preliminaryCheck.conclusionDecision');
    await overseer.getByText('暗访未发现·风险点').waitFor();
    await overseer.getByText('路政许可审批廉政风险防控不到位').waitFor();
    await screenshot(overseer, __filename, 'conclusion-decision');
    await overseer.getByRole('button', { name: /批\s*准/ }).click();
    await overseer.getByText('已批准核实结论').waitFor();
    expect(await checkOf(leadId)).toMatchObject({ state: 'completed', outcome: 'risk_point' });
    const lead = await eventually(async () => {
      const body = (await on.stack.as(OVERSEER).get(`/leads/${encodeURIComponent(leadId)}`).expect(200)).body;
      return body.state === 'closed' && body;
    }, { what: 'the lead closed' });
    expect(lead.timeline).toContainEqual(expect.objectContaining({ kind: 'concluded', detail: expect.objectContaining({ outcome: 'risk_point' }) }));
    // the lead's page: the check among what followed, its events in the one timeline
    await overseer.goto(`/console/leads/${encodeURIComponent(leadId)}`);
    await overseer.getByText('后续办理').waitFor();
    await overseer.getByRole('row').filter({ hasText: '初步核实' }).filter({ hasText: '已办结' }).waitFor();
    await overseer.locator('.ant-timeline-item').filter({ hasText: '初步核实' }).filter({ hasText: '核实结论获批：暗访未发现·风险点' }).waitFor();
    await overseer.locator('.ant-timeline-item').filter({ hasText: '办结：暗访未发现·风险点' }).waitFor();
    await screenshot(overseer, __filename, 'lead-after-check');
    const riskPoint = await eventually(async () => (await on.stack.db.riskPoint.findFirst({ where: { leadId } })) ?? undefined, { what: 'the risk point' });
    expect(riskPoint).toMatchObject({ unitId: 'gongluju', risk: '路政许可审批廉政风险防控不到位', findingId: riskPointFindingId(riskPoint.id) });
    const rectification = await eventually(async () => {
      const res = await on.stack.as('gongluju-contact').get(`/rectifications/${encodeURIComponent(riskPoint.findingId)}`);
      return res.status === 200 && res.body;
    }, { what: 'the rectification' });
    expect(rectification).toMatchObject({ title: '路政许可审批廉政风险防控不到位', state: 'awaiting_plan', source: { kind: 'riskPoint', id: riskPoint.id } });
    // nothing of the check is left in either's 我的待办
    const open = async (personId: string) => (await on.stack.as(personId).get(`/me/tasks?process=${encodeURIComponent(`/preliminary-checks/${encodeURIComponent(leadId)}`)}`).expect(200)).body.items;
    expect([...(await open(HANDLER)), ...(await open(OVERSEER))]).toEqual([]);
  });

  it('a 第一种形态 conclusion with two measures from the page, approved: the measures are recorded under 第一种形态', async () => {
    const leadId = await approvedLead(on.stack, 'preliminary_check', { handlerId: HANDLER, realName: false });
    const path = `/preliminary-checks/${encodeURIComponent(leadId)}`;
    await on.stack.as(HANDLER).post(`${path}/scheme`, { what: '核实反映问题', how: '调阅资料、谈话', teamIds: [HANDLER, 'g5-leader'], teamLeaderId: 'g5-leader' }).expect(200);
    await on.stack.as(OVERSEER).post(`${path}/scheme-decision`, { decision: 'approve' }).expect(200);

    const handler = await signIn(HANDLER);
    await openTask(handler, leadId, '报核实结论（亮灯预警）', 'preliminaryCheck.conclude');
    await choose(handler, '核实结果', '第一种形态');
    await closeDropdown(handler);
    await handler.getByLabel('核实情况').fill('公车私用2次，情节轻微');
    const measure = async (n: number, kind: string, name: string) => {
      await choose(handler, `措施 ${n} 类别`, kind);
      await closeDropdown(handler);
      await handler.getByLabel(`措施 ${n} 当事人`).fill(name);
      await handler.getByLabel(`措施 ${n} 职务`).fill('区公路局路政科科长');
      await choose(handler, `措施 ${n} 实施人`, '林少雄');
      await closeDropdown(handler);
    };
    await measure(1, '批评教育', '王某');
    await handler.getByRole('button', { name: '添加措施' }).click();
    await measure(2, '谈话提醒', '孙某');
    await screenshot(handler, __filename, 'conclusion-first-form');
    await handler.getByRole('button', { name: '报核实结论' }).click();
    await handler.getByText('已报核实结论').waitFor();
    const heldOn = shanghaiDate(new Date());
    const subject = (name: string) => ({ name, title: '区公路局路政科科长' });
    expect((await checkOf(leadId)).conclusion).toMatchObject({
      outcome: 'first_form',
      measures: [
        { kind: 'criticism', subject: subject('王某'), heldOn, heldById: 'g5-leader' },
        { kind: 'reminder_talk', subject: subject('孙某'), heldOn, heldById: 'g5-leader' },
      ],
    });

    const overseer = await signIn(OVERSEER);
    await openTask(overseer, leadId, '审批核实结论', 'preliminaryCheck.conclusionDecision');
    await overseer.getByText(`批评教育：王某（区公路局路政科科长），${heldOn}，实施人 林少雄`, { exact: false }).waitFor();
    await screenshot(overseer, __filename, 'conclusion-decision-first-form');
    await overseer.getByRole('button', { name: /批\s*准/ }).click();
    await overseer.getByText('已批准核实结论').waitFor();
    expect(await checkOf(leadId)).toMatchObject({ state: 'completed', outcome: 'first_form' });
    const measures = await eventually(async () => {
      const items = (await on.stack.as('staff-li').get(`/measures?sourceKind=lead&sourceId=${encodeURIComponent(leadId)}`).expect(200)).body.items as { kind: string; form: number; subject: { name: string } }[];
      return items.length === 2 && items;
    }, { what: 'the measures' });
    expect(measures.map((m) => [m.kind, m.form, m.subject.name]).sort()).toEqual([
      ['criticism', 1, '王某'],
      ['reminder_talk', 1, '孙某'],
    ]);
  });
});
