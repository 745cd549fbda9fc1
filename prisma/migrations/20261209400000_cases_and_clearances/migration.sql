-- 立案审查 (cases) and 澄清正名 (clearances), their events, and the per-year case number sequence
-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "handlerId" TEXT NOT NULL,
    "personsConcerned" JSONB NOT NULL,
    "filedOn" DATE NOT NULL,
    "filedById" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "timeLimitDueAt" TIMESTAMPTZ(3) NOT NULL,
    "timeLimitRemindAt" TIMESTAMPTZ(3),
    "timeLimitRule" JSONB NOT NULL,
    "extensionAskedAt" TIMESTAMPTZ(3),
    "extensionPending" BOOLEAN NOT NULL DEFAULT false,
    "extendedAt" TIMESTAMPTZ(3),
    "transferredAt" TIMESTAMPTZ(3),
    "hearingReviewerId" TEXT,
    "hearingOpinionAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "closedById" TEXT,
    "dispositions" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseNumberSequence" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "CaseNumberSequence_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Clearance" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "handlerId" TEXT NOT NULL,
    "personsCleared" JSONB NOT NULL,
    "consentOn" DATE NOT NULL,
    "method" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "approvedAt" TIMESTAMPTZ(3),
    "approvedById" TEXT,
    "rejectedReason" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "remindAt" TIMESTAMPTZ(3),
    "dueRule" JSONB,
    "doneOn" DATE,
    "doneHow" TEXT,
    "reporterCorrection" TEXT,
    "correctionDueAt" TIMESTAMPTZ(3),
    "correctionRemindAt" TIMESTAMPTZ(3),
    "correctionRule" JSONB,
    "correctionDoneOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Clearance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClearanceEvent" (
    "id" TEXT NOT NULL,
    "clearanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "ClearanceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Case_workflowId_key" ON "Case"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Case_leadId_key" ON "Case"("leadId");

-- CreateIndex
CREATE INDEX "Case_groupId_state_idx" ON "Case"("groupId", "state");

-- CreateIndex
CREATE INDEX "Case_filedOn_idx" ON "Case"("filedOn");

-- CreateIndex
CREATE INDEX "Case_closedAt_idx" ON "Case"("closedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_dedupeKey_key" ON "CaseEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_at_idx" ON "CaseEvent"("caseId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Clearance_workflowId_key" ON "Clearance"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Clearance_leadId_key" ON "Clearance"("leadId");

-- CreateIndex
CREATE INDEX "Clearance_groupId_state_idx" ON "Clearance"("groupId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "ClearanceEvent_dedupeKey_key" ON "ClearanceEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "ClearanceEvent_clearanceId_at_idx" ON "ClearanceEvent"("clearanceId", "at");

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClearanceEvent" ADD CONSTRAINT "ClearanceEvent_clearanceId_fkey" FOREIGN KEY ("clearanceId") REFERENCES "Clearance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
