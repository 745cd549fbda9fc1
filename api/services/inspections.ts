import type { PrismaClient } from '@prisma/client';
import { unitInspectionWorkflowId } from '../../domain/ids';
import type { Actor } from '../../domain/roles';
import {
  inspectionStatusQuery,
  reviewReportUpdate,
  submitReportUpdate,
  type InspectionView,
  type ReviewReportInput,
} from '../../workflows/messages';
import { readableUnits, requireGroupOf, requireUnitContact } from '../auth';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import type { InspectionDetail, ReviewReportBody } from '../schemas/inspections';
import { deadlinesOf, unitStatus } from './campaigns';
import { deadlineFor, resolveDeadline } from './deadlines';
import { readDetail } from './details';
import { callTemporal } from './temporal';
import { rectificationPlanDue } from './rectifications';

/**
 * The unit as part of the campaign's scope. Readers outside the unit's scope get a 404 (it does not
 * exist for them); those acting on it are checked for their role first and get a 403.
 */
async function findScopedUnit(db: PrismaClient, campaignId: string, unitId: string, reader?: Actor) {
  const found = await db.campaignUnit.findFirst({
    where: { campaignId, unitId, ...(reader ? { unit: readableUnits(reader) } : {}) },
    select: { campaign: true, unit: { select: { id: true, name: true, groupId: true } } },
  });
  if (!found) throw notFound(`该专项督查中没有此单位 / unit ${unitId} is not in campaign ${campaignId}`);
  return found;
}

const handleOf = (ctx: ApiContext, campaignId: string, unitId: string) =>
  ctx.temporal.workflow.getHandle(unitInspectionWorkflowId(campaignId, unitId));

/** 提交自查报告: only the unit's own contact. */
export async function submitReport(ctx: ApiContext, actor: Actor, campaignId: string, unitId: string, content: string): Promise<InspectionView> {
  requireUnitContact(actor, unitId);
  await findScopedUnit(ctx.db, campaignId, unitId);
  return callTemporal(ctx, 'update', () => handleOf(ctx, campaignId, unitId).executeUpdate(submitReportUpdate, { args: [{ actor, content }] }));
}

/** 审核: the unit's stationed group accepts (with findings) or returns it with a new deadline on the campaign's ladder. */
export async function reviewReport(ctx: ApiContext, actor: Actor, campaignId: string, unitId: string, body: ReviewReportBody): Promise<InspectionView> {
  const { campaign, unit } = await findScopedUnit(ctx.db, campaignId, unitId);
  const acting = requireGroupOf(actor, unit.groupId);
  const input: ReviewReportInput =
    body.decision === 'accept'
      ? {
          actor: acting,
          decision: 'accept',
          findings: body.findings,
          comment: body.comment,
          // only with findings: an acceptance without any must not hinge on next year's holiday data
          ...(body.findings.length ? { rectificationPlanDue: rectificationPlanDue(ctx, 'findings') } : {}),
        }
      : {
          actor: acting,
          decision: 'return',
          reason: body.reason,
          newDeadline: deadlineFor(resolveDeadline(body.newDeadline, ctx.clock(), ctx.calendar, 'newDeadline'), deadlinesOf(campaign).ladder, ctx.calendar),
        };
  return callTemporal(ctx, 'update', () => handleOf(ctx, campaignId, unitId).executeUpdate(reviewReportUpdate, { args: [input] }));
}

/** One unit's inspection: the workflow's answer and its recorded rounds, for whoever may see that unit. */
export async function inspectionDetail(ctx: ApiContext, actor: Actor, campaignId: string, unitId: string): Promise<InspectionDetail> {
  const { unit } = await findScopedUnit(ctx.db, campaignId, unitId, actor);
  const workflowId = unitInspectionWorkflowId(campaignId, unitId);
  const { records: row, workflow } = await readDetail(ctx, {
    workflowId,
    query: inspectionStatusQuery,
    records: () =>
      ctx.db.unitInspection.findUnique({
        where: { id: workflowId },
        include: { submissions: { orderBy: { round: 'asc' } }, reviews: { orderBy: { round: 'asc' } }, findings: { orderBy: { id: 'asc' } } },
      }),
  });
  return {
    ...unitStatus(ctx, campaignId, unit, row),
    campaignId,
    groupId: unit.groupId,
    workflow,
    submissions: (row?.submissions ?? []).map((s) => ({ round: s.round, submittedById: s.submittedById, submittedAt: s.submittedAt.toISOString(), content: s.content })),
    reviews: (row?.reviews ?? []).map((r) => ({
      round: r.round,
      reviewerId: r.reviewerId,
      decision: r.decision,
      reason: r.reason,
      newDeadlineAt: r.newDeadlineAt?.toISOString() ?? null,
      reviewedAt: r.reviewedAt.toISOString(),
    })),
    findings: (row?.findings ?? []).map((f) => ({ id: f.id, title: f.title, detail: f.detail, state: f.state, recordedById: f.recordedById })),
  };
}
