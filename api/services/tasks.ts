import { Prisma } from '@prisma/client';
import { groupsUnderSql } from '../../activities/commissionLeader';
import { deadlineRuleText } from '../../domain/deadlineText';
import { DEFAULT_LADDER, GROUP_LADDER, SELF_SUPERVISION_LADDER, SURPRISE_CHECK_LADDER, shift, type DeadlineRule, type Ladder, type Offset } from '../../domain/ladder';
import { CASE_TIME_LIMIT_LADDER } from '../../domain/cases';
import { CLEARANCE_LADDER } from '../../domain/clearances';
import { LEAD_ACCEPTANCE_LADDER, LEAD_RECEIPT_NOTICE_LADDER } from '../../domain/leads';
import { REPLY_LADDER } from '../../domain/talkInquiries';
import { processOfPage, type ProcessPageKind } from '../../domain/processPages';
import { groupsOf, hasRole, unitsOf, type Actor } from '../../domain/roles';
import { sqlRows } from '../../prisma/client';
import type { Method } from '../routes/table';
import type { ApiContext } from '../context';
import { TASK_KINDS, type Mark, type TaskItem, type TaskKind, type TaskList, type TasksQuery, type TASK_PROCESS_KINDS } from '../schemas/me';
import { unsealedSql } from './surpriseChecks';

/**
 * 我的待办 and 我的督办: every open step of every process as one UNION ALL over the projection tables,
 * each part filtered by who owes the step (or, for the watch list, who answers for it when it is late),
 * coloured, counted and paged in the same statement.
 *
 * 三色预警, one rule for every kind: red once the due instant has passed; yellow once the reminder
 * instant has, which is the one the row stores where it stores one (a campaign's `deadlines` Json:
 * approval, and a unit's first submission deadline), else the due instant less the reminder offset of
 * the ladder the process's workflow uses (the default ladder's, one working day, where that ladder has
 * none: a campaign's approval); green otherwise, and always for a step without a due instant (a review).
 */

const sql = Prisma.sql;
type ProcessKind = (typeof TASK_PROCESS_KINDS)[number];

/** Who owes a step: a campaign's approver, the unit's contact, the unit's stationed group, the member on duty, the commission leader over the group, or a lead's handler. */
export type Party = 'approver' | 'contact' | 'group' | 'onDuty' | 'overseer' | 'handler';

/** The API call that does each kind of step (a route of api/routes; test/unit/tasks.test.ts checks it is one). */
export const TASK_ACTS: Record<TaskKind, { method: Method; path: string }> = {
  'campaign.approve': { method: 'post', path: '/campaigns/{id}/decision' },
  'unitInspection.submit': { method: 'post', path: '/inspections/{campaignId}/{unitId}/report' },
  'unitInspection.review': { method: 'post', path: '/inspections/{campaignId}/{unitId}/review' },
  'rectification.plan': { method: 'post', path: '/rectifications/{findingId}/plan' },
  'rectification.planReview': { method: 'post', path: '/rectifications/{findingId}/plan-review' },
  'rectification.progress': { method: 'post', path: '/rectifications/{findingId}/progress' },
  'rectification.accept': { method: 'post', path: '/rectifications/{findingId}/acceptance' },
  'rectification.extension': { method: 'post', path: '/rectifications/{findingId}/extension-decision' },
  'rectification.revisit': { method: 'post', path: '/rectifications/{findingId}/revisit' },
  'routineRun.record': { method: 'post', path: '/routine-runs/{id}/observations' },
  'surpriseCheck.record': { method: 'post', path: '/surprise-checks/{id}/results/{unitId}' },
  'targetedAudit.file': { method: 'post', path: '/targeted-audits/{id}/steps/{stepKey}/filing' },
  'targetedAudit.review': { method: 'post', path: '/targeted-audits/{id}/steps/{stepKey}/review' },
  'selfSupervisionTurn.file': { method: 'post', path: '/self-supervision-turns/{turnId}/record' },
  'lead.accept': { method: 'post', path: '/leads/{id}/acceptance' },
  'lead.notifyReceipt': { method: 'post', path: '/leads/{id}/reporter-notices' },
  'lead.propose': { method: 'post', path: '/leads/{id}/disposal-proposal' },
  'lead.recordReview': { method: 'post', path: '/leads/{id}/collective-review' },
  'lead.approveDisposal': { method: 'post', path: '/leads/{id}/disposal-decision' },
  'lead.notifyResult': { method: 'post', path: '/leads/{id}/reporter-notices' },
  'lead.fileCase': { method: 'post', path: '/cases' },
  'lead.startClearance': { method: 'post', path: '/clearances' },
  'talkInquiry.recordForm': { method: 'post', path: '/talk-inquiries/{leadId}/form' },
  'talkInquiry.recordReply': { method: 'post', path: '/talk-inquiries/{leadId}/reply' },
  'talkInquiry.decideExtension': { method: 'post', path: '/talk-inquiries/{leadId}/extension-decision' },
  'talkInquiry.evaluate': { method: 'post', path: '/talk-inquiries/{leadId}/evaluation' },
  'talkInquiry.approveEvaluation': { method: 'post', path: '/talk-inquiries/{leadId}/evaluation-decision' },
  'preliminaryCheck.scheme': { method: 'post', path: '/preliminary-checks/{leadId}/scheme' },
  'preliminaryCheck.schemeDecision': { method: 'post', path: '/preliminary-checks/{leadId}/scheme-decision' },
  'preliminaryCheck.conclude': { method: 'post', path: '/preliminary-checks/{leadId}/conclusion' },
  'preliminaryCheck.conclusionDecision': { method: 'post', path: '/preliminary-checks/{leadId}/conclusion-decision' },
  'case.transfer': { method: 'post', path: '/cases/{id}/hearing' },
  'case.extensionDecision': { method: 'post', path: '/cases/{id}/extension-decision' },
  'case.hearingOpinion': { method: 'post', path: '/cases/{id}/hearing-opinion' },
  'case.close': { method: 'post', path: '/cases/{id}/closing' },
  'clearance.approve': { method: 'post', path: '/clearances/{id}/decision' },
  'clearance.record': { method: 'post', path: '/clearances/{id}/done' },
  'clearance.correct': { method: 'post', path: '/clearances/{id}/reporter-correction' },
};

