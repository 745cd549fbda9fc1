/**
 * The seed's district, fifteen months of it (自去年四月至今年上半年), played through the public API only:
 * `npm run scenario -- --api http://localhost:3000` (scripts/seedScenario.ts) against a system seeded with the demo district
 * (`npm run dev` does). Every record is made by the person who would make it, with their demo token.
 *
 * What it plays, ending today (the figures the seed reports, SEED_FIGURES):
 * - 谈话提醒和廉洁谈话 345 人次: reminder talks in day-to-day supervision, integrity talks on the days before
 *   each holiday of the period (节日廉洁提醒), and the reminder talks two talk inquiries end in;
 * - 批评教育 13 人: fourteen criticisms, one person criticised twice (counted once: 人);
 * - 谈话诫勉 6 人: five in day-to-day supervision, and the 卫监所 case: heard in passing during a visit to
 *   区公路局, verified (初步核实), 诫勉;
 * - 立案 10 件 10 人, 结案 10 件 10 人: ten leads checked, filed, heard (审理) and closed;
 * - the false report against a service-window clerk of 区政务服务中心: checked, found fabricated, the clerk
 *   cleared (澄清正名) and the reporter criticised and ordered to write a self-criticism;
 * - a complaint of 吃卡拿要 not borne out by covert visits: a risk point the unit rectifies.
 */
import { demoToken } from '../../prisma/seed';

export const SEED_FIGURES = { talks: 345, criticism: 13, admonishment: 6, casesFiled: 10, casesClosed: 10 } as const;

export interface ScenarioOptions {
  /** the API's base URL */
  baseUrl: string;
  /** the bearer token of a person of the district */
  token?: (personId: string) => string;
  /** the Shanghai date the period ends on (the API's today) */
  today: string;
  log?: (line: string) => void;
}

/** The fifteen months ending `today`: from the day after the same date fifteen months before. */
export function scenarioPeriod(today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - 1 - 15, d + 1));
  return { from: start.toISOString().slice(0, 10), to: today };
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
/** The i-th of n days spread evenly over the period, never after its last day. */
const spread = ({ from, to }: { from: string; to: string }, i: number, n: number) => addDays(from, Math.min(daysBetween(from, to), Math.floor(((i + 0.5) * (daysBetween(from, to) + 1)) / n)));

const SURNAMES = ['陈', '林', '黄', '张', '李', '王', '吴', '刘', '蔡', '杨', '许', '郑', '谢', '洪', '郭'];
const ORDINALS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'];
/** `陈某甲`: a person of a unit named as the records name them (not a registry person). */
const personName = (i: number) => `${SURNAMES[i % SURNAMES.length]}某${ORDINALS[Math.floor(i / SURNAMES.length) % ORDINALS.length]}`;

interface Unit {
  id: string;
  name: string;
  groupId: string;
}

