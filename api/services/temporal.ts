import { isGrpcCancelledError, isGrpcDeadlineError, isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { ApiContext } from '../context';
import { temporalUnavailable } from '../errors';

// Every call the API makes to Temporal (workflow start, update, query, schedule operations) goes
// through `callTemporal`: a request never waits on Temporal longer than the bound, and when Temporal
// does not answer in time the caller gets a 503 with Retry-After instead of a socket held open.

/** gRPC UNAVAILABLE: the server is down or unreachable (the client retries it until the deadline). */
const GRPC_UNAVAILABLE = 14;

/** Temporal did not answer in time, or could not be reached: the one case that is worth retrying later. */
export function isTemporalUnavailable(e: unknown): boolean {
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isGrpcDeadlineError(e) || isGrpcCancelledError(e)) return true;
  for (let err: unknown = e; err instanceof Error; err = err.cause) {
    if (isGrpcServiceError(err) && Number(err.code) === GRPC_UNAVAILABLE) return true;
  }
  return false;
}

class TimedOut extends Error {}

/**
 * One call to Temporal under a bounded wait. The gRPC deadline and the abort signal end the call on the
 * wire; the timer is the last word, since the client's own retry backoff does not watch either of them.
 */
export async function callTemporal<T>(ctx: ApiContext, what: string, call: () => Promise<T>, timeoutMs = ctx.temporalTimeoutMs): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new TimedOut(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const bounded = ctx.temporal.withAbortSignal(abort.signal, () => ctx.temporal.withDeadline(Date.now() + timeoutMs, call));
  bounded.catch(() => undefined); // the timer may win; the call's own rejection then has nobody to tell
  try {
    return await Promise.race([bounded, deadline]);
  } catch (e) {
    if (e instanceof TimedOut || isTemporalUnavailable(e)) throw temporalUnavailable(what, e);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** How long a detail read waits for the workflow's own answer before showing the projection without it. */
const ASK_TIMEOUT_MS = 3_000;

export type WorkflowAnswer<T> = { available: true; view: T } | { available: false; reason: string };

/** A workflow's own answer when it can give one in time; a closed or unreachable workflow is reported, not a 500. */
export async function askWorkflow<T>(ctx: ApiContext, ask: () => Promise<T>): Promise<WorkflowAnswer<T>> {
  try {
    return { available: true as const, view: await callTemporal(ctx, 'query', ask, Math.min(ASK_TIMEOUT_MS, ctx.temporalTimeoutMs)) };
  } catch (e) {
    return { available: false as const, reason: e instanceof Error ? e.message : String(e) };
  }
}
