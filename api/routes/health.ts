import type { RequestHandler } from 'express';
import type { ApiContext } from '../context';

const check = async (probe: () => Promise<unknown>): Promise<string> => {
  try {
    await probe();
    return 'ok';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

/** Liveness for load balancers: both backing services answer within a few seconds, or 503. */
export const health =
  ({ db, temporal }: ApiContext): RequestHandler =>
  async (_req, res) => {
    const [database, temporalServer] = await Promise.all([
      check(() => db.$queryRaw`SELECT 1`),
      check(() => temporal.withDeadline(Date.now() + 3_000, () => temporal.workflowService.getSystemInfo({}))),
    ]);
    const ok = database === 'ok' && temporalServer === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks: { database, temporal: temporalServer } });
  };
