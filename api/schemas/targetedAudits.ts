import { TARGETED_AUDIT_STATES } from '../../domain/states';
import { AUDIT_RULES, AUDIT_TEMPLATES, type AuditRuleKey } from '../../domain/targetedAudits';
import type { TargetedAuditView } from '../../workflows/messages';
import { DeadlineInput, Id, Links, keysOf, workflowStatus } from './common';
import { z } from './zod';

const TemplateEnum = keysOf(AUDIT_TEMPLATES);
const StateEnum = keysOf(TARGETED_AUDIT_STATES);
const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});
const IsoDate = z.iso.date();

/** AUDIT_RULES_JSON: whole periods by rule key (config/index.ts). */
export const AuditRuleOverrides = z.strictObject(
  Object.fromEntries(Object.keys(AUDIT_RULES).map((k) => [k, z.number().int().min(1).max(120).optional()])) as Record<AuditRuleKey, z.ZodOptional<z.ZodNumber>>,
);

const launchCommon = {
  unitId: Id,
  title: Text(200).optional().openapi({ description: 'default: the template name and the unit' }),
  commissionLeaderId: Id.optional().openapi({ description: 'the 委领导 of the top rung; default: the one the unit’s group reports to' }),
};

/** 发起靶向督查: one body per template, flat, so a form maps onto it field by field. */
export const LaunchTargetedAuditBody = z
  .discriminatedUnion('template', [
    z.strictObject({ template: z.literal('finance'), ...launchCommon, focus: Text(2000, '公务接待、差旅费报销、津补贴发放') }),
    z.strictObject({ template: z.literal('inspection_tour'), ...launchCommon, tourName: Text(200, '区委第三轮巡察'), feedbackDate: IsoDate.openapi({ description: '巡察反馈之日' }) }),
    z.strictObject({ template: z.literal('exam_discipline'), ...launchCommon, examName: Text(200, '2027年中考'), examDate: IsoDate }),
    z.strictObject({
      template: z.literal('disciplined_staff'),
      ...launchCommon,
      personName: Text(100, '某某'),
      sanction: Text(200, '党内警告'),
      decidedOn: IsoDate.openapi({ description: '处分决定之日' }),
      periodMonths: z.number().int().min(1).max(60).openapi({ description: '处分期（影响期）, natural months', example: 6 }),
    }),
    z.strictObject({
      template: z.literal('democratic_life'),
      ...launchCommon,
      theme: Text(500, '深入学习贯彻党的二十届四中全会精神'),
      meetingDate: IsoDate.openapi({ description: '会议计划召开之日' }),
      memberIds: z.array(Id).min(1).max(30).optional().openapi({ description: 'the 班子成员 whose 对照检查材料 are reviewed; default: the unit’s 一把手 and 班子成员' }),
    }),
  ])
  .openapi('LaunchTargetedAuditBody');
export type LaunchTargetedAuditBody = z.infer<typeof LaunchTargetedAuditBody>;

export const TargetedAuditParams = z.object({ id: Id.openapi({ example: 'BX-20261127-a1b2c3' }) });
export const AuditStepParams = TargetedAuditParams.extend({ stepKey: Id.openapi({ example: 'plan' }) });

export const ListTargetedAuditsQuery = z.object({
  unitId: Id.optional(),
  template: TemplateEnum.optional(),
  state: StateEnum.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const Item = Id.optional().openapi({ description: 'the item of a step filed item by item (e.g. a member of 对照检查材料); omitted: the step’s only item' });
const Findings = z.array(z.strictObject({ title: Text(200), detail: z.string().trim().max(5000).optional() })).max(50);

export const FileAuditStepBody = z
  .strictObject({
    item: Item,
    content: Text(50_000, '已召开党组会专题研究，形成自查报告'),
    heldOn: IsoDate.optional().openapi({ description: 'meeting steps: the day the meeting was held' }),
    attendeeId: Id.optional().openapi({ description: 'meeting steps: the member of the stationed group who attended (列席)' }),
    findings: Findings.optional().openapi({ description: 'group steps only: each becomes a finding with its own rectification' }),
  })
  .openapi('FileAuditStepBody');
export type FileAuditStepBody = z.infer<typeof FileAuditStepBody>;

export const ReviewAuditStepBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('accept'), item: Item, comment: z.string().trim().max(2000).optional(), findings: Findings.optional() }),
    z.strictObject({
      decision: z.literal('return'),
      item: Item,
      reason: Text(2000),
      newDeadline: DeadlineInput.optional().openapi({ description: 'omitted: the running deadline stays' }),
    }),
  ])
  .openapi('ReviewAuditStepBody');
