// 统计 and 措施 in the console, on the real stack (test/e2e/stack.ts): a stationed group's member records a
// 谈话提醒 and a 诫勉 through 措施登记; a commission leader opens 统计 for the period, reads those counts in the
// table and the four forms' chart, opens a figure's records and downloads the .xlsx, whose figure is the
// page's; a unit's contact gets no 统计 entry and the API's refusal in Chinese.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { choose, consoleStack, signIn as signInAs } from '../support/consoleStack';

jest.setTimeout(180_000);

const on = consoleStack();
const signIn = (personId: string) => signInAs(on, personId);

const nav = (page: Page) => page.getByRole('menu');

/** 措施登记 through the page; the record the API answers, once the page shows it. */
async function recordMeasure(page: Page, kind: string, name: string, reason: string): Promise<string> {
  await nav(page).getByText('措施登记').click();
  await page.waitForURL('**/console/measures/new');
  await choose(page, '措施类别', `${kind}（第一种形态）`);
  await page.getByText('计入：第一种形态').waitFor();
  await page.getByLabel('对象姓名').fill(name);
  await page.getByLabel('职务').fill('区公路局办公室副主任');
  await choose(page, '所在单位', '区公路局（第五派驻组）', '公路');
  await page.getByLabel('事由').fill(reason);
  await screenshot(page, __filename, `record-${kind}`);
  await page.getByRole('button', { name: /登\s*记/ }).click();
  await page.waitForURL('**/console/measures/CS-*');
  await page.getByText('措施详情').waitFor();
  await page.getByText(reason).waitFor();
  return decodeURIComponent(page.url().split('/').pop()!);
}

/** The 数值 of the figure labelled `label` in the page's table. */
const figureOnPage = async (page: Page, label: string): Promise<number> =>
  Number(await page.getByRole('row').filter({ has: page.getByRole('cell', { name: label, exact: true }) }).getByRole('button').innerText());

describe('统计 and 措施 in the console', () => {
  it('a group member records a 谈话提醒 and a 诫勉; the leader reads them in 统计, its chart and records, and downloads the same figures', async () => {
    const member = await signIn('g5-member');
    await nav(member).getByText('统计').waitFor();
    const talk = await recordMeasure(member, '谈话提醒', '陈某', '上班时间多次浏览与工作无关网页');
    await member.getByText('第一种形态').first().waitFor();
    await screenshot(member, __filename, 'measure-recorded');
    const admonishment = await recordMeasure(member, '诫勉', '林某', '违规使用公车办私事');
    // the API holds what the page recorded, by the member, under the form its kind counts under
    expect((await on.stack.as('staff-li').get(`/measures/${talk}`).expect(200)).body).toMatchObject({ kind: 'reminder_talk', form: 1, unitId: 'gongluju', subject: { name: '陈某' }, recordedById: 'g5-member' });
    expect((await on.stack.as('staff-li').get(`/measures/${admonishment}`).expect(200)).body).toMatchObject({ kind: 'admonishment', form: 1, source: { kind: 'routineSupervision' } });
    await nav(member).getByText('措施台账').click();
    await member.getByRole('row').filter({ hasText: '林某' }).filter({ hasText: '区公路局' }).waitFor();
    await member.getByRole('row').filter({ hasText: '陈某' }).waitFor();
    await screenshot(member, __filename, 'measures-list');

    const leader = await signIn('deputy');
    await nav(leader).getByText('统计').click();
    await leader.waitForURL('**/console/statistics');
    await leader.getByRole('cell', { name: '诫勉', exact: true }).waitFor();
    // this year to today, Beijing days, as the page asks by default
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const query = `from=${today.slice(0, 4)}-01-01&to=${today}`;
    const report = (await on.stack.as('deputy').get(`/statistics?${query}`).expect(200)).body;
    const value = (code: string): number => report.sections.flatMap((s: { figures: { code: string; value: number }[] }) => s.figures).find((f: { code: string }) => f.code === code).value;
    expect([value('talks'), value('admonishment'), value('form1')]).toEqual([1, 1, 2]);
    await expect(figureOnPage(leader, '谈话提醒和廉洁谈话')).resolves.toBe(1);
    await expect(figureOnPage(leader, '诫勉')).resolves.toBe(1);
    await expect(figureOnPage(leader, '第一种形态')).resolves.toBe(2);
    await expect(leader.getByRole('row').filter({ has: leader.getByRole('cell', { name: '第一种形态', exact: true }) }).innerText()).resolves.toContain('100.0%');
    // the sections in the API's order
    const titles = await leader.locator('.ant-card-head-title').allInnerTexts();
    expect(titles.filter((t) => t !== '统计')).toEqual(report.sections.map((s: { label: string }) => s.label));
    // the chart drawn: ECharts' svg inside the chart element, with the first form's sector and label
    const chart = leader.getByTestId('chart');
    await chart.locator('svg path').first().waitFor();
    await expect(chart.locator('svg').innerHTML()).resolves.toContain('第一种形态');
    await screenshot(leader, __filename, 'statistics');

    await leader.getByRole('button', { name: '诫勉 明细' }).click();
    const drawer = leader.getByRole('dialog');
    await drawer.getByText('诫勉（1 人）明细').waitFor();
    await drawer.getByRole('row').filter({ hasText: '林某' }).filter({ hasText: '区公路局' }).waitFor();
    await expect(drawer.getByRole('row').filter({ hasText: '陈某' }).count()).resolves.toBe(0);
    await screenshot(leader, __filename, 'statistics-records');
    await leader.keyboard.press('Escape');

    const [download] = await Promise.all([leader.waitForEvent('download'), leader.getByRole('link', { name: /下载 \.xlsx/ }).click()]);
    expect(download.suggestedFilename()).toBe(`监督执纪统计_${today.slice(0, 4)}-01-01_${today}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const rows = workbook.getWorksheet('统计报表')!.getSheetValues().filter(Array.isArray) as unknown[][];
    const header = rows.find((r) => r.includes('指标'))!;
    const inSheet = (label: string) => rows.find((r) => r[header.indexOf('指标')] === label)?.[header.indexOf('数值')];
    expect(inSheet('诫勉')).toBe(await figureOnPage(leader, '诫勉'));
    expect(inSheet('谈话提醒和廉洁谈话')).toBe(await figureOnPage(leader, '谈话提醒和廉洁谈话'));
  });

  it('a unit contact gets no 统计 or 措施 entry, and the API’s refusal in Chinese on the page itself', async () => {
    const contact = await signIn('gongluju-contact');
    await nav(contact).getByText('我的待办').waitFor();
    await expect(nav(contact).getByText('统计').count()).resolves.toBe(0);
    await expect(nav(contact).getByText('措施登记').count()).resolves.toBe(0);
    await contact.goto('/console/statistics');
    await contact.getByRole('alert').filter({ hasText: '无法查看统计：您无权进行此操作' }).waitFor();
    await expect(contact.getByRole('link', { name: /下载 \.xlsx/ }).count()).resolves.toBe(0);
    await screenshot(contact, __filename, 'statistics-refused');
  });
});