export type Call = <T = unknown>(as: string, method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;

function caller({ baseUrl, token = demoToken }: ScenarioOptions): Call {
  return async <T>(as: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(new URL(path, baseUrl), {
      method,
      headers: { authorization: `Bearer ${token(as)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} as ${as}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** Polls `probe` until it answers true: a lead's next process starts a moment after the step that asks for it. */
async function until(probe: () => Promise<boolean>, what: string, where?: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await probe()) return;
  throw new Error(`timed out waiting for ${what}${where ? `: ${JSON.stringify(await where())}` : ''}`);
}

/** The measures recorded directly, outside any lead: how many of each, so the leads' add up to SEED_FIGURES. */
export const DIRECT = { reminderTalks: 208, integrityTalks: 135, criticisms: 14, criticisedPersons: 13, admonishments: 5 } as const;

async function recordMeasure(call: Call, unit: Unit, kind: string, heldOn: string, name: string, reason: string, source: { kind: string; id?: string }) {
  await call(`${unit.groupId}-member`, 'POST', '/measures', { kind, unitId: unit.id, heldOn, subject: { name }, reason, source });
}

/** 谈话提醒 (day-to-day supervision) and 廉洁谈话 (on the three days before each holiday of the period). */
async function playTalks(call: Call, units: Unit[], period: { from: string; to: string }) {
  for (let i = 0; i < DIRECT.reminderTalks; i++) {
    const unit = units[i % units.length];
    await recordMeasure(call, unit, 'reminder_talk', spread(period, i, DIRECT.reminderTalks), personName(i), '日常监督中发现苗头性问题，及时谈话提醒', { kind: 'routineSupervision' });
  }
  const holidays = await holidaysIn(call, period);
  for (let i = 0; i < DIRECT.integrityTalks; i++) {
    const holiday = holidays[i % holidays.length];
    const unit = units[i % units.length];
    const heldOn = addDays(holiday, -1 - (Math.floor(i / holidays.length) % 3));
    await recordMeasure(call, unit, 'integrity_talk', heldOn, personName(i + 7), '节前廉洁提醒谈话：严禁公车私用、公款旅游、公款聚餐', { kind: 'holidayReminder', id: holiday });
  }
}

/** The first days of the holidays whose eve falls in the period. */
async function holidaysIn(call: Call, period: { from: string; to: string }): Promise<string[]> {
  const years = [...new Set([period.from.slice(0, 4), period.to.slice(0, 4)])];
  const found: string[] = [];
  for (const year of years) {
    const detail = await call<{ holidays: { firstDay: string }[] }>('staff-li', 'GET', `/calendar/years/${year}`);
    found.push(...detail.holidays.map((h) => h.firstDay).filter((d) => addDays(d, -3) >= period.from && d <= period.to));
  }
  if (!found.length) throw new Error(`no holiday in ${period.from}–${period.to}: the calendar lacks the period's years`);
  return found.sort();
}

/** 批评教育 fourteen times, of thirteen people (the first is criticised twice); 诫勉 five times. */
async function playCriticismsAndAdmonishments(call: Call, units: Unit[], period: { from: string; to: string }) {
  for (let i = 0; i < DIRECT.criticisms; i++) {
    const who = i === DIRECT.criticisms - 1 ? 0 : i;
    await recordMeasure(call, units[who % units.length], 'criticism', spread(period, i, DIRECT.criticisms), personName(100 + who), '上班时间窜岗、与工作无关上网，经提醒仍未改正', { kind: 'routineSupervision' });
  }
  for (let i = 0; i < DIRECT.admonishments; i++) {
    await recordMeasure(call, units[(i * 5) % units.length], 'admonishment', spread(period, i, DIRECT.admonishments), personName(200 + i), '违反工作纪律，情节较轻，谈话诫勉', { kind: 'routineSupervision' });
  }
}

interface LeadPlan {
  unitId: string;
  source: { kind: string; channel: string };
  person: { name: string; title: string };
  summary: string;
  reporter?: { name: string; phone: string };
}

/** One lead, as the unit's group member registers and handles it: received, accepted, its method proposed, studied, approved. */
async function disposedLead(call: Call, unit: Unit, plan: LeadPlan, method: 'talk_inquiry' | 'preliminary_check', today: string): Promise<string> {
  const handler = `${unit.groupId}-member`;
  const body = { source: plan.source, unitId: unit.id, personsConcerned: [plan.person], summary: plan.summary, realName: !!plan.reporter, ...(plan.reporter && { reporter: plan.reporter }), handlerId: handler };
  const { id } = await call<{ id: string }>(handler, 'POST', '/leads', body);
  await until(() => call(handler, 'POST', `/leads/${id}/acceptance`, { decision: 'accept' }).then(() => true, () => false), `lead ${id} accepted`);
  await call(handler, 'POST', `/leads/${id}/disposal-proposal`, { method, reason: '经研判，按此方式处置' });
  await call(handler, 'POST', `/leads/${id}/collective-review`, { heldOn: today, attendeeIds: [`${unit.groupId}-leader`, handler], opinion: '经集体研究，同意' });
  await call('deputy', 'POST', `/leads/${id}/disposal-decision`, { decision: 'approve' });
  const path = method === 'talk_inquiry' ? `/talk-inquiries/${id}` : `/preliminary-checks/${id}`;
  await until(async () => call(handler, 'GET', path).then(() => true, () => false), `the ${method} of ${id}`);
  return id;
}

/** 初步核实 to its conclusion, approved; waits for the lead to end with its outcome. */
async function checkedLead(call: Call, unit: Unit, plan: LeadPlan, conclusion: Record<string, unknown>, today: string): Promise<string> {
  const id = await disposedLead(call, unit, plan, 'preliminary_check', today);
  const handler = `${unit.groupId}-member`;
  const path = `/preliminary-checks/${id}`;
  await call(handler, 'POST', `${path}/scheme`, { what: '核实反映问题是否属实', how: '调阅资料、暗访、谈话', teamIds: [handler, `${unit.groupId}-leader`], teamLeaderId: `${unit.groupId}-leader` });
  await call('deputy', 'POST', `${path}/scheme-decision`, { decision: 'approve' });
  await call(handler, 'POST', `${path}/conclusion`, conclusion);
  await call('deputy', 'POST', `${path}/conclusion-decision`, { decision: 'approve' });
  await until(async () => ['closed', 'case_filed'].includes((await call<{ state: string }>(handler, 'GET', `/leads/${id}`)).state), `lead ${id} concluded`);
  return id;
}

/** A case filed on a checked lead, heard (审理) by commission staff and closed with its disposition. */
async function caseClosed(call: Call, unit: Unit, plan: LeadPlan, disposition: string, today: string): Promise<void> {
  const leadId = await checkedLead(call, unit, plan, { outcome: 'case_filed', facts: '经初步核实，违纪事实基本清楚', proposal: '建议立案审查' }, today);
  const handler = `${unit.groupId}-member`;
  const { id } = await call<{ id: string }>('deputy', 'POST', '/cases', { leadId, filedOn: today });
  await until(async () => call(handler, 'GET', `/cases/${id}`).then(() => true, () => false), `case ${id}`);
  await call(handler, 'POST', `/cases/${id}/hearing`, { reviewerId: 'staff-chen' });
  await call('staff-chen', 'POST', `/cases/${id}/hearing-opinion`, { opinion: '事实清楚，证据确凿，定性准确' });
  await call('deputy', 'POST', `/cases/${id}/closing`, { dispositions: [{ name: plan.person.name, kind: disposition }] });
  await until(async () => (await call<{ state: string }>(handler, 'GET', `/cases/${id}`)).state === 'closed', `case ${id} closed`);
}

/** Two talk inquiries whose replies were accepted, each ending in a reminder talk (谈话提醒). */
async function talkInquiries(call: Call, units: Unit[], today: string): Promise<void> {
  for (const [i, unit] of units.slice(0, 2).entries()) {
    const person = { name: personName(300 + i), title: `${unit.name}科长` };
    const id = await disposedLead(call, unit, { unitId: unit.id, source: { kind: 'complaint', channel: 'letter' }, person, summary: '反映其工作作风漂浮' }, 'talk_inquiry', today);
    const handler = `${unit.groupId}-member`;
    const path = `/talk-inquiries/${id}`;
    await call(handler, 'POST', `${path}/form`, { form: 'letter', sentOn: today, arrivedOn: today });
    await call(handler, 'POST', `${path}/reply`, { receivedOn: today, summary: '本人如实说明情况' });
    const measure = { kind: 'reminder_talk', subject: person, heldOn: today, heldById: `${unit.groupId}-leader` };
    await call(handler, 'POST', `${path}/evaluation`, { verdict: 'accepted', reason: '说明属实，予以采信，谈话提醒', measures: [measure] });
    await call('deputy', 'POST', `${path}/evaluation-decision`, { decision: 'approve' });
    await until(async () => (await call<{ state: string }>(handler, 'GET', `/leads/${id}`)).state === 'closed', `lead ${id} closed`, () => call(handler, 'GET', path));
  }
}

/** The dispositions of the ten cases: the forms they count under follow from the kinds (domain/fourForms.ts). */
export const CASE_DISPOSITIONS = ['light_sanction', 'light_sanction', 'light_sanction', 'light_sanction', 'light_sanction', 'light_sanction', 'organisational_adjustment', 'heavy_sanction', 'heavy_sanction', 'major_post_adjustment'] as const;

/** The leads of the fifteen months: ten cases, two talk inquiries, the 卫监所 case, the false report, the risk point. */
async function playLeads(call: Call, units: Unit[], today: string) {
  const byId = new Map(units.map((u) => [u.id, u]));
  await talkInquiries(call, units, today);
  for (const [i, disposition] of CASE_DISPOSITIONS.entries()) {
    const unit = units[(i * 7) % units.length];
    const source = [{ kind: 'complaint', channel: 'online' }, { kind: 'handover', channel: 'inspection_tour' }, { kind: 'supervision', channel: 'routine_run' }][i % 3];
    await caseClosed(call, unit, { unitId: unit.id, source, person: { name: personName(400 + i), title: `${unit.name}干部` }, summary: '反映其违规收受礼金' }, disposition, today);
  }
  // 卫监所: heard in passing during the visit to 区公路局, verified, 诫勉
  const weijiansuo = byId.get('weijiansuo')!;
  const staffer = { name: '卫监所某人', title: '区卫生监督所执法人员' };
  await checkedLead(call, weijiansuo, { unitId: weijiansuo.id, source: { kind: 'supervision', channel: 'heard' }, person: staffer, summary: '听说其在执法过程中收受监管对象物品' }, {
    outcome: 'first_form', facts: '经核实，确有收受监管对象物品行为，价值较小，认错态度好', measures: [{ kind: 'admonishment', subject: staffer, heldOn: today, heldById: `${weijiansuo.groupId}-leader` }],
  }, today);
  // the service-window clerk, reported again and again: fabricated; the clerk cleared, the reporter criticised and made to write a self-criticism
  const window = byId.get('zhengwuzhongxin')!;
  const clerk = { name: '窗口某工作人员', title: '区政务服务中心窗口工作人员' };
  const falseLead = await checkedLead(call, window, { unitId: window.id, source: { kind: 'complaint', channel: 'phone' }, person: clerk, summary: '多次反映其服务态度恶劣', reporter: { name: '场景举报人', phone: '13900000000' } }, {
    outcome: 'false_accusation', facts: '经核实，反映问题不属实', finding: '举报人无中生有',
  }, today);
  const { id: clearanceId } = await call<{ id: string }>(`${window.groupId}-member`, 'POST', '/clearances', { leadId: falseLead, consent: { given: true, on: today }, method: 'notice', audience: [{ unit: window.name }], reporterCorrection: 'written_self_criticism' });
  await until(async () => call(`${window.groupId}-member`, 'GET', `/clearances/${clearanceId}`).then(() => true, () => false), `clearance ${clearanceId}`);
  await call('deputy', 'POST', `/clearances/${clearanceId}/decision`, { decision: 'approve' });
  // 吃卡拿要 at a law-enforcement team: not found by covert visits, a risk point its unit rectifies
  const chengguan = byId.get('chengguanju')!;
  await checkedLead(call, chengguan, { unitId: chengguan.id, source: { kind: 'complaint', channel: 'letter' }, person: { name: '执法队某队员', title: '城管执法队员' }, summary: '反映执法中吃拿卡要' }, {
    outcome: 'risk_point', facts: '经多次暗访，未发现反映问题', risk: '执法队伍吃拿卡要风险',
  }, today);
}

export async function playSeedScenario(options: ScenarioOptions): Promise<{ from: string; to: string }> {
  const call = caller(options);
  const log = options.log ?? (() => undefined);
  const period = scenarioPeriod(options.today);
  const units = (await call<{ items: Unit[] }>('staff-li', 'GET', '/units')).items;
  log(`period ${period.from} – ${period.to}, ${units.length} units`);
  await playTalks(call, units, period);
  log(`talks: ${DIRECT.reminderTalks} reminder, ${DIRECT.integrityTalks} integrity`);
  await playCriticismsAndAdmonishments(call, units, period);
  log(`criticisms ${DIRECT.criticisms}, admonishments ${DIRECT.admonishments}`);
  await playLeads(call, units, options.today);
  log(`leads: 2 talk inquiries, ${CASE_DISPOSITIONS.length} cases filed and closed, the 卫监所 case, the false report, the risk point`);
  return period;
}
