import { CASE_DISPOSITION_KINDS } from '../../domain/cases';
import { CASE_STATES } from '../../domain/states';
import { Id, keysOf, Links } from './common';
import { ShanghaiDate } from './measures';
import { z } from './zod';

const CaseStateEnum = keysOf(CASE_STATES);
const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});

export const CaseParams = z.object({ id: z.string().min(1).max(40).openapi({ example: 'AJ-2026-0001', description: 'the case’s 案件编号' }) });

export const CasePerson = z.strictObject({
  name: Text(100, '张某'),
  title: z.string().trim().min(1).max(200).optional(),
  personId: Id.optional().openapi({ description: 'the registry person, where the person concerned is one' }),
});

/** 立案: the lead, its persons concerned (the lead's unless named), the decision's date; the caller is the commission leader over the lead's group who approved it. */
export const OpenCaseBody = z
  .strictObject({
    leadId: z.string().min(1).max(40).openapi({ example: 'XS-2026-0012', description: 'a lead whose check ended case_filed' }),
    personsConcerned: z.array(CasePerson).min(1).max(50).optional().openapi({ description: '被审查人; omitted: the lead’s persons concerned' }),
    filedOn: ShanghaiDate.openapi({ description: 'the Shanghai date of the 立案 decision; not after today' }),
    comment: z.string().trim().max(2000).optional(),
  })
  .openapi('OpenCaseBody');
export type OpenCaseBody = z.infer<typeof OpenCaseBody>;

export const RequestCaseExtensionBody = z.strictObject({ reason: Text(2000, '涉案资金流向需进一步查证') }).openapi('RequestCaseExtensionBody');
export const DecideCaseExtensionBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('grant'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({ decision: z.literal('refuse'), reason: Text(2000) }),
  ])
  .openapi('DecideCaseExtensionBody');
export type DecideCaseExtensionBody = z.infer<typeof DecideCaseExtensionBody>;
export const TransferForHearingBody = z.strictObject({ reviewerId: Id.openapi({ description: '审理 reviewer: commission staff (委机关工作人员), not the handler' }) }).openapi('TransferForHearingBody');
export const RecordHearingOpinionBody = z.strictObject({ opinion: Text(20_000, '事实清楚、证据确凿，同意给予党内警告处分') }).openapi('RecordHearingOpinionBody');
export const CloseCaseBody = z
  .strictObject({
    dispositions: z
      .array(z.strictObject({ name: Text(100), kind: z.enum(CASE_DISPOSITION_KINDS).openapi({ description: 'the measure (MEASURE_KINDS) of one of the four forms' }) }))
      .min(1)
      .max(50)
      .openapi({ description: 'one per person concerned, by name' }),
    comment: z.string().trim().max(2000).optional(),
  })
  .openapi('CloseCaseBody');
export type CloseCaseBody = z.infer<typeof CloseCaseBody>;

export const CaseSummary = z
  .object({
    id: z.string(),
    leadId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    handlerId: z.string(),
    personsConcerned: z.array(z.object({ name: z.string(), title: z.string().optional(), personId: z.string().optional() })),
    filedOn: z.string(),
    filedById: z.string(),
    state: CaseStateEnum,
    stateLabel: z.string(),
    timeLimitDueAt: z.string(),
    extended: z.boolean(),
    closedAt: z.string().nullable(),
    links: Links,
  })
  .openapi('CaseSummary');
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseDetail = CaseSummary.extend({
  workflowId: z.string(),
  version: z.number().int(),
  hearingReviewerId: z.string().nullable(),
  dispositions: z.array(z.object({ person: z.number().int(), kind: z.string() })).nullable(),
  timeline: z.array(z.object({ kind: z.string(), actorId: z.string().nullable(), at: z.string(), detail: z.unknown().nullable() })),
}).openapi('CaseDetail');
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseList = z.object({ items: z.array(CaseSummary) }).openapi('CaseList');

/** The case workflow's own answer (caseStatusQuery): ids, states, the time limit; persons by place only. */
export const CaseWorkflowView = z
  .object({ workflowId: z.string(), caseId: z.string(), leadId: z.string(), state: CaseStateEnum, version: z.number().int(), timeLimit: z.object({ deadlineAt: z.string(), rungsFired: z.array(z.number().int()), extended: z.boolean() }) })
  .passthrough()
  .openapi('CaseWorkflowView');

export const OpenCaseResponse = z.object({ id: z.string(), workflowId: z.string(), state: CaseStateEnum, timeLimitDueAt: z.string(), links: Links }).openapi('OpenCaseResponse');
export type OpenCaseResponse = z.infer<typeof OpenCaseResponse>;
