
-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'UNIT_MEMBER';

-- CreateTable
CREATE TABLE "TargetedAudit" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "currentStep" TEXT,
    "deadlineAt" TIMESTAMPTZ(3),
    "params" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TargetedAudit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetedAuditEvent" (
    "id" TEXT NOT NULL,
    "auditId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "stepKey" TEXT,
    "item" TEXT,
    "actorId" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "TargetedAuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfSupervisionRota" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "memberIds" TEXT[],
    "cadence" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SelfSupervisionRota_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfSupervisionTurn" (
    "id" TEXT NOT NULL,
    "rotaId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "turn" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMPTZ(3),
    "record" TEXT,
    "filedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SelfSupervisionTurn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TargetedAudit_workflowId_key" ON "TargetedAudit"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "TargetedAudit_idempotencyKey_key" ON "TargetedAudit"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TargetedAudit_unitId_state_idx" ON "TargetedAudit"("unitId", "state");

-- CreateIndex
CREATE INDEX "TargetedAudit_groupId_state_idx" ON "TargetedAudit"("groupId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "TargetedAuditEvent_dedupeKey_key" ON "TargetedAuditEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "TargetedAuditEvent_auditId_at_idx" ON "TargetedAuditEvent"("auditId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "SelfSupervisionRota_scheduleId_key" ON "SelfSupervisionRota"("scheduleId");

-- CreateIndex
CREATE INDEX "SelfSupervisionRota_unitId_idx" ON "SelfSupervisionRota"("unitId");

-- CreateIndex
CREATE INDEX "SelfSupervisionRota_groupId_idx" ON "SelfSupervisionRota"("groupId");

-- CreateIndex
CREATE INDEX "SelfSupervisionTurn_unitId_state_idx" ON "SelfSupervisionTurn"("unitId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "SelfSupervisionTurn_rotaId_turn_key" ON "SelfSupervisionTurn"("rotaId", "turn");

-- AddForeignKey
ALTER TABLE "TargetedAudit" ADD CONSTRAINT "TargetedAudit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetedAuditEvent" ADD CONSTRAINT "TargetedAuditEvent_auditId_fkey" FOREIGN KEY ("auditId") REFERENCES "TargetedAudit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfSupervisionTurn" ADD CONSTRAINT "SelfSupervisionTurn_rotaId_fkey" FOREIGN KEY ("rotaId") REFERENCES "SelfSupervisionRota"("id") ON DELETE CASCADE ON UPDATE CASCADE;