/** One part of the union: the rows of a table whose step `kind` is open, and where their columns are. */
interface Slice {
  kind: TaskKind;
  process: ProcessKind;
  party: Party;
  from: Prisma.Sql;
  open: Prisma.Sql;
  processId: Prisma.Sql;
  /** the process's title, over the page's row `page` (p1, p2: the act's parameters): read for the page's rows only */
  title: Prisma.Sql;
  unitId?: Prisma.Sql;
  groupId?: Prisma.Sql;
  /** the lead a step of a lead's process belongs to (its own, its talk inquiry's, check's, case's, clearance's) */
  leadId?: Prisma.Sql;
  /** the approver's or the member on duty's column */
  person?: Prisma.Sql;
  /** none: the step has no deadline (a review) */
  dueAt?: Prisma.Sql;
  /** the reminder instant the row stores, where it stores one */
  remindAt?: Prisma.Sql;
  /** before the due instant, the reminder window where none is stored */
  window: Offset;
  /** the path parameters of the act, in its path's order */
  params: Prisma.Sql[];
  /** what names the task within its process, where the process has several (a check's units, an audit's steps) */
  key?: Prisma.Sql;
  /** appended to `what` (an audit step's label), over `page` as `title` */
  detail?: Prisma.Sql;
  /** the DeadlineRule that set the due instant, over `page` as `title`, where the projection keeps it */
  rule?: Prisma.Sql;
  /** what the due instant counted, as text over `page`, where no DeadlineRule sets it (a revisit's months) */
  dueText?: Prisma.Sql;
}

// the default ladder has a reminder; a ladder without one (a campaign's approval) takes it
const windowOf = (ladder: Ladder): Offset => ladder.remindBefore ?? (DEFAULT_LADDER.remindBefore as Offset);

