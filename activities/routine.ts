import { Prisma } from '@prisma/client';
import { afterStartRule, GROUP_LADDER } from '../domain/ladder';
import type { RoutineRunView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectVersion } from './auditLog';
import { planIfKnown, type Planned } from './calendar';

export type RoutineRunDeadline = { title: string } & Planned;

export interface RoutineFindingRecord {
  id: string;
  title: string;
  detail?: string;
  recordedById: string;
}

/** Routine supervision (常态监督): the calendar work and the projection of one scheduled run. */
export const createRoutineActivities = ({ db, calendars }: ActivityDeps) => ({
  /**
   * The run's deadline, `dueInWorkingDays` 工作日 after it started, with GROUP_LADDER's reminder and rungs.
   * A year without holiday data is answered: the run parks and plans again once the year is entered.
   */
  async planRoutineRun(input: { startedAt: string; dueInWorkingDays: number }): Promise<RoutineRunDeadline> {
    const calendar = await calendars.current();
    const startedAt = new Date(input.startedAt);
    return { title: `常态监督（${calendar.shanghaiDate(startedAt)}）`, ...planIfKnown(afterStartRule(startedAt, input.dueInWorkingDays, GROUP_LADDER), calendar) };
  },

  /**
   * One event of a run in one transaction: its finding (if any) and audit entry, each written once by
   * id, and the RoutineRun row, which only moves forward in version. Concurrent observations may land
   * out of order; the later snapshot holds both, and neither's finding nor audit entry is lost.
   */
  async recordRoutineRun(input: { view: RoutineRunView; event: string; actorId?: string; finding?: RoutineFindingRecord; detail?: Record<string, string | number> }) {
    const { view, finding } = input;
    // a view scheduled by the workflow code before the glossary (pending across the deploy) says dueAt
    const deadlineAt = view.deadlineAt ?? (view as { dueAt?: string | null }).dueAt ?? null;
    const data = {
      state: view.state,
      version: view.version,
      // the column is required: a run without a computable deadline is stamped with its start
      deadlineAt: new Date(deadlineAt ?? view.startedAt),
      deadlineRule: view.deadlineRule ? (view.deadlineRule as object) : Prisma.DbNull,
      observations: view.observations as object,
    };
    await db.$transaction(async (tx) => {
      await projectVersion(tx, {
        insertIfAbsent: () =>
          tx.routineRun.createMany({ data: [{ id: view.workflowId, cycleId: view.cycleId, unitId: view.unitId, groupId: view.groupId, ...data }], skipDuplicates: true }),
        updateIfNewer: () => tx.routineRun.updateMany({ where: { id: view.workflowId, version: { lt: view.version } }, data }),
        audit: {
          actorId: input.actorId,
          action: `routineRun.${input.event}`,
          targetKind: 'routineRun',
          targetId: view.workflowId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { state: view.state, ...(finding ? { findingId: finding.id } : {}), ...(view.missingYear ? { missingYear: view.missingYear } : {}), ...input.detail },
        },
      });
      if (finding) {
        await tx.finding.createMany({ data: [{ ...finding, unitId: view.unitId, sourceKind: 'routineRun', sourceId: view.workflowId }], skipDuplicates: true });
      }
    });
  },
});
