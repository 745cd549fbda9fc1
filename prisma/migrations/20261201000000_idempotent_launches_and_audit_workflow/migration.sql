-- One storage of Idempotency-Keys for every launch, scoped to the caller, and the audit log naming a
-- process by its business id with the workflow id beside it.

-- CreateTable
CREATE TABLE "IdempotentLaunch" (
    "personId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "madeKind" TEXT NOT NULL,
    "madeIds" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotentLaunch_pkey" PRIMARY KEY ("personId","key")
);

-- Carry the keys over from where each launch kept them: campaigns and targeted audits in their own
-- row, surprise checks in their launch's audit entry. Keys were unique across callers until now, so
-- (creator, key) cannot collide. A launch stored without its hash answers a retry as a reuse.
INSERT INTO "IdempotentLaunch" ("personId", "key", "requestHash", "madeKind", "madeIds", "createdAt")
SELECT "createdById", "idempotencyKey", COALESCE("requestHash", ''), 'campaign', ARRAY["id"], "createdAt"
FROM "Campaign" WHERE "idempotencyKey" IS NOT NULL;

INSERT INTO "IdempotentLaunch" ("personId", "key", "requestHash", "madeKind", "madeIds", "createdAt")
SELECT "createdById", "idempotencyKey", COALESCE("requestHash", ''), 'targetedAudit', ARRAY["id"], "createdAt"
FROM "TargetedAudit" WHERE "idempotencyKey" IS NOT NULL;

INSERT INTO "IdempotentLaunch" ("personId", "key", "requestHash", "madeKind", "madeIds", "createdAt")
SELECT "actorId", "detail"->>'idempotencyKey', COALESCE("detail"->>'requestHash', ''), 'surpriseCheck', ARRAY["targetId"], "at"
FROM "AuditLog"
WHERE "action" = 'surpriseCheck.launch' AND "actorId" IS NOT NULL AND "detail"->>'idempotencyKey' IS NOT NULL
ON CONFLICT DO NOTHING;

-- DropIndex
DROP INDEX "Campaign_idempotencyKey_key";

-- DropIndex
DROP INDEX "TargetedAudit_idempotencyKey_key";

-- AlterTable
ALTER TABLE "Campaign" DROP COLUMN "idempotencyKey",
DROP COLUMN "requestHash";

-- AlterTable
ALTER TABLE "TargetedAudit" DROP COLUMN "idempotencyKey",
DROP COLUMN "requestHash";

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "workflowId" TEXT;

-- Entries that named a process by its workflow id now name it by its business id, the workflow id beside it.
UPDATE "AuditLog" SET "workflowId" = "targetId", "targetId" = substr("targetId", length('campaign/') + 1)
WHERE "targetKind" = 'campaign' AND "targetId" LIKE 'campaign/%';
UPDATE "AuditLog" SET "workflowId" = 'campaign/' || "targetId"
WHERE "targetKind" = 'campaign' AND "workflowId" IS NULL;
UPDATE "AuditLog" SET "workflowId" = "targetId", "targetId" = substr("targetId", length('audit/') + 1)
WHERE "targetKind" = 'targetedAudit' AND "targetId" LIKE 'audit/%';
UPDATE "AuditLog" SET "workflowId" = "targetId", "targetId" = substr("targetId", length('surprise/') + 1)
WHERE "targetKind" = 'surpriseCheck' AND "targetId" LIKE 'surprise/%';
UPDATE "AuditLog" SET "workflowId" = 'surprise/' || "targetId"
WHERE "targetKind" = 'surpriseCheck' AND "workflowId" IS NULL;
-- these rows are keyed by their workflow id: business id and workflow id are the same string
UPDATE "AuditLog" SET "workflowId" = "targetId"
WHERE "targetKind" IN ('unitInspection', 'rectification', 'routineRun', 'selfSupervisionTurn', 'holidayReminder');
