import { createHash } from 'node:crypto';
import { unprocessable } from '../errors';

/**
 * Idempotency-Key support shared by the launch routes: a retried launch with the same key and the
 * same request answers with what the first one made; the same key with another request is refused.
 */
export function hashRequest(personId: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical({ personId, body }))).digest('hex');
}

/** `made` names what the first request made, e.g. `campaign ZX-…`. */
export function requireSameRequest(storedHash: string | null, requestHash: string, made: string): void {
  if (storedHash !== requestHash) {
    throw unprocessable('idempotency-key-reused', 'Idempotency-Key 已用于另一个请求 / the Idempotency-Key was used for a different request', [
      { path: 'Idempotency-Key', message: `already used for ${made} with a different body` },
    ]);
  }
}