function slices(ctx: ApiContext, now: Date): Slice[] {
  const campaignTitle = sql`(SELECT title FROM "Campaign" WHERE id = page.p1)`;
  const campaign = { process: 'campaign' as const, from: sql`"Campaign" c`, processId: sql`c.id`, title: campaignTitle, params: [sql`c.id`] };
  const inspection = {
    process: 'unitInspection' as const,
    from: sql`"UnitInspection" i JOIN "Campaign" c ON c.id = i."campaignId"`,
    processId: sql`i.id`,
    title: campaignTitle,
    unitId: sql`i."unitId"`,
    groupId: sql`i."groupId"`,
    params: [sql`i."campaignId"`, sql`i."unitId"`],
  };
  const submission = (field: string) => sql`(c.deadlines->'submission'->>${field})::timestamptz`;
  const rect = {
    process: 'rectification' as const,
    from: sql`"Rectification" r`,
    processId: sql`r."findingId"`,
    title: sql`(SELECT title FROM "Finding" WHERE id = page.p1)`,
    unitId: sql`r."unitId"`,
    groupId: sql`r."groupId"`,
    params: [sql`r."findingId"`],
    window: windowOf(ctx.defaults.ladder),
  };
  const rectRule = sql`(SELECT "deadlineRule" FROM "Rectification" WHERE "findingId" = page.p1)`;
  // 回头看: 24:00 Shanghai of the day some natural months after 销号 (api/services/rectifications.ts): the months between the two Shanghai dates
  const revisitText = sql`(SELECT to_char(c, 'FMMM"月"FMDD"日"') || '销号后 ' || ((EXTRACT(YEAR FROM v) * 12 + EXTRACT(MONTH FROM v)) - (EXTRACT(YEAR FROM c) * 12 + EXTRACT(MONTH FROM c)))::int || ' 个月'
    FROM "Rectification", LATERAL (SELECT "closedAt" AT TIME ZONE 'Asia/Shanghai' AS c, ("revisitAt" AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond' AS v) d WHERE "findingId" = page.p1)`;
  // the extension asked last and not yet decided (RectificationEvent: extension_requested, then _granted or _refused)
  const extensionPending = sql`(SELECT e.kind FROM "RectificationEvent" e WHERE e."rectificationId" = r.id AND e.kind LIKE 'extension%' ORDER BY e.at DESC, e."dedupeKey" DESC LIMIT 1) = 'extension_requested'`;
  const audit = {
    process: 'targetedAudit' as const,
    from: sql`"TargetedAudit" a CROSS JOIN LATERAL (SELECT s FROM jsonb_array_elements(a.steps) s WHERE s->>'key' = a."currentStep" LIMIT 1) step`,
    processId: sql`a.id`,
    title: sql`(SELECT title FROM "TargetedAudit" WHERE id = page.p1)`,
    unitId: sql`a."unitId"`,
    groupId: sql`a."groupId"`,
    params: [sql`a.id`, sql`a."currentStep"`],
    key: sql`a.id || '/' || a."currentStep"`,
    detail: sql`(SELECT s->>'label' FROM "TargetedAudit" a, jsonb_array_elements(a.steps) s WHERE a.id = page.p1 AND s->>'key' = page.p2 LIMIT 1)`,
    rule: sql`(SELECT s->'deadlineRule' FROM "TargetedAudit" a, jsonb_array_elements(a.steps) s WHERE a.id = page.p1 AND s->>'key' = page.p2 LIMIT 1)`,
  };
  // a lead is named by its number only: its summary and persons concerned stay on its own page
  const lead = {
    process: 'lead' as const,
    leadId: sql`l.id`,
    party: 'handler' as const,
    from: sql`"Lead" l`,
    processId: sql`l.id`,
    title: sql`(SELECT number FROM "Lead" WHERE id = page.p1)`,
    unitId: sql`l."unitId"`,
    groupId: sql`l."groupId"`,
    person: sql`l."handlerId"`,
    params: [sql`l.id`],
  };
  // a talk inquiry, like its lead, is named by the lead's number only
  const inquiry = {
    process: 'talkInquiry' as const,
    leadId: sql`q."leadId"`,
    party: 'handler' as const,
    from: sql`"TalkInquiry" q`,
    processId: sql`q."leadId"`,
    title: sql`(SELECT number FROM "TalkInquiry" WHERE "leadId" = page.p1)`,
    unitId: sql`q."unitId"`,
    groupId: sql`q."groupId"`,
    person: sql`q."handlerId"`,
    params: [sql`q."leadId"`],
    window: windowOf(REPLY_LADDER),
  };
  const reply = { dueAt: sql`q."replyDueAt"`, remindAt: sql`q."replyRemindAt"`, rule: sql`(SELECT "replyRule" FROM "TalkInquiry" WHERE "leadId" = page.p1)` };
  // a check is named by its lead's number only, as a lead is; its decisions are the commission leader's over the group
  const check = {
    process: 'preliminaryCheck' as const,
    leadId: sql`pc."leadId"`,
    from: sql`"PreliminaryCheck" pc`,
    processId: sql`pc."leadId"`,
    title: sql`(SELECT number FROM "PreliminaryCheck" WHERE "leadId" = page.p1)`,
    unitId: sql`pc."unitId"`,
    groupId: sql`pc."groupId"`,
    person: sql`pc."handlerId"`,
    params: [sql`pc."leadId"`],
    window: windowOf(DEFAULT_LADDER),
  };
  // 亮灯预警: red some natural months after the scheme's approval, yellow at the months before (the row keeps both instants)
  const warningText = sql`(SELECT to_char(a, 'FMMM"月"FMDD"日"') || '核实方案批准后 ' || ((EXTRACT(YEAR FROM r) * 12 + EXTRACT(MONTH FROM r)) - (EXTRACT(YEAR FROM a) * 12 + EXTRACT(MONTH FROM a)))::int
      || ' 个月亮红灯（' || ((EXTRACT(YEAR FROM y) * 12 + EXTRACT(MONTH FROM y)) - (EXTRACT(YEAR FROM a) * 12 + EXTRACT(MONTH FROM a)))::int || ' 个月亮黄灯）'
    FROM "PreliminaryCheck", LATERAL (SELECT "schemeApprovedAt" AT TIME ZONE 'Asia/Shanghai' AS a, "redAt" AT TIME ZONE 'Asia/Shanghai' AS r, "yellowAt" AT TIME ZONE 'Asia/Shanghai' AS y) d WHERE "leadId" = page.p1)`;
  // cases and clearances are named by their number (a clearance by its lead's): no person concerned, never the reporter
  const kase = {
    process: 'case' as const,
    leadId: sql`k."leadId"`,
    from: sql`"Case" k`,
    processId: sql`k.id`,
    title: sql`page.p1`,
    unitId: sql`k."unitId"`,
    groupId: sql`k."groupId"`,
    params: [sql`k.id`],
    window: windowOf(CASE_TIME_LIMIT_LADDER),
  };
  const clear = {
    process: 'clearance' as const,
    leadId: sql`q."leadId"`,
    from: sql`"Clearance" q`,
    processId: sql`q.id`,
    title: sql`page.p1`,
    unitId: sql`q."unitId"`,
    groupId: sql`q."groupId"`,
    params: [sql`q.id`],
    window: windowOf(CLEARANCE_LADDER),
  };
  // the row carries a deadline only while the filer owes the open step something (activities/targetedAudits.ts)
  const auditFiling = (by: 'unit' | 'group') => sql`a.state = 'in_progress' AND a."deadlineAt" IS NOT NULL AND step.s->>'by' = ${by}`;
  return [
    {
      ...campaign,
      kind: 'campaign.approve',
      party: 'approver',
      person: sql`c."approverId"`,
      open: sql`c.state = 'awaiting_approval'`,
      dueAt: sql`c."approvalDueAt"`,
      remindAt: sql`(c.deadlines->'approval'->>'remindAt')::timestamptz`,
      window: windowOf(DEFAULT_LADDER),
      rule: sql`(SELECT deadlines->'approval'->'rule' FROM "Campaign" WHERE id = page.p1)`,
    },
    {
      ...inspection,
      kind: 'unitInspection.submit',
      party: 'contact',
      open: sql`i.state = 'awaiting_submission'`,
      dueAt: sql`i."deadlineAt"`,
      // the campaign's reminder is for its first deadline; a returned report's new one takes the window
      remindAt: sql`CASE WHEN i."deadlineAt" = ${submission('deadlineAt')} THEN ${submission('remindAt')} END`,
      window: windowOf(DEFAULT_LADDER),
      // the row's own once the workflow recorded one (a returned report's), else the campaign's for its first deadline
      rule: sql`(SELECT COALESCE(i."deadlineRule", CASE WHEN page."dueAt" = ${submission('deadlineAt')} THEN c.deadlines->'submission'->'rule' END)
        FROM "UnitInspection" i JOIN "Campaign" c ON c.id = i."campaignId" WHERE i.id = page."processId")`,
    },
    { ...inspection, kind: 'unitInspection.review', party: 'group', open: sql`i.state = 'under_review'`, window: windowOf(DEFAULT_LADDER) },
    { ...rect, kind: 'rectification.plan', party: 'contact', open: sql`r.state = 'awaiting_plan'`, dueAt: sql`r."deadlineAt"`, rule: rectRule },
    { ...rect, kind: 'rectification.planReview', party: 'group', open: sql`r.state = 'plan_under_review'` },
    { ...rect, kind: 'rectification.progress', party: 'contact', open: sql`r.state = 'in_rectification'`, dueAt: sql`r."deadlineAt"`, rule: rectRule },
    { ...rect, kind: 'rectification.accept', party: 'group', open: sql`r.state = 'under_acceptance'` },
    { ...rect, kind: 'rectification.extension', party: 'overseer', open: sql`r.state IN ('in_rectification', 'under_acceptance') AND ${extensionPending}`, dueAt: sql`r."deadlineAt"`, rule: rectRule },
    { ...rect, kind: 'rectification.revisit', party: 'group', open: sql`r.state = 'closed'`, dueAt: sql`r."revisitAt"`, dueText: revisitText },
    {
      kind: 'routineRun.record',
      process: 'routineRun',
      party: 'group',
      from: sql`"RoutineRun" r`,
      open: sql`r.state = 'open'`,
      processId: sql`r.id`,
      title: sql`'常态监督'`,
      unitId: sql`r."unitId"`,
      groupId: sql`r."groupId"`,
      dueAt: sql`r."deadlineAt"`,
      window: windowOf(GROUP_LADDER),
      params: [sql`r.id`],
      rule: sql`(SELECT "deadlineRule" FROM "RoutineRun" WHERE id = page.p1)`,
    },
    {
      kind: 'surpriseCheck.record',
      process: 'surpriseCheck',
      party: 'group',
      from: sql`"SurpriseCheckTarget" t JOIN "SurpriseCheck" c ON c.id = t."checkId"`,
      // never a sealed check: the same unsealing as every other read of surprise checks
      open: sql`c.state = 'in_progress' AND ${unsealedSql(sql`c`, now)} AND t.result IS NULL`,
      processId: sql`c.id`,
      title: sql`(SELECT title FROM "SurpriseCheck" WHERE id = page.p1)`,
      unitId: sql`t."unitId"`,
      groupId: sql`t."groupId"`,
      dueAt: sql`c."deadlineAt"`,
      window: windowOf(SURPRISE_CHECK_LADDER),
      params: [sql`c.id`, sql`t."unitId"`],
      key: sql`c.id || '/' || t."unitId"`,
      // the launch's plan; a re-planned deadline counts the same rule on the amended calendar
      rule: sql`(SELECT selection->'due'->'rule' FROM "SurpriseCheck" WHERE id = page.p1)`,
    },
    { ...audit, kind: 'targetedAudit.file', party: 'contact', open: auditFiling('unit'), dueAt: sql`a."deadlineAt"`, window: windowOf(DEFAULT_LADDER) },
    { ...audit, kind: 'targetedAudit.file', party: 'group', open: auditFiling('group'), dueAt: sql`a."deadlineAt"`, window: windowOf(GROUP_LADDER) },
    {
      ...audit,
      kind: 'targetedAudit.review',
      party: 'group',
      open: sql`a.state = 'in_progress' AND step.s->>'by' = 'unit' AND EXISTS (SELECT 1 FROM jsonb_each(step.s->'items') it WHERE it.value->>'state' = 'filed')`,
      window: windowOf(DEFAULT_LADDER),
    },
    {
      kind: 'selfSupervisionTurn.file',
      process: 'selfSupervisionTurn',
      party: 'onDuty',
      from: sql`"SelfSupervisionTurn" s`,
      open: sql`s.state = 'open'`,
      processId: sql`s.id`,
      title: sql`(SELECT '自我监督第' || turn || '次' FROM "SelfSupervisionTurn" WHERE id = page.p1)`,
      unitId: sql`s."unitId"`,
      groupId: sql`s."groupId"`,
      person: sql`s."memberId"`,
      dueAt: sql`s."deadlineAt"`,
      window: windowOf(SELF_SUPERVISION_LADDER),
      params: [sql`s.id`],
      rule: sql`(SELECT "deadlineRule" FROM "SelfSupervisionTurn" WHERE id = page.p1)`,
    },
    {
      ...lead,
      kind: 'lead.accept',
      open: sql`l.state = 'registered'`,
      dueAt: sql`l."acceptanceDueAt"`,
      remindAt: sql`l."acceptanceRemindAt"`,
      window: windowOf(LEAD_ACCEPTANCE_LADDER),
      rule: sql`(SELECT "acceptanceRule" FROM "Lead" WHERE id = page.p1)`,
    },
    {
      ...lead,
      kind: 'lead.notifyReceipt',
      open: sql`l."realName" AND l."receiptNoticeDueAt" IS NOT NULL AND l."receiptToldAt" IS NULL`,
      dueAt: sql`l."receiptNoticeDueAt"`,
      remindAt: sql`l."receiptNoticeRemindAt"`,
      window: windowOf(LEAD_RECEIPT_NOTICE_LADDER),
      rule: sql`(SELECT "receiptNoticeRule" FROM "Lead" WHERE id = page.p1)`,
    },
    // 线索处置: proposed by the handler (again once a shelved lead's review date comes), its collective review
    // recorded by the handler, approved by the commission leader over the group; none of them has a deadline
    { ...lead, kind: 'lead.propose', open: sql`l.state IN ('accepted', 'shelve_review_due')`, window: windowOf(DEFAULT_LADDER) },
    { ...lead, kind: 'lead.recordReview', open: sql`l.state = 'disposal_proposed' AND l."collectiveReviewOn" IS NULL`, window: windowOf(DEFAULT_LADDER) },
    {
      ...lead,
      kind: 'lead.approveDisposal',
      party: 'overseer',
      open: sql`l.state = 'disposal_proposed' AND l."collectiveReviewOn" IS NOT NULL`,
      window: windowOf(DEFAULT_LADDER),
    },
    {
      ...lead,
      kind: 'lead.notifyResult',
      open: sql`l.state IN ('closed', 'case_filed') AND l."realName" AND l."resultNoticeDueAt" IS NOT NULL AND l."resultToldAt" IS NULL`,
      dueAt: sql`l."resultNoticeDueAt"`,
      remindAt: sql`l."resultNoticeRemindAt"`,
      window: windowOf(LEAD_RECEIPT_NOTICE_LADDER),
      rule: sql`(SELECT "resultNoticeRule" FROM "Lead" WHERE id = page.p1)`,
    },
    // a checked lead's next process, started from the lead (the act's path has no parameter: the lead is the process):
    // 立案 by the commission leader over the group, 澄清正名 proposed by the handler (谁核实、谁澄清); neither has a deadline
    { ...lead, kind: 'lead.fileCase', party: 'overseer', open: sql`l.state = 'case_filed' AND NOT EXISTS (SELECT 1 FROM "Case" k WHERE k."leadId" = l.id)`, window: windowOf(DEFAULT_LADDER) },
    {
      ...lead,
      kind: 'lead.startClearance',
      open: sql`l.outcome = 'false_accusation' AND NOT EXISTS (SELECT 1 FROM "Clearance" q WHERE q."leadId" = l.id)`,
      window: windowOf(DEFAULT_LADDER),
    },
    // 谈话函询: the handler's form and reply (due 15 工作日 after the arrival), evaluation; the commission leader's decisions
    { ...inquiry, kind: 'talkInquiry.recordForm', open: sql`q.state = 'awaiting_form'` },
    { ...inquiry, ...reply, kind: 'talkInquiry.recordReply', open: sql`q.state = 'awaiting_reply'` },
    { ...inquiry, ...reply, kind: 'talkInquiry.decideExtension', party: 'overseer', open: sql`q.state = 'awaiting_reply' AND q."pendingExtension" IS NOT NULL` },
    { ...inquiry, kind: 'talkInquiry.evaluate', open: sql`q.state = 'reply_received'` },
    { ...inquiry, kind: 'talkInquiry.approveEvaluation', party: 'overseer', open: sql`q.state = 'evaluation_proposed'` },
    { ...check, kind: 'preliminaryCheck.scheme', party: 'handler', open: sql`pc.state = 'awaiting_scheme'` },
    { ...check, kind: 'preliminaryCheck.schemeDecision', party: 'overseer', open: sql`pc.state = 'scheme_proposed'` },
    { ...check, kind: 'preliminaryCheck.conclude', party: 'handler', open: sql`pc.state = 'checking'`, dueAt: sql`pc."redAt"`, remindAt: sql`pc."yellowAt"`, dueText: warningText },
    { ...check, kind: 'preliminaryCheck.conclusionDecision', party: 'overseer', open: sql`pc.state = 'conclusion_proposed'` },
    {
      ...kase,
      kind: 'case.transfer',
      party: 'handler',
      person: sql`k."handlerId"`,
      open: sql`k.state = 'under_investigation'`,
      dueAt: sql`k."timeLimitDueAt"`,
      remindAt: sql`k."timeLimitRemindAt"`,
      rule: sql`(SELECT "timeLimitRule" FROM "Case" WHERE id = page.p1)`,
    },
    { ...kase, kind: 'case.extensionDecision', party: 'overseer', open: sql`k.state = 'under_investigation' AND k."extensionPending"`, dueAt: sql`k."timeLimitDueAt"`, rule: sql`(SELECT "timeLimitRule" FROM "Case" WHERE id = page.p1)` },
    { ...kase, kind: 'case.hearingOpinion', party: 'handler', person: sql`k."hearingReviewerId"`, open: sql`k.state = 'under_hearing'` },
    { ...kase, kind: 'case.close', party: 'overseer', open: sql`k.state = 'awaiting_closing'` },
    { ...clear, kind: 'clearance.approve', party: 'overseer', open: sql`q.state = 'awaiting_approval'` },
    {
      ...clear,
      kind: 'clearance.record',
      party: 'handler',
      person: sql`q."handlerId"`,
      open: sql`q.state = 'in_progress' AND q."doneOn" IS NULL`,
      dueAt: sql`q."dueAt"`,
      remindAt: sql`q."remindAt"`,
      rule: sql`(SELECT "dueRule" FROM "Clearance" WHERE id = page.p1)`,
    },
    {
      ...clear,
      kind: 'clearance.correct',
      party: 'handler',
      person: sql`q."handlerId"`,
      open: sql`q.state = 'in_progress' AND q."reporterCorrection" IS NOT NULL AND q."correctionDoneOn" IS NULL`,
      dueAt: sql`q."correctionDueAt"`,
      remindAt: sql`q."correctionRemindAt"`,
      rule: sql`(SELECT "correctionRule" FROM "Clearance" WHERE id = page.p1)`,
    },
  ];
}

