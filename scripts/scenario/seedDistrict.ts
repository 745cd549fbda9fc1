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
 *   区公路局, verified, 诫勉;
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
  return period;
}
