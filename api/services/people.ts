import { randomBytes } from 'node:crypto';
import type { Posting, Prisma } from '@prisma/client';
import { isUniqueViolation } from '../../activities/auditLog';
import { commissionLeaderOver } from '../../activities/commissionLeader';
import { heldOn, holders, postingDay } from '../../activities/postings';
import { ROLES, isGroupRole, isSingleHolder, isUnitRole, type Actor, type Role } from '../../domain/roles';
import { newSecret } from '../../domain/tokens';
import type { ApiContext } from '../context';
import { ApiError, conflict, notFound, unprocessable } from '../errors';
import { activeGroup, audit, changed, getUnit, type Who } from './registry';
import { hashPassword } from './session';

type Registry = Pick<ApiContext, 'db' | 'clock'>;

/** The person named (an approver, a targeted audit's commission leader) is a commission leader today; `field` names where the id sits in the body. */
export async function requireCommissionLeader(ctx: Registry, approverId: string, field = 'approverId'): Promise<void> {
  const [leader] = (await holders(ctx.db, {}, ['COMMISSION_LEADER'], ctx.clock())).filter((p) => p.id === approverId);
  if (!leader) {
    const known = await ctx.db.person.findUnique({ where: { id: approverId }, select: { id: true } });
    throw unprocessable('unknown-approver', '审批人须为委领导 / the approver must be a commission leader', [
      { path: field, message: known ? `${approverId} holds no COMMISSION_LEADER posting today` : `no person ${approverId}` },
    ]);
  }
}

/**
 * The commission leader over the units of `groupId` (activities/commissionLeader.ts), or a 409: the
 * request is fine, the directory is not (the group leader reports to no commission leader), and a
 * process without one would escalate its top rung to nobody.
 */
export async function requireCommissionLeaderOver(ctx: Registry, groupId: string): Promise<string> {
  const leader = await commissionLeaderOver(ctx.db, groupId, ctx.clock());
  if (!leader) {
    throw new ApiError(
      409,
      'no-commission-leader',
      `派驻组组长的上级不是委领导，请先设置 / the leader of group ${groupId} reports to no commission leader (COMMISSION_LEADER): set one first`,
    );
  }
  return leader;
}

// ---- 人员与任职: people and their dated postings, kept by commission staff

type Tx = Prisma.TransactionClient;
type NewPosting = { role: Role; groupId?: string; unitId?: string; validFrom?: string; validTo?: string };

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);
const dayBefore = (day: Date) => new Date(day.getTime() - 86_400_000);

const PERSON = {
  id: true,
  name: true,
  title: true,
  email: true,
  superiorId: true,
  deactivatedAt: true,
  postings: { orderBy: [{ validFrom: 'asc' }, { createdAt: 'asc' }] },
} as const satisfies Prisma.PersonSelect;
type PersonRow = Prisma.PersonGetPayload<{ select: typeof PERSON }>;

const postingView = (q: Posting) => ({
  id: q.id,
  role: q.role,
  roleName: ROLES[q.role],
  groupId: q.groupId,
  unitId: q.unitId,
  validFrom: dayOf(q.validFrom),
  validTo: q.validTo && dayOf(q.validTo),
});
const personView = (p: PersonRow) => ({
  id: p.id,
  name: p.name,
  title: p.title,
  email: p.email,
  superiorId: p.superiorId,
  active: !p.deactivatedAt,
  postings: p.postings.map(postingView),
});

/** An email or id already taken answers 409, whatever raced to take it. */
async function uniquePerson<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw conflict('registry-duplicate', '人员编号或邮箱已被使用 / another person already has this id or email');
  }
}

export async function listPeople(ctx: ApiContext, q: { role?: Role; groupId?: string; unitId?: string; on?: string; q?: string; includeInactive: boolean }) {
  const day = q.on ? dateOf(q.on) : postingDay(ctx.clock());
  const posted = q.role || q.groupId || q.unitId ? { postings: { some: { role: q.role, groupId: q.groupId, unitId: q.unitId, ...heldOn(day) } } } : {};
  const rows = await ctx.db.person.findMany({
    where: { AND: [posted, q.q ? { OR: [{ name: { contains: q.q } }, { email: { contains: q.q.toLowerCase() } }] } : {}, q.includeInactive ? {} : { deactivatedAt: null }] },
    select: PERSON,
    orderBy: { id: 'asc' },
  });
  return { items: rows.map(personView) };
}

export async function getPerson(ctx: Pick<ApiContext, 'db'>, id: string) {
  const row = await ctx.db.person.findUnique({ where: { id }, select: PERSON });
  if (!row) throw notFound(`没有此人员 / no person ${id}`);
  return personView(row);
}

