import { Prisma } from '@prisma/client';
import type { RectificationState } from '../domain/states';
import type { RectificationView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { currentDetail, projectVersion, unitGroupNow, versionKey } from './auditLog';

/** One event of a rectification, as RectificationEvent rows name it. */
export interface RectificationEventInput {
  kind: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

// the finding's own life as lists and statistics count it: open until a plan is approved, closed once accepted
const findingStateOf = (state: RectificationState) =>
  state === 'awaiting_plan' || state === 'plan_under_review' ? 'open' : state === 'closed' || state === 'revisited' ? 'closed' : 'rectifying';

/**
 * The projection of the rectification workflow: its row (only forward in `version`), the event that
 * moved it, the finding's state and the audit entry, in one transaction. Events and audit entries are
 * keyed by version, so a retried activity writes nothing twice, and an event whose activity finishes
 * after a later one's (an update handled in the workflow's first task) is still written.
 */
export const createRectificationActivities = ({ db }: ActivityDeps) => ({
  async recordRectification(input: { view: RectificationView; event?: RectificationEventInput; /** scheduled before the glossary */ step?: RectificationEventInput }) {
    const { view } = input;
    const given = input.event ?? input.step;
    const event = given && { ...given, detail: currentDetail(given.detail) };
    const data = {
      state: view.state,
      version: view.version,
      round: view.round,
      deadlineAt: new Date(view.deadlineAt),
      deadlineRule: view.deadlineRule ? (view.deadlineRule as object) : Prisma.DbNull,
      closedAt: view.closedAt ? new Date(view.closedAt) : null,
      revisitAt: view.revisitAt ? new Date(view.revisitAt) : null,
    };
    await db.$transaction(async (tx) => {
      const moved = await projectVersion(tx, {
        // the group the unit is in now: a unit moved since its process started is rectified with its new group
        insertIfAbsent: async () =>
          tx.rectification.createMany({
            data: [{ id: view.workflowId, findingId: view.findingId, unitId: view.unitId, groupId: await unitGroupNow(tx, view.unitId), ...data }],
            skipDuplicates: true,
          }),
        updateIfNewer: () => tx.rectification.updateMany({ where: { id: view.workflowId, version: { lt: view.version } }, data }),
        audit: {
          actorId: event?.actorId,
          action: `rectification.${event?.kind ?? view.state}`,
          targetKind: 'rectification',
          targetId: view.workflowId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { state: view.state, round: view.round, deadlineAt: view.deadlineAt, ...(event?.detail ? { event: event.detail } : {}) },
        },
      });
      if (moved) await tx.finding.update({ where: { id: view.findingId }, data: { state: findingStateOf(view.state) } });
      if (event) {
        await tx.rectificationEvent.createMany({
          data: [{ rectificationId: view.workflowId, kind: event.kind, actorId: event.actorId, detail: event.detail, at: new Date(event.at), dedupeKey: versionKey(view.workflowId, view.version) }],
          skipDuplicates: true,
        });
      }
    });
  },
});
