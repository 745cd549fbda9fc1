/**
 * Why an update validator refused a step: one stable, machine-readable code per rule, with the HTTP
 * status and problem kind the API answers it with, and what a person is told of it (zh), before the
 * workflow's English message. Pure data, so api/ reads it without loading
 * workflow code; workflows refuse through workflows/refuse.ts.
 */
export const REFUSALS = {
  // the process is not at a point where this step is allowed
  'wrong-state': { status: 409, kind: 'wrong-state', zh: '当前状态下不能办理此事项' },
  /** this result, filing or item is already recorded */
  'already-recorded': { status: 409, kind: 'wrong-state', zh: '此事项已经办理，不能重复办理' },
  /** a targeted audit's step that is not the open one, or not open yet */
  'step-not-open': { status: 409, kind: 'wrong-state', zh: '该环节尚未开始或已经结束' },
  'extension-pending': { status: 409, kind: 'wrong-state', zh: '已有延期申请待审批，请等待审批结果' },
  'no-extension-pending': { status: 409, kind: 'wrong-state', zh: '没有待审批的延期申请' },
  /** a case's one extension of its time limit has been asked already */
  'extension-used': { status: 409, kind: 'wrong-state', zh: '延期只能申请一次，已经申请过' },
  // who may take the step
  'not-unit-contact': { status: 409, kind: 'not-permitted', zh: '只有该单位的联络人可以办理' },
  'not-stationed-group': { status: 409, kind: 'not-permitted', zh: '只有该单位的派驻组可以办理' },
  'not-group-leader': { status: 409, kind: 'not-permitted', zh: '只有派驻组组长可以办理' },
  'not-commission-leader': { status: 409, kind: 'not-permitted', zh: '只有分管的委领导可以审批' },
  'not-staff': { status: 409, kind: 'not-permitted', zh: '只有委机关工作人员可以办理' },
  'not-member-on-duty': { status: 409, kind: 'not-permitted', zh: '只有当值的监督员可以办理' },
  /** a lead's steps are its handler's (承办人) alone */
  'not-lead-handler': { status: 409, kind: 'not-permitted', zh: '只有该线索的承办人可以办理' },
  /** a case's 审理 opinion is its named reviewer's alone */
  'not-hearing-reviewer': { status: 409, kind: 'not-permitted', zh: '只有指定的审理人员可以出具审理意见' },
  // what the step must carry
  /** a reason, content, measures… that is empty */
  'text-missing': { status: 409, kind: 'step-incomplete', zh: '必填内容为空，请填写后再提交' },
  /** a unit, checklist item or step item the process does not have */
  'unknown-target': { status: 409, kind: 'step-incomplete', zh: '所选对象不属于该事项，请重新选择' },
  'observations-missing': { status: 409, kind: 'step-incomplete', zh: '请先填写监督情况' },
  /** a routine run with findings completed without the terms of their rectification */
  'findings-unrectified': { status: 409, kind: 'step-incomplete', zh: '发现的问题尚未明确整改要求' },
  /** findings without the plan due of their rectification */
  'plan-due-missing': { status: 409, kind: 'step-incomplete', zh: '发现的问题缺少整改方案期限' },
  'meeting-details-missing': { status: 409, kind: 'step-incomplete', zh: '请填写会议的时间、地点和参加人员' },
  /** findings on a step the unit files (the group raises findings) */
  'findings-not-allowed': { status: 409, kind: 'step-incomplete', zh: '单位报送的环节不能登记发现问题，问题由派驻组提出' },
  /** a review of a step that is not reviewed */
  'step-not-reviewed': { status: 409, kind: 'step-incomplete', zh: '该环节无需审核' },
  'deadline-not-later': { status: 409, kind: 'step-incomplete', zh: '申请的期限须晚于现有期限' },
  /** a lead's disposal approved before its collective review (集体研究) is recorded */
  'collective-review-missing': { status: 409, kind: 'step-incomplete', zh: '请先记录集体研究意见，再报批' },
  /** a date that must be a Shanghai date in the past (a review held) or the future (a shelved lead's review) and is not */
  'date-invalid': { status: 409, kind: 'step-incomplete', zh: '日期不符合要求，请检查所填日期' },
  /** a collective review with fewer than two attendees */
  'attendees-missing': { status: 409, kind: 'step-incomplete', zh: '集体研究至少须两名不同人员参加' },
  /** a 核实方案 whose team (核查组) has fewer than two people, or whose leader is not of it */
  'team-too-small': { status: 409, kind: 'step-incomplete', zh: '核查组至少须两名不同人员，组长须为其中之一' },
  /** a 核实结论 without what its outcome needs (the proposal, the measures, the risk, the finding) */
  'outcome-incomplete': { status: 409, kind: 'step-incomplete', zh: '核实结论缺少该结果所需的内容' },
  /** a case closed without one disposition for each person concerned */
  'dispositions-incomplete': { status: 409, kind: 'step-incomplete', zh: '结案须对每名被审查人作出处理' },
} as const satisfies Record<string, { status: number; kind: string; zh: string }>;

export type RefusalCode = keyof typeof REFUSALS;

/** The ApplicationFailure type every refusal carries; its first detail is `{ code }`. */
export const REFUSED = 'Refused';

export const isRefusalCode = (code: unknown): code is RefusalCode => typeof code === 'string' && Object.hasOwn(REFUSALS, code);

export const REFUSAL_CODES = Object.keys(REFUSALS) as [RefusalCode, ...RefusalCode[]];
