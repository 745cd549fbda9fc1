import { CAMPAIGN_STATES, INSPECTION_STATES } from '../../domain/states';
import type { CampaignView } from '../../workflows/messages';
import { DeadlineInput, Id, Ladder, Links, Offset, PageLimit, Scope, keysOf, pageCursor, workflowStatus } from './common';
import { z } from './zod';

export const CampaignStateEnum = keysOf(CAMPAIGN_STATES);

/** A unit's state in a roll-up: its inspection's, or not_started while approval or the fan-out is pending. */
export const UNIT_STATES = { ...INSPECTION_STATES, not_started: '未启动' } as const;
export type UnitState = keyof typeof UNIT_STATES;
export const UnitStateEnum = keysOf(UNIT_STATES);

export const LaunchCampaignBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200).openapi({ example: '作风建设年专项督查' }),
    topic: z.string().trim().min(1).max(2000).openapi({ example: '上下班打卡、上班炒股、窜岗等作风问题自查' }),
    scope: Scope,
    deadline: DeadlineInput,
    approverId: Id.openapi({ description: 'a COMMISSION_LEADER (委领导)', example: 'deputy' }),
    ladder: Ladder.optional(),
    approvalWindow: Offset.optional(),
  })
  .openapi('LaunchCampaignBody');
export type LaunchCampaignBody = z.infer<typeof LaunchCampaignBody>;

export const CampaignParams = z.object({ id: Id.openapi({ example: 'ZX-20261127-a1b2c3' }) });

export const LaunchCampaignResponse = z
  .object({ id: z.string(), workflowId: z.string(), state: CampaignStateEnum, links: Links })
  .openapi('LaunchCampaignResponse');
export type LaunchCampaignResponse = z.infer<typeof LaunchCampaignResponse>;

// one shape per decision, so the document says that a rejection needs its reason
export const ApprovalBody = z
  .discriminatedUnion(
    'decision',
    [
      z.strictObject({ decision: z.literal('approve'), reason: z.string().trim().max(2000).optional() }),
      z.strictObject({ decision: z.literal('reject'), reason: z.string({ error: 'a rejection needs a reason' }).trim().min(1, 'a rejection needs a reason').max(2000) }),
    ],
    { error: 'decision is approve or reject' },
  )
  .openapi('CampaignApprovalBody');

export const CancelCampaignBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) }).openapi('CancelCampaignBody');

/** The campaign workflow's own answer (campaignStatusQuery); `satisfies` keeps it in step with workflows/messages.ts. */
export const CampaignWorkflowView = z
  .object({
    campaignId: z.string(),
    state: CampaignStateEnum,
    version: z.number().int(),
    unitCount: z.number().int(),
    started: z.number().int(),
    finished: z.number().int(),
    deadlineAt: z.string(),
    approvalDueAt: z.string(),
    approvalRungsFired: z.array(z.number().int()),
    runs: z.number().int(),
  })
  .openapi('CampaignWorkflowView') satisfies z.ZodType<CampaignView>;

export const ListCampaignsQuery = z.object({
  state: CampaignStateEnum.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const CampaignSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    topic: z.string(),
    state: CampaignStateEnum,
    stateLabel: z.string(),
    unitCount: z.number().int(),
    deadlineAt: z.string(),
    approvalDueAt: z.string(),
    approverId: z.string(),
    createdById: z.string(),
    createdAt: z.string(),
    links: Links,
  })
  .openapi('CampaignSummary');
export type CampaignSummary = z.infer<typeof CampaignSummary>;

export const CampaignList = z.object({ items: z.array(CampaignSummary) }).openapi('CampaignList');

const Escalation = z.object({ round: z.number().int(), rung: z.number().int(), sentAt: z.string().nullable() });

/** A unit's inspection as the projection has it; the roll-up and the detail view both extend it. */
export const UnitStatus = z.object({
  unitId: z.string(),
  unitName: z.string(),
  state: UnitStateEnum,
  stateLabel: z.string(),
  round: z.number().int().nullable(),
  deadlineAt: z.string().nullable(),
  workflowId: z.string(),
  links: Links,
});

export const UnitRollup = UnitStatus.extend({
  groupId: z.string(),
  groupName: z.string(),
  /** overdue rungs whose email went out */
  escalations: z.array(Escalation),
}).openapi('UnitRollup');
export type UnitRollup = z.infer<typeof UnitRollup>;
export type UnitStatus = z.infer<typeof UnitStatus>;

/** How many of the reader's units stand in each state (every state named, 0 where none). */
const ByState = z.record(UnitStateEnum, z.number().int());

/** Where a page of the roll-up ended: the last unit's place in the campaign's scope. */
export const RollupCursor = z.object({ ordinal: z.number().int().min(0) });

export const CampaignRollupQuery = z.object({
  groupId: Id.optional().openapi({ description: 'only this group’s units' }),
  state: UnitStateEnum.optional().openapi({ description: 'only units in this state' }),
  limit: PageLimit,
  cursor: pageCursor(RollupCursor).optional(),
  live: z.stringbool().default(false).openapi({ description: 'also ask the campaign workflow (staff and commission leaders); it answers for every unit, so only on request' }),
});
export type CampaignRollupQuery = z.output<typeof CampaignRollupQuery>;

export const CampaignRollup = CampaignSummary.extend({
  version: z.number().int(),
  decisionReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  workflowId: z.string(),
  /** only with ?live=true */
  workflow: workflowStatus(CampaignWorkflowView).optional(),
  /** over every unit the reader sees, whatever the filters */
  byState: ByState,
  groups: z.array(z.object({ groupId: z.string(), groupName: z.string(), unitCount: z.number().int(), byState: ByState })),
  /** this page, in the campaign's scope order (group, then unit) */
  units: z.array(UnitRollup),
  nextCursor: z.string().nullable(),
}).openapi('CampaignRollup');
export type CampaignRollup = z.infer<typeof CampaignRollup>;
