import { Id, PageLimit, pageCursor } from './common';
import { z } from './zod';

/** Where a page ended: the last entry's instant and id (newest first, so the next page is older). */
export const AuditLogCursor = z.object({ at: z.iso.datetime(), id: z.string().regex(/^\d+$/) });
export type AuditLogCursor = z.infer<typeof AuditLogCursor>;

export const AuditLogQuery = z
  .object({
    targetKind: Id.optional().openapi({ example: 'surpriseCheck' }),
    targetId: Id.optional().openapi({ description: 'the business id; needs targetKind', example: 'TC-20261127-a1b2c3' }),
    actorId: Id.optional().openapi({ example: 'staff-li' }),
    action: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'an action exactly, or a prefix ending in * (`surpriseCheck.*`)', example: 'campaign.launched' }),
    from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'entries at or after this instant' }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'entries before this instant' }),
    limit: PageLimit,
    cursor: pageCursor(AuditLogCursor).optional(),
  })
  .refine((q) => !q.targetId || q.targetKind, { path: ['targetId'], message: 'a target is named by targetKind and targetId together' })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'to must be after from' });
export type AuditLogQuery = z.output<typeof AuditLogQuery>;

export const AuditLogEntry = z
  .object({
    id: z.string().openapi({ description: 'ascending in the order entries were written' }),
    at: z.string(),
    actorId: z.string().nullable().openapi({ description: 'the person, or null for the system (a workflow’s own step)' }),
    action: z.string(),
    targetKind: z.string(),
    targetId: z.string(),
    workflowId: z.string().nullable(),
    requestId: z.string().nullable(),
    detail: z.unknown(),
  })
  .openapi('AuditLogEntry');

export const AuditLogPage = z
  .object({ items: z.array(AuditLogEntry), nextCursor: z.string().nullable().openapi({ description: 'the next, older page; null on the last' }) })
  .openapi('AuditLogPage');
export type AuditLogPage = z.infer<typeof AuditLogPage>;
