// Campaign fixtures for workflow tests: the rows the API would write at launch, and plans in natural
// time so the tests do not depend on the calendar year they run in. `now` is the test server's clock,
// which time skipping moves ahead of the wall clock.
import type { PrismaClient } from '@prisma/client';
import { campaignWorkflowId, unitInspectionWorkflowId } from '../../domain/ids';
import type { Deadline, Recipient } from '../../domain/ladder';
import { decideApprovalUpdate, type CampaignInput } from '../../workflows/messages';
import { leader } from './actors';
import { uniqueId, type World } from './world';

const DAY = 86_400_000;
export const at = (fromNow: number, now = Date.now()) => new Date(now + fromNow).toISOString();

/** Deadline in `days`, reminder one day before, rungs after 1, 2, 4, 6 days up the ladder. */
export function naturalDeadline(days: number, now = Date.now()): Deadline {
  const deadline = now + days * DAY;
  const rung = (n: number, afterDays: number, notify: Recipient[]) => ({ rung: n, at: at(afterDays * DAY, deadline), notify });
  return {
    deadlineAt: at(0, deadline),
    remindAt: at(-DAY, deadline),
    rungs: [
      rung(1, 1, ['UNIT_CONTACT']),
      rung(2, 2, ['UNIT_LEADER']),
      rung(3, 4, ['GROUP_LEADER']),
      rung(4, 6, ['COMMISSION_LEADER']),
    ],
  };
}

export const approvalPlan = (days: number, now = Date.now()): Deadline => ({
  deadlineAt: at(days * DAY, now),
  remindAt: null,
  rungs: [{ rung: 1, at: at(days * DAY, now), notify: ['APPROVER_SUPERIOR'] }],
});

export async function insertCampaign(
  db: PrismaClient,
  opts: { now: number; unitIds: string[]; historyLimit?: number; approvalDays?: number; deadlineDays?: number },
): Promise<CampaignInput> {
  const id = uniqueId('ZX-TEST');
  const approval = approvalPlan(opts.approvalDays ?? 2, opts.now);
  const submission = naturalDeadline(opts.deadlineDays ?? 30, opts.now);
  await db.campaign.create({
    data: {
      id,
      workflowId: campaignWorkflowId(id),
      title: '2026年作风建设专项督查',
      topic: '上下班打卡、上班炒股、办公秩序',
      state: 'awaiting_approval',
      createdById: 'staff-li',
      approverId: 'deputy',
      deadlineAt: new Date(submission.deadlineAt),
      approvalDueAt: new Date(approval.deadlineAt),
      deadlines: { approval, submission } as object,
      unitCount: opts.unitIds.length,
      units: { create: opts.unitIds.map((unitId, ordinal) => ({ unitId, ordinal })) },
    },
  });
  return {
    campaignId: id,
    title: '2026年作风建设专项督查',
    topic: '上下班打卡、上班炒股、办公秩序',
    approverId: 'deputy',
    unitCount: opts.unitIds.length,
    approval,
    submission,
    historyLimit: opts.historyLimit,
  };
}

/**
 * What the campaign and unit-inspection workflow tests do to a campaign on the world of the running
 * test (read through `world()`, since each test gets its own): start it, approve it as the deputy,
 * find a unit's inspection, read a workflow's outbox and the mails the sink got.
 */
export const campaignKit = (world: () => World) => ({
  start: (input: CampaignInput) =>
    world().env.client.workflow.start('campaign', { taskQueue: world().taskQueue, workflowId: campaignWorkflowId(input.campaignId), args: [input] }),
  approve: (input: CampaignInput) =>
    world().env.client.workflow.getHandle(campaignWorkflowId(input.campaignId)).executeUpdate(decideApprovalUpdate, { args: [{ actor: leader, decision: 'approve' }] }),
  inspection: (campaignId: string, unitId: string) => world().env.client.workflow.getHandle(unitInspectionWorkflowId(campaignId, unitId)),
  outbox: (workflowId: string) => world().db.emailOutbox.findMany({ where: { workflowId }, orderBy: [{ key: 'asc' }, { rung: 'asc' }] }),
  mailsFor: (messageIds: string[]) => world().sink.messages().filter((m) => messageIds.includes(m.messageId)),
});
