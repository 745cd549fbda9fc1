import type { Prisma } from '@prisma/client';
import type { RectificationState } from '../domain/states';
import type { RectificationView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { writeAudit } from './audit';

/** One step of a rectification, as RectificationEvent rows name it. */
export interface RectificationStep {
  kind: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

// the finding's own life as lists and statistics count it: open until a plan is approved, closed once accepted
const findingStateOf = (state: RectificationState) =>
  state === 'awaiting_plan' || state === 'plan_under_review' ? 'open' : state === 'closed' || state === 'revisited' ? 'closed' : 'rectifying';

/**
 * The projection of the rectification workflow: its row (only forward in `version`), the step that
 * moved it, the finding's state and the audit entry, in one transaction. Steps and audit entries are
 * keyed by version, so a retried activity writes nothing twice, and a step whose activity finishes
 * after a later one's (an update handled in the workflow's first task) is still written.
 */
export const createRectificationActivities = ({ db }: ActivityDeps) => ({
  async recordRectification(input: { view: RectificationView; step?: RectificationStep }) {
    const { view, step } = input;
    const data = {
      state: view.state,
      version: view.version,
      round: view.round,
      deadlineAt: new Date(view.deadlineAt),
      closedAt: view.closedAt ? new Date(view.closedAt) : null,
      revisitAt: view.revisitAt ? new Date(view.revisitAt) : null,
    };
    // zero-padded so that steps of one instant sort by version
    const dedupeKey = `${view.workflowId}/v${String(view.version).padStart(6, '0')}`;
    await db.$transaction(async (tx) => {
      const existing = await tx.rectification.findUnique({ where: { id: view.workflowId }, select: { version: true } });
      if (!existing || existing.version < view.version) {
        await tx.rectification.upsert({
          where: { id: view.workflowId },
          create: { id: view.workflowId, findingId: view.findingId, unitId: view.unitId, groupId: view.groupId, ...data },
          update: data,
        });
        await tx.finding.update({ where: { id: view.findingId }, data: { state: findingStateOf(view.state) } });
      }
      if (step) {
        await tx.rectificationEvent.upsert({
          where: { dedupeKey },
          create: { rectificationId: view.workflowId, kind: step.kind, actorId: step.actorId, detail: step.detail, at: new Date(step.at), dedupeKey },
          update: {},
        });
      }
      await writeAudit(tx, {
        actorId: step?.actorId,
        action: `rectification.${step?.kind ?? view.state}`,
        targetKind: 'rectification',
        targetId: view.workflowId,
        dedupeKey,
        detail: { state: view.state, round: view.round, deadlineAt: view.deadlineAt, ...(step?.detail ? { step: step.detail } : {}) },
      });
    });
  },
});
