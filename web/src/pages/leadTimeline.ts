// 办理过程 of a lead's page: the lead's own events and those of the processes its disposal led to
// (谈话函询, 初步核实, 立案审查, 澄清正名), in words. The workflows record them (workflows/<process>.ts);
// the labels are the domain's own data.
import { CLEARANCE_METHODS, REPORTER_CORRECTIONS } from '../../../domain/clearances';
import { MEASURE_KINDS } from '../../../domain/fourForms';
import { DISPOSAL_METHODS, LEAD_OUTCOMES, REPORTER_NOTICE_KINDS, REPORTER_NOTICE_MEANS } from '../../../domain/leads';
import { WARNING_LEVELS } from '../../../domain/preliminaryChecks';
import { INQUIRY_FORMS, INQUIRY_VERDICTS } from '../../../domain/talkInquiries';
import type { LeadDetail } from '../api';
import { formatInstant } from '../time';

type Detail = Record<string, unknown>;
type Texts = Record<string, (d: Detail) => string>;

const label = (labels: Record<string, string>, key: unknown): string => (typeof key === 'string' ? (labels[key] ?? key) : '');
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const at = (v: unknown): string => (typeof v === 'string' ? formatInstant(v) : '');
const remark = (v: unknown, lead = '：'): string => (text(v) ? `${lead}${text(v)}` : '');
const MEASURE_LABELS = Object.fromEntries(Object.entries(MEASURE_KINDS).map(([k, v]) => [k, v.label]));

/** A calendar amendment moved a deadline: from and to. */
const replanned = (d: Detail): string => `节假日安排调整，期限由 ${at(d.from)} 重新计算为 ${at(d.to)}`;

const LEAD: Texts = {
  registered: () => '登记',
  opened: (d) => `开始办理，受理期限 ${at(d.acceptanceDueAt)}`,
  accepted: (d) => `受理${remark(d.comment)}`,
  forwarded: (d) => `转办至 ${text(d.forwardTo)}：${text(d.reason)}`,
  deadline_replanned: replanned,
  disposal_proposed: (d) => `拟处置：${label(DISPOSAL_METHODS, d.method)}（${text(d.reason)}）`,
  collective_review_recorded: (d) => `集体研究（${text(d.heldOn)}）：${text(d.opinion)}`,
  disposal_approved: (d) => `处置获批：${label(DISPOSAL_METHODS, d.method)}${text(d.comment) ? `（${text(d.comment)}）` : ''}`,
  disposal_sent_back: (d) => `拟处置被退回：${text(d.reason)}`,
  shelve_review_due: (d) => `暂存待查到期（${text(d.reviewOn)}），待重新拟处置`,
  taken_to_preliminary_check: (d) => `转初步核实：${text(d.reason)}`,
  concluded: (d) => `办结${d.outcome ? `：${label(LEAD_OUTCOMES, d.outcome)}` : ''}`,
};

const TALK_INQUIRY: Texts = {
  opened: () => '谈话函询开始',
  form_recorded: (d) => `${label(INQUIRY_FORMS, d.form)}（${d.form === 'letter' ? `${text(d.sentOn)} 发出，${text(d.arrivedOn)} 送达` : text(d.heldOn)}），书面回复期限 ${at(d.replyDueAt)}`,
  extension_requested: (d) => `申请延期至 ${text(d.dueOn)}：${text(d.reason)}`,
  extension_granted: (d) => `同意延期至 ${text(d.dueOn)}`,
  extension_refused: (d) => `不同意延期${remark(d.reason)}`,
  deadline_replanned: replanned,
  reply_received: (d) => `收到书面回复（${text(d.receivedOn)}）`,
  evaluation_proposed: (d) => `评估意见：${label(INQUIRY_VERDICTS, d.verdict)}（${text(d.reason)}）`,
  evaluation_returned: (d) => `评估意见被退回：${text(d.reason)}`,
  evaluation_approved: (d) => `评估意见获批：${label(INQUIRY_VERDICTS, d.verdict)}${remark(d.comment, '，')}`,
};

const PRELIMINARY_CHECK: Texts = {
  opened: () => '初步核实开始',
  scheme_proposed: (d) => `拟定核实方案：${text(d.what)}`,
  scheme_returned: (d) => `核实方案被退回：${text(d.reason)}`,
  scheme_approved: (d) => `核实方案获批，黄灯 ${at(d.yellowAt)}、红灯 ${at(d.redAt)}`,
  warning: (d) => `${label(WARNING_LEVELS, d.level)}预警`,
  conclusion_proposed: (d) => `核实结论：${label(LEAD_OUTCOMES, d.outcome)}`,
  conclusion_returned: (d) => `核实结论被退回：${text(d.reason)}`,
  conclusion_approved: (d) => `核实结论获批：${label(LEAD_OUTCOMES, d.outcome)}${remark(d.comment, '，')}`,
};

const CASE: Texts = {
  filed: (d) => `立案（${text(d.filedOn)}，被审查人 ${typeof d.persons === 'number' ? d.persons : ''} 人）`,
  opened: (d) => `开始审查调查，期限 ${at(d.timeLimitDueAt)}`,
  extension_requested: (d) => `申请延长审查调查期限：${text(d.reason)}`,
  extension_granted: (d) => `延长审查调查期限至 ${at(d.to)}`,
  extension_refused: (d) => `不同意延长期限：${text(d.reason)}`,
  transferred_for_hearing: () => '移送审理',
  hearing_opinion_recorded: (d) => `审理意见：${text(d.opinion)}`,
  closed: (d) => `结案：${(Array.isArray(d.dispositions) ? (d.dispositions as { person?: string; kind?: string }[]) : []).map((p) => `${p.person ?? ''}${label(MEASURE_LABELS, p.kind)}`).join('、')}`,
};

const CLEARANCE: Texts = {
  registered: (d) => `发起澄清正名（${label(CLEARANCE_METHODS, d.method)}，本人于 ${text(d.consentOn)} 同意）`,
  opened: (d) => `报请审批${d.reporterCorrection ? `，并对举报人${label(REPORTER_CORRECTIONS, d.reporterCorrection)}` : ''}`,
  rejected: (d) => `澄清正名未获批准：${text(d.reason)}`,
  approved: (d) => `澄清正名获批，期限 ${at(d.dueAt)}`,
  deadline_replanned: replanned,
  cleared: (d) => `已澄清正名（${text(d.doneOn)}）`,
  reporter_corrected: (d) => `已对举报人${label(REPORTER_CORRECTIONS, d.correction)}（${text(d.doneOn)}）`,
};

const TEXTS: Record<LeadDetail['timeline'][number]['process'], Texts> = { lead: LEAD, talkInquiry: TALK_INQUIRY, preliminaryCheck: PRELIMINARY_CHECK, case: CASE, clearance: CLEARANCE };

/** What the timeline labels each process's events with. */
export const PROCESS_LABELS: Record<keyof typeof TEXTS, string> = { lead: '线索', talkInquiry: '谈话函询', preliminaryCheck: '初步核实', case: '立案审查', clearance: '澄清正名' };

/** One entry of the lead's timeline in words; a kind without words shows as recorded. */
export function eventText({ process, kind, detail }: LeadDetail['timeline'][number]): string {
  const d = (detail ?? {}) as Detail;
  const told = process === 'lead' && /^reporter_told_(.+)$/.exec(kind);
  if (told) return `已${label(REPORTER_NOTICE_KINDS, told[1]) || '告知'}实名举报人（${label(REPORTER_NOTICE_MEANS, d.means)}，${at(d.toldAt)}）`;
  return TEXTS[process][kind]?.(d) ?? kind;
}
