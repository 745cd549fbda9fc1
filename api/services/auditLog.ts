import type { Prisma } from '@prisma/client';
import type { ApiContext } from '../context';
import { encodeCursor } from '../schemas/common';
import type { AuditLogCursor, AuditLogPage, AuditLogQuery } from '../schemas/auditLog';

const actionFilter = (action: string): Prisma.StringFilter => (action.endsWith('*') ? { startsWith: action.slice(0, -1) } : { equals: action });

/** Older than where the previous page ended, on (at, id): entries written in the same millisecond are not skipped. */
const olderThan = ({ at, id }: AuditLogCursor): Prisma.AuditLogWhereInput => ({
  OR: [{ at: { lt: new Date(at) } }, { at: new Date(at), id: { lt: BigInt(id) } }],
});

/**
 * 审计日志: newest first, a page at a time, for the commission (the route's roles). Reading it is not
 * itself audited; entries about a sealed surprise check name only ids and actions, and only the
 * commission, who may see every check, reads them.
 */
export async function readAuditLog(ctx: ApiContext, q: AuditLogQuery): Promise<AuditLogPage> {
  const rows = await ctx.db.auditLog.findMany({
    where: {
      AND: [
        q.targetKind ? { targetKind: q.targetKind, ...(q.targetId ? { targetId: q.targetId } : {}) } : {},
        q.actorId ? { actorId: q.actorId } : {},
        q.action ? { action: actionFilter(q.action) } : {},
        q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {},
        q.cursor ? olderThan(q.cursor) : {},
      ],
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actorId: r.actorId,
      action: r.action,
      targetKind: r.targetKind,
      targetId: r.targetId,
      workflowId: r.workflowId,
      requestId: r.requestId,
      detail: r.detail ?? null,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.at.toISOString(), id: last.id.toString() } satisfies AuditLogCursor) : null,
  };
}
