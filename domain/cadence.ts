/**
 * How often a routine supervision cycle runs, always in Asia/Shanghai: monthly (day 1, 09:00),
 * quarterly (January, April, July, October, day 1, 09:00) or a 5-field cron expression.
 */
export type Cadence = { kind: 'monthly' } | { kind: 'quarterly' } | { kind: 'cron'; cron: string };

/** 自我监督 rotas turn weekly (Monday 09:00) or on a 5-field cron expression. */
export type RotaCadence = { kind: 'weekly' } | { kind: 'cron'; cron: string };

/** Every cadence a tantou Schedule runs on. */
export type ScheduleCadence = Cadence | RotaCadence;

export const CADENCE_TIMEZONE = 'Asia/Shanghai';

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[] },
  { name: 'hour', min: 0, max: 23, names: [] },
  { name: 'day of month', min: 1, max: 31, names: [] },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

/** One value of a cron field: a number in range, or a month/day name (JAN = 1, SUN = 0). */
function valueOf(token: string, field: (typeof CRON_FIELDS)[number]): number | undefined {
  const named = field.names.indexOf(token.toUpperCase());
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= field.min && n <= field.max ? n : undefined;
}

/** `*`, `?`, `a`, `a-b`, each optionally `/step`, comma-separated. */
function fieldProblem(text: string, field: (typeof CRON_FIELDS)[number]): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, ...extra] = part.split('/');
    if (extra.length || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `bad step in ${field.name} "${part}"`;
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    const values = bounds.map((b) => valueOf(b, field));
    if (bounds.length > 2 || values.some((v) => v === undefined)) return `${field.name} "${part}" is not within ${field.min}–${field.max}`;
    if (values.length === 2 && values[0]! > values[1]!) return `${field.name} range "${range}" runs backwards`;
  }
  return undefined;
}

/**
 * Why a cron expression is not one tantou accepts (undefined if it is fine). Checked before anything
 * is created, so the caller learns which field is wrong instead of a server error half-way through.
 */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) return `a cron expression has 5 fields (minute hour day-of-month month day-of-week), not ${fields.length}`;
  for (const [i, text] of fields.entries()) {
    const problem = fieldProblem(text, CRON_FIELDS[i]);
    if (problem) return problem;
  }
  return undefined;
}

/** The values one field of a (valid) cron expression allows; day of week 7 is Sunday, as 0 is. */
function valuesOf(text: string, field: (typeof CRON_FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, step] = part.split('/');
    const bounds = range === '*' || range === '?' ? [field.min, field.max] : range.split('-').map((b) => valueOf(b, field)!);
    // `a/step` runs from a to the field's end
    const [from, to] = [bounds[0], bounds[1] ?? (step ? field.max : bounds[0])];
    for (let v = from; v <= to; v += Number(step ?? 1)) values.add(field.name === 'day of week' ? v % 7 : v);
  }
  return values;
}

const unrestricted = (text: string) => text === '*' || text === '?';

/**
 * Whether a cadence starts a run on a Shanghai date (the time of day aside): what the calendar watch
 * needs to know which run first has a deadline in a year without data. For cron, as in Vixie cron, a
 * day matches either day field when both are restricted.
 */
export function firesOn(cadence: ScheduleCadence, date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`);
  const [dayOfMonth, month, weekday] = [day.getUTCDate(), day.getUTCMonth() + 1, day.getUTCDay()];
  switch (cadence.kind) {
    case 'weekly':
      return weekday === 1;
    case 'monthly':
      return dayOfMonth === 1;
    case 'quarterly':
      return dayOfMonth === 1 && month % 3 === 1;
    case 'cron': {
      const [, , domText, monthText, dowText] = cadence.cron.trim().split(/\s+/);
      const [dom, dow] = [valuesOf(domText, CRON_FIELDS[2]).has(dayOfMonth), valuesOf(dowText, CRON_FIELDS[4]).has(weekday)];
      const days = unrestricted(domText) || unrestricted(dowText) ? dom && dow : dom || dow;
      return days && valuesOf(monthText, CRON_FIELDS[3]).has(month);
    }
  }
}

/**
 * A run is due this many 工作日 after it starts unless the cycle says otherwise: two working weeks,
 * so a monthly run started on the 1st is due mid-month and its ladder (up to 5 working days later)
 * has played out before the next run.
 */
export const DEFAULT_ROUTINE_DUE_IN_WORKING_DAYS = 10;
