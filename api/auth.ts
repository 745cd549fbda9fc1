import { timingSafeEqual } from 'node:crypto';
import { Prisma, type PrismaClient } from '@prisma/client';
import { parse as parseCookie } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { ROLES, isContactOf, isOfGroup, type Actor, type Role } from '../domain/roles';
import { hashToken } from '../domain/tokens';
import { sqlRows } from '../prisma/client';
import type { ApiContext } from './context';
import { ApiError, forbidden, unauthorized } from './errors';
import { SESSION_COOKIE, sessionOf, type SessionView } from './services/session';

declare global {
  namespace Express {
    interface Request {
      requestId: string;
      actor?: Actor;
      /** the browser session that authenticated the request, when it was the cookie */
      session?: { idHash: string; view: SessionView };
    }
  }
}

/** Methods that change state: a cookie-authenticated one must carry the session's CSRF token. */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const sameSecret = (given: string | undefined, expected: string) =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

async function byToken(db: PrismaClient, token: string) {
  // on every request: straight SQL, not Prisma's engine (see sqlRows)
  const [found] = await sqlRows<Actor & { revokedAt: Date | null; mustChangePassword: boolean }>(
    db,
    Prisma.sql`SELECT p.id AS "personId", p.role, p."groupId", p."unitId", p."mustChangePassword", t."revokedAt" FROM "ApiToken" t JOIN "Person" p ON p.id = t."personId" WHERE t."tokenHash" = ${hashToken(token)}`,
  );
  if (!found || found.revokedAt) throw unauthorized('访问令牌无效或已吊销 / the token is invalid or revoked');
  return found;
}

async function bySession(ctx: ApiContext, req: Request, secret: string) {
  const found = await sessionOf(ctx, secret, ctx.clock());
  if (!found) throw unauthorized('登录已失效，请重新登录 / the session has ended or expired; sign in again');
  if (UNSAFE.has(req.method) && !sameSecret(req.get('x-csrf-token'), found.csrfToken)) {
    throw new ApiError(403, 'csrf-token-invalid', '请求缺少有效的 X-CSRF-Token / a state-changing request signed in by cookie must send the X-CSRF-Token of its session');
  }
  req.session = { idHash: found.idHash, view: found.view };
  return { personId: found.id, role: found.role, groupId: found.groupId, unitId: found.unitId, mustChangePassword: found.mustChangePassword };
}

/**
 * The caller: `Authorization: Bearer <token>` (scripts, the demo people) or the session cookie of a
 * signed-in browser. Someone holding an initial password may only reach the routes that let them change it.
 */
export const authenticate =
  (ctx: ApiContext, { beforePasswordChange = false } = {}): RequestHandler =>
  async (req, _res, next) => {
    const header = req.get('authorization');
    const token = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const cookie = !header && parseCookie(req.get('cookie') ?? '')[SESSION_COOKIE];
    if (!token && !cookie) throw unauthorized('缺少访问令牌或登录会话 / a bearer token or a signed-in session is required');
    const { mustChangePassword, personId, role, groupId, unitId } = token ? await byToken(ctx.db, token) : await bySession(ctx, req, cookie as string);
    req.actor = { personId, role, groupId, unitId };
    if (mustChangePassword && !beforePasswordChange) {
      throw new ApiError(403, 'password-change-required', '请先修改初始密码 / change your initial password first (POST /me/password)');
    }
    next();
  };

export function actorOf(req: Request): Actor {
  if (!req.actor) throw unauthorized('缺少访问令牌 / a bearer token is required');
  return req.actor;
}

export const requireRole =
  (...roles: Role[]): RequestHandler =>
  (req, _res, next) => {
    if (!roles.includes(actorOf(req).role)) {
      throw forbidden(`仅限${roles.map((r) => ROLES[r]).join('、')} / only ${roles.join(', ')} may do this`);
    }
    next();
  };

/** Commission staff and leaders oversee every unit; a stationed group sees its units; a unit only itself. */
function unitScope(actor: Actor): { unitId: string } | { groupId: string } | 'all' | 'none' {
  switch (actor.role) {
    case 'STAFF':
    case 'COMMISSION_LEADER':
      return 'all';
    case 'GROUP_LEADER':
    case 'GROUP_MEMBER':
      return actor.groupId ? { groupId: actor.groupId } : 'none';
    case 'UNIT_CONTACT':
    case 'UNIT_LEADER':
    case 'UNIT_MEMBER':
      return actor.unitId ? { unitId: actor.unitId } : 'none';
  }
}

/** The units `actor` may read, as a Prisma filter on Unit. */
export function readableUnits(actor: Actor): Prisma.UnitWhereInput {
  const scope = unitScope(actor);
  if (scope === 'all') return {};
  if (scope === 'none') return { id: { in: [] } };
  return 'groupId' in scope ? { groupId: scope.groupId } : { id: scope.unitId };
}

/** The same scope as an SQL condition on a row's unit and group columns (the read paths' raw queries). */
export function readableUnitsSql(actor: Actor, columns: { unitId: Prisma.Sql; groupId: Prisma.Sql }): Prisma.Sql {
  const scope = unitScope(actor);
  if (scope === 'all') return Prisma.sql`TRUE`;
  if (scope === 'none') return Prisma.sql`FALSE`;
  return 'groupId' in scope ? Prisma.sql`${columns.groupId} = ${scope.groupId}` : Prisma.sql`${columns.unitId} = ${scope.unitId}`;
}

export const seesEverything = (actor: Actor) => actor.role === 'STAFF' || actor.role === 'COMMISSION_LEADER';

/** `what` names the step in both languages, e.g. '办理本单位整改 / act on its rectification'. */
export function requireUnitContact(actor: Actor, unitId: string, what = '提交自查报告 / submit its report'): void {
  if (!isContactOf(actor, unitId)) {
    const [zh, en] = what.split(' / ');
    throw forbidden(`只有本单位联络员可以${zh} / only the contact of this unit may ${en}`);
  }
}

export function requireGroupOf(actor: Actor, groupId: string): void {
  if (!isOfGroup(actor, groupId)) {
    throw forbidden('只有该单位的派驻组可以审核 / only the stationed group of this unit may review');
  }
}
