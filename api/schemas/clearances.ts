import { CLEARANCE_METHODS, REPORTER_CORRECTIONS } from '../../domain/clearances';
import { CLEARANCE_STATES } from '../../domain/states';
import { keysOf, Links } from './common';
import { ShanghaiDate } from './measures';
import { z } from './zod';

const ClearanceStateEnum = keysOf(CLEARANCE_STATES);
const Text = (max: number, example?: string) => z.string().trim().min(1).max(max).openapi(example ? { example } : {});

export const ClearanceParams = z.object({ id: z.string().min(1).max(40).openapi({ example: 'XS-2026-0012', description: 'the clearance, named by its lead’s 统一编号' }) });

/** 澄清正名: the lead, the accused's consent, the form, who is told; where the lead has a reporter on file, their correction. */
export const StartClearanceBody = z
  .strictObject({
    leadId: z.string().min(1).max(40).openapi({ example: 'XS-2026-0012', description: 'a lead whose check ended false_accusation' }),
    consent: z.strictObject({ given: z.literal(true), on: ShanghaiDate.openapi({ description: 'the Shanghai date the accused agreed; not after today' }) }).openapi({ description: '被澄清人本人同意' }),
    method: keysOf(CLEARANCE_METHODS).openapi({ description: 'letter 发函说明 · in_person 当面说明 · notice 会议通报' }),
    audience: z
      .array(z.strictObject({ name: z.string().trim().min(1).max(100).optional(), unit: z.string().trim().min(1).max(200).optional() }).refine((a) => a.name || a.unit, { message: 'a name or a unit' }))
      .min(1)
      .max(100)
      .openapi({ description: '向谁澄清: people or units told' }),
    reporterCorrection: keysOf(REPORTER_CORRECTIONS).optional().openapi({ description: 'criticism 批评教育 · written_self_criticism 书面检讨 of the reporter (only where a reporter is on file; who it is never appears here)' }),
  })
  .openapi('StartClearanceBody');
export type StartClearanceBody = z.infer<typeof StartClearanceBody>;

export const DecideClearanceBody = z
  .discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve'), comment: z.string().trim().max(2000).optional() }),
    z.strictObject({ decision: z.literal('reject'), reason: Text(2000) }),
  ])
  .openapi('DecideClearanceBody');
export type DecideClearanceBody = z.infer<typeof DecideClearanceBody>;
export const RecordClearanceDoneBody = z.strictObject({ doneOn: ShanghaiDate, how: Text(2000, '在单位干部大会上通报核查结论') }).openapi('RecordClearanceDoneBody');
export const RecordReporterCorrectionBody = z.strictObject({ doneOn: ShanghaiDate.openapi({ description: 'the day the 批评教育 was given or the 书面检讨 received' }) }).openapi('RecordReporterCorrectionBody');

const DeadlineOut = z.object({ dueAt: z.string(), doneOn: z.string().nullable() }).nullable();
export const ClearanceDetail = z
  .object({
    id: z.string(),
    leadId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    handlerId: z.string(),
    personsCleared: z.array(z.object({ name: z.string(), title: z.string().optional() })),
    consentOn: z.string(),
    method: keysOf(CLEARANCE_METHODS),
    methodLabel: z.string(),
    audience: z.array(z.object({ name: z.string().optional(), unit: z.string().optional() })),
    state: ClearanceStateEnum,
    stateLabel: z.string(),
    approvedAt: z.string().nullable(),
    clearance: DeadlineOut,
    reporterCorrection: z.object({ kind: keysOf(REPORTER_CORRECTIONS), label: z.string(), dueAt: z.string().nullable(), doneOn: z.string().nullable() }).nullable(),
    workflowId: z.string(),
    version: z.number().int(),
    timeline: z.array(z.object({ kind: z.string(), actorId: z.string().nullable(), at: z.string(), detail: z.unknown().nullable() })),
    links: Links,
  })
  .openapi('ClearanceDetail');
export type ClearanceDetail = z.infer<typeof ClearanceDetail>;
export const ClearanceList = z.object({ items: z.array(ClearanceDetail.omit({ timeline: true })) }).openapi('ClearanceList');

export const ClearanceWorkflowView = z
  .object({ workflowId: z.string(), clearanceId: z.string(), leadId: z.string(), state: ClearanceStateEnum, version: z.number().int() })
  .passthrough()
  .openapi('ClearanceWorkflowView');

export const StartClearanceResponse = z.object({ id: z.string(), workflowId: z.string(), state: ClearanceStateEnum, links: Links }).openapi('StartClearanceResponse');
export type StartClearanceResponse = z.infer<typeof StartClearanceResponse>;
