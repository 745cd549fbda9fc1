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

/** 整改 of one finding; `revisited` (回头看 confirmed) is the only end, a revisit may reopen it instead. */
export const RECTIFICATION_STATES = {
  awaiting_plan: '待提交整改方案',
  plan_under_review: '方案审核中',
  in_rectification: '整改中',
  under_acceptance: '验收中',
  closed: '已销号',
  revisited: '已回头看',
} as const;
export type RectificationState = keyof typeof RECTIFICATION_STATES;

export const isFinalCampaignState = (s: CampaignState) => s === 'rejected' || s === 'completed' || s === 'cancelled';

/**
 * 突击抽查: sealed (未启封) until its start; withdrawn is a cancellation while still sealed, so it is
 * never revealed to a group; cancelled is one after the groups were told.
 */
export const SURPRISE_CHECK_STATES = {
  sealed: '未启封',
  in_progress: '抽查中',
  closed: '已完成',
  cancelled: '已撤销',
  withdrawn: '启封前已撤回',
} as const;
export type SurpriseCheckState = keyof typeof SURPRISE_CHECK_STATES;

export const isFinalSurpriseCheckState = (s: SurpriseCheckState) => s === 'closed' || s === 'cancelled' || s === 'withdrawn';

/** 常态监督 cycle: its Temporal Schedule runs, is paused, or has been deleted (the row stays for the record). */
export const ROUTINE_CYCLE_STATES = {
  active: '运行中',
  paused: '已暂停',
  deleted: '已删除',
} as const;
export type RoutineCycleState = keyof typeof ROUTINE_CYCLE_STATES;

/** One scheduled run: open until its checklist is complete; without holiday data it waits for the year to be entered. */
export const ROUTINE_RUN_STATES = {
  open: '检查中',
  completed: '已完成',
  calendar_missing: '节假日数据缺失，录入后自动开展',
} as const;
export type RoutineRunState = keyof typeof ROUTINE_RUN_STATES;

/**
 * 靶向督查: in progress step by step; a step whose deadline cannot be computed (no holiday data for
 * its year) holds the audit in calendar_missing until staff enter the year (or, failing a signal, the daily retry finds it).
 */
export const TARGETED_AUDIT_STATES = {
  in_progress: '督查中',
  calendar_missing: '节假日数据缺失，期限待定',
  completed: '已完成',
  cancelled: '已撤销',
} as const;
export type TargetedAuditState = keyof typeof TARGETED_AUDIT_STATES;
/** 自我监督 rota: its Temporal Schedule turns, is paused, or has been deleted (the row stays for the record). */
export const SELF_SUPERVISION_ROTA_STATES = ROUTINE_CYCLE_STATES;
export type SelfSupervisionRotaState = RoutineCycleState;

/**
 * One member's turn: open until the member on duty files the record; missed once the ladder has reached
 * the group without a record (the group has been told, and the rota moves on to the next member).
 */
export const SELF_SUPERVISION_TURN_STATES = {
  open: '待带队检查',
  filed: '已提交检查记录',
  missed: '逾期未开展',
  calendar_missing: '节假日数据缺失，录入后自动开展',
} as const;
export type SelfSupervisionTurnState = keyof typeof SELF_SUPERVISION_TURN_STATES;

/**
 * 问题线索: registered (登记) and awaiting the handler's 受理或转办 within 5 工作日; forwarded (转办) has left
 * this commission and ends here. Accepted (受理), the handler proposes its disposal (拟处置), records the
 * collective review (集体研究) and a commission leader approves (报批) or sends it back: closed (予以了结)
 * ends it; shelved (暂存待查) comes back to the handler on its review date; talk inquiry and preliminary
 * check are processes of their own, the lead's children: their end closes the lead (办结, with its
 * outcome) or, for a case, leaves it filed (case_filed, the case its own process).
 */
export const LEAD_STATES = {
  registered: '待受理',
  accepted: '已受理',
  forwarded: '已转办',
  disposal_proposed: '拟处置待报批',
  shelved: '暂存待查',
  shelve_review_due: '暂存到期待复查',
  closed: '已了结',
  in_talk_inquiry: '谈话函询中',
  in_preliminary_check: '初步核实中',
  case_filed: '已立案审查',
} as const;
export type LeadState = keyof typeof LEAD_STATES;
export const isFinalLeadState = (s: LeadState) => s === 'forwarded' || s === 'closed' || s === 'case_filed';

/**
 * 谈话函询: the handler records the letter sent (and its arrival) or the talk held (awaiting_form →
 * awaiting_reply, the written reply due 15 工作日 later, extended on approval); the reply received
 * (reply_received), the handler proposes the group's evaluation (evaluation_proposed), which the
 * commission leader over the group approves (completed) or returns.
 */
export const TALK_INQUIRY_STATES = {
  awaiting_form: '待函询或谈话',
  awaiting_reply: '待书面说明',
  reply_received: '待评估',
  evaluation_proposed: '评估待报批',
  completed: '已办结',
} as const;
export type TalkInquiryState = keyof typeof TALK_INQUIRY_STATES;

/**
 * 初步核实: the handler submits the 核实方案 (awaiting_scheme → scheme_proposed), the commission leader over
 * the group approves it (checking, under the three-colour warning) or returns it; the handler records
 * the conclusion (conclusion_proposed), which the commission leader approves (completed) or returns.
 */
export const PRELIMINARY_CHECK_STATES = {
  awaiting_scheme: '待报核实方案',
  scheme_proposed: '核实方案待审批',
  checking: '核实中',
  conclusion_proposed: '核实结论待报批',
  completed: '已办结',
} as const;
export type PreliminaryCheckState = keyof typeof PRELIMINARY_CHECK_STATES;

/**
 * 立案审查: under investigation (审查调查) within its time limit from filing; transferred to 审理 by the
 * handler (under_hearing) until the 审理 reviewer records the opinion (awaiting_closing); closed (结案)
 * by the commission leader over the group with each person's disposition.
 */
export const CASE_STATES = {
  under_investigation: '审查调查中',
  under_hearing: '审理中',
  awaiting_closing: '待结案',
  closed: '已结案',
} as const;
export type CaseState = keyof typeof CASE_STATES;

/**
 * 澄清正名: put to the commission leader over the group (awaiting_approval); approved, the handler clears
 * the accused and records the reporter's correction (in_progress) until both are recorded (completed);
 * rejected ends it.
 */
export const CLEARANCE_STATES = {
  awaiting_approval: '待审批',
  rejected: '已驳回',
  in_progress: '澄清正名中',
  completed: '已完成',
} as const;
export type ClearanceState = keyof typeof CLEARANCE_STATES;