export type ReviewAuditStepBody = z.infer<typeof ReviewAuditStepBody>;

export const CancelAuditBody = z.strictObject({ reason: Text(2000) }).openapi('CancelTargetedAuditBody');

const ItemView = z.object({
  label: z.string(),
  state: z.enum(['awaiting', 'filed', 'returned', 'accepted']),
  round: z.number().int(),
  content: z.string().nullable(),
  filedById: z.string().nullable(),
  filedAt: z.string().nullable(),
  reason: z.string().nullable(),
});

export const AuditStepView = z
  .object({
    key: z.string(),
    label: z.string(),
    by: z.enum(['unit', 'group']),
    state: z.enum(['pending', 'planning', 'open', 'done']),
    deadlineAt: z.string().nullable(),
    deadlineKey: z.string().nullable(),
    rungsFired: z.array(z.number().int()),
    items: z.record(z.string(), ItemView),
    heldOn: z.string().optional(),
    attendeeId: z.string().optional(),
    doneAt: z.string().nullable(),
  })
  .openapi('AuditStepView');

export const TargetedAuditWorkflowView = z
  .object({
    workflowId: z.string(),
    auditId: z.string(),
    template: TemplateEnum,
    state: StateEnum,
    version: z.number().int(),
    current: z.number().int(),
    steps: z.array(AuditStepView),
    findingIds: z.array(z.string()),
    missingYear: z.number().int().optional(),
    cancelReason: z.string().optional(),
  })
  .openapi('TargetedAuditWorkflowView') satisfies z.ZodType<TargetedAuditView>;

export const TargetedAuditSummary = z
  .object({
    id: z.string(),
    template: TemplateEnum,
    templateLabel: z.string(),
    title: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    state: StateEnum,
    stateLabel: z.string(),
    currentStep: z.string().nullable(),
    deadlineAt: z.string().nullable(),
    workflowId: z.string(),
    links: Links,
  })
  .openapi('TargetedAuditSummary');
export type TargetedAuditSummary = z.infer<typeof TargetedAuditSummary>;

export const TargetedAuditList = z.object({ items: z.array(TargetedAuditSummary) }).openapi('TargetedAuditList');

export const TargetedAuditDetail = TargetedAuditSummary.extend({
  params: z.record(z.string(), z.unknown()),
  /** the steps as last recorded: state, deadline, items filed */
  steps: z.array(AuditStepView),
  rungsFired: z.array(z.object({ key: z.string(), rung: z.number().int(), kind: z.string(), sentAt: z.string().nullable() })),
  events: z.array(z.object({ kind: z.string(), stepKey: z.string().nullable(), item: z.string().nullable(), actorId: z.string().nullable(), at: z.string(), detail: z.unknown() })),
  workflow: workflowStatus(TargetedAuditWorkflowView),
}).openapi('TargetedAuditDetail');
export type TargetedAuditDetail = z.infer<typeof TargetedAuditDetail>;

export const LaunchTargetedAuditResponse = z
  .object({ id: z.string(), workflowId: z.string(), state: StateEnum, steps: z.array(z.object({ key: z.string(), label: z.string(), by: z.enum(['unit', 'group']), due: z.string() })), links: Links })
  .openapi('LaunchTargetedAuditResponse');
export type LaunchTargetedAuditResponse = z.infer<typeof LaunchTargetedAuditResponse>;

export const AuditTemplateCatalogue = z
  .object({
    templates: z.array(z.object({ template: TemplateEnum, label: z.string() })),
    rules: z.array(z.object({ key: z.string(), amount: z.number().int(), unit: z.enum(['days', 'workingDays', 'months']), default: z.number().int(), rule: z.string() })),
  })
  .openapi('AuditTemplateCatalogue');
export type AuditTemplateCatalogue = z.infer<typeof AuditTemplateCatalogue>;
