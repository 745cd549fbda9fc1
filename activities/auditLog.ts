import { Prisma, type PrismaClient } from '@prisma/client';
import { campaignWorkflowId, caseWorkflowId, clearanceWorkflowId, leadWorkflowId, surpriseCheckWorkflowId, targetedAuditWorkflowId } from '../domain/ids';

export interface AuditEntry {
  actorId?: string | null;
  action: string;
  targetKind: string;
  /** the business id: the process's row id (a campaign's id, not `campaign/<id>`), so one process has one trail */
  targetId: string;
  /** the workflow that wrote it, beside the business id */
  workflowId?: string;
  /** activities retry: the same key twice writes one entry */
  dedupeKey: string;
  detail?: Prisma.InputJsonValue;
}

/** A step of a process that keeps no events table (a deadline re-planned): its audit entry is its record. */
export interface AuditedEvent {
  kind: string;
  detail?: Prisma.InputJsonValue;
}

/** Insert if absent (ON CONFLICT DO NOTHING on the dedupe key): a retried activity writes nothing twice. */
export const writeAuditEntry = (tx: Prisma.TransactionClient, e: AuditEntry) =>
  tx.auditLog.createMany({
    data: [{ actorId: e.actorId ?? null, action: e.action, targetKind: e.targetKind, targetId: e.targetId, workflowId: e.workflowId, dedupeKey: e.dedupeKey, detail: e.detail }],
    skipDuplicates: true,
  });

/**
 * writeAuditEntry's insert inside a larger statement, for the writes that land their row and its entry
 * in one SQL statement: `rows` selects (action, targetKind, targetId, workflowId, dedupeKey, detail).
 */
export const insertAuditEntriesSql = (rows: Prisma.Sql) => Prisma.sql`
  INSERT INTO "AuditLog" (action, "targetKind", "targetId", "workflowId", "dedupeKey", detail) ${rows}
  ON CONFLICT ("dedupeKey") DO NOTHING`;

// Processes whose row id is not their workflow id: the workflow id is a prefix plus the business id.
const WORKFLOW_ID_PREFIX: Record<string, string> = {
  campaign: campaignWorkflowId(''),
  surpriseCheck: surpriseCheckWorkflowId(''),
  targetedAudit: targetedAuditWorkflowId(''),
  lead: leadWorkflowId(''),
  case: caseWorkflowId(''),
  clearance: clearanceWorkflowId(''),
};

/** The business id of a process of `kind` from its workflow id (for every other kind they are the same string). */
export function businessIdOf(kind: string, workflowId: string): string {
  const prefix = WORKFLOW_ID_PREFIX[kind];
  return prefix && workflowId.startsWith(prefix) ? workflowId.slice(prefix.length) : workflowId;
}

/** The one dedupe-key format of a projected state: zero-padded, so the steps of one instant sort by version. */
export const versionKey = (workflowId: string, version: number) => `${workflowId}/v${String(version).padStart(6, '0')}`;

export interface VersionedProjection {
  /** insert the row as this snapshot if it is absent (createMany with skipDuplicates); omitted where the API wrote it at launch */
  insertIfAbsent?: () => Promise<Prisma.BatchPayload>;
  /** update where the stored version is lower (updateMany with `version: { lt }`) */
  updateIfNewer: () => Prisma.PrismaPromise<Prisma.BatchPayload>;
  /** the entry for this snapshot; its dedupe key is versionKey(workflowId, version) */
  audit: Omit<AuditEntry, 'dedupeKey'> & { workflowId: string; version: number };
}

/**
 * The stationed group a unit is in now, for a projection row about to be written, the unit's row
 * share-locked to the end of the caller's transaction: a concurrent move of the unit (registry) either
 * committed first and is read here, or waits for this row and then moves it with the unit's others.
 */
export async function unitGroupNow(tx: Prisma.TransactionClient, unitId: string): Promise<string> {
  const [unit] = await tx.$queryRaw<{ groupId: string }[]>`SELECT "groupId" FROM "Unit" WHERE id = ${unitId} FOR SHARE`;
  if (!unit) throw new Error(`no unit ${unitId}`);
  return unit.groupId;
}

/**
 * The projection of one workflow snapshot, inside the caller's transaction: insert if absent, then
 * update where the version is lower (PostgreSQL re-checks `version < v` under the row lock, so an older
 * snapshot committing last cannot overwrite a newer one, which a read-then-upsert could), then the audit
 * entry. The entry is written even when a newer snapshot got there first: the step still happened.
 * Returns whether this snapshot moved the row.
 */
export async function projectVersion(tx: Prisma.TransactionClient, p: VersionedProjection): Promise<boolean> {
  const inserted = p.insertIfAbsent ? (await p.insertIfAbsent()).count : 0;
  const updated = inserted ? 0 : (await p.updateIfNewer()).count;
  const { version, ...entry } = p.audit;
  await writeAuditEntry(tx, { ...entry, dedupeKey: versionKey(entry.workflowId, version) });
  return inserted + updated > 0;
}

/**
 * An event detail as an activity scheduled by the workflow code before the glossary sent it (pending
 * across the deploy): its ground for a choice was `reasons`, now `reason`.
 */
export function currentDetail(detail: Prisma.InputJsonValue | undefined): Prisma.InputJsonValue | undefined {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail) || !('reasons' in detail)) return detail;
  const { reasons, ...rest } = detail as Record<string, Prisma.InputJsonValue>;
  return { ...rest, reason: reasons };
}

export const isUniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

/** One step of a process that keeps an events table: the event row as its table takes it. */
export interface ProcessEventRow {
  kind: string;
  actorId?: string;
  detail?: Prisma.InputJsonValue;
  at: Date;
  dedupeKey: string;
}

/**
 * The projection of one step of a process with a row and an events table (a lead, a case, a clearance): the
 * row moved forward to the step's version, its event and its audit entry, in one transaction, all keyed
 * by the version so a retried activity writes nothing twice.
 */
export function projectStep(
  db: PrismaClient,
  p: {
    targetKind: string;
    targetId: string;
    workflowId: string;
    version: number;
    event: { kind: string; actorId?: string; at: string; detail?: Prisma.InputJsonValue };
    /** the audit entry's detail beside the event's */
    summary: Record<string, Prisma.InputJsonValue>;
    updateIfNewer: (tx: Prisma.TransactionClient) => Prisma.PrismaPromise<Prisma.BatchPayload>;
    insertEvent: (tx: Prisma.TransactionClient, row: ProcessEventRow) => Prisma.PrismaPromise<Prisma.BatchPayload>;
  },
) {
  const { event } = p;
  return db.$transaction(async (tx) => {
    await projectVersion(tx, {
      updateIfNewer: () => p.updateIfNewer(tx),
      audit: {
        actorId: event.actorId,
        action: `${p.targetKind}.${event.kind}`,
        targetKind: p.targetKind,
        targetId: p.targetId,
        workflowId: p.workflowId,
        version: p.version,
        detail: { ...p.summary, ...(event.detail ? { event: event.detail } : {}) },
      },
    });
    await p.insertEvent(tx, { kind: event.kind, actorId: event.actorId, detail: event.detail, at: new Date(event.at), dedupeKey: versionKey(p.workflowId, p.version) });
  });
}
