import { MEASURE_KINDS } from '../../domain/fourForms';
import { LEAD_OUTCOME_KEYS } from '../../domain/leads';
import { CHECK_TEAM_MIN, FIRST_FORM_KINDS, WARNING_LEVELS } from '../../domain/preliminaryChecks';
import { PRELIMINARY_CHECK_STATES } from '../../domain/states';
import { Id, keysOf } from './common';
import { ShanghaiDate } from './measures';
import { z } from './zod';

const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});

export const PreliminaryCheckParams = z.object({ leadId: z.string().min(1).max(40).openapi({ example: 'XS-2026-0012', description: 'the lead’s 统一编号: one check per lead' }) });

/** 核实方案: what, how, the team (at least two registry people) and its leader, one of them (checked by the service: 422). */
export const SubmitCheckSchemeBody = z
  .strictObject({
    what: Text(4000, '核实是否存在公车私用'),
    how: Text(4000, '调取车辆使用登记、GPS轨迹，询问驾驶员'),
    teamIds: z.array(Id).min(1).max(20).openapi({ description: `核查组: registry ids of active people, at least ${CHECK_TEAM_MIN}`, example: ['g5-member', 'g5-leader'] }),
    teamLeaderId: Id.openapi({ description: '核查组组长: one of the team', example: 'g5-leader' }),
  })
  .openapi('SubmitCheckSchemeBody');
export type SubmitCheckSchemeBody = z.infer<typeof SubmitCheckSchemeBody>;

const Decision = (what: string) =>
  z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({ decision: z.literal('return'), reason: Text(2000, `${what}需补充`) }),
  ]);
export const DecideCheckSchemeBody = Decision('核实方案').openapi('DecideCheckSchemeBody');
export type DecideCheckSchemeBody = z.infer<typeof DecideCheckSchemeBody>;
export const DecideCheckConclusionBody = Decision('核实结论').openapi('DecideCheckConclusionBody');
export type DecideCheckConclusionBody = z.infer<typeof DecideCheckConclusionBody>;

const ConclusionMeasure = z.strictObject({
  kind: z.enum(FIRST_FORM_KINDS).openapi({ description: `a measure of 第一种形态: ${FIRST_FORM_KINDS.map((k) => `${k} ${MEASURE_KINDS[k].label}`).join(' · ')}` }),
  subject: z.strictObject({ name: Text(100, '陈某'), title: z.string().trim().min(1).max(200).optional().openapi({ example: '区公路局 科长' }) }),
  heldOn: ShanghaiDate.openapi({ description: 'the Shanghai day it was held; not after today' }),
  heldById: Id.openapi({ description: 'the registry person who held it' }),
});

const facts = Text(20_000, '经核实，反映的公车私用问题基本属实，情节轻微');
/** 核实结论: one of the four outcomes, with what it needs. */
export const RecordCheckConclusionBody = z
  .discriminatedUnion('outcome', [
    z.strictObject({ outcome: z.literal('case_filed'), facts, proposal: Text(4000, '建议对某科长立案审查') }),
    z.strictObject({ outcome: z.literal('first_form'), facts, measures: z.array(ConclusionMeasure).min(1).max(50) }),
    z.strictObject({ outcome: z.literal('risk_point'), facts, risk: Text(2000, '公车使用登记制度执行不严').openapi({ description: '风险点: what the unit details its 主体责任 against (the unit sees it, never the lead)' }) }),
    z.strictObject({ outcome: z.literal('false_accusation'), facts, finding: Text(4000, '举报人捏造事实，属诬告陷害') }),
  ])
  .openapi('RecordCheckConclusionBody', { description: `outcome: ${LEAD_OUTCOME_KEYS.join(' · ')}` });
export type RecordCheckConclusionBody = z.infer<typeof RecordCheckConclusionBody>;

const Approved = z.object({ byId: z.string(), at: z.string(), comment: z.string().nullable() }).nullable();

/** The check's workflow answer (preliminaryCheckStatusQuery): ids, its state, scheme, warnings and conclusion; nothing of the reporter. */
export const PreliminaryCheckWorkflowView = z
  .object({
    workflowId: z.string(),
    leadId: z.string(),
    number: z.string(),
    state: keysOf(PRELIMINARY_CHECK_STATES),
    version: z.number().int(),
    warningLevel: keysOf(WARNING_LEVELS),
    scheme: z.object({ what: z.string(), how: z.string(), teamIds: z.array(z.string()), teamLeaderId: z.string(), proposedAt: z.string(), approved: Approved }).nullable(),
    warnings: z.object({ yellowAt: z.string(), redAt: z.string(), rungsFired: z.array(z.number().int()) }).nullable(),
    conclusion: z.object({ outcome: z.enum(LEAD_OUTCOME_KEYS), facts: z.string(), proposedAt: z.string(), approved: Approved }).passthrough().nullable(),
    returned: z.array(z.object({ step: z.enum(['scheme', 'conclusion']), byId: z.string(), reason: z.string(), at: z.string() })),
    outcome: z.enum(LEAD_OUTCOME_KEYS).nullable(),
  })
  .passthrough()
  .openapi('PreliminaryCheckWorkflowView');

/** The projected check and its timeline. */
export const PreliminaryCheckDetail = z
  .object({
    leadId: z.string(),
    number: z.string(),
    workflowId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    handlerId: z.string(),
    state: keysOf(PRELIMINARY_CHECK_STATES),
    stateLabel: z.string(),
    warningLevel: keysOf(WARNING_LEVELS).openapi({ description: '亮灯预警: blue · yellow (3 natural months after the scheme’s approval) · red (6), configurable' }),
    warningLabel: z.string(),
    yellowAt: z.string().nullable(),
    redAt: z.string().nullable(),
    scheme: z.unknown().nullable(),
    conclusion: z.unknown().nullable(),
    outcome: z.enum(LEAD_OUTCOME_KEYS).nullable(),
    riskPoint: z.object({ id: z.string(), findingId: z.string() }).nullable(),
    completedAt: z.string().nullable(),
    timeline: z.array(z.object({ kind: z.string(), actorId: z.string().nullable(), at: z.string(), detail: z.unknown().nullable() })),
    links: z.object({ self: z.string(), lead: z.string(), workflowUi: z.string() }),
  })
  .openapi('PreliminaryCheckDetail');
export type PreliminaryCheckDetail = z.infer<typeof PreliminaryCheckDetail>;
