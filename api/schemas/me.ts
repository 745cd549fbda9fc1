import { processOfPage } from '../../domain/processPages';
import { keysOf } from './common';
import { z } from './zod';

/** 待办 kinds: `<process>.<step>`, each the step someone owes (api/services/tasks.ts says who and by which route). */
export const TASK_KINDS = {
  'campaign.approve': '审批专项督查方案',
  'unitInspection.submit': '提交自查报告',
  'unitInspection.review': '审核自查报告',
  'rectification.plan': '提交整改方案',
  'rectification.planReview': '审核整改方案',
  'rectification.progress': '报告整改进展',
  'rectification.accept': '整改验收',
  'rectification.extension': '审批延期申请',
  'rectification.revisit': '回头看',
  'routineRun.record': '记录常态监督检查情况',
  'surpriseCheck.record': '录入突击抽查结果',
  'targetedAudit.file': '报送靶向督查材料',
  'targetedAudit.review': '审阅靶向督查材料',
  'selfSupervisionTurn.file': '提交自我监督检查记录',
  'lead.accept': '受理或转办问题线索',
  'lead.notifyReceipt': '告知实名举报人受理情况',
  'lead.propose': '拟处置问题线索',
  'lead.recordReview': '记录集体研究意见',
  'lead.approveDisposal': '审批线索处置（报批）',
  'lead.notifyResult': '告知实名举报人处理结果',
  'lead.fileCase': '审批立案',
  'lead.startClearance': '发起澄清正名',
  'talkInquiry.recordForm': '函询或谈话',
  'talkInquiry.recordReply': '收取谈话函询书面说明',
  'talkInquiry.decideExtension': '审批谈话函询延期申请',
  'talkInquiry.evaluate': '评估谈话函询情况',
  'talkInquiry.approveEvaluation': '审批谈话函询评估意见（报批）',
  'preliminaryCheck.scheme': '报核实方案',
  'preliminaryCheck.schemeDecision': '审批核实方案',
  'preliminaryCheck.conclude': '报核实结论（亮灯预警）',
  'preliminaryCheck.conclusionDecision': '审批核实结论',
  'case.transfer': '审查调查并移送审理',
  'case.extensionDecision': '审批延长审查调查期限',
  'case.hearingOpinion': '出具审理意见',
  'case.close': '审批结案',
  'clearance.approve': '审批澄清正名',
  'clearance.record': '澄清正名',
  'clearance.correct': '对举报人批评教育或收取书面检讨',
} as const;
export type TaskKind = keyof typeof TASK_KINDS;

/** 三色预警: red past the due instant, yellow inside the reminder window, green otherwise. */
export const MARKS = { green: '绿', yellow: '黄', red: '红' } as const;
export type Mark = keyof typeof MARKS;

export const TASK_PROCESS_KINDS = ['campaign', 'unitInspection', 'rectification', 'routineRun', 'surpriseCheck', 'targetedAudit', 'selfSupervisionTurn', 'lead', 'talkInquiry', 'preliminaryCheck', 'case', 'clearance'] as const;

export const TasksQuery = z.object({
  kind: keysOf(TASK_KINDS).optional().openapi({ description: 'only this kind of step' }),
  mark: keysOf(MARKS).optional().openapi({ description: 'only this colour (the counts still cover every colour)' }),
  process: z
    .string()
    .refine((path) => processOfPage(path) !== null, {
      message: '应为一个事项的接口地址，如 /campaigns/{id}、/rectifications/{findingId} / expected the API page of one process, e.g. /campaigns/{id}',
    })
    .optional()
    .openapi({ description: "only the steps of this process, named by its API page as its emails' 办理入口 name it (a campaign's page covers its unit inspections)", example: '/rectifications/F-1' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1).openapi({ description: 'page number, from 1' }),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: 'items per page (1–100)' }),
});
export type TasksQuery = z.output<typeof TasksQuery>;

export const TaskItem = z
  .object({
    /** `<kind>:<business id>`, URL-safe */
    id: z.string(),
    kind: keysOf(TASK_KINDS),
    what: z.string().openapi({ description: 'the step, in zh-CN' }),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
    process: z.object({ kind: z.enum(TASK_PROCESS_KINDS), id: z.string(), title: z.string() }),
    dueAt: z.string().nullable(),
    dueRule: z
      .string()
      .nullable()
      .openapi({ description: 'what the due instant counted, in zh-CN (e.g. 12月1日后 5 个工作日（跳过周末 2 天）); null where the process keeps no rule for it', example: '9月29日后 5 个工作日（跳过周末 1 天、国庆节；含调休上班 1 天）' }),
    mark: keysOf(MARKS),
    markRule: z.string().openapi({ description: 'why this colour, in zh-CN' }),
    act: z.object({ method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']), path: z.string() }).openapi({ description: 'the API call that does the step' }),
    page: z.string().openapi({ description: 'the console page of the task' }),
  })
  .openapi('TaskItem');
export type TaskItem = z.infer<typeof TaskItem>;

export const TaskList = z
  .object({
    /** due instant first (none last), a page at a time */
    items: z.array(TaskItem),
    /** of every item of the list (the kind filter applied, the mark filter not) */
    counts: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int(), total: z.number().int() }),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi('TaskList');
export type TaskList = z.infer<typeof TaskList>;