/** The parties whose slices name the person who owes the step (the others: whoever holds a role over the row's group or unit). */
const NAMED_PARTIES: Party[] = ['approver', 'onDuty', 'handler'];

const anyOf = (column: Prisma.Sql | undefined, ids: string[]) => (column && ids.length ? sql`${column} = ANY(${ids})` : null);

/** The rows of a slice the actor owes; null where they owe none (the part is left out of the union). */
function owedBy(actor: Actor, s: Slice, now: Date): Prisma.Sql | null {
  switch (s.party) {
    case 'approver':
      return hasRole(actor, 'COMMISSION_LEADER') && s.person ? sql`${s.person} = ${actor.personId}` : null;
    case 'contact':
      return anyOf(s.unitId, unitsOf(actor, 'UNIT_CONTACT'));
    case 'group':
      return anyOf(s.groupId, groupsOf(actor));
    case 'onDuty': {
      const units = [...unitsOf(actor, 'UNIT_LEADER'), ...unitsOf(actor, 'UNIT_MEMBER')];
      return units.length && s.person ? sql`${s.person} = ${actor.personId} AND ${anyOf(s.unitId, units)}` : null;
    }
    case 'overseer':
      return hasRole(actor, 'COMMISSION_LEADER') && s.groupId ? sql`${s.groupId} IN (${groupsUnderSql(actor.personId, now)})` : null;
    case 'handler':
      return s.person ? sql`${s.person} = ${actor.personId}` : null;
  }
}

