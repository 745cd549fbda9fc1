import { FOUR_FORMS, MEASURE_KINDS, type CountingUnit, type FormNumber, type MeasureKind } from './fourForms';
import { DISPOSAL_METHODS, LEAD_SOURCES, type DisposalMethod, type LeadSourceKind } from './leads';

/**
 * 统计报表: the figures in the order the commission reports them (CCDI bulletins ✔: 信访举报 → 问题线索 →
 * 谈话函询 → 立案 → 处分 → 四种形态 人次 and shares), then the supervision side.
 */
export const SECTIONS = {
  leads: '问题线索',
  cases: '立案审查',
  measures: '谈话与处理',
  fourForms: '运用监督执纪“四种形态”',
  supervision: '监督检查',
} as const;
export type SectionCode = keyof typeof SECTIONS;

/** What a figure counts: measures (by kind or by form), or one process's rows opened, closed or overdue in the period. */
export type FigureBasis =
  | { of: 'measures'; kinds: readonly MeasureKind[] }
  | { of: 'form'; form: FormNumber | 'any' }
  | { of: 'process'; process: SupervisionProcess; event: 'opened' | 'closed' | 'overdue' }
  | { of: 'leads'; event: 'received'; sourceKind?: LeadSourceKind }
  | { of: 'leads'; event: 'disposed'; method?: DisposalMethod }
  /** cases filed (by the 立案 date) or closed (结案) in the period: 件 counts cases, 人 each person concerned once */
  | { of: 'cases'; event: 'filed' | 'closed' };

export interface FigureSpec {
  code: string;
  section: SectionCode;
  label: string;
  unit: CountingUnit;
  basis: FigureBasis;
}

export const SUPERVISION_PROCESSES = {
  campaign: '专项督查',
  routineRun: '常态监督检查',
  surpriseCheck: '突击抽查',
  targetedAudit: '靶向督查',
  rectification: '整改',
} as const;
export type SupervisionProcess = keyof typeof SUPERVISION_PROCESSES;

/**
 * opened: started in the period (a surprise check: unsealed in it, never while sealed); closed:
 * completed in it (a rectification 销号); overdue: still open, its deadline passed inside the period.
 */
export const PROCESS_EVENTS = { opened: '开展', closed: '完成', overdue: '逾期未完成' } as const;

const supervision = (Object.keys(SUPERVISION_PROCESSES) as SupervisionProcess[]).flatMap((process) =>
  (Object.keys(PROCESS_EVENTS) as (keyof typeof PROCESS_EVENTS)[]).map(
    (event): FigureSpec => ({
      code: `${process}.${event}`,
      section: 'supervision',
      label: `${SUPERVISION_PROCESSES[process]}${process === 'rectification' && event === 'closed' ? '销号' : PROCESS_EVENTS[event]}`,
      unit: 'items',
      basis: { of: 'process', process, event },
    }),
  ),
);

/**
 * Leads received (by the day of receipt) and disposed of (by the day their latest disposal was approved),
 * in all and by source and by method; 谈话函询 in 件次 is the disposals by talk inquiry.
 */
const leads: FigureSpec[] = [
  { code: 'leads.received', section: 'leads', label: '受理问题线索', unit: 'items', basis: { of: 'leads', event: 'received' } },
  ...(Object.keys(LEAD_SOURCES) as LeadSourceKind[]).map(
    (sourceKind): FigureSpec => ({ code: `leads.received.${sourceKind}`, section: 'leads', label: `其中：${LEAD_SOURCES[sourceKind].label}`, unit: 'items', basis: { of: 'leads', event: 'received', sourceKind } }),
  ),
  { code: 'leads.disposed', section: 'leads', label: '处置问题线索', unit: 'items', basis: { of: 'leads', event: 'disposed' } },
  ...(Object.keys(DISPOSAL_METHODS) as DisposalMethod[]).map(
    (method): FigureSpec => ({
      code: `leads.disposed.${method}`,
      section: 'leads',
      label: method === 'talk_inquiry' ? DISPOSAL_METHODS[method] : `其中：${DISPOSAL_METHODS[method]}`,
      unit: method === 'talk_inquiry' ? 'itemTimes' : 'items',
      basis: { of: 'leads', event: 'disposed', method },
    }),
  ),
];

const form = (f: FormNumber): FigureSpec => ({ code: `form${f}`, section: 'fourForms', label: FOUR_FORMS[f].label, unit: 'personTimes', basis: { of: 'form', form: f } });

const cases = (event: 'filed' | 'closed', unit: 'items' | 'persons'): FigureSpec => ({
  code: `cases.${event}${unit === 'persons' ? 'Persons' : ''}`,
  section: 'cases',
  label: `${event === 'filed' ? '立案' : '结案'}${unit === 'persons' ? '人数' : '件数'}`,
  unit,
  basis: { of: 'cases', event },
});

export const FIGURES = [
  ...leads,
  cases('filed', 'items'),
  cases('filed', 'persons'),
  cases('closed', 'items'),
  cases('closed', 'persons'),
  { code: 'talks', section: 'measures', label: `${MEASURE_KINDS.reminder_talk.label}和${MEASURE_KINDS.integrity_talk.label}`, unit: 'personTimes', basis: { of: 'measures', kinds: ['reminder_talk', 'integrity_talk'] } },
  { code: 'criticism', section: 'measures', label: MEASURE_KINDS.criticism.label, unit: 'persons', basis: { of: 'measures', kinds: ['criticism'] } },
  { code: 'admonishment', section: 'measures', label: MEASURE_KINDS.admonishment.label, unit: 'persons', basis: { of: 'measures', kinds: ['admonishment'] } },
  { code: 'fourForms', section: 'fourForms', label: '运用“四种形态”处理', unit: 'personTimes', basis: { of: 'form', form: 'any' } },
  form(1),
  form(2),
  form(3),
  form(4),
  ...supervision,
] as const satisfies readonly FigureSpec[];

export type FigureCode = (typeof FIGURES)[number]['code'];
export const FIGURE_CODES: FigureCode[] = FIGURES.map((f) => f.code);
export const figureOf = (code: FigureCode): FigureSpec | undefined => FIGURES.find((f) => f.code === code);
