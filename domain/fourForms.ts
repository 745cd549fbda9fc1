/**
 * 四种形态 and the measures (措施) recorded under them, as data with the rule each comes from, so the
 * statistics count every form from the kinds and no label is buried in code.
 *
 * Sources (DOMAIN.md "Leads, talks and cases", ✔ official text, ◐ secondary):
 * - the forms: 《中国共产党纪律处分条例》(2024年修订) 第五条 ◐ (its text as quoted by secondary sources);
 * - the counting units: 《"四种形态"统计指标体系(试行)》中纪办发〔2016〕2号 ✔ (5 categories, 56 indicators);
 *   the CCDI bulletins report the forms in 人次 and each form's share ✔.
 */

export type FormNumber = 1 | 2 | 3 | 4;

export interface Rule {
  /** the text the rule is in */
  source: string;
  /** ✔ official text read, ◐ secondary sources only */
  confidence: '✔' | '◐';
  note?: string;
}

const ARTICLE_5: Rule = {
  source: '《中国共产党纪律处分条例》(2024年修订) 第五条',
  confidence: '◐',
  note: 'the article’s list of each form, as secondary sources quote it; the official text was not read here',
};

export const INDICATORS_RULE: Rule = {
  source: '《"四种形态"统计指标体系(试行)》中纪办发〔2016〕2号',
  confidence: '✔',
  note: '5 categories, 56 indicators; the forms are counted in 人次 and reported with each form’s share',
};

/** The four forms (四种形态), each with what 第五条 lists under it. */
export const FOUR_FORMS: Record<FormNumber, { label: string; covers: string; rule: Rule }> = {
  1: { label: '第一种形态', covers: '批评和自我批评、谈话提醒、批评教育、责令检查、诫勉', rule: ARTICLE_5 },
  2: { label: '第二种形态', covers: '党纪轻处分、组织调整', rule: ARTICLE_5 },
  3: { label: '第三种形态', covers: '党纪重处分、重大职务调整', rule: ARTICLE_5 },
  4: { label: '第四种形态', covers: '严重违纪涉嫌犯罪追究刑事责任', rule: ARTICLE_5 },
};
export const FORM_NUMBERS = [1, 2, 3, 4] as const satisfies readonly FormNumber[];

/** 统计口径: how a figure counts. 人次 counts every record, 人 each person once, 件 / 件次 items. */
export const COUNTING_UNITS = {
  personTimes: '人次',
  persons: '人',
  items: '件',
  itemTimes: '件次',
} as const;
export type CountingUnit = keyof typeof COUNTING_UNITS;

export interface MeasureKindSpec {
  label: string;
  /** the form it counts under; null: not a form (an integrity talk prevents, it disposes of no one) */
  form: FormNumber | null;
  /** how its own figure counts it */
  unit: CountingUnit;
  rule: Rule;
}

/** The kinds of measure (措施) a person may be given, each with its form and its unit of counting. */
export const MEASURE_KINDS = {
  reminder_talk: { label: '谈话提醒', form: 1, unit: 'personTimes', rule: ARTICLE_5 },
  integrity_talk: {
    label: '廉洁谈话',
    form: null,
    unit: 'personTimes',
    rule: {
      source: 'the seed article’s figure 谈话提醒和廉洁谈话 (人次); not in 第五条’s list',
      confidence: '◐',
      note: 'held before a holiday or an appointment to prevent, not to dispose of a problem: counted with reminder talks in 人次, under no form',
    },
  },
  criticism: { label: '批评教育', form: 1, unit: 'persons', rule: ARTICLE_5 },
  ordered_self_examination: { label: '责令检查', form: 1, unit: 'persons', rule: ARTICLE_5 },
  written_self_criticism: {
    label: '书面检讨',
    form: 1,
    unit: 'persons',
    rule: { ...ARTICLE_5, note: 'the written form of 责令检查, as the seed records it (the reporter of a false accusation writes one)' },
  },
  admonishment: { label: '诫勉', form: 1, unit: 'persons', rule: ARTICLE_5 },
  light_sanction: { label: '党纪轻处分', form: 2, unit: 'persons', rule: { ...ARTICLE_5, note: '警告、严重警告' } },
  organisational_adjustment: { label: '组织调整', form: 2, unit: 'persons', rule: ARTICLE_5 },
  heavy_sanction: { label: '党纪重处分', form: 3, unit: 'persons', rule: { ...ARTICLE_5, note: '撤销党内职务、留党察看、开除党籍' } },
  major_post_adjustment: { label: '重大职务调整', form: 3, unit: 'persons', rule: ARTICLE_5 },
  criminal_referral: { label: '移送司法', form: 4, unit: 'persons', rule: { ...ARTICLE_5, note: '严重违纪涉嫌犯罪，追究刑事责任' } },
} as const satisfies Record<string, MeasureKindSpec>;
export type MeasureKind = keyof typeof MEASURE_KINDS;
export const MEASURE_KIND_KEYS = Object.keys(MEASURE_KINDS) as MeasureKind[];

export const formOf = (kind: MeasureKind): FormNumber | null => MEASURE_KINDS[kind].form;
/** The kinds that count under `form`. */
export const kindsOfForm = (form: FormNumber): MeasureKind[] => MEASURE_KIND_KEYS.filter((k) => MEASURE_KINDS[k].form === form);

/**
 * Where a measure came from: a lead, a process of the supervision, a holiday reminder, or day-to-day
 * supervision that belongs to no process (its id optional). A lead is named by its 统一编号, a case by its 案件编号
 * (a closed case's dispositions are written with it).
 */
export const MEASURE_SOURCES = {
  lead: { label: '问题线索', idRequired: true },
  case: { label: '立案审查', idRequired: true },
  routineRun: { label: '常态监督检查', idRequired: true },
  surpriseCheck: { label: '突击抽查', idRequired: true },
  targetedAudit: { label: '靶向督查', idRequired: true },
  holidayReminder: { label: '节日廉洁提醒', idRequired: true },
  routineSupervision: { label: '日常监督', idRequired: false },
} as const;
export type MeasureSource = keyof typeof MEASURE_SOURCES;

/**
 * Each form's share of `counts` in tenths of a percent, summing to exactly 1000 when any is counted
 * (largest remainder: the tenths lost to rounding down go to the largest remainders, ties to the lower
 * form), so a report's shares add up to 100.0% as a submission must; all zero when nothing is counted.
 */
export function formShares(counts: Record<FormNumber, number>): Record<FormNumber, number> {
  const total = FORM_NUMBERS.reduce((s, f) => s + counts[f], 0);
  const shares = { 1: 0, 2: 0, 3: 0, 4: 0 } as Record<FormNumber, number>;
  if (!total) return shares;
  const remainders = FORM_NUMBERS.map((f) => {
    const exact = (counts[f] * 1000) / total;
    shares[f] = Math.floor(exact);
    return { f, rest: counts[f] * 1000 - shares[f] * total };
  });
  let left = 1000 - FORM_NUMBERS.reduce((s, f) => s + shares[f], 0);
  for (const { f } of [...remainders].sort((a, b) => b.rest - a.rest || a.f - b.f)) {
    if (left-- <= 0) break;
    shares[f] += 1;
  }
  return shares;
}

/** A share in tenths of a percent as people read it: 1000 → '100.0%', 333 → '33.3%'. */
export const percentText = (tenths: number) => `${(tenths / 10).toFixed(1)}%`;
