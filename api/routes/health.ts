import { calendarOutlook } from '../../activities/calendarWatch';
import { shortestDueWorkingDays } from '../../config';
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

const CalendarYearMissing = z
  .object({
    kind: z.literal('calendar-year-missing'),
    year: z.number().int().openapi({ example: 2027 }),
    firstDeadline: z.object({
      kind: z.enum(['routineRun', 'selfSupervisionTurn', 'targetedAudit', 'routineCycle', 'selfSupervisionRota', 'floor']),
      id: z.string().openapi({ description: "the parked process's workflow id, the cycle's or rota's id, or `<n>-working-days` for the floor" }),
      date: z.string().openapi({ description: 'Shanghai date it was parked, or the date the run starts', example: '2026-12-21' }),
      parked: z.boolean(),
      message: z.string().openapi({ example: '常态监督（区公路局，2026-12-21 发起）的截止日将落入2027年' }),
    }),
    message: z.string(),
  })
  .openapi('CalendarYearMissing', {
    description: '日历预警: from 1 November while next year has no holiday data (or this year has none), naming the first deadline that would reach it',
  });

const Health = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.record(z.string(), z.string()),
    warnings: z.array(CalendarYearMissing).openapi({ description: 'what needs doing soon; never turns the status to unavailable' }),
  })
  .openapi('Health');

/** The calendar watch's warning for today; a database that does not answer shows in `checks` instead. */
async function warningsOf(ctx: ApiContext) {
  const outlook = await calendarOutlook(ctx.db, ctx.calendar, ctx.clock(), shortestDueWorkingDays(ctx.config)).catch((err: unknown) => {
    ctx.logger.warn({ err }, 'calendar outlook not computed');
    return undefined;
  });
  return outlook ? [{ kind: 'calendar-year-missing' as const, ...outlook }] : [];
}

/** Liveness for load balancers: both backing services answer within a few seconds, or 503. */
async function health(ctx: ApiContext) {
  const [database, temporalServer, warnings] = await Promise.all([
    check(() => ctx.db.$queryRaw`SELECT 1`),
    check(() => callTemporal(ctx, 'health check', () => ctx.temporal.workflowService.getSystemInfo({}), 3_000)),
    warningsOf(ctx),
  ]);
  const ok = database === 'ok' && temporalServer === 'ok';
  return { status: ok ? ('ok' as const) : ('unavailable' as const), checks: { database, temporal: temporalServer }, warnings };
}

export const healthRoutes = [
  route({
    method: 'get',
    path: '/health',
    summary: 'PostgreSQL and Temporal reachable; warnings of what needs doing soon (a holiday year to enter)',
    public: true,
    response: { status: 200, description: 'both answer', schema: Health },
    refusals: { 503: { description: 'one does not (the body says which)', kinds: [], schema: Health } },
    run: health,
    statusOf: (result) => (result.status === 'ok' ? 200 : 503),
  }),
];
