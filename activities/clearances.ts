import type { Prisma } from '@prisma/client';
import type { ClearanceView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectStep } from './auditLog';

export interface ClearanceEventInput {
  kind: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

const day = (d: string | null | undefined) => (d ? new Date(`${d}T00:00:00Z`) : null);
const instant = (d: string | null | undefined) => (d ? new Date(d) : null);

/**
 * The projection of the clearance workflow: its row (written by the API), the event and the audit entry,
 * keyed by version. It writes nothing of the reporter: the view has none to write.
 */
export const createClearanceActivities = ({ db }: ActivityDeps) => ({
  async recordClearance({ view, event }: { view: ClearanceView; event: ClearanceEventInput }) {
    const correction = view.reporterCorrection;
    const data = {
      state: view.state,
      version: view.version,
      approvedAt: instant(view.approved?.at),
      approvedById: view.approved?.byId ?? null,
      rejectedReason: view.rejected?.reason ?? null,
      dueAt: instant(view.due?.deadlineAt),
      remindAt: instant(view.due?.remindAt),
      ...(view.due?.rule && { dueRule: view.due.rule as unknown as Prisma.InputJsonObject }),
      doneOn: day(view.done?.on),
      doneHow: view.done?.how ?? null,
      correctionDueAt: instant(correction?.due?.deadlineAt),
      correctionRemindAt: instant(correction?.due?.remindAt),
      ...(correction?.due?.rule && { correctionRule: correction.due.rule as unknown as Prisma.InputJsonObject }),
      correctionDoneOn: day(correction?.doneOn),
    };
    await projectStep(db, {
      targetKind: 'clearance',
      targetId: view.clearanceId,
      workflowId: view.workflowId,
      version: view.version,
      event,
      summary: { state: view.state, leadId: view.leadId },
      updateIfNewer: (tx) => tx.clearance.updateMany({ where: { id: view.clearanceId, version: { lt: view.version } }, data }),
      insertEvent: (tx, row) => tx.clearanceEvent.createMany({ data: [{ clearanceId: view.clearanceId, ...row }], skipDuplicates: true }),
    });
  },
});