/**
 * 我的督办: the late rows (past their due instant) the actor answers for, as the escalation ladders have
 * it: a group leader for the units of their group; a commission leader for the groups whose leader
 * reports to them (the ladders' GROUP_LEADER_SUPERIOR) and for the approvals of the people who report to
 * them (APPROVER_SUPERIOR). The outbox is not read: a rung that has fired is past the due instant anyway.
 */
function answeredForBy(actor: Actor, s: Slice, now: Date): Prisma.Sql | null {
  if (!s.dueAt) return null;
  const leader = anyOf(s.groupId, groupsOf(actor, ['GROUP_LEADER']));
  const commission = !hasRole(actor, 'COMMISSION_LEADER')
    ? null
    : s.groupId
      ? sql`${s.groupId} IN (${groupsUnderSql(actor.personId, now)})`
      : s.person && sql`${s.person} IN (SELECT id FROM "Person" WHERE "superiorId" = ${actor.personId})`;
  const who = [leader, commission].filter((c): c is Prisma.Sql => Boolean(c));
  return who.length ? sql`${s.dueAt} < ${now} AND (${Prisma.join(who, ' OR ')})` : null;
}

const OFFSET_WORDS: Record<Offset['unit'], string> = { minutes: '分钟', hours: '小时', days: '天', workingDays: '个工作日' };
const offsetWords = (o: Offset) => `${o.amount}${OFFSET_WORDS[o.unit]}`;

