-- 问题线索: leads, their sealed reporters apart, their events, and the per-year number sequence
-- CreateTable
CREATE TABLE "Lead" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "raisedFromFindingId" TEXT,
    "raisedFromWorkflowId" TEXT,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "personsConcerned" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "realName" BOOLEAN NOT NULL DEFAULT false,
    "handlerId" TEXT NOT NULL,
    "registeredById" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptanceDueAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptanceRemindAt" TIMESTAMPTZ(3),
    "acceptanceRule" JSONB NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "receiptNoticeDueAt" TIMESTAMPTZ(3),
    "receiptNoticeRemindAt" TIMESTAMPTZ(3),
    "receiptNoticeRule" JSONB,
    "receiptToldAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadReporter" (
    "leadId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "unit" TEXT,
    "address" TEXT,

    CONSTRAINT "LeadReporter_pkey" PRIMARY KEY ("leadId")
);

-- CreateTable
CREATE TABLE "LeadEvent" (
    "id" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "LeadEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadNumberSequence" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "LeadNumberSequence_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE UNIQUE INDEX "Lead_number_key" ON "Lead"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_workflowId_key" ON "Lead"("workflowId");

-- CreateIndex
CREATE INDEX "Lead_groupId_state_idx" ON "Lead"("groupId", "state");

-- CreateIndex
CREATE INDEX "Lead_unitId_state_idx" ON "Lead"("unitId", "state");

-- CreateIndex
CREATE INDEX "Lead_handlerId_state_idx" ON "Lead"("handlerId", "state");

-- CreateIndex
CREATE INDEX "Lead_state_acceptanceDueAt_idx" ON "Lead"("state", "acceptanceDueAt");

-- CreateIndex
CREATE INDEX "Lead_receivedAt_id_idx" ON "Lead"("receivedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "LeadEvent_dedupeKey_key" ON "LeadEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "LeadEvent_leadId_at_idx" ON "LeadEvent"("leadId", "at");

-- AddForeignKey
ALTER TABLE "LeadReporter" ADD CONSTRAINT "LeadReporter_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadEvent" ADD CONSTRAINT "LeadEvent_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