/** A role's scope is its own: a group for a group role, a unit for a unit role, neither for the commission's; each active. */
async function checkScope(tx: Tx, p: NewPosting, path: string) {
  const wants = isGroupRole(p.role) ? 'groupId' : isUnitRole(p.role) ? 'unitId' : null;
  const errors = (['groupId', 'unitId'] as const).flatMap((f) =>
    f === wants && !p[f] ? [{ path: `${path}.${f}`, message: `${p.role} needs a ${f}` }] : f !== wants && p[f] ? [{ path: `${path}.${f}`, message: `${p.role} has no ${f}` }] : [],
  );
  if (p.validFrom && p.validTo && p.validTo < p.validFrom) errors.push({ path: `${path}.validTo`, message: `${p.validTo} is before ${p.validFrom}` });
  if (errors.length) throw unprocessable('invalid-posting', '任职的角色与范围不符或日期有误 / the posting’s role, scope or days do not fit', errors);
  if (p.groupId) await activeGroup(tx, p.groupId, `${path}.groupId`);
  if (p.unitId) {
    const unit = await tx.unit.findUnique({ where: { id: p.unitId }, select: { deactivatedAt: true } });
    if (!unit || unit.deactivatedAt) throw unprocessable('unknown-unit', '单位不存在或已撤销 / the unit does not exist or is deactivated', [{ path: `${path}.unitId`, message: `no active unit ${p.unitId}` }]);
  }
}

/**
 * A new posting. For a post one person holds at a time (一把手, 联络员, 组长), the holder before hands it
 * over (交接): their posting ends the day before the new one starts; a holder starting on or after that day
 * is a 409 (end theirs first).
 */
export async function addPosting(tx: Tx, ctx: Pick<ApiContext, 'clock'>, personId: string, p: NewPosting, who: Who, path: string) {
  await checkScope(tx, p, path);
  const validFrom = p.validFrom ? dateOf(p.validFrom) : postingDay(ctx.clock());
  const validTo = p.validTo ? dateOf(p.validTo) : null;
  const handedOver = [];
  if (isSingleHolder(p.role)) {
    const others = await tx.posting.findMany({
      where: { role: p.role, groupId: p.groupId ?? null, unitId: p.unitId ?? null, personId: { not: personId }, OR: [{ validTo: null }, { validTo: { gte: validFrom } }] },
    });
    const later = others.find((o) => o.validFrom >= validFrom);
    if (later) throw conflict('post-held', `该职务自 ${dayOf(later.validFrom)} 起由 ${later.personId} 担任，请先调整其任职 / ${later.personId} holds this post from ${dayOf(later.validFrom)}: end or change that posting first`);
    for (const o of others) {
      await tx.posting.update({ where: { id: o.id }, data: { validTo: dayBefore(validFrom) } });
      handedOver.push({ postingId: o.id, personId: o.personId, validTo: dayOf(dayBefore(validFrom)) });
    }
  }
  const made = await tx.posting.create({ data: { personId, role: p.role, groupId: p.groupId, unitId: p.unitId, validFrom, validTo } });
  await audit(tx, who, 'posting.added', 'person', personId, { ...postingView(made), handedOver });
  return made;
}

/** A random initial password that meets the password rule (upper, lower, digit, symbol), and its hash. */
async function initialPassword() {
  const password = `Tt-${newSecret().slice(0, 12)}9`;
  return { password, passwordHash: await hashPassword(password) };
}

/** A new person with their postings and an initial password (shown once, to be changed at first sign-in). */
export async function createPerson(ctx: ApiContext, body: { id?: string; name: string; title?: string; email: string; superiorId?: string; postings: NewPosting[] }, who: Who) {
  const id = body.id ?? `p-${randomBytes(4).toString('hex')}`;
  const { password, passwordHash } = await initialPassword();
  const made = await uniquePerson(() =>
    ctx.db.$transaction(async (tx) => {
      if (body.superiorId && !(await tx.person.findUnique({ where: { id: body.superiorId } }))) {
        throw unprocessable('unknown-person', '上级不存在 / the superior does not exist', [{ path: 'superiorId', message: `no person ${body.superiorId}` }]);
      }
      const { postings, ...fields } = body;
      await tx.person.create({ data: { ...fields, id, passwordHash, mustChangePassword: true } });
      await audit(tx, who, 'person.created', 'person', id, { name: body.name, email: body.email, superiorId: body.superiorId ?? null });
      for (const [i, p] of postings.entries()) await addPosting(tx, ctx, id, p, who, `postings.${i}`);
      return tx.person.findUniqueOrThrow({ where: { id }, select: PERSON });
    }),
  );
  return { ...personView(made), initialPassword: password };
}

/** 重置密码: a new initial password (shown once), to be changed at the next sign-in; the person's sessions end, a lock-out is lifted. */
export async function resetPassword(ctx: ApiContext, id: string, who: Who) {
  const { password, passwordHash } = await initialPassword();
  await ctx.db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id }, select: { deactivatedAt: true } });
    if (!person) throw notFound(`没有此人员 / no person ${id}`);
    if (person.deactivatedAt) throw conflict('person-deactivated', '该人员已停用，请先恢复 / the person is deactivated: restore them first');
    await tx.person.update({ where: { id }, data: { passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null } });
    await tx.session.updateMany({ where: { personId: id, endedAt: null }, data: { endedAt: ctx.clock() } });
    await audit(tx, who, 'person.password_reset', 'person', id, {});
  });
  return { id, initialPassword: password };
}