/** The end of the reminder window from `now`; past the calendar's years, natural days of the same count. */
function windowEnd(ctx: ApiContext, now: Date, window: Offset): Date {
  try {
    return shift(now, window, 1, ctx.calendar);
  } catch {
    return shift(now, { amount: window.amount, unit: 'days' }, 1, ctx.calendar);
  }
}

function sliceRows(ctx: ApiContext, now: Date, s: Slice, who: Prisma.Sql): Prisma.Sql {
  const text = (v: Prisma.Sql | undefined) => v ?? sql`NULL::text`;
  return sql`(SELECT ${s.kind}::text AS kind, ${s.process}::text AS "processKind", ${s.processId} AS "processId",
      ${text(s.unitId)} AS "unitId", ${s.dueAt ?? sql`NULL::timestamptz`} AS "dueAt", ${s.remindAt ?? sql`NULL::timestamptz`} AS "remindAt",
      ${windowEnd(ctx, now, s.window)}::timestamptz AS "windowEnd", ${offsetWords(s.window)}::text AS "window",
      ${text(s.key ?? s.processId)} AS key, ${s.params[0]} AS p1, ${text(s.params[1])} AS p2,
      ${s.party}::text AS party, ${text(NAMED_PARTIES.includes(s.party) ? s.person : undefined)} AS "personId"
    FROM ${s.from} WHERE ${s.open} AND ${who})`;
}

