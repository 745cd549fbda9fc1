/** Process states as literal unions, with the labels people read (zh-CN). */
export const CAMPAIGN_STATES = {
  awaiting_approval: '待审批',
  rejected: '已驳回',
  fanning_out: '分发中',
  in_progress: '进行中',
  completed: '已完成',
  cancelled: '已撤销',
} as const;
export type CampaignState = keyof typeof CAMPAIGN_STATES;

export const INSPECTION_STATES = {
  awaiting_submission: '待提交自查报告',
  under_review: '审核中',
  accepted: '已通过',
  cancelled: '已撤销',
} as const;
export type InspectionState = keyof typeof INSPECTION_STATES;

export const isFinalCampaignState = (s: CampaignState) => s === 'rejected' || s === 'completed' || s === 'cancelled';
