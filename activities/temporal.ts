import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { unitInspectionWorkflowId } from '../domain/ids';
import type { unitInspection } from '../workflows/unitInspection';
import type { UnitInspectionInput } from '../workflows/messages';
import { PROCESS_KINDS, searchKeys } from '../workflows/searchAttributes';
import { onCalendarInForce } from './calendar';
import { projectStartingInspections } from './records';
import type { ActivityDeps } from './deps';

const BATCH = 50;
/** a page of scope read at once; a cancellation stops the fan-out within one */
const SCOPE_PAGE = 200;
/** starts in flight at once when the configuration sets none: about where this server's start rate levels off */
const DEFAULT_CONCURRENCY = 50;

/** What a campaign's fan-out hands every unit inspection, and where in the scope it starts. */
export interface StartUnitInspections extends Omit<UnitInspectionInput, 'unitId' | 'groupId' | 'projected'> {
  fromOrdinal: number;
}

/** Runs `each` over `items` with at most `lanes` in flight. */
async function inLanes<T>(items: T[], lanes: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await each(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

export const createTemporalActivities = ({ db, temporal, calendars, logger, settings }: ActivityDeps) => ({
  /**
   * 专项督查's fan-out: starts the unit inspection of every unit in scope from `fromOrdinal` on as a
   * workflow of its own, through the client. Children of one parent would be started one after another
   * (Temporal serialises a parent's child starts); these go FAN_OUT_CONCURRENCY at a time. Each id is the
   * unit's business id, started with REJECT_DUPLICATE, and the cursor is heartbeated after each page:
   * a retry resumes there and counts a unit already started as started, so none is missing or doubled.
   * Each page's submission deadline is re-planned on the calendar in force, so a unit started after an
   * amendment (and after the change was signalled to every running process) gets the amended one.
   * Answers the ordinal after the last unit started: the number of units in scope, or fewer when the
   * campaign was cancelled meanwhile.
   */
  async startUnitInspections(input: StartUnitInspections): Promise<number> {
    const ctx = Context.current();
    const cancelled = async () => (await db.campaign.findUnique({ where: { id: input.campaignId }, select: { state: true } }))?.state === 'cancelled';
    const { fromOrdinal, ...handed } = input;
    let cursor = (ctx.info.heartbeatDetails as number | undefined) ?? fromOrdinal;
    for (;;) {
      const page = await db.campaignUnit.findMany({
        where: { campaignId: input.campaignId, ordinal: { gte: cursor } },
        orderBy: { ordinal: 'asc' },
        take: SCOPE_PAGE,
        select: { ordinal: true, unitId: true, unit: { select: { groupId: true } } },
      });
      // the campaign was cancelled (its projection says so before the sweep): stop, the sweep follows
      if (!page.length || (await cancelled())) return cursor;
      const submission = await onCalendarInForce(calendars, logger, input.submission, new Date());
      const units = page.map((u) => ({ workflowId: unitInspectionWorkflowId(input.campaignId, u.unitId), unitId: u.unitId, groupId: u.unit.groupId }));
      const projected = await projectStartingInspections(db, units.map((u) => ({ ...u, campaignId: input.campaignId, deadlineAt: submission.deadlineAt })));
      await inLanes(units, settings.fanOutConcurrency ?? DEFAULT_CONCURRENCY, async (u) => {
        const deadlineAt = projected.get(u.workflowId);
        await startUnitInspection(temporal, ctx.info.taskQueue, u.workflowId, {
          ...handed,
          submission,
          unitId: u.unitId,
          groupId: u.groupId,
          // a row past version 1 belongs to a workflow already started: this start is refused anyway
          ...(deadlineAt && { projected: { version: 1 as const, deadlineAt } }),
        });
        // alive, at the page's start until all of it is started (the SDK throttles what it sends)
        ctx.heartbeat(cursor);
      });
      cursor = page[page.length - 1].ordinal + 1;
      ctx.heartbeat(cursor);
    }
  },


  /**
   * Cancels every unit inspection of a campaign, resuming from the heartbeated cursor after a
   * retry. Children run with ABANDON (they outlive continue-as-new), so the campaign cancels them here.
   */
  async cancelUnitInspections({ campaignId }: { campaignId: string }): Promise<number> {
    const ctx = Context.current();
    let cursor = (ctx.info.heartbeatDetails as number | undefined) ?? 0;
    for (;;) {
      const page = await db.campaignUnit.findMany({
        where: { campaignId, ordinal: { gte: cursor } },
        orderBy: { ordinal: 'asc' },
        take: BATCH,
      });
      if (!page.length) return cursor;
      await Promise.all(
        page.map((u) =>
          temporal.workflow
            .getHandle(unitInspectionWorkflowId(campaignId, u.unitId))
            .cancel()
            .catch((e) => {
              // never started, or already finished: nothing left to cancel
              if (!(e instanceof WorkflowNotFoundError)) throw e;
            }),
        ),
      );
      cursor = page[page.length - 1].ordinal + 1;
      ctx.heartbeat(cursor);
    }
  },
});

/** One unit inspection, by its business id; one already started (an earlier attempt) is left as it is. */
async function startUnitInspection(temporal: ActivityDeps['temporal'], taskQueue: string, workflowId: string, args: UnitInspectionInput): Promise<void> {
  try {
    await temporal.workflow.start<typeof unitInspection>('unitInspection', {
      taskQueue,
      workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: searchKeys.kind, value: PROCESS_KINDS.unitInspection },
        { key: searchKeys.campaign, value: args.campaignId },
        { key: searchKeys.groups, value: [args.groupId] },
        { key: searchKeys.unit, value: args.unitId },
        { key: searchKeys.state, value: 'awaiting_submission' },
      ],
      args: [args],
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}
