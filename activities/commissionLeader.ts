import { Prisma, type PrismaClient } from '@prisma/client';

/**
 * "The commission leader over a unit" (分管派驻工作的委领导), by one rule with one answer: the superior
 * of the unit's group leader, if that superior is a COMMISSION_LEADER; of several, the first by id.
 * The API names them as the top rung of a group's processes; the emails' GROUP_LEADER_SUPERIOR is them.
 */
export async function commissionLeaderOver(db: Pick<PrismaClient, 'person'>, groupId: string): Promise<string | null> {
  const leader = await db.person.findFirst({
    where: { role: 'COMMISSION_LEADER', reports: { some: { role: 'GROUP_LEADER', groupId } } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return leader?.id ?? null;
}

/** The groups `personId` is the commission leader over, by the same rule, as an SQL subquery of group ids. */
export const groupsUnderSql = (personId: string): Prisma.Sql =>
  Prisma.sql`SELECT p."groupId" FROM "Person" p JOIN "Person" l ON l.id = p."superiorId" WHERE p.role = 'GROUP_LEADER' AND l.id = ${personId} AND l.role = 'COMMISSION_LEADER'`;