/** Renames, re-mails, re-reports, deactivates (停用: tokens revoked, sessions and postings end today) or restores a person. */
export async function updatePerson(ctx: ApiContext, id: string, body: { name?: string; title?: string | null; email?: string; superiorId?: string | null; active?: boolean }, who: Who) {
  const updated = await uniquePerson(() =>
    ctx.db.$transaction(async (tx) => {
      const before = await tx.person.findUnique({ where: { id }, select: PERSON });
      if (!before) throw notFound(`没有此人员 / no person ${id}`);
      if (body.superiorId === id) throw unprocessable('unknown-person', '上级不能是本人 / a person is not their own superior', [{ path: 'superiorId', message: 'the person themself' }]);
      if (body.superiorId && !(await tx.person.findUnique({ where: { id: body.superiorId } }))) {
        throw unprocessable('unknown-person', '上级不存在 / the superior does not exist', [{ path: 'superiorId', message: `no person ${body.superiorId}` }]);
      }
      const { active, ...fields } = body;
      const diff = changed({ name: before.name, title: before.title, email: before.email, superiorId: before.superiorId, active: !before.deactivatedAt }, body);
      const now = ctx.clock();
      const deactivating = active === false && !before.deactivatedAt;
      await tx.person.update({ where: { id }, data: { ...fields, ...(active === undefined ? {} : { deactivatedAt: active ? null : (before.deactivatedAt ?? now) }) } });
      if (deactivating) await endEverything(tx, id, now);
      if (Object.keys(diff.after).length) await audit(tx, who, deactivating ? 'person.deactivated' : 'person.updated', 'person', id, diff);
      return tx.person.findUniqueOrThrow({ where: { id }, select: PERSON });
    }),
  );
  return personView(updated);
}

/** 停用: the person's postings end today (those not yet begun are withdrawn), their tokens and sessions end. */
export async function endEverything(tx: Tx, personId: string, now: Date) {
  const today = postingDay(now);
  await tx.posting.deleteMany({ where: { personId, validFrom: { gt: today } } });
  await tx.posting.updateMany({ where: { personId, OR: [{ validTo: null }, { validTo: { gt: today } }] }, data: { validTo: today } });
  await tx.apiToken.updateMany({ where: { personId, revokedAt: null }, data: { revokedAt: now } });
  await tx.session.updateMany({ where: { personId, endedAt: null }, data: { endedAt: now } });
}

export async function addPersonPosting(ctx: ApiContext, personId: string, body: NewPosting, who: Who) {
  return ctx.db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id: personId }, select: { deactivatedAt: true } });
    if (!person) throw notFound(`没有此人员 / no person ${personId}`);
    if (person.deactivatedAt) throw conflict('person-deactivated', '该人员已停用，请先恢复 / the person is deactivated: restore them first');
    return postingView(await addPosting(tx, ctx, personId, body, who, 'body'));
  });
}

/** 免职: a posting ends on `validTo` (its last day), not before it began. */
export async function endPosting(ctx: ApiContext, id: string, validTo: string, who: Who) {
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.posting.findUnique({ where: { id } });
    if (!before) throw notFound(`没有此任职 / no posting ${id}`);
    if (validTo < dayOf(before.validFrom)) throw unprocessable('invalid-posting', '免职日期早于任职开始 / the posting ends before it began', [{ path: 'validTo', message: `${validTo} is before ${dayOf(before.validFrom)}` }]);
    const ended = await tx.posting.update({ where: { id }, data: { validTo: dateOf(validTo) } });
    await audit(tx, who, 'posting.ended', 'person', before.personId, { postingId: id, before: { validTo: before.validTo && dayOf(before.validTo) }, after: { validTo } });
    return postingView(ended);
  });
}

/** Who held each post of a unit on a day (default today): the name statistics and the audit trail give for then. */
export async function unitPostings(ctx: ApiContext, actor: Actor, unitId: string, on: string | undefined) {
  await getUnit(ctx, actor, unitId);
  const day = on ? dateOf(on) : postingDay(ctx.clock());
  const rows = await ctx.db.posting.findMany({ where: { unitId, ...heldOn(day) }, include: { person: { select: { name: true } } }, orderBy: [{ role: 'asc' }, { personId: 'asc' }] });
  return {
    unitId,
    on: dayOf(day),
    items: rows.map((q) => ({ role: q.role, roleName: ROLES[q.role], personId: q.personId, name: q.person.name, validFrom: dayOf(q.validFrom), validTo: q.validTo && dayOf(q.validTo) })),
  };
}
