import { hash, verify } from '@node-rs/argon2';
import { Prisma } from '@prisma/client';
import { ROLES, type Actor, type Held } from '../../domain/roles';
import { postingsOfSql } from '../../activities/postings';
import { passwordProblems } from '../../domain/passwords';
import { hashToken, newSecret } from '../../domain/tokens';
import { sqlRows } from '../../prisma/client';
import type { ApiContext } from '../context';
import { ApiError, unprocessable } from '../errors';

export const SESSION_COOKIE = 'tantou_session';

/** Who is signed in, as the sign-in answer and GET /session give it. */
export interface SessionView {
  person: { id: string; name: string; title: string | null; email: string; roles: { role: Actor['role']; roleName: string; groupId: string | null; unitId: string | null }[] };
  mustChangePassword: boolean;
  csrfToken: string;
  expiresAt: string;
}

/** A new session: the view, plus the secret that only the Set-Cookie header carries. */
export interface NewSession {
  view: SessionView;
  secret: string;
  maxAgeSeconds: number;
}

export interface PersonRow {
  id: string;
  name: string;
  title: string | null;
  email: string;
  /** the postings held today (任职) */
  postings: Held[];
  deactivatedAt: Date | null;
  passwordHash: string | null;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
}

const PERSON = (now: Date) =>
  Prisma.sql`p.id, p.name, p.title, p.email, ${postingsOfSql(Prisma.sql`p.id`, now)}, p."deactivatedAt", p."passwordHash", p."mustChangePassword", p."lockedUntil"`;

// verified against when no account matches, so an unknown email costs as long as a wrong password
const UNKNOWN_ACCOUNT_HASH = hash(newSecret());

const signInFailed = () => new ApiError(401, 'sign-in-failed', '账号或密码错误 / the email or password is wrong');

export const signInLocked = (until: Date, now: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new ApiError(429, 'sign-in-locked', `密码错误次数过多，账号已锁定，请${Math.ceil(seconds / 60)}分钟后再试 / too many wrong passwords: the account is locked for ${seconds} s`, undefined, {
    'Retry-After': String(seconds),
  });
};

const viewOf = (p: Omit<PersonRow, 'passwordHash' | 'lockedUntil'>, csrfToken: string, expiresAt: Date): SessionView => ({
  person: {
    id: p.id,
    name: p.name,
    title: p.title,
    email: p.email,
    roles: p.postings.map((h) => ({ role: h.role, roleName: ROLES[h.role], groupId: h.groupId ?? null, unitId: h.unitId ?? null })),
  },
  mustChangePassword: p.mustChangePassword,
  csrfToken,
  expiresAt: expiresAt.toISOString(),
});

/** Opens a session for `personId`; shared by password and OpenID Connect sign-in. */
export async function openSession(ctx: ApiContext, person: Omit<PersonRow, 'passwordHash' | 'lockedUntil'>, method: 'password' | 'oidc', requestId: string): Promise<NewSession> {
  const secret = newSecret();
  const csrfToken = newSecret();
  const maxAgeSeconds = Math.round(ctx.config.SESSION_HOURS * 3600);
  const expiresAt = new Date(ctx.clock().getTime() + maxAgeSeconds * 1000);
  await ctx.db.$transaction([
    ctx.db.session.create({ data: { idHash: hashToken(secret), personId: person.id, csrfToken, method, expiresAt } }),
    ctx.db.auditLog.create({ data: { actorId: person.id, action: 'session.signed_in', targetKind: 'person', targetId: person.id, requestId, detail: { method } } }),
  ]);
  return { view: viewOf(person, csrfToken, expiresAt), secret, maxAgeSeconds };
}

/** The registry person who signs in: by email (any case; password sign-in, and OIDC by the email claim) or by id (OIDC by another claim). */
export async function personSigningIn(ctx: ApiContext, by: 'email' | 'id', value: string): Promise<PersonRow | undefined> {
  const where = by === 'email' ? Prisma.sql`lower(p.email) = lower(${value})` : Prisma.sql`p.id = ${value}`;
  const [person] = await sqlRows<PersonRow>(ctx.db, Prisma.sql`SELECT ${PERSON(ctx.clock())} FROM "Person" p WHERE ${where}`);
  return person;
}

/** A failed sign-in that reached no registry person, audited under what it did name: an email, or an OpenID provider (no actor: nobody is signed in). */
export const auditFailedSignIn = (ctx: ApiContext, name: string, requestId: string, detail: Record<string, string>) =>
  ctx.db.auditLog.create({ data: { actorId: null, action: 'session.sign_in_failed', targetKind: 'signIn', targetId: name.toLowerCase(), requestId, detail } });

/**
 * Password sign-in. Each wrong password counts against the account, in one statement, so parallel
 * attempts cannot slip past the limit; at the limit the account is locked for SIGN_IN_LOCK_MINUTES.
 */
