import type { ApiContext } from '../context';
import { callTemporal } from '../services/temporal';
import { z } from '../schemas/zod';
import { route } from './table';

const check = async (probe: () => Promise<unknown>): Promise<string> => {
  try {
    await probe();
    return 'ok';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()) }).openapi('Health');

/** Liveness for load balancers: both backing services answer within a few seconds, or 503. */
async function health(ctx: ApiContext) {
  const [database, temporalServer] = await Promise.all([
    check(() => ctx.db.$queryRaw`SELECT 1`),
    check(() => callTemporal(ctx, 'health check', () => ctx.temporal.workflowService.getSystemInfo({}), 3_000)),
  ]);
  const ok = database === 'ok' && temporalServer === 'ok';
  return { status: ok ? ('ok' as const) : ('unavailable' as const), checks: { database, temporal: temporalServer } };
}

export const healthRoutes = [
  route({
    method: 'get',
    path: '/health',
    summary: 'PostgreSQL and Temporal reachable',
    public: true,
    response: { status: 200, description: 'both answer', schema: Health },
    refusals: { 503: { description: 'one does not (the body says which)', kinds: [], schema: Health } },
    run: health,
    statusOf: (result) => (result.status === 'ok' ? 200 : 503),
  }),
];
