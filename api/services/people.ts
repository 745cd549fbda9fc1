import type { PrismaClient } from '@prisma/client';
import { commissionLeaderOver } from '../../activities/commissionLeader';
import { ApiError, unprocessable } from '../errors';

/** The person named (an approver, a targeted audit's commission leader) is a commission leader; `field` names where the id sits in the body. */
export async function requireCommissionLeader(db: PrismaClient, approverId: string, field = 'approverId'): Promise<void> {
  const approver = await db.person.findUnique({ where: { id: approverId }, select: { role: true } });
  if (approver?.role !== 'COMMISSION_LEADER') {
    throw unprocessable('unknown-approver', '审批人须为委领导 / the approver must be a commission leader', [
      { path: field, message: approver ? `${approverId} is a ${approver.role}, not a COMMISSION_LEADER` : `no person ${approverId}` },
    ]);
  }
}

/**
 * The commission leader over the units of `groupId` (activities/commissionLeader.ts), or a 409: the
 * request is fine, the directory is not (the group leader reports to no commission leader), and a
 * process without one would escalate its top rung to nobody.
 */
export async function requireCommissionLeaderOver(db: PrismaClient, groupId: string): Promise<string> {
  const leader = await commissionLeaderOver(db, groupId);
  if (!leader) {
    throw new ApiError(
      409,
      'no-commission-leader',
      `派驻组组长的上级不是委领导，请先设置 / the leader of group ${groupId} reports to no commission leader (COMMISSION_LEADER): set one first`,
    );
  }
  return leader;
}
