import { Id, Links } from './common';
import { z } from './zod';

export const PROCESS_KIND_LABELS = {
  unitInspection: '专项督查单位自查',
  rectification: '问题整改',
  routineRun: '常态监督',
  surpriseCheck: '突击抽查',
  targetedAudit: '靶向督查',
  selfSupervisionTurn: '自我监督',
} as const;
export type ProcessKind = keyof typeof PROCESS_KIND_LABELS;

/** One process touching a unit, in the same shape whatever its kind. */
export const ProcessEntry = z
  .object({
    kind: z.enum(Object.keys(PROCESS_KIND_LABELS) as [ProcessKind, ...ProcessKind[]]),
    kindLabel: z.string(),
    workflowId: z.string(),
    title: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    groupId: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    deadlineAt: z.string().nullable(),
    overdue: z.boolean(),
    /** escalation rungs whose email went out */
    rungsFired: z.array(z.number().int()),
    links: Links.pick({ workflowUi: true }),
  })
  .openapi('ProcessEntry');
export type ProcessEntry = z.infer<typeof ProcessEntry>;

export const UnitParams = z.object({ unitId: Id });

export const UnitOverview = z
  .object({
    unitId: z.string(),
    unitName: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    processes: z.array(ProcessEntry),
    openFindings: z.array(
      z.object({ id: z.string(), title: z.string(), state: z.string(), sourceKind: z.string(), rectificationState: z.string().nullable() }),
    ),
  })
  .openapi('UnitOverview');
export type UnitOverview = z.infer<typeof UnitOverview>;

export const OverdueList = z
  .object({
    asOf: z.string(),
    groups: z.array(z.object({ groupId: z.string(), groupName: z.string(), items: z.array(ProcessEntry) })),
  })
  .openapi('OverdueList');
export type OverdueList = z.infer<typeof OverdueList>;
