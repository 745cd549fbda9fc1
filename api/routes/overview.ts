import { OverdueList, OverdueQuery, UnitOverview, UnitParams } from '../schemas/overview';
import { overdueList, unitOverview } from '../services/overview';
import { route } from './table';

/** Views across processes: 单位全景 and 逾期清单; scope is decided in the services. */
export const overviewRoutes = [
  route({
    method: 'get',
    path: '/units/{unitId}/overview',
    summary: '单位全景 every process touching a unit, its open findings and their rectification (sealed surprise checks hidden)',
    scope: 'unit',
    params: UnitParams,
    response: { status: 200, description: 'the unit', schema: UnitOverview },
    refusals: { 404: 'no such unit, or not visible to the caller' },
    run: (ctx, { actor, params, requestId }) => unitOverview(ctx, actor, params.unitId, requestId),
  }),
  route({
    method: 'get',
    path: '/overdue',
    summary: '逾期清单 everything past its deadline, oldest first, a page at a time, with a count per group (commission, or the caller’s group)',
    roles: ['STAFF', 'COMMISSION_LEADER', 'GROUP_LEADER', 'GROUP_MEMBER'],
    query: OverdueQuery,
    response: { status: 200, description: 'overdue processes', schema: OverdueList },
    run: (ctx, { actor, query }) => overdueList(ctx, actor, query),
  }),
];
