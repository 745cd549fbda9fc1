import { RECIPIENTS, type Recipient } from './recipients';

/** Every email tantou sends, rendered in zh-CN: it names the process, the unit, the deadline and where to act. */
export const EMAIL_KINDS = {
  campaign_approval_request: '方案待审批',
  campaign_approval_overdue: '方案逾期未审批',
  inspection_notice: '专项督查通知',
  inspection_report_submitted: '自查报告待审核',
  inspection_report_returned: '自查报告退回',
  inspection_reminder: '截止前提醒',
  inspection_overdue: '逾期催办',
  surprise_check_notice: '突击抽查开始',
  surprise_check_reminder: '抽查结果录入提醒',
  surprise_check_overdue: '抽查结果逾期未录入',
  rectification_notice: '整改通知',
  rectification_plan_submitted: '整改方案待审核',
  rectification_plan_approved: '整改方案已通过',
  rectification_plan_returned: '整改方案退回',
  rectification_plan_reminder: '整改方案截止前提醒',
  rectification_plan_overdue: '整改方案逾期催办',
  rectification_reminder: '整改期限截止前提醒',
  rectification_overdue: '整改逾期催办',
  rectification_acceptance_requested: '整改待验收',
  rectification_reopened: '整改未通过验收，重新整改',
  rectification_closed: '整改已销号',
  rectification_extension_requested: '延期申请待审批',
  rectification_extension_granted: '延期申请已批准',
  rectification_extension_refused: '延期申请未批准',
  rectification_revisit_due: '整改回头看',
  routine_run_notice: '常态监督任务',
  routine_run_reminder: '常态监督截止前提醒',
  routine_run_overdue: '常态监督逾期催办',
  routine_run_calendar_missing: '常态监督无法开展：节假日数据缺失',
  holiday_reminder: '节日廉洁提醒',
  holiday_reminder_calendar_missing: '法定节假日数据缺失',
  audit_step_notice: '靶向督查任务',
  audit_step_reminder: '靶向督查截止前提醒',
  audit_step_overdue: '靶向督查逾期催办',
  audit_step_filed: '靶向督查材料待审阅',
  audit_step_returned: '靶向督查材料退回',
  audit_completed: '靶向督查已完成',
  audit_cancelled: '靶向督查已撤销',
  audit_calendar_missing: '靶向督查期限无法计算：节假日数据缺失',
  self_supervision_notice: '自我监督轮值带队',
  self_supervision_reminder: '自我监督记录截止前提醒',
  self_supervision_overdue: '自我监督逾期催办',
  self_supervision_calendar_missing: '自我监督无法开展：节假日数据缺失',
  calendar_watch_year_missing: '法定节假日安排待录入',
  lead_notice: '问题线索待受理',
  lead_reminder: '线索受理截止前提醒',
  lead_overdue: '线索逾期未受理',
  lead_receipt_notice_reminder: '实名举报受理告知截止前提醒',
  lead_receipt_notice_overdue: '实名举报受理告知逾期',
  lead_result_notice_reminder: '实名举报处理结果告知截止前提醒',
  lead_result_notice_overdue: '实名举报处理结果告知逾期',
  talk_inquiry_reminder: '谈话函询书面说明截止前提醒',
  talk_inquiry_overdue: '谈话函询书面说明逾期',
  preliminary_check_yellow: '初步核实黄灯预警',
  preliminary_check_red: '初步核实红灯预警',
  case_reminder: '审查调查期限届满前提醒',
  case_overdue: '审查调查逾期',
  case_extension_requested: '延长审查调查期限待审批',
  clearance_approval_request: '澄清正名待审批',
  clearance_reminder: '澄清正名截止前提醒',
  clearance_overdue: '澄清正名逾期',
  clearance_correction_reminder: '举报人批评教育/书面检讨截止前提醒',
  clearance_correction_overdue: '举报人批评教育/书面检讨逾期',
} as const;
export type EmailKind = keyof typeof EMAIL_KINDS;

export interface EmailFacts {
  kind: EmailKind;
  rung: number;
  notify: Recipient[];
  /** what the email is about: a campaign's, audit's or finding's title, a holiday, … */
  title: string;
  topic: string;
  unitName?: string;
  groupName?: string;
  deadlineAt?: string;
  round?: number;
  reason?: string;
  /** the process `title` belongs to, e.g. '专项督查' or '整改事项' */
  processLabel: string;
  /** the console page that opens the reader's step in the process, where the process has one */
  consoleUrl?: string;
  /** the process's API page (scripts read it) */
  actUrl: string;
  workflowUrl: string;
}

