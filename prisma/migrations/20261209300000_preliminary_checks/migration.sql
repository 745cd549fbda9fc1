-- 初步核实: one row per lead checked, projected by its workflow, and its steps
CREATE TABLE "PreliminaryCheck" (
    "leadId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "handlerId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "scheme" JSONB,
    "schemeApprovedAt" TIMESTAMPTZ(3),
    "warningLevel" TEXT NOT NULL DEFAULT 'blue',
    "yellowAt" TIMESTAMPTZ(3),
    "redAt" TIMESTAMPTZ(3),
    "conclusion" JSONB,
    "outcome" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PreliminaryCheck_pkey" PRIMARY KEY ("leadId")
);

CREATE UNIQUE INDEX "PreliminaryCheck_workflowId_key" ON "PreliminaryCheck"("workflowId");
CREATE INDEX "PreliminaryCheck_groupId_state_idx" ON "PreliminaryCheck"("groupId", "state");
CREATE INDEX "PreliminaryCheck_handlerId_state_idx" ON "PreliminaryCheck"("handlerId", "state");

CREATE TABLE "PreliminaryCheckEvent" (
    "id" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "PreliminaryCheckEvent_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "PreliminaryCheckEvent_dedupeKey_key" ON "PreliminaryCheckEvent"("dedupeKey");
CREATE INDEX "PreliminaryCheckEvent_leadId_at_idx" ON "PreliminaryCheckEvent"("leadId", "at");
ALTER TABLE "PreliminaryCheckEvent" ADD CONSTRAINT "PreliminaryCheckEvent_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "PreliminaryCheck"("leadId") ON DELETE CASCADE ON UPDATE CASCADE;

-- 风险点: a unit's weakness found when a checked lead was not borne out, rectified by the unit
CREATE TABLE "RiskPoint" (
    "id" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "risk" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskPoint_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RiskPoint_findingId_key" ON "RiskPoint"("findingId");
CREATE INDEX "RiskPoint_unitId_createdAt_idx" ON "RiskPoint"("unitId", "createdAt");
CREATE INDEX "RiskPoint_leadId_idx" ON "RiskPoint"("leadId");
