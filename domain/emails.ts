import { RECIPIENTS, type Recipient } from './ladder';

/** Every email tantou sends, rendered in zh-CN: it names the process, the unit, the deadline and where to act. */
export const EMAIL_KINDS = {
  approval_request: '方案待审批',
  approval_overdue: '方案逾期未审批',
  inspection_notice: '专项督查通知',
  report_submitted: '自查报告待审核',
  report_returned: '自查报告退回',
  submission_reminder: '截止前提醒',
  submission_overdue: '逾期催办',
} as const;
export type EmailKind = keyof typeof EMAIL_KINDS;

export interface EmailFacts {
  kind: EmailKind;
  rung: number;
  notify: Recipient[];
  campaignTitle: string;
  topic: string;
  unitName?: string;
  groupName?: string;
  deadlineAt?: string;
  round?: number;
  reasons?: string;
  actUrl: string;
  workflowUrl: string;
}

/** `2026-12-01 18:00（北京时间）`: deadlines are read in Asia/Shanghai whatever the server's zone. */
export function formatShanghai(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}（北京时间）`;
}

function subjectOf(f: EmailFacts): string {
  const what = `「${f.campaignTitle}」`;
  const unit = f.unitName ?? '';
  const deadline = f.deadlineAt ? formatShanghai(f.deadlineAt) : '';
  switch (f.kind) {
    case 'approval_request':
      return `【探头】请审批专项督查方案${what}`;
    case 'approval_overdue':
      return `【探头】督办：专项督查方案${what}逾期未审批`;
    case 'inspection_notice':
      return `【探头】专项督查通知：${unit}${what}，自查报告请于${deadline}前提交`;
    case 'report_submitted':
      return `【探头】${unit}已提交${what}自查报告，请审核`;
    case 'report_returned':
      return `【探头】${unit}${what}自查报告被退回，请于${deadline}前重新提交`;
    case 'submission_reminder':
      return `【探头】提醒：${unit}${what}自查报告将于${deadline}截止`;
    case 'submission_overdue':
      return `【探头】逾期催办（第${f.rung}级）：${unit}${what}自查报告已逾期`;
  }
}

export function renderEmail(f: EmailFacts): { subject: string; text: string } {
  const lines = [
    `事项：${EMAIL_KINDS[f.kind]}`,
    `专项督查：${f.campaignTitle}`,
    `督查主题：${f.topic}`,
    ...(f.unitName ? [`驻在单位：${f.unitName}`] : []),
    ...(f.groupName ? [`派驻组：${f.groupName}`] : []),
    ...(f.deadlineAt ? [`截止时间：${formatShanghai(f.deadlineAt)}`] : []),
    ...(f.round && f.round > 1 ? [`轮次：第${f.round}轮`] : []),
    ...(f.reasons ? [`退回理由：${f.reasons}`] : []),
    ...(f.kind === 'submission_overdue' || f.kind === 'approval_overdue'
      ? [`督办级别：第${f.rung}级（通知${f.notify.map((r) => RECIPIENTS[r]).join('、')}）`]
      : []),
    '',
    `办理入口：${f.actUrl}`,
    `流程详情（Temporal）：${f.workflowUrl}`,
    '',
    '本邮件由探头督查系统自动发送，请勿直接回复。',
  ];
  return { subject: subjectOf(f), text: lines.join('\n') };
}