/** `2026-12-01 18:00（北京时间）`: deadlines are read in Asia/Shanghai whatever the server's zone. */
export function formatShanghai(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}（北京时间）`;
}

function subjectOf(f: EmailFacts): string {
  const what = `「${f.title}」`;
  const unit = f.unitName ?? '';
  const deadline = f.deadlineAt ? formatShanghai(f.deadlineAt) : '';
  switch (f.kind) {
    case 'campaign_approval_request':
      return `【探头】请审批专项督查方案${what}`;
    case 'campaign_approval_overdue':
      return `【探头】督办：专项督查方案${what}逾期未审批`;
    case 'inspection_notice':
      return `【探头】专项督查通知：${unit}${what}，自查报告请于${deadline}前提交`;
    case 'inspection_report_submitted':
      return `【探头】${unit}已提交${what}自查报告，请审核`;
    case 'inspection_report_returned':
      return `【探头】${unit}${what}自查报告被退回，请于${deadline}前重新提交`;
    case 'inspection_reminder':
      return `【探头】提醒：${unit}${what}自查报告将于${deadline}截止`;
    case 'inspection_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}${what}自查报告已逾期`;
    case 'surprise_check_notice':
      return `【探头】突击抽查${what}现在开始：请即赴${unit}现场检查，结果请于${deadline}前录入`;
    case 'surprise_check_reminder':
      return `【探头】提醒：${unit}${what}抽查结果将于${deadline}截止录入`;
    case 'surprise_check_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}${what}抽查结果逾期未录入`;
    case 'rectification_notice':
      return `【探头】整改通知：${unit}问题${what}，整改方案请于${deadline}前提交`;
    case 'rectification_plan_submitted':
      return `【探头】${unit}已提交问题${what}的整改方案，请审核`;
    case 'rectification_plan_approved':
      return `【探头】${unit}问题${what}的整改方案已通过，请于${deadline}前整改到位`;
    case 'rectification_plan_returned':
      return `【探头】${unit}问题${what}的整改方案被退回，请于${deadline}前重新提交`;
    case 'rectification_plan_reminder':
      return `【探头】提醒：${unit}问题${what}的整改方案将于${deadline}截止`;
    case 'rectification_plan_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}问题${what}的整改方案已逾期`;
    case 'rectification_reminder':
      return `【探头】提醒：${unit}问题${what}的整改期限为${deadline}`;
    case 'rectification_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}问题${what}整改已逾期`;
    case 'rectification_acceptance_requested':
      return `【探头】${unit}问题${what}已整改，申请验收`;
    case 'rectification_reopened':
      return `【探头】${unit}问题${what}整改未通过，请于${deadline}前继续整改`;
    case 'rectification_closed':
      return `【探头】${unit}问题${what}整改已验收销号`;
    case 'rectification_extension_requested':
      return `【探头】${unit}申请延长问题${what}的整改期限，请审批`;
    case 'rectification_extension_granted':
      return `【探头】${unit}问题${what}整改延期已批准，新期限${deadline}`;
    case 'rectification_extension_refused':
      return `【探头】${unit}问题${what}整改延期未获批准，期限仍为${deadline}`;
    case 'rectification_revisit_due':
      return `【探头】回头看：${unit}问题${what}销号已满期，请复查整改成效`;
    case 'routine_run_notice':
      return `【探头】常态监督：${unit}${what}，请于${deadline}前逐项记录检查情况`;
    case 'routine_run_reminder':
      return `【探头】提醒：${unit}${what}将于${deadline}截止`;
    case 'routine_run_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}${what}未按期完成`;
    case 'routine_run_calendar_missing':
      return `【探头】${unit}${what}暂缓开展：缺少法定节假日数据，录入后自动恢复`;
    case 'holiday_reminder':
      return `【探头】节日廉洁提醒：${what}将至，${unit}请严防公车私用、公款旅游、公款聚餐`;
    case 'holiday_reminder_calendar_missing':
      return `【探头】缺少${what}：节日廉洁提醒和以工作日计算的期限无法确定，请补充日历数据`;
    // targeted audits: `what` is the audit, `topic` the step
    case 'audit_step_notice':
      return `【探头】靶向督查${what}：${unit}「${f.topic}」请于${deadline}前完成`;
    case 'audit_step_reminder':
      return `【探头】提醒：${unit}${what}「${f.topic}」将于${deadline}截止`;
    case 'audit_step_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}${what}「${f.topic}」已逾期`;
    case 'audit_step_filed':
      return `【探头】${unit}已报送${what}「${f.topic}」，请审阅`;
    case 'audit_step_returned':
      return `【探头】${unit}${what}「${f.topic}」被退回，请于${deadline}前重新报送`;
    case 'audit_completed':
      return `【探头】${unit}${what}各环节已全部完成`;
    case 'audit_cancelled':
      return `【探头】${unit}${what}已撤销`;
    case 'audit_calendar_missing':
      return `【探头】${unit}${what}「${f.topic}」无法确定期限：缺少法定节假日数据，请在系统中录入`;
    case 'self_supervision_notice':
      return `【探头】自我监督：${unit}${what}轮到您带队检查，请于${deadline}前提交检查记录`;
    case 'self_supervision_reminder':
      return `【探头】提醒：${unit}${what}检查记录将于${deadline}截止`;
    case 'self_supervision_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}${what}检查记录逾期未提交`;
    case 'self_supervision_calendar_missing':
      return `【探头】${unit}${what}暂缓开展：缺少法定节假日数据，录入后自动恢复`;
    // the calendar watch: `topic` names the first deadline that would reach the year
    case 'calendar_watch_year_missing':
      return `【探头】请录入${what}：${f.topic}`;
    // leads: `what` is the lead's number only (统一编号); no reporter, no summary, no person concerned
    case 'lead_notice':
      return `【探头】问题线索${what}已登记，请于${deadline}前受理或转办`;
    case 'lead_reminder':
      return `【探头】提醒：问题线索${what}将于${deadline}截止受理`;
    case 'lead_overdue':
      return `【探头】逾期催办（第${f.rung}级）：问题线索${what}逾期未受理或转办`;
    case 'lead_receipt_notice_reminder':
      return `【探头】提醒：实名举报线索${what}的受理告知将于${deadline}截止`;
    case 'lead_receipt_notice_overdue':
      return `【探头】逾期催办：实名举报线索${what}逾期未告知举报人受理情况`;
    case 'lead_result_notice_reminder':
      return `【探头】提醒：实名举报线索${what}的处理结果告知将于${deadline}截止`;
    case 'lead_result_notice_overdue':
      return `【探头】逾期催办：实名举报线索${what}逾期未告知举报人处理结果`;
    // a talk inquiry and a preliminary check: the lead's number only, as for leads
    case 'talk_inquiry_reminder':
      return `【探头】提醒：问题线索${what}谈话函询的书面说明将于${deadline}截止`;
    case 'talk_inquiry_overdue':
      return `【探头】逾期催办：问题线索${what}谈话函询的书面说明逾期未收到`;
    case 'preliminary_check_yellow':
      return `【探头】黄灯预警：问题线索${what}初步核实尚未办结，将于${deadline}亮红灯，请抓紧办结`;
    case 'preliminary_check_red':
      return `【探头】红灯预警：问题线索${what}初步核实逾期未办结，请督办`;
    // cases and clearances: `what` is the case's number or the lead's, nothing of the persons or the reporter
    case 'case_reminder':
      return `【探头】提醒：案件${what}审查调查期限将于${deadline}届满`;
    case 'case_overdue':
      return `【探头】逾期催办（第${f.rung}级）：案件${what}审查调查已超过期限`;
    case 'case_extension_requested':
      return `【探头】请审批：案件${what}申请延长审查调查期限`;
    case 'clearance_approval_request':
      return `【探头】请审批：线索${what}的澄清正名`;
    case 'clearance_reminder':
      return `【探头】提醒：线索${what}的澄清正名将于${deadline}截止`;
    case 'clearance_overdue':
      return `【探头】逾期催办（第${f.rung}级）：线索${what}的澄清正名逾期未完成`;
    case 'clearance_correction_reminder':
      return `【探头】提醒：线索${what}举报人的批评教育或书面检讨将于${deadline}截止`;
    case 'clearance_correction_overdue':
      return `【探头】逾期催办（第${f.rung}级）：线索${what}举报人的批评教育或书面检讨逾期未完成`;
  }
}