interface Row {
  green: number;
  yellow: number;
  red: number;
  /** null (and every column after it) when the page is empty */
  kind: TaskKind | null;
  processKind: ProcessKind;
  processId: string;
  title: string;
  unitId: string | null;
  unitName: string | null;
  dueAt: Date | null;
  remindAt: Date | null;
  window: string;
  mark: Mark;
  key: string;
  detail: string | null;
  rule: DeadlineRule | null;
  dueText: string | null;
  p1: string;
  p2: string | null;
  party: Party;
  /** the person the row names as owing the step (a handler, an approver, the member on duty) */
  personId: string | null;
}

/** A column of the page's rows by kind: each kind's expression over `page`. */
const byKind = (included: Slice[], of: (s: Slice) => Prisma.Sql | undefined) => {
  const kinds = [...new Map(included.map((s) => [s.kind, of(s)])).entries()].filter((e): e is [TaskKind, Prisma.Sql] => Boolean(e[1]));
  return kinds.length ? sql`CASE page.kind ${Prisma.join(kinds.map(([kind, expr]) => sql`WHEN ${kind}::text THEN ${expr}`), ' ')} END` : sql`NULL::text`;
};

/** 三色预警 of a row of `t` (its dueAt, remindAt and windowEnd): the one rule of every list that colours a step. */
const markOf = (now: Date) => sql`CASE WHEN t."dueAt" < ${now} THEN 'red'
    WHEN t."remindAt" <= ${now} OR (t."remindAt" IS NULL AND t."dueAt" <= t."windowEnd") THEN 'yellow'
    ELSE 'green' END`;

/**
 * The colour of each lead with an open step that has a deadline, its own or of a process that came of
 * it (谈话函询, 初步核实, 案件, 澄清正名): the worst of those steps', whoever owes them, by the rule and the
 * slices of 我的待办. Rows `"leadId", mark`, for 线索台账 to join.
 */
export function leadMarksSql(ctx: ApiContext, now: Date): Prisma.Sql {
  const parts = slices(ctx, now)
    .filter((s) => s.leadId && s.dueAt)
    .map((s) => sql`(SELECT ${s.leadId} AS "leadId", ${s.dueAt} AS "dueAt", ${s.remindAt ?? sql`NULL::timestamptz`} AS "remindAt", ${windowEnd(ctx, now, s.window)}::timestamptz AS "windowEnd" FROM ${s.from} WHERE ${s.open})`);
  return sql`SELECT t."leadId", (ARRAY['green', 'yellow', 'red'])[max(CASE ${markOf(now)} WHEN 'red' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END)] AS mark
    FROM (${Prisma.join(parts, ' UNION ALL ')}) t GROUP BY t."leadId"`;
}

/**
 * The list's one statement: the union (narrow rows: the counts need every row, the page only its own),
 * each row's colour, the counts per colour, then the page asked for with its titles and unit names.
 */
async function taskRows(ctx: ApiContext, now: Date, included: Slice[], parts: Prisma.Sql[], query: TasksQuery): Promise<Row[]> {
  const union = Prisma.join(parts, ' UNION ALL ');
  return sqlRows<Row>(ctx.db, sql`
    WITH t AS (${union}),
    m AS (SELECT t.*, ${markOf(now)} AS mark FROM t)
    SELECT c.*, p.* FROM (SELECT count(*) FILTER (WHERE mark = 'green')::int AS green, count(*) FILTER (WHERE mark = 'yellow')::int AS yellow,
                                 count(*) FILTER (WHERE mark = 'red')::int AS red FROM m) c
    LEFT JOIN LATERAL (
      SELECT page.*, u.name AS "unitName", ${byKind(included, (s) => s.title)} AS title, ${byKind(included, (s) => s.detail)} AS detail,
             ${byKind(included, (s) => s.rule)} AS rule, ${byKind(included, (s) => s.dueText)} AS "dueText" FROM (
        SELECT * FROM m WHERE ${query.mark ?? null}::text IS NULL OR m.mark = ${query.mark ?? null}::text
        ORDER BY m."dueAt" ASC NULLS LAST, m.kind, m.key
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}
      ) page LEFT JOIN "Unit" u ON u.id = page."unitId"
      -- the page's own order again: the join to the unit names (read for the page's rows only) keeps none
      ORDER BY page."dueAt" ASC NULLS LAST, page.kind, page.key
    ) p ON TRUE`);
}

