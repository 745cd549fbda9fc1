import { AuditLogPage, AuditLogQuery } from '../schemas/auditLog';
import { readAuditLog } from '../services/auditLog';
import { route } from './table';

/** 审计日志: what was done, by whom, to what; the commission reads it. */
export const auditLogRoutes = [
  route({
    method: 'get',
    path: '/audit-log',
    summary: '审计日志 audit entries, newest first, by target, actor, action (exact or prefix*) and time, a page at a time',
    roles: ['STAFF', 'COMMISSION_LEADER'],
    query: AuditLogQuery,
    response: { status: 200, description: 'a page of entries', schema: AuditLogPage },
    run: (ctx, { query }) => readAuditLog(ctx, query),
  }),
];
