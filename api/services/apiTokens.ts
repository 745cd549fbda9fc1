import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/roles';
import { hashToken, newApiToken } from '../../domain/tokens';
import type { ApiContext } from '../context';
import { notFound } from '../errors';

const LISTED = { id: true, label: true, createdAt: true, revokedAt: true } as const;

export const listApiTokens = (ctx: ApiContext, actor: Actor) =>
  ctx.db.apiToken.findMany({ where: { personId: actor.personId }, select: LISTED, orderBy: { createdAt: 'desc' } });

/** A personal API token for scripts: the token itself is in this answer only; PostgreSQL keeps its hash. */
export async function createApiToken(ctx: ApiContext, actor: Actor, label: string, requestId: string) {
  const token = newApiToken();
  const id = randomUUID();
  const [made] = await ctx.db.$transaction([
    ctx.db.apiToken.create({ data: { id, tokenHash: hashToken(token), personId: actor.personId, label }, select: LISTED }),
    ctx.db.auditLog.create({ data: { actorId: actor.personId, action: 'apiToken.created', targetKind: 'person', targetId: actor.personId, requestId, detail: { label, tokenId: id } } }),
  ]);
  return { ...made, token };
}

/** Revokes one of the caller's tokens; revoking it again answers as the first time did. */
export async function revokeApiToken(ctx: ApiContext, actor: Actor, id: string, requestId: string) {
  const found = await ctx.db.apiToken.findFirst({ where: { id, personId: actor.personId }, select: LISTED });
  if (!found) throw notFound(`没有这个令牌 / you have no token ${id}`);
  if (found.revokedAt) return found;
  const [revoked] = await ctx.db.$transaction([
    ctx.db.apiToken.update({ where: { id }, data: { revokedAt: ctx.clock() }, select: LISTED }),
    ctx.db.auditLog.create({ data: { actorId: actor.personId, action: 'apiToken.revoked', targetKind: 'person', targetId: actor.personId, requestId, detail: { tokenId: id } } }),
  ]);
  return revoked;
}
