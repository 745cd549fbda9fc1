/** Whom a rung or an email notifies, with the zh-CN name people read. */
export const RECIPIENTS = {
  APPROVER: '审批人',
  GROUP_MEMBERS: '派驻组全体成员',
  UNIT_CONTACT: '驻在单位联络员',
  UNIT_LEADER: '驻在单位一把手',
  GROUP_LEADER: '派驻组组长',
  COMMISSION_LEADER: '委领导',
  APPROVER_SUPERIOR: '审批人的上级领导',
  /** the commission leader a stationed group reports to (分管派驻工作的委领导) */
  GROUP_LEADER_SUPERIOR: '派驻组组长的上级领导',
  /** every member of commission staff (委机关), e.g. for a calendar gap that stops reminders */
  STAFF: '委机关工作人员',
  /** 自我监督: the leadership member whose turn it is, named by the email request (EmailRequest.onDutyPersonId) */
  ON_DUTY_MEMBER: '本轮带队的班子成员',
  /** 问题线索: the lead's handler (承办人), named by the email request (EmailRequest.handlerId) */
  HANDLER: '线索承办人',
} as const;
export type Recipient = keyof typeof RECIPIENTS;
