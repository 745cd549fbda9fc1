import { Prisma, type PrismaClient } from '@prisma/client';
import { shanghaiDate } from '../domain/calendar';
import type { Role } from '../domain/roles';

// 任职: who holds which post on a day. The API (authentication, scopes, names) and the activities
// (recipients) ask the same question; these helpers are its one answer, as SQL and as a Prisma filter.

/** The Shanghai day an instant falls on, as PostgreSQL DATE columns hold it (UTC midnight). */
export const postingDay = (instant: Date): Date => new Date(`${shanghaiDate(instant)}T00:00:00Z`);

/** A Posting held on `day` (Prisma filter). */
export const heldOn = (day: Date): Prisma.PostingWhereInput => ({ validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gte: day } }] });

/** The Posting row `q` is held on the Shanghai day of `instant` (SQL). */
export const heldOnSql = (q: string, instant: Date): Prisma.Sql => {
  const day = shanghaiDate(instant);
  const alias = Prisma.raw(`"${q}"`);
  return Prisma.sql`(${alias}."validFrom" <= ${day}::date AND (${alias}."validTo" IS NULL OR ${alias}."validTo" >= ${day}::date))`;
};

/** Ids of the people holding one of `roles` (constants, never a caller's text) on `instant`, over the scope if given (SQL subquery). */
export const holdersSql = (roles: readonly Role[], scope: { groupId?: string; unitId?: string }, instant: Date): Prisma.Sql =>
  Prisma.sql`SELECT "q"."personId" FROM "Posting" "q" WHERE "q".role::text IN (${Prisma.join(roles)})
    ${scope.groupId === undefined ? Prisma.empty : Prisma.sql`AND "q"."groupId" = ${scope.groupId}`}
    ${scope.unitId === undefined ? Prisma.empty : Prisma.sql`AND "q"."unitId" = ${scope.unitId}`}
    AND ${heldOnSql('q', instant)}`;

/** The people holding one of `roles` over a unit or group on `instant`, in the order of `roles`, then by id. */
export async function holders(db: Pick<PrismaClient, 'posting'>, scope: { groupId?: string; unitId?: string }, roles: readonly Role[], instant: Date) {
  const rows = await db.posting.findMany({
    where: { ...scope, role: { in: [...roles] }, ...heldOn(postingDay(instant)), person: { deactivatedAt: null } },
    select: { role: true, person: { select: { id: true, name: true } } },
    orderBy: { personId: 'asc' },
  });
  return rows.map((r) => ({ ...r.person, role: r.role })).sort((a, b) => roles.indexOf(a.role) - roles.indexOf(b.role));
}

/** The postings person `personId` (an SQL column) holds on the day of `instant`, as a JSON array of Held (column `postings`). */
export const postingsOfSql = (personId: Prisma.Sql, instant: Date): Prisma.Sql => Prisma.sql`COALESCE((
    SELECT json_agg(json_build_object('role', "q".role, 'groupId', "q"."groupId", 'unitId', "q"."unitId") ORDER BY "q".role, "q"."groupId", "q"."unitId")
    FROM "Posting" "q" WHERE "q"."personId" = ${personId} AND ${heldOnSql('q', instant)}), '[]'::json) AS postings`;