export async function signIn(ctx: ApiContext, { email, password }: { email: string; password: string }, requestId: string): Promise<NewSession> {
  const now = ctx.clock();
  const person = await personSigningIn(ctx, 'email', email);
  if (person?.lockedUntil && person.lockedUntil > now) {
    await ctx.db.auditLog.create({ data: { actorId: null, action: 'session.sign_in_refused', targetKind: 'person', targetId: person.id, requestId, detail: { why: 'locked' } } });
    throw signInLocked(person.lockedUntil, now);
  }
  const matches = await verify(person?.passwordHash ?? (await UNKNOWN_ACCOUNT_HASH), password);
  if (person?.deactivatedAt) {
    // 停用: the same answer as a wrong password, the reason in the audit log only
    await ctx.db.auditLog.create({ data: { actorId: null, action: 'session.sign_in_refused', targetKind: 'person', targetId: person.id, requestId, detail: { why: 'deactivated' } } });
    throw signInFailed();
  }
  if (!person || !person.passwordHash || !matches) {
    if (!person) {
      await auditFailedSignIn(ctx, email, requestId, { why: 'unknown_account' });
      throw signInFailed();
    }
    const { MAX, LOCK } = { MAX: ctx.config.SIGN_IN_MAX_FAILURES, LOCK: ctx.config.SIGN_IN_LOCK_MINUTES };
    const [counted] = await sqlRows<{ failedSignIns: number; lockedUntil: Date | null }>(ctx.db, Prisma.sql`
      UPDATE "Person" SET "failedSignIns" = "failedSignIns" + 1,
        "lockedUntil" = CASE WHEN "failedSignIns" + 1 >= ${MAX} THEN ${now}::timestamptz + make_interval(mins => ${LOCK}) ELSE "lockedUntil" END
      WHERE id = ${person.id} RETURNING "failedSignIns", "lockedUntil"`);
    const locked = counted.failedSignIns >= MAX && counted.lockedUntil;
    await ctx.db.auditLog.create({ data: {
      actorId: null,
      action: locked ? 'session.locked' : 'session.sign_in_failed',
      targetKind: 'person',
      targetId: person.id,
      requestId,
      detail: { why: person.passwordHash ? 'wrong_password' : 'no_password', failedSignIns: counted.failedSignIns },
    } });
    if (locked) throw signInLocked(counted.lockedUntil!, now);
    throw signInFailed();
  }
  await ctx.db.person.update({ where: { id: person.id }, data: { failedSignIns: 0, lockedUntil: null } });
  return openSession(ctx, person, 'password', requestId);
}

/** The session behind a cookie, if it is open: what the authentication step reads on every request. */
export async function sessionOf(ctx: Pick<ApiContext, 'db'>, secret: string, now: Date) {
  const [found] = await sqlRows<Omit<PersonRow, 'passwordHash' | 'lockedUntil'> & { idHash: string; csrfToken: string; expiresAt: Date }>(
    ctx.db,
    Prisma.sql`SELECT ${PERSON(now)}, s."idHash", s."csrfToken", s."expiresAt"
      FROM "Session" s JOIN "Person" p ON p.id = s."personId"
      WHERE s."idHash" = ${hashToken(secret)} AND s."endedAt" IS NULL AND s."expiresAt" > ${now}::timestamptz AND p."deactivatedAt" IS NULL`,
  );
  return found && { ...found, view: viewOf(found, found.csrfToken, found.expiresAt) };
}

export async function signOut(ctx: ApiContext, idHash: string, actor: Actor, requestId: string): Promise<void> {
  await ctx.db.$transaction([
    ctx.db.session.updateMany({ where: { idHash, endedAt: null }, data: { endedAt: ctx.clock() } }),
    ctx.db.auditLog.create({ data: { actorId: actor.personId, action: 'session.signed_out', targetKind: 'person', targetId: actor.personId, requestId } }),
  ]);
}

/** Hashes a password the person chose (argon2id, the library's defaults: 19 MiB, 2 passes, as OWASP advises). */
export const hashPassword = (password: string) => hash(password);

/**
 * A new password for the caller: the current one must match. Every other session of theirs ends, so a
 * browser left signed in elsewhere with the old password is signed out.
 */
export async function changePassword(
  ctx: ApiContext,
  actor: Actor,
  { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
  { keepSession, requestId }: { keepSession?: string; requestId: string },
): Promise<void> {
  const person = await ctx.db.person.findUniqueOrThrow({ where: { id: actor.personId }, select: { email: true, passwordHash: true } });
  if (!person.passwordHash || !(await verify(person.passwordHash, currentPassword))) {
    throw unprocessable('wrong-password', '原密码错误 / the current password is wrong', [{ path: 'currentPassword', message: 'does not match' }]);
  }
  const problems = passwordProblems(newPassword, { email: person.email, current: currentPassword });
  if (problems.length) throw unprocessable('weak-password', problems.join('；'), problems.map((message) => ({ path: 'newPassword', message })));
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.$transaction([
    ctx.db.person.update({ where: { id: actor.personId }, data: { passwordHash, mustChangePassword: false, failedSignIns: 0, lockedUntil: null } }),
    ctx.db.session.updateMany({ where: { personId: actor.personId, endedAt: null, ...(keepSession ? { idHash: { not: keepSession } } : {}) }, data: { endedAt: ctx.clock() } }),
    ctx.db.auditLog.create({ data: { actorId: actor.personId, action: 'person.password_changed', targetKind: 'person', targetId: actor.personId, requestId } }),
  ]);
}
