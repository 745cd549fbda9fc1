import { Prisma, type PrismaClient } from '@prisma/client';
import { sqlRows } from '../prisma/client';
import { heldOnSql } from './postings';

/**
 * "The commission leader over a unit" (分管派驻工作的委领导), by one rule with one answer: the superior
 * of the unit's group leader, if that superior is a COMMISSION_LEADER; of several, the first by id.
 * The API names them as the top rung of a group's processes; the emails' GROUP_LEADER_SUPERIOR is them.
 * Both posts are as held on the day of `at`.
 */
export async function commissionLeaderOver(db: PrismaClient, groupId: string, at: Date): Promise<string | null> {
  const [leader] = await sqlRows<{ id: string }>(db, Prisma.sql`
    SELECT DISTINCT l.id FROM "Posting" gl JOIN "Person" p ON p.id = gl."personId" JOIN "Person" l ON l.id = p."superiorId"
    JOIN "Posting" cl ON cl."personId" = l.id AND cl.role = 'COMMISSION_LEADER' AND ${heldOnSql('cl', at)}
    WHERE gl.role = 'GROUP_LEADER' AND gl."groupId" = ${groupId} AND ${heldOnSql('gl', at)} AND l."deactivatedAt" IS NULL
    ORDER BY l.id LIMIT 1`);
  return leader?.id ?? null;
}

/** The groups `personId` is the commission leader over on the day of `at`, by the same rule, as an SQL subquery of group ids. */
export const groupsUnderSql = (personId: string, at: Date): Prisma.Sql => Prisma.sql`
  SELECT gl."groupId" FROM "Posting" gl JOIN "Person" p ON p.id = gl."personId"
  JOIN "Posting" cl ON cl."personId" = p."superiorId" AND cl.role = 'COMMISSION_LEADER' AND ${heldOnSql('cl', at)}
  WHERE gl.role = 'GROUP_LEADER' AND cl."personId" = ${personId} AND ${heldOnSql('gl', at)}`;
