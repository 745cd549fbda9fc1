import { SELF_SUPERVISION_ROTA_STATES, SELF_SUPERVISION_TURN_STATES } from '../../domain/states';
import type { SelfSupervisionTurnView } from '../../workflows/messages';
import { Id, Links, keysOf, workflowStatus } from './common';
import { CronCadence, ScheduleView, scheduledRowFields, unitRowsQuery, WorkflowIdParam } from './routineCycles';
import { z } from './zod';

export const RotaCadenceInput = z
  .discriminatedUnion('kind', [z.strictObject({ kind: z.literal('weekly') }).openapi({ description: '每周一 09:00 (Asia/Shanghai)' }), CronCadence])
  .openapi('RotaCadence');

export const CreateRotaBody = z
  .strictObject({
    unitId: Id,
    memberIds: z
      .array(Id)
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'each member appears once')
      .optional()
      .openapi({ description: 'the turn order: leadership members (UNIT_LEADER, UNIT_MEMBER) of the unit; default its 一把手 first, then its 班子成员' }),
    cadence: RotaCadenceInput.default({ kind: 'weekly' }),
    dueInWorkingDays: z.number().int().min(1).max(20).optional().openapi({ description: '工作日 from a turn’s start to its record’s deadline (default: config SELF_SUPERVISION_DUE_WORKING_DAYS)' }),
  })
  .openapi('CreateSelfSupervisionRotaBody');
export type CreateRotaBody = z.infer<typeof CreateRotaBody>;

export const RotaParams = z.object({ id: Id.openapi({ example: 'ZW-20261127-a1b2c3' }) });
/** a turn's id is its workflow id: URL-encode it */
export const TurnParams = z.object({ turnId: WorkflowIdParam('selfsup/gongluju/ZW-20261127-a1b2c3/turn-2026-11-30T01:00:00Z') });

export const ListRotasQuery = unitRowsQuery(SELF_SUPERVISION_ROTA_STATES);
export const ListTurnsQuery = unitRowsQuery(SELF_SUPERVISION_TURN_STATES).extend({ rotaId: Id.optional() });

export const FileRecordBody = z
  .strictObject({ record: z.string().trim().min(1).max(10_000).openapi({ description: '检查记录: what was checked, what was found, what was fixed on the spot (立行立改)' }) })
  .openapi('FileSelfSupervisionRecordBody');

export const TurnSummary = z
  .object({
    id: z.string(),
    rotaId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    turn: z.number().int(),
    memberId: z.string(),
    state: keysOf(SELF_SUPERVISION_TURN_STATES),
    stateLabel: z.string(),
    deadlineAt: z.string().nullable(),
    filedAt: z.string().nullable(),
    createdAt: z.string(),
    links: Links,
  })
  .openapi('SelfSupervisionTurnSummary');
export type TurnSummary = z.infer<typeof TurnSummary>;

export const TurnList = z.object({ items: z.array(TurnSummary) }).openapi('SelfSupervisionTurnList');

export const RotaView = z
  .object({
    ...scheduledRowFields,
    state: keysOf(SELF_SUPERVISION_ROTA_STATES),
    members: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string() })).openapi({ description: 'in turn order' }),
    cadence: RotaCadenceInput,
    links: Links.extend({ turns: z.string() }),
  })
  .openapi('SelfSupervisionRotaView');
export type RotaView = z.infer<typeof RotaView>;

export const RotaList = z.object({ items: z.array(RotaView) }).openapi('SelfSupervisionRotaList');

export const RotaDetail = RotaView.extend({
  schedule: workflowStatus(ScheduleView),
  nextMemberId: z.string().openapi({ description: 'who is on duty at the next turn' }),
  recentTurns: z.array(TurnSummary).openapi({ description: 'the last 10 turns, newest first' }),
}).openapi('SelfSupervisionRotaDetail');
export type RotaDetail = z.infer<typeof RotaDetail>;

/** The turn workflow's own answer (selfSupervisionTurnStatusQuery). */
export const TurnWorkflowView = z
  .object({
    workflowId: z.string(),
    rotaId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    turn: z.number().int(),
    memberId: z.string(),
    state: keysOf(SELF_SUPERVISION_TURN_STATES),
    version: z.number().int(),
    startedAt: z.string(),
    deadlineAt: z.string().nullable(),
    record: z.string().nullable(),
    filedAt: z.string().nullable(),
    rungsFired: z.array(z.number().int()),
    missingYear: z.number().int().optional(),
  })
  .openapi('SelfSupervisionTurnWorkflowView') satisfies z.ZodType<SelfSupervisionTurnView>;

export const TurnDetail = TurnSummary.extend({ record: z.string().nullable(), workflow: workflowStatus(TurnWorkflowView) }).openapi('SelfSupervisionTurnDetail');
export type TurnDetail = z.infer<typeof TurnDetail>;
