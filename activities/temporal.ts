import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { unitInspectionWorkflowId } from '../domain/ids';
import type { ActivityDeps } from './deps';

const BATCH = 50;

export const createTemporalActivities = ({ db, temporal }: ActivityDeps) => ({
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
