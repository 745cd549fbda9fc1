import { timingSafeEqual } from 'node:crypto';
import { Prisma } from '@prisma/client';
import { parse as parseCookie } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { ROLES, groupsOf, hasAnyRole, isContactOf, isOfGroup, ownUnitsOf, seesEverything, type Actor, type Held, type Role } from '../domain/roles';
import { postingsOfSql } from '../activities/postings';
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

async function byToken(ctx: ApiContext, token: string) {
  // on every request: straight SQL, not Prisma's engine (see sqlRows)
  const [found] = await sqlRows<{ personId: string; postings: Held[]; revokedAt: Date | null; mustChangePassword: boolean }>(
    ctx.db,
    Prisma.sql`SELECT p.id AS "personId", ${postingsOfSql(Prisma.sql`p.id`, ctx.clock())}, p."mustChangePassword", t."revokedAt"
      FROM "ApiToken" t JOIN "Person" p ON p.id = t."personId" WHERE t."tokenHash" = ${hashToken(token)} AND p."deactivatedAt" IS NULL`,
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
  return { personId: found.id, postings: found.postings, mustChangePassword: found.mustChangePassword };
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
    const { mustChangePassword, personId, postings } = token ? await byToken(ctx, token) : await bySession(ctx, req, cookie as string);
    req.actor = { personId, postings };
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
    if (!hasAnyRole(actorOf(req), roles)) {
      throw forbidden(`仅限${roles.map((r) => ROLES[r]).join('、')} / only ${roles.join(', ')} may do this`);
    }
    next();
  };

/**
 * Commission staff and leaders oversee every unit; a stationed group sees its units; a unit only itself.
 * Someone holding several posts sees what each of them does.
 */
function unitScope(actor: Actor): { groupIds: string[]; unitIds: string[] } | 'all' {
  return seesEverything(actor) ? 'all' : { groupIds: groupsOf(actor), unitIds: ownUnitsOf(actor) };
}

/** The units `actor` may read, as a Prisma filter on Unit. */
export function readableUnits(actor: Actor): Prisma.UnitWhereInput {
  const scope = unitScope(actor);
  return scope === 'all' ? {} : { OR: [{ groupId: { in: scope.groupIds } }, { id: { in: scope.unitIds } }] };
}

/** The same scope as an SQL condition on a row's unit and group columns (the read paths' raw queries). */
export function readableUnitsSql(actor: Actor, columns: { unitId: Prisma.Sql; groupId: Prisma.Sql }): Prisma.Sql {
  const scope = unitScope(actor);
  if (scope === 'all') return Prisma.sql`TRUE`;
  const any = (column: Prisma.Sql, ids: string[]) => (ids.length ? Prisma.sql`${column} IN (${Prisma.join(ids)})` : Prisma.sql`FALSE`);
  return Prisma.sql`(${any(columns.groupId, scope.groupIds)} OR ${any(columns.unitId, scope.unitIds)})`;
}

/** `what` names the step in both languages, e.g. '办理本单位整改 / act on its rectification'. */
export function requireUnitContact(actor: Actor, unitId: string, what = '提交自查报告 / submit its report'): void {
  if (!isContactOf(actor, unitId)) {
    const [zh, en] = what.split(' / ');
    throw forbidden(`只有本单位联络员可以${zh} / only the contact of this unit may ${en}`);
  }
}

/**
 * The actor as a member of the unit's stationed group `groupId` (where the unit is now): the workflow's
 * validator accepts that group though the process may have started with the unit in another.
 */
export function requireGroupOf(actor: Actor, groupId: string): Actor {
  if (!isOfGroup(actor, groupId)) {
    throw forbidden('只有该单位的派驻组可以审核 / only the stationed group of this unit may review');
  }
  return { ...actor, unitGroupId: groupId };
}
