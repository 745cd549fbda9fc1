import type { Prisma } from '@prisma/client';
import { formOf, type MeasureKind, type MeasureSource } from '../domain/fourForms';

/** One measure as recorded, whoever records it: a person through POST /measures, or a case's closing (结案). */
export interface MeasureFacts {
  id: string;
  kind: MeasureKind;
  subject: { personId: string | null; name: string; title: string | null };
  unitId: string;
  groupId: string;
  /** the Asia/Shanghai day it was held */
  heldOn: string;
  heldById: string;
  reason: string;
  source: { kind: MeasureSource; id: string | null };
  supersedes: string | null;
  recordedById: string;
}

/**
 * Writes the measure and its audit entry (`measure.recorded`) in the caller's transaction. The form is
 * derived from the kind here, and the person key (人) is the registry id, else `<unitId>/<name>`.
 */
export async function insertMeasure(tx: Prisma.TransactionClient, m: MeasureFacts, audit: { requestId?: string; workflowId?: string; dedupeKey?: string }) {
  const form = formOf(m.kind);
  const row = await tx.measure.create({
    data: {
      id: m.id,
      kind: m.kind,
      form,
      personId: m.subject.personId,
      personName: m.subject.name,
      personTitle: m.subject.title,
      personKey: m.subject.personId ?? `${m.unitId}/${m.subject.name}`,
      unitId: m.unitId,
      groupId: m.groupId,
      // a Shanghai day as the DATE column holds it (Prisma reads and writes DATE as UTC midnight)
      heldOn: new Date(`${m.heldOn}T00:00:00Z`),
      heldById: m.heldById,
      reason: m.reason,
      sourceKind: m.source.kind,
      sourceId: m.source.id,
      supersedesId: m.supersedes,
      recordedById: m.recordedById,
    },
  });
  const detail = { kind: m.kind, form, unitId: m.unitId, source: m.source, supersedes: m.supersedes };
  await tx.auditLog.create({ data: { actorId: m.recordedById, action: 'measure.recorded', targetKind: 'measure', targetId: m.id, detail, ...audit } });
  return row;
}