export function renderEmail(f: EmailFacts): { subject: string; text: string } {
  const lines = [
    `事项：${EMAIL_KINDS[f.kind]}`,
    `${f.processLabel}：${f.title}`,
    `督查主题：${f.topic}`,
    ...(f.unitName ? [`驻在单位：${f.unitName}`] : []),
    ...(f.groupName ? [`派驻组：${f.groupName}`] : []),
    ...(f.deadlineAt ? [`截止时间：${formatShanghai(f.deadlineAt)}`] : []),
    ...(f.round && f.round > 1 ? [`轮次：第${f.round}轮`] : []),
    ...(f.reason ? [`${f.kind === 'inspection_report_returned' ? '退回理由' : '理由'}：${f.reason}`] : []),
    ...(f.kind.endsWith('_overdue')
      ? [`督办级别：第${f.rung}级（通知${f.notify.map((r) => RECIPIENTS[r]).join('、')}）`]
      : []),
    '',
    // the console where the process has a page there, with the API page beside it for scripts
    ...(f.consoleUrl ? [`办理入口：${f.consoleUrl}`, `接口：${f.actUrl}`] : [`办理入口：${f.actUrl}`]),
    `流程详情（Temporal）：${f.workflowUrl}`,
    '',
    '本邮件由探头督查系统自动发送，请勿直接回复。',
  ];
  return { subject: subjectOf(f), text: lines.join('\n') };
}

/** A campaign's emails and its unit inspections' all send people to the campaign's page. */
export const campaignEmailProcess = (kind: 'campaign' | 'unitInspection', campaignId: string) => ({
  kind,
  label: '专项督查',
  actPath: `/campaigns/${encodeURIComponent(campaignId)}`,
});
