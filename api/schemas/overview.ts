import { Id, Links, PageLimit, pageCursor } from './common';
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

/** Where a page of the overdue list ended: the list's instant, then the last row's sort key. */
export const OverdueCursor = z.object({ asOf: z.iso.datetime(), deadlineAt: z.iso.datetime(), workflowId: z.string(), unitId: z.string() });
export type OverdueCursor = z.infer<typeof OverdueCursor>;

export const OverdueQuery = z.object({
  groupId: Id.optional().openapi({ description: 'only this group’s items (the counts still cover every group the caller sees)' }),
  limit: PageLimit,
  cursor: pageCursor(OverdueCursor).optional(),
});
export type OverdueQuery = z.output<typeof OverdueQuery>;

export const OverdueList = z
  .object({
    /** the instant "overdue" is measured at; the pages after the first keep the first page's */
    asOf: z.string(),
    total: z.number().int(),
    /** every group with something overdue that the caller sees, with its count, in the commission's order */
    groups: z.array(z.object({ groupId: z.string(), groupName: z.string(), count: z.number().int() })),
    /** this page, oldest deadline first */
    items: z.array(ProcessEntry),
    nextCursor: z.string().nullable(),
  })
  .openapi('OverdueList');
export type OverdueList = z.infer<typeof OverdueList>;
