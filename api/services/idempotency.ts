import { createHash } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { isUniqueViolation } from '../../activities/auditLog';
import type { Actor } from '../../domain/roles';
import type { ApiContext } from '../context';
import { unprocessable } from '../errors';

/**
 * Idempotency-Key for every launch, in one place: the key belongs to the caller (another person's
 * identical key is another launch), and one table (IdempotentLaunch) keeps, per (person, key), the hash
 * of the request and what it made. A retry with the same key and body answers with what the first
 * request made (and starts its workflow if the first attempt died before that); the same key with
 * another body is refused, saying what the key made.
 */

const REPLAYED = Symbol('idempotent-replayed');

/** A launch's answer; marked (outside its JSON) when it replays an earlier launch. */
export type Launched<T extends object> = T & { [REPLAYED]?: true };

/** The launch's answer, marked when it replays the earlier launch (see replayHeaders). */
export const answered = <T extends object>(response: T, replayed: boolean): Launched<T> => (replayed ? Object.assign(response, { [REPLAYED]: true as const }) : response);

/** Headers that tell the caller the answer is the earlier launch's, not a new one. */
export const replayHeaders = (launched: object): Record<string, string> => (REPLAYED in launched ? { 'Idempotent-Replayed': 'true' } : {});

/** How the document describes what replayHeaders sets. */
export const REPLAY_HEADER_DOC = {
  'Idempotent-Replayed': '`true` when this answer replays the earlier launch made with the same Idempotency-Key and body (nothing new was made); absent otherwise',
};

/** Canonical JSON of (person, body), so key order in the body does not matter. */
export function hashRequest(personId: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical({ personId, body }))).digest('hex');
}

/** Written in the launch's own transaction, so the rows and the key are made together or not at all. */
export type ClaimKey = (tx: Prisma.TransactionClient, madeIds: string[]) => Promise<void>;

export interface LaunchRequest {
  actor: Actor;
  idempotencyKey?: string;
  body: unknown;
  /** what a launch of this kind makes, e.g. 'campaign' */
  kind: string;
}

export interface LaunchSteps<R> {
  /** Check the request and write the rows in one transaction that also calls `claim` with their ids. */
  create(claim: ClaimKey): Promise<R>;
  /** What an earlier launch made, from the ids it claimed the key with. */
  load(madeIds: string[]): Promise<R>;
  /** Start the workflow(s); must be a no-op when already started. */
  start(made: R): Promise<void>;
  /** The deletes that leave nothing half-made when the start fails. */
  undo(made: R): Prisma.PrismaPromise<unknown>[];
  /** After the undo: what the start may have made outside PostgreSQL (best effort, it must not throw). */
  forget?(made: R): Promise<void>;
}

export async function launchOnce<R>(ctx: ApiContext, req: LaunchRequest, steps: LaunchSteps<R>): Promise<{ made: R; replayed: boolean }> {
  const requestHash = hashRequest(req.actor.personId, req.body);
  const key = req.idempotencyKey ? { personId: req.actor.personId, key: req.idempotencyKey } : undefined;
  const earlier = key && (await ctx.db.idempotentLaunch.findUnique({ where: { personId_key: key } }));
  if (earlier) return replay(req, earlier, requestHash, steps);

  const claim: ClaimKey = async (tx, madeIds) => {
    if (key) await tx.idempotentLaunch.create({ data: { ...key, requestHash, madeKind: req.kind, madeIds } });
  };
  let made: R;
  try {
    made = await steps.create(claim);
  } catch (e) {
    // the same key raced in from a concurrent retry: that one made it
    const raced = key && isUniqueViolation(e) && (await ctx.db.idempotentLaunch.findUnique({ where: { personId_key: key } }));
    if (!raced) throw e;
    return replay(req, raced, requestHash, steps);
  }
  try {
    await steps.start(made);
  } catch (e) {
    // nothing half-made: rows without their workflow would wait for steps nobody is asked for
    await ctx.db.$transaction([...steps.undo(made), ...(key ? [ctx.db.idempotentLaunch.deleteMany({ where: key })] : [])]);
    await steps.forget?.(made);
    throw e;
  }
  return { made, replayed: false };
}

async function replay<R>(
  req: LaunchRequest,
  earlier: { requestHash: string; madeKind: string; madeIds: string[] },
  requestHash: string,
  steps: LaunchSteps<R>,
): Promise<{ made: R; replayed: boolean }> {
  const what = `${earlier.madeKind} ${earlier.madeIds.join(', ')}`;
  if (earlier.requestHash !== requestHash || earlier.madeKind !== req.kind) {
    throw unprocessable(
      'idempotency-key-reused',
      `您已用此 Idempotency-Key 发起过另一个请求（${what}），本次未新建任何内容；新的发起请换一个 Key / you already used this Idempotency-Key for a different request, which made ${what}; nothing new was made (use a new key for a new launch)`,
      [{ path: 'Idempotency-Key', message: `already used by ${req.actor.personId} for ${what} with a different body` }],
    );
  }
  const made = await steps.load(earlier.madeIds);
  // the first attempt may have died between commit and start; starting again is a no-op otherwise
  await steps.start(made);
  return { made, replayed: true };
}
