import type { ActivityDeps } from './deps';
import { campaignWorkflowId, inspectionFindingId } from '../domain/ids';
import { Prisma, type PrismaClient } from '@prisma/client';
import { sqlRows } from '../prisma/client';
import { insertAuditEntriesSql, projectVersion, versionKey, writeAuditEntry, type AuditedEvent } from './auditLog';
import type { Deadline } from '../domain/ladder';
import type { CampaignState } from '../domain/states';
import type { FindingInput, InspectionView } from '../workflows/messages';

/**
 * The projection: every state change of a workflow lands in PostgreSQL and the audit log, in one
 * transaction, idempotently (a row only moves forward in `version`; activities/auditLog.ts projectVersion).
 */
export const createRecordActivities = ({ db }: ActivityDeps) => ({
  /** `event`: a step beside the state (a deadline re-planned), named in the audit entry, with the deadlines it leaves. */
  async recordCampaign(input: {
    campaignId: string;
    state: CampaignState;
    version: number;
    actorId?: string;
    reason?: string;
    event?: AuditedEvent;
    deadlines?: { approval: Deadline; submission: Deadline };
  }) {
    const { deadlines } = input;
    const detail = { ...(input.reason ? { reason: input.reason } : {}), ...(input.event?.detail ? { event: input.event.detail } : {}) };
    await db.$transaction((tx) =>
      // the row is the API's, written at launch
      projectVersion(tx, {
        updateIfNewer: () =>
          tx.campaign.updateMany({
            where: { id: input.campaignId, version: { lt: input.version } },
            data: {
              state: input.state,
              version: input.version,
              ...(input.state === 'cancelled' ? { cancelReason: input.reason } : {}),
              ...(input.state === 'rejected' || input.state === 'fanning_out' ? { decidedById: input.actorId, decisionReason: input.reason } : {}),
              // the columns follow a re-plan; Campaign.deadlines stays the plan the campaign was launched with
              ...(deadlines && { deadlineAt: new Date(deadlines.submission.deadlineAt), approvalDueAt: new Date(deadlines.approval.deadlineAt) }),
            },
          }),
        audit: {
          actorId: input.actorId,
          action: `campaign.${input.event?.kind ?? input.state}`,
          targetKind: 'campaign',
          targetId: input.campaignId,
          workflowId: campaignWorkflowId(input.campaignId),
          version: input.version,
          detail: Object.keys(detail).length ? detail : undefined,
        },
      }),
    );
  },

  /**
   * The campaign's units (CampaignUnit) from the scope its launch checked, in the fan-out order (by
   * group, then unit id), once: one statement that writes nothing when the rows are there (a retry, or a
   * campaign launched before its launch kept the scope). Answers how many units the scope holds, and
   * keeps the campaign's count to it (a unit added since the launch is in).
   */
  async recordCampaignScope({ campaignId }: { campaignId: string }): Promise<number> {
    return db.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO "CampaignUnit" ("campaignId", "unitId", "ordinal")
        SELECT c."id", u."id", (ROW_NUMBER() OVER (ORDER BY g."sortOrder", u."groupId", u."id") - 1)::int
        FROM "Campaign" c, "Unit" u JOIN "Group" g ON g."id" = u."groupId"
        WHERE c."id" = ${campaignId}
          AND (u."groupId" IN (SELECT jsonb_array_elements_text(c."scope"->'groupIds')) OR u."id" IN (SELECT jsonb_array_elements_text(c."scope"->'unitIds')))
          AND u."deactivatedAt" IS NULL
          AND NOT EXISTS (SELECT 1 FROM "CampaignUnit" cu WHERE cu."campaignId" = c."id")`;
      const unitCount = await tx.campaignUnit.count({ where: { campaignId } });
      await tx.campaign.updateMany({ where: { id: campaignId, unitCount: { not: unitCount } }, data: { unitCount } });
      return unitCount;
    });
  },

  async recordDecision(input: { subjectKind: string; subjectId: string; decision: string; actorId: string; reason?: string; at: string }) {
    await db.approval.upsert({
      where: { subjectKind_subjectId: { subjectKind: input.subjectKind, subjectId: input.subjectId } },
      create: { subjectKind: input.subjectKind, subjectId: input.subjectId, decision: input.decision, deciderId: input.actorId, reason: input.reason, decidedAt: new Date(input.at) },
      update: {},
    });
  },

  async listCampaignScope(input: { campaignId: string; fromOrdinal: number; limit: number }) {
    const rows = await db.campaignUnit.findMany({
      where: { campaignId: input.campaignId, ordinal: { gte: input.fromOrdinal } },
      orderBy: { ordinal: 'asc' },
      take: input.limit,
      select: { unitId: true, unit: { select: { groupId: true } } },
    });
    return rows.map((r) => ({ unitId: r.unitId, groupId: r.unit.groupId }));
  },

  /** `event`: a step beside the state (a deadline re-planned), named in the audit entry. */
  async recordInspection(view: InspectionView & { event?: AuditedEvent }) {
    const data = { state: view.state, version: view.version, round: view.round, deadlineAt: new Date(view.deadlineAt), deadlineRule: view.deadlineRule ? (view.deadlineRule as object) : Prisma.DbNull };
    await db.$transaction((tx) =>
      projectVersion(tx, {
        insertIfAbsent: () =>
          tx.unitInspection.createMany({
            data: [{ id: view.workflowId, campaignId: view.campaignId, unitId: view.unitId, groupId: view.groupId, ...data }],
            skipDuplicates: true,
          }),
        updateIfNewer: () => tx.unitInspection.updateMany({ where: { id: view.workflowId, version: { lt: view.version } }, data }),
        audit: {
          action: `unitInspection.${view.event?.kind ?? view.state}`,
          targetKind: 'unitInspection',
          targetId: view.workflowId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { round: view.round, deadlineAt: view.deadlineAt, ...(view.event?.detail ? { event: view.event.detail } : {}) },
        },
      }),
    );
  },

  async recordSubmission(input: { inspectionId: string; round: number; actorId: string; content: string; at: string }) {
    await db.$transaction(async (tx) => {
      await tx.submission.upsert({
        where: { inspectionId_round: { inspectionId: input.inspectionId, round: input.round } },
        create: { inspectionId: input.inspectionId, round: input.round, submittedById: input.actorId, content: input.content, submittedAt: new Date(input.at) },
        update: {},
      });
      await writeAuditEntry(tx, {
        actorId: input.actorId,
        action: 'unitInspection.report_submitted',
        targetKind: 'unitInspection',
        targetId: input.inspectionId,
        workflowId: input.inspectionId,
        dedupeKey: `${input.inspectionId}/submission/r${input.round}`,
      });
    });
  },

  async recordReview(
    input: { inspectionId: string; unitId: string; round: number; actorId: string; at: string } & (
      | { decision: 'accept'; findings: FindingInput[]; comment?: string }
      | { decision: 'return'; reason: string; newDeadlineAt: string }
      // scheduled by the workflow code before the glossary (pending across the deploy)
      | { decision: 'return'; reasons: string; newDeadlineAt: string }
    ),
  ) {
    const reason = input.decision === 'accept' ? input.comment : 'reasons' in input ? input.reasons : input.reason;
    await db.$transaction(async (tx) => {
      const key = { inspectionId: input.inspectionId, round: input.round };
      if (await tx.review.findUnique({ where: { inspectionId_round: key } })) return;
      await tx.review.create({
        data: {
          ...key,
          reviewerId: input.actorId,
          decision: input.decision,
          reason,
          newDeadlineAt: input.decision === 'return' ? new Date(input.newDeadlineAt) : null,
          reviewedAt: new Date(input.at),
        },
      });
      if (input.decision === 'accept' && input.findings.length) {
        await tx.finding.createMany({
          data: input.findings.map((f, i) => ({
            id: inspectionFindingId(input.inspectionId, i + 1),
            unitId: input.unitId,
            inspectionId: input.inspectionId,
            title: f.title,
            detail: f.detail,
            recordedById: input.actorId,
          })),
        });
      }
      await writeAuditEntry(tx, {
        actorId: input.actorId,
        action: `unitInspection.report_${input.decision === 'accept' ? 'accepted' : 'returned'}`,
        targetKind: 'unitInspection',
        targetId: input.inspectionId,
        workflowId: input.inspectionId,
        dedupeKey: `${input.inspectionId}/review/r${input.round}`,
        detail: input.decision === 'accept' ? { findings: input.findings.length } : { reason },
      });
    });
  },
});

/** A unit inspection about to start: the first snapshot its workflow would otherwise record itself. */
export interface StartingInspection {
  workflowId: string;
  campaignId: string;
  unitId: string;
  deadlineAt: string;
}

/**
 * The fan-out's projection of a page of unit inspections before it starts them: each one's version 1
 * (awaiting_submission, round 1) and its audit entry, as recordInspection writes them, in one statement
 * for the page; a retry writes nothing twice. Answers, per unit whose row is at version 1, the deadline
 * the row holds: ours, or an earlier attempt's (its page may have been planned on an older calendar).
 */
export async function projectStartingInspections(db: PrismaClient, page: StartingInspection[]): Promise<Map<string, string>> {
  const column = <K extends keyof StartingInspection>(k: K) => page.map((u) => u[k]);
  const keys = page.map((u) => versionKey(u.workflowId, 1));
  const details = page.map((u) => JSON.stringify({ round: 1, deadlineAt: u.deadlineAt }));
  const inserted = await sqlRows<{ id: string }>(db, Prisma.sql`
    WITH units AS (
      SELECT * FROM unnest(${column('workflowId')}::text[], ${column('campaignId')}::text[], ${column('unitId')}::text[],
                           ${column('deadlineAt')}::timestamptz[], ${keys}::text[], ${details}::jsonb[])
        AS t(id, "campaignId", "unitId", "deadlineAt", "dedupeKey", detail)
    ), projected AS (
      -- the group the unit is in now (see unitGroupNow): a move between the page's read and this insert is not missed
      INSERT INTO "UnitInspection" (id, "campaignId", "unitId", "groupId", state, version, round, "deadlineAt", "updatedAt")
      SELECT t.id, t."campaignId", t."unitId", u."groupId", 'awaiting_submission', 1, 1, t."deadlineAt", now()
      FROM units t JOIN "Unit" u ON u.id = t."unitId" FOR SHARE OF u
      ON CONFLICT DO NOTHING
      RETURNING id
    ), audited AS (${insertAuditEntriesSql(Prisma.sql`
      SELECT 'unitInspection.awaiting_submission', 'unitInspection', id, id, "dedupeKey", detail FROM units`)}
    )
    SELECT id FROM projected`);
  const ours = new Set(inserted.map((r) => r.id));
  const deadlines = new Map(page.filter((u) => ours.has(u.workflowId)).map((u) => [u.workflowId, u.deadlineAt]));
  const earlier = page.filter((u) => !ours.has(u.workflowId)).map((u) => u.workflowId);
  if (earlier.length) {
    const rows = await sqlRows<{ id: string; deadlineAt: Date }>(db, Prisma.sql`
      SELECT id, "deadlineAt" FROM "UnitInspection" WHERE id = ANY(${earlier}::text[]) AND version = 1`);
    for (const r of rows) deadlines.set(r.id, r.deadlineAt.toISOString());
  }
  return deadlines;
}
