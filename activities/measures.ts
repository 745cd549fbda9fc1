import type { Measure, Prisma } from '@prisma/client';
import { formOf, type MeasureKind, type MeasureSource } from '../domain/fourForms';

/** One measure as both its writers hold it once checked: the API's 措施登记 and a lead's approved conclusion (an activity). */
export interface MeasureRecord {
  id: string;
  kind: MeasureKind;
  subject: { personId?: string | null; name: string; title?: string | null };
  unitId: string;
  /** the unit's stationed group when the measure is recorded */
  groupId: string;
  /** the Asia/Shanghai day it was held */
  heldOn: string;
  heldById: string;
  reason: string;
  source: { kind: MeasureSource; id: string | null };
  supersedes?: string | null;
  recordedById: string;
}

/** A Shanghai day as the DATE column holds it (Prisma reads and writes DATE as UTC midnight). */
export const asDateColumn = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * 记录措施: the row (its form from its kind, `personKey` the registry id else `<unitId>/<name>`) and its
 * `measure.recorded` audit entry, in the caller's transaction. Keyed by id: a second write of the same
 * measure (a retried activity, with its dedupe key) writes nothing and answers the row there. A
 * correction's supersedesId is unique, so two corrections of one record cannot both be written (P2002).
 */
export async function insertMeasure(tx: Prisma.TransactionClient, m: MeasureRecord, entry: { requestId?: string; workflowId?: string; dedupeKey?: string } = {}): Promise<Measure> {
  const form = formOf(m.kind);
  const data: Prisma.MeasureUncheckedCreateInput = {
    id: m.id,
    kind: m.kind,
    form,
    personId: m.subject.personId ?? null,
    personName: m.subject.name,
    personTitle: m.subject.title ?? null,
    personKey: m.subject.personId ?? `${m.unitId}/${m.subject.name}`,
    unitId: m.unitId,
    groupId: m.groupId,
    heldOn: asDateColumn(m.heldOn),
    heldById: m.heldById,
    reason: m.reason,
    sourceKind: m.source.kind,
    sourceId: m.source.id,
    supersedesId: m.supersedes ?? null,
    recordedById: m.recordedById,
  };
  const row = await tx.measure.upsert({ where: { id: m.id }, create: data, update: {} });
  const detail = { kind: m.kind, form, unitId: m.unitId, source: m.source, supersedes: m.supersedes ?? null };
  await tx.auditLog.createMany({
    data: [{ actorId: m.recordedById, action: 'measure.recorded', targetKind: 'measure', targetId: m.id, requestId: entry.requestId, workflowId: entry.workflowId, dedupeKey: entry.dedupeKey, detail }],
    skipDuplicates: true,
  });
  return row;
}
