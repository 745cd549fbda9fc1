import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';
import { CADENCE_TIMEZONE, type ScheduleCadence } from '../../domain/cadence';
import type { Actor } from '../../domain/roles';
import { PROCESS_KINDS, searchKeys } from '../../workflows/searchAttributes';
import type { ApiContext } from '../context';
import { askWorkflow, callTemporal } from './temporal';

// The Temporal Schedules behind tantou's recurring processes (常态监督 cycles, 自我监督 rotas): one
// spec per cadence, one set of policies, one way to start, steer and describe them.

/**
 * The Schedule's policies, the same for every recurring process:
 * - overlap BUFFER_ONE: when a run is still open at the next scheduled time, the next run waits for it
 *   and starts when it completes. A period is then neither skipped in silence (SKIP) nor are open runs
 *   piled up behind a stalled one (ALLOW_ALL / BUFFER_ALL); the open run keeps escalating meanwhile.
 * - catch-up window 1 day: a run missed while Temporal was down still starts if it comes back within a
 *   day; a run older than that is stale and is not started late.
 */
export const SCHEDULE_POLICIES = { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 day' } as const;
const QUARTER_MONTHS = ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] as const;

/** The Schedule's spec for a cadence, always in Asia/Shanghai. */
export function specOf(cadence: ScheduleCadence): ScheduleSpec {
  switch (cadence.kind) {
    case 'weekly':
      return { calendars: [{ dayOfWeek: 'MONDAY', hour: 9, comment: '每周一 09:00' }], timezone: CADENCE_TIMEZONE };
    case 'monthly':
      return { calendars: [{ dayOfMonth: 1, hour: 9, comment: '每月1日 09:00' }], timezone: CADENCE_TIMEZONE };
    case 'quarterly':
      return { calendars: [{ month: [...QUARTER_MONTHS], dayOfMonth: 1, hour: 9, comment: '每季度首月1日 09:00' }], timezone: CADENCE_TIMEZONE };
    case 'cron':
      return { cronExpressions: [cadence.cron], timezone: CADENCE_TIMEZONE };
  }
}

/** What a Schedule starts: one workflow of a unit, findable by kind, unit and group in the Web UI. */
export interface ScheduledWorkflow<I> {
  workflowType: keyof typeof PROCESS_KINDS;
  /** Temporal appends each run's scheduled time to it */
  workflowIdPrefix: string;
  input: I;
  unitId: string;
  groupId: string;
}

type ScheduledAction<I> = ScheduleOptionsStartWorkflowAction<(input: I) => Promise<unknown>>;

export function startAction<I>(ctx: ApiContext, w: ScheduledWorkflow<I>): ScheduledAction<I> {
  return {
    type: 'startWorkflow',
    // by name, with the type only: the API process never loads workflow code
    workflowType: w.workflowType,
    taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
    workflowId: w.workflowIdPrefix,
    args: [w.input],
    typedSearchAttributes: [
      { key: searchKeys.kind, value: PROCESS_KINDS[w.workflowType] },
      { key: searchKeys.unit, value: w.unitId },
      { key: searchKeys.groups, value: [w.groupId] },
      { key: searchKeys.state, value: 'open' },
    ],
  };
}

/** Creating a Schedule that exists already (a launch replayed after its first attempt made it) is done. */
export async function createSchedule<I>(ctx: ApiContext, scheduleId: string, cadence: ScheduleCadence, action: ScheduledAction<I>, note: string): Promise<void> {
  await callTemporal(ctx, 'schedule create', () => ctx.temporal.schedule.create({ scheduleId, spec: specOf(cadence), action, policies: SCHEDULE_POLICIES, state: { note } })).catch((e) => {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  });
}

/** Deleting a Schedule that is already gone (a retried delete, an undo after a failed create) is done. */
export async function deleteSchedule(ctx: ApiContext, scheduleId: string): Promise<void> {
  await callTemporal(ctx, 'schedule delete', () => ctx.temporal.schedule.getHandle(scheduleId).delete()).catch((e) => {
    if (!(e instanceof ScheduleNotFoundError)) throw e;
  });
}

/**
 * Undo of a create that failed: the rows are gone already, and the Schedule may or may not exist (a
 * create that timed out may still have been made). A Temporal that cannot be reached must not hide
 * the error that made the undo necessary, so this one is logged, not thrown.
 */
export async function forgetSchedule(ctx: ApiContext, scheduleId: string): Promise<void> {
  await deleteSchedule(ctx, scheduleId).catch((err) => ctx.logger.warn({ err, scheduleId }, 'schedule of an undone create not deleted'));
}

/** 暂停 · 恢复 · 立即触发 · 删除: what a person may do to a Schedule. */
export type ScheduleControl = 'pause' | 'resume' | 'trigger' | 'delete';

/**
 * One control of a Schedule. 立即触发 starts a run now even if the Schedule is paused or a run is
 * open (ALLOW_ALL for this trigger): the person asked for a run now, and would otherwise get a silent no-op.
 */
export async function steerSchedule(ctx: ApiContext, scheduleId: string, control: ScheduleControl, actor: Actor): Promise<void> {
  const handle = ctx.temporal.schedule.getHandle(scheduleId);
  switch (control) {
    case 'pause':
      return callTemporal(ctx, 'schedule pause', () => handle.pause(`paused by ${actor.personId}`));
    case 'resume':
      return callTemporal(ctx, 'schedule resume', () => handle.unpause(`resumed by ${actor.personId}`));
    case 'trigger':
      return callTemporal(ctx, 'schedule trigger', () => handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL));
    case 'delete':
      return deleteSchedule(ctx, scheduleId);
  }
}

/** A new spec and action for a Schedule's future runs. */
export const updateSchedule = <I>(ctx: ApiContext, scheduleId: string, change: { spec: ScheduleSpec; action: ScheduledAction<I> }) =>
  callTemporal(ctx, 'schedule update', () => ctx.temporal.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...change })));

/** What the Schedule says now: paused or not, its next run times and its recent runs (or why it cannot say). */
export const describeSchedule = (ctx: ApiContext, scheduleId: string) =>
  askWorkflow(ctx, async () => {
    const { state, info } = await ctx.temporal.schedule.getHandle(scheduleId).describe();
    return {
      paused: state.paused,
      note: state.note ?? null,
      nextRunTimes: info.nextActionTimes.map((t) => t.toISOString()),
      recentRuns: info.recentActions.map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), takenAt: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId })),
    };
  });

export const scheduleUiUrl = (ctx: ApiContext, scheduleId: string) =>
  `${ctx.config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ctx.config.TEMPORAL_NAMESPACE)}/schedules/${encodeURIComponent(scheduleId)}`;
