// A lead's preliminary check as its lead's workflow will start it (workflows/lead.ts, once merged: in this
// branch the lead does not start it yet): the test starts it through the Temporal client, with the
// LeadProcessInput the lead hands its child, and waits for its first projection.
import { preliminaryCheckWorkflowId } from '../../domain/ids';
import { sourceLabel, type LeadChannel, type LeadSourceKind } from '../../domain/leads';
import type { LeadProcessInput } from '../../workflows/messages';
import type { preliminaryCheck } from '../../workflows/preliminaryCheck';
import { eventually, type Stack } from '../e2e/stack';

export async function startPreliminaryCheck(stack: Stack, leadId: string): Promise<void> {
  const lead = await stack.db.lead.findUniqueOrThrow({ where: { id: leadId } });
  const input: LeadProcessInput = {
    leadId,
    number: lead.number,
    unitId: lead.unitId,
    groupId: lead.groupId,
    handlerId: lead.handlerId,
    sourceLabel: sourceLabel(lead.sourceKind as LeadSourceKind, lead.channel as LeadChannel),
    realName: lead.realName,
  };
  await stack.env.client.workflow.start<typeof preliminaryCheck>('preliminaryCheck', { taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: preliminaryCheckWorkflowId(leadId), args: [input] });
  await eventually(async () => (await stack.db.preliminaryCheck.count({ where: { leadId } })) > 0, { what: `the preliminary check of ${leadId}` });
}