function markRule(r: Row): string {
  if (r.mark === 'red') return '已过截止时间';
  if (!r.dueAt) return '无截止时间';
  if (r.remindAt) return r.mark === 'yellow' ? '已进入提醒期（已过设定的提醒时间）' : '未到提醒期（未到设定的提醒时间）';
  return r.mark === 'yellow' ? `已进入提醒期（截止前${r.window}）` : `未到提醒期（截止前${r.window}起提醒）`;
}

/** The route's path with the row's parameters, each one URL-encoded segment (finding and workflow ids hold slashes). */
function actPath(kind: TaskKind, params: string[]): string {
  let i = 0;
  return TASK_ACTS[kind].path.replace(/\{\w+\}/g, () => encodeURIComponent(params[i++]));
}

/** What the due instant counted, on the calendar in force (null where the projection keeps no rule). */
const dueRuleOf = (ctx: ApiContext, r: Row): string | null => (!r.dueAt ? null : r.rule ? deadlineRuleText(r.rule.due, ctx.calendar) : r.dueText);

function item(ctx: ApiContext, r: Row & { kind: TaskKind }): TaskItem {
  const id = `${r.kind}:${encodeURIComponent(r.key)}`;
  return {
    id,
    kind: r.kind,
    what: r.detail ? `${TASK_KINDS[r.kind]}（${r.detail}）` : TASK_KINDS[r.kind],
    unit: r.unitId ? { id: r.unitId, name: r.unitName ?? r.unitId } : null,
    process: { kind: r.processKind, id: r.processId, title: r.title },
    dueAt: r.dueAt?.toISOString() ?? null,
    dueRule: dueRuleOf(ctx, r),
    mark: r.mark,
    markRule: markRule(r),
    act: { method: TASK_ACTS[r.kind].method.toUpperCase() as TaskItem['act']['method'], path: actPath(r.kind, [r.p1, ...(r.p2 === null ? [] : [r.p2])]) },
    page: `/console/tasks/${id}`,
  };
}

/** The process page a slice's steps belong to: a unit inspection's is its campaign's. */
const pageKindOf = (p: ProcessKind): ProcessPageKind => (p === 'unitInspection' ? 'campaign' : p);

/**
 * The rows of a slice of the processes named by their pages (an email's 办理入口; a lead's page and its
 * processes): the act's first parameter is the id that page names (a campaign's for its inspections
 * too), so the filter is on an indexed key of each table; a slice of another process is left out.
 */
function ofProcesses(pages: string[] | undefined, s: Slice, rows: Prisma.Sql): Prisma.Sql | null {
  if (!pages) return rows;
  const ids = pages.map(processOfPage).flatMap((named) => (named && pageKindOf(s.process) === named.kind ? [named.id] : []));
  return ids.length ? sql`${rows} AND ${s.params[0]} = ANY(${ids})` : null;
}

/** The open steps the query asks for (of the processes whose pages are named, if any), each with its row. */
async function stepRows(ctx: ApiContext, query: TasksQuery, pages: string[] | undefined, who: (s: Slice, now: Date) => Prisma.Sql | null) {
  const now = ctx.clock();
  const included = slices(ctx, now).flatMap((s) => {
    const owed = (!query.kind || query.kind === s.kind) && who(s, now);
    const rows = owed && ofProcesses(pages, s, owed);
    return rows ? [{ slice: s, part: sliceRows(ctx, now, s, rows) }] : [];
  });
  const rows = included.length ? await taskRows(ctx, now, included.map((i) => i.slice), included.map((i) => i.part), query) : [];
  const [first] = rows;
  return { rows: rows.filter((r): r is Row & { kind: TaskKind } => r.kind !== null), counts: { green: first?.green ?? 0, yellow: first?.yellow ?? 0, red: first?.red ?? 0 } };
}

async function list(ctx: ApiContext, query: TasksQuery, who: (s: Slice, now: Date) => Prisma.Sql | null): Promise<TaskList> {
  const { rows, counts } = await stepRows(ctx, query, query.process === undefined ? undefined : [query.process], who);
  return {
    items: rows.map((r) => item(ctx, r)),
    counts: { ...counts, total: counts.green + counts.yellow + counts.red },
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** 我的待办: every open step the caller must act on. */
export const myTasks = (ctx: ApiContext, actor: Actor, query: TasksQuery) => list(ctx, query, (s, now) => owedBy(actor, s, now));

/**
 * Every open step of some processes (their API pages: a lead's and its talk inquiry's, check's, case's,
 * clearance's), whoever owes it, with who that is where the row names them (else the party: the
 * commission leader over the group, the group): what a process's own page shows.
 */
export async function openStepsOf(ctx: ApiContext, pages: string[]): Promise<(TaskItem & { party: Party; personId: string | null })[]> {
  const { rows } = await stepRows(ctx, { page: 1, pageSize: 100 }, pages, () => sql`TRUE`);
  return rows.map((r) => ({ ...item(ctx, r), party: r.party, personId: r.personId }));
}

/** 我的督办: the late steps the caller answers for (commission and group leaders). */
export const myWatch = (ctx: ApiContext, actor: Actor, query: TasksQuery) => list(ctx, query, (s, now) => answeredForBy(actor, s, now));
