import { Prisma } from '@prisma/client';

export interface AuditEntry {
  actorId?: string | null;
  action: string;
  targetKind: string;
  targetId: string;
  /** activities retry: the same key twice writes one entry */
  dedupeKey: string;
  detail?: Prisma.InputJsonValue;
}

export const writeAudit = (tx: Prisma.TransactionClient, e: AuditEntry) =>
  tx.auditLog.upsert({
    where: { dedupeKey: e.dedupeKey },
    create: { actorId: e.actorId ?? null, action: e.action, targetKind: e.targetKind, targetId: e.targetId, dedupeKey: e.dedupeKey, detail: e.detail },
    update: {},
  });

export const isUniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
