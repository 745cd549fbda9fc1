import { cronProblem, DEFAULT_ROUTINE_DUE_IN_WORKING_DAYS } from '../../domain/cadence';
import { ROUTINE_CHECKLIST } from '../../domain/routineChecklist';
import { ROUTINE_CYCLE_STATES, ROUTINE_RUN_STATES } from '../../domain/states';
import type { RoutineRunView } from '../../workflows/messages';
import { Id, Links, keysOf, workflowStatus } from './common';
import { z } from './zod';

/** A 5-field cron expression read in Asia/Shanghai, refused with the reason when tantou cannot run it. */
export const CronCadence = z.strictObject({
  kind: z.literal('cron'),
  cron: z
    .string()
    .trim()
    .max(200)
    .superRefine((cron, ctx) => {
      const problem = cronProblem(cron);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .openapi({ description: 'minute hour day-of-month month day-of-week, read in Asia/Shanghai', example: '0 9 * * MON' }),
});

export const CadenceInput = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('monthly') }).openapi({ description: '每月1日 09:00 (Asia/Shanghai)' }),
    z.strictObject({ kind: z.literal('quarterly') }).openapi({ description: '1、4、7、10月1日 09:00 (Asia/Shanghai)' }),
    CronCadence,
  ])
  .openapi('Cadence');

const DueInWorkingDays = z
  .number()
  .int()
  .min(1)
  .max(60)
  .openapi({ description: `工作日 from a run's start to its deadline (default ${DEFAULT_ROUTINE_DUE_IN_WORKING_DAYS})` });

export const CreateRoutineCyclesBody = z
  .strictObject({
    unitIds: z.array(Id).min(1).max(500).optional(),
    groupId: Id.optional().openapi({ description: 'every unit of this stationed group' }),
    cadence: CadenceInput,
    dueInWorkingDays: DueInWorkingDays.default(DEFAULT_ROUTINE_DUE_IN_WORKING_DAYS),
  })
  // a refinement for zod, which then names the field (a union would refuse at the body's root); oneOf for the document
  .refine((b) => (b.unitIds === undefined) !== (b.groupId === undefined), { path: ['unitIds'], message: 'give exactly one of unitIds, groupId' })
  .openapi('CreateRoutineCyclesBody', { oneOf: [{ required: ['unitIds'] }, { required: ['groupId'] }] });
export type CreateRoutineCyclesBody = z.infer<typeof CreateRoutineCyclesBody>;

export const ChangeCadenceBody = z
  .strictObject({ cadence: CadenceInput, dueInWorkingDays: DueInWorkingDays.optional() })
  .openapi('ChangeCadenceBody');
export type ChangeCadenceBody = z.infer<typeof ChangeCadenceBody>;

export const RoutineCycleParams = z.object({ id: Id.openapi({ example: 'CG-20261127-a1b2c3' }) });
/** A workflow id, slashes and all, as one URL-encoded path segment (a scheduled run is named by it). */
export const WorkflowIdParam = (example: string) => z.string().trim().min(1).max(300).openapi({ example });
export const RoutineRunParams = z.object({ id: WorkflowIdParam('routine/gongluju/CG-20261127-a1b2c3/run-2026-12-01T01:00:00Z') });

/** `?unitId&groupId&state&limit`: the filters of a list of rows tied to a unit; they narrow the caller's scope. */
export const unitRowsQuery = <K extends string>(states: Record<K, string>) =>
  z.object({
    unitId: Id.optional(),
    groupId: Id.optional(),
    state: keysOf(states).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  });

export const ListRoutineCyclesQuery = unitRowsQuery(ROUTINE_CYCLE_STATES);

/** What a Temporal Schedule says now (api/services/schedules.ts describeSchedule). */
export const ScheduleView = z.object({
  paused: z.boolean(),
  note: z.string().nullable(),
  nextRunTimes: z.array(z.string()).openapi({ description: 'next instants the Schedule starts a run (UTC ISO)' }),
  recentRuns: z.array(z.object({ scheduledAt: z.string(), takenAt: z.string(), workflowId: z.string() })),
});

/** What every row behind a Temporal Schedule shows (a routine cycle, a 自我监督 rota), besides its state, cadence and links. */
export const scheduledRowFields = {
  id: z.string(),
  scheduleId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  groupId: z.string(),
  stateLabel: z.string(),
  dueInWorkingDays: z.number().int(),
  timezone: z.literal('Asia/Shanghai'),
  createdById: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const RoutineCycleView = z
  .object({
    ...scheduledRowFields,
    state: keysOf(ROUTINE_CYCLE_STATES),
    cadence: CadenceInput,
    links: Links.extend({ runs: z.string() }),
  })
  .openapi('RoutineCycleView');
export type RoutineCycleView = z.infer<typeof RoutineCycleView>;

export const RoutineCycleDetail = RoutineCycleView.extend({ schedule: workflowStatus(ScheduleView) }).openapi('RoutineCycleDetail');
export type RoutineCycleDetail = z.infer<typeof RoutineCycleDetail>;

export const RoutineCycleList = z.object({ items: z.array(RoutineCycleView) }).openapi('RoutineCycleList');

export const RecordObservationBody = z
  .strictObject({
    item: keysOf(ROUTINE_CHECKLIST).openapi({ description: Object.entries(ROUTINE_CHECKLIST).map(([k, v]) => `${k}: ${v}`).join('; ') }),
    observation: z.string().trim().min(1).max(10_000),
    finding: z.strictObject({ title: z.string().trim().min(1).max(200), detail: z.string().trim().max(5000).optional() }).optional(),
  })
  .openapi('RecordObservationBody');

const Observation = z.object({ observation: z.string(), observedById: z.string(), at: z.string(), findingId: z.string().optional() });

/** The routine run workflow's own answer (routineRunStatusQuery). */
export const RoutineRunWorkflowView = z
  .object({
    workflowId: z.string(),
    cycleId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    state: keysOf(ROUTINE_RUN_STATES),
    version: z.number().int(),
    startedAt: z.string(),
    deadlineAt: z.string().nullable(),
    observations: z.partialRecord(keysOf(ROUTINE_CHECKLIST), Observation),
    findingIds: z.array(z.string()),
    rungsFired: z.array(z.number().int()),
    missingYear: z.number().int().optional(),
  })
  .openapi('RoutineRunWorkflowView') satisfies z.ZodType<RoutineRunView>;

export const RoutineRunSummary = z
  .object({
    id: z.string(),
    cycleId: z.string(),
    unitId: z.string(),
    groupId: z.string(),
    state: keysOf(ROUTINE_RUN_STATES),
    stateLabel: z.string(),
    deadlineAt: z.string(),
    createdAt: z.string(),
    links: Links,
  })
  .openapi('RoutineRunSummary');
export type RoutineRunSummary = z.infer<typeof RoutineRunSummary>;

export const RoutineRunList = z.object({ items: z.array(RoutineRunSummary) }).openapi('RoutineRunList');

export const RoutineRunDetail = RoutineRunSummary.extend({
  checklist: z.array(z.object({ item: keysOf(ROUTINE_CHECKLIST), label: z.string(), observation: Observation.nullable() })),
  findings: z.array(z.object({ id: z.string(), title: z.string(), detail: z.string().nullable(), state: z.string(), recordedById: z.string() })),
  workflow: workflowStatus(RoutineRunWorkflowView),
}).openapi('RoutineRunDetail');
export type RoutineRunDetail = z.infer<typeof RoutineRunDetail>;
