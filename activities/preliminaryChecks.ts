import { Prisma } from '@prisma/client';
import type { ConclusionMeasure, PreliminaryCheckView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectVersion, unitGroupNow, versionKey, writeAuditEntry } from './auditLog';
import { insertMeasure } from './measures';

/** One event of a preliminary check, as PreliminaryCheckEvent rows name it. */
export interface PreliminaryCheckEventInput {
  kind: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

/** The n-th measure (1-based) of a lead's conclusion: one id per measure, so a retried activity writes each once. */
const leadMeasureId = (number: string, n: number) => `CS-${number}-${n}`;

const json = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonObject));

/**
 * 初步核实: the projection of its workflow (the row written at its first step, only forward in version,
 * the event and the audit entry, keyed by version), and the effects of an approved conclusion: the
 * measures of 第一种形态, a risk point with its finding. Each writes nothing twice when retried. Nothing
 * of the reporter is read or written.
 */
export const createPreliminaryCheckActivities = ({ db }: ActivityDeps) => ({
  async recordPreliminaryCheck({ view, event }: { view: PreliminaryCheckView; event: PreliminaryCheckEventInput }) {
    const data = {
      state: view.state,
      version: view.version,
      scheme: json(view.scheme),
      schemeApprovedAt: view.scheme?.approved ? new Date(view.scheme.approved.at) : null,
      warningLevel: view.warningLevel,
      yellowAt: view.warnings ? new Date(view.warnings.yellowAt) : null,
      redAt: view.warnings ? new Date(view.warnings.redAt) : null,
      conclusion: json(view.conclusion),
      outcome: view.outcome,
      completedAt: view.completedAt ? new Date(view.completedAt) : null,
    };
    const ids = { leadId: view.leadId, workflowId: view.workflowId, number: view.number, unitId: view.unitId, groupId: view.groupId, handlerId: view.handlerId };
    await db.$transaction(async (tx) => {
      await projectVersion(tx, {
        insertIfAbsent: () => tx.preliminaryCheck.createMany({ data: [{ ...ids, ...data }], skipDuplicates: true }),
        updateIfNewer: () => tx.preliminaryCheck.updateMany({ where: { leadId: view.leadId, version: { lt: view.version } }, data }),
        audit: {
          actorId: event.actorId,
          action: `preliminaryCheck.${event.kind}`,
          targetKind: 'preliminaryCheck',
          targetId: view.leadId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { state: view.state, number: view.number, warningLevel: view.warningLevel, ...(event.detail ? { event: event.detail } : {}) },
        },
      });
      await tx.preliminaryCheckEvent.createMany({
        data: [{ leadId: view.leadId, kind: event.kind, actorId: event.actorId, detail: event.detail, at: new Date(event.at), dedupeKey: versionKey(view.workflowId, view.version) }],
        skipDuplicates: true,
      });
    });
  },

  /** 第一种形态: the conclusion's measures as Measure rows (source the lead, by its number), through the one insert 措施登记 uses. */
  async recordLeadMeasures(input: { leadId: string; workflowId: string; unitId: string; reason: string; recordedById: string; measures: ConclusionMeasure[] }) {
    const number = (await db.lead.findUniqueOrThrow({ where: { id: input.leadId }, select: { number: true } })).number;
    await db.$transaction(async (tx) => {
      const groupId = await unitGroupNow(tx, input.unitId);
      for (const [i, m] of input.measures.entries()) {
        const id = leadMeasureId(number, i + 1);
        await insertMeasure(
          tx,
          { id, kind: m.kind, subject: m.subject, unitId: input.unitId, groupId, heldOn: m.heldOn, heldById: m.heldById, reason: input.reason, source: { kind: 'lead', id: number }, recordedById: input.recordedById },
          { workflowId: input.workflowId, dedupeKey: `${input.workflowId}/measure/${i + 1}` },
        );
      }
    });
  },

  /** 风险点: its row and the finding the unit rectifies (its title the risk, its source the risk point, never the lead). */
  async recordRiskPoint(input: { id: string; findingId: string; leadId: string; workflowId: string; unitId: string; risk: string; recordedById: string }) {
    await db.$transaction(async (tx) => {
      const groupId = await unitGroupNow(tx, input.unitId);
      await tx.finding.createMany({
        data: [{ id: input.findingId, title: input.risk, unitId: input.unitId, sourceKind: 'riskPoint', sourceId: input.id, recordedById: input.recordedById }],
        skipDuplicates: true,
      });
      await tx.riskPoint.createMany({
        data: [{ id: input.id, leadId: input.leadId, unitId: input.unitId, groupId, risk: input.risk, findingId: input.findingId, recordedById: input.recordedById }],
        skipDuplicates: true,
      });
      await writeAuditEntry(tx, {
        actorId: input.recordedById,
        action: 'riskPoint.recorded',
        targetKind: 'riskPoint',
        targetId: input.id,
        workflowId: input.workflowId,
        dedupeKey: `${input.workflowId}/risk-point`,
        detail: { leadId: input.leadId, unitId: input.unitId, findingId: input.findingId },
      });
    });
  },
});
