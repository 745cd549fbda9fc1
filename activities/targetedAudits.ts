import type { Prisma } from '@prisma/client';
import type { IsoDate } from '../domain/calendar';
import { DEFAULT_LADDER, GROUP_LADDER } from '../domain/ladder';
import { deadlineDueOf, type AuditStepSpec } from '../domain/targetedAudits';
import { owesFiling, type AuditStepView, type TargetedAuditView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { currentDetail, projectVersion, versionKey } from './auditLog';
import { planIfKnown, type Planned } from './calendar';

/** One event of a targeted audit, as TargetedAuditEvent rows name it. */
export interface TargetedAuditEventInput {
  kind: string;
  stepKey?: string;
  item?: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

export interface AuditFindingRecord {
  id: string;
  title: string;
  detail?: string;
}

/** A view scheduled by the workflow code before the glossary (pending across the deploy): `deadlineStep`, items' `reasons`. */
const currentAuditView = (view: TargetedAuditView): TargetedAuditView => ({
  ...view,
  steps: view.steps.map(({ deadlineStep, ...step }: AuditStepView & { deadlineStep?: string | null }) => ({
    ...step,
    deadlineKey: step.deadlineKey ?? deadlineStep ?? null,
    items: Object.fromEntries(
      Object.entries(step.items).map(([id, item]) => {
        const { reasons, ...rest } = item as typeof item & { reasons?: string | null };
        return [id, reasons === undefined ? item : { ...rest, reason: reasons }];
      }),
    ),
  })),
});

/** 靶向督查: the deadline of each step as it opens, and the projection of the audit. */
export const createTargetedAuditActivities = ({ db, calendars }: ActivityDeps) => ({
  /**
   * The step's deadline by its rule, with the unit's ladder (a unit filing) or the group's (a group
   * step), carrying the rule so an amended calendar re-plans it. A year without holiday data is
   * answered: the audit parks and plans again once the year is entered.
   */
  async planAuditStep(input: { step: Pick<AuditStepSpec, 'due' | 'by'>; startedAt: string; previousDoneAt: string; heldOn?: IsoDate; dates: Record<string, IsoDate> }): Promise<Planned> {
    const anchors = { startedAt: new Date(input.startedAt), previousDoneAt: new Date(input.previousDoneAt), heldOn: input.heldOn, dates: input.dates };
    const calendar = await calendars.current();
    const ladder = input.step.by === 'unit' ? DEFAULT_LADDER : GROUP_LADDER;
    return planIfKnown({ due: deadlineDueOf(input.step.due, anchors, calendar), ladder }, calendar);
  },

  /**
   * The audit row (created by the API at launch, moved only forward in version), the event and its
   * audit entry, keyed by version so a retried activity writes nothing twice.
   */
  async recordTargetedAudit(input: { view: TargetedAuditView; event: TargetedAuditEventInput }) {
    const view = currentAuditView(input.view);
    const event = { ...input.event, detail: currentDetail(input.event.detail) };
    const open = view.steps[view.current];
    // the deadline someone owes: none while the group reviews what was filed (lists count it overdue otherwise)
    const owed = open && owesFiling(open);
    await db.$transaction(async (tx) => {
      // the row is the API's, written at launch
      await projectVersion(tx, {
        updateIfNewer: () =>
          tx.targetedAudit.updateMany({
            where: { id: view.auditId, version: { lt: view.version } },
            data: {
              state: view.state,
              version: view.version,
              currentStep: open?.key ?? null,
              deadlineAt: owed && open.deadlineAt ? new Date(open.deadlineAt) : null,
              steps: view.steps as unknown as Prisma.InputJsonArray,
            },
          }),
        audit: {
          actorId: event.actorId,
          action: `targetedAudit.${event.kind}`,
          targetKind: 'targetedAudit',
          targetId: view.auditId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { state: view.state, ...(event.stepKey ? { step: event.stepKey } : {}), ...(event.item ? { item: event.item } : {}), ...(event.detail ? { detail: event.detail } : {}) },
        },
      });
      await tx.targetedAuditEvent.createMany({
        data: [{ auditId: view.auditId, kind: event.kind, stepKey: event.stepKey, item: event.item, actorId: event.actorId, detail: event.detail, at: new Date(event.at), dedupeKey: versionKey(view.workflowId, view.version) }],
        skipDuplicates: true,
      });
    });
  },

  /** Findings the group raised, each once by id; their rectifications are started by the workflow next. */
  async recordAuditFindings(input: { auditId: string; workflowId: string; unitId: string; recordedById: string; findings: AuditFindingRecord[] }) {
    await db.finding.createMany({
      data: input.findings.map((f) => ({
        id: f.id,
        title: f.title,
        detail: f.detail,
        unitId: input.unitId,
        sourceKind: 'targetedAudit',
        sourceId: input.workflowId,
        recordedById: input.recordedById,
      })),
      skipDuplicates: true,
    });
  },
});
