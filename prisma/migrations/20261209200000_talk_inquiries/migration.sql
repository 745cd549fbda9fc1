-- 谈话函询: one row per lead inquired of, projected by its workflow, and its steps
CREATE TABLE "TalkInquiry" (
    "leadId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "handlerId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "form" JSONB,
    "replyDueAt" TIMESTAMPTZ(3),
    "replyRemindAt" TIMESTAMPTZ(3),
    "replyRule" JSONB,
    "pendingExtension" JSONB,
    "replyReceivedOn" TEXT,
    "evaluation" JSONB,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TalkInquiry_pkey" PRIMARY KEY ("leadId")
);

CREATE UNIQUE INDEX "TalkInquiry_workflowId_key" ON "TalkInquiry"("workflowId");
CREATE INDEX "TalkInquiry_groupId_state_idx" ON "TalkInquiry"("groupId", "state");
CREATE INDEX "TalkInquiry_handlerId_state_idx" ON "TalkInquiry"("handlerId", "state");

CREATE TABLE "TalkInquiryEvent" (
    "id" TEXT NOT NULL,
    "leadId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "TalkInquiryEvent_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "TalkInquiryEvent_dedupeKey_key" ON "TalkInquiryEvent"("dedupeKey");
CREATE INDEX "TalkInquiryEvent_leadId_at_idx" ON "TalkInquiryEvent"("leadId", "at");
ALTER TABLE "TalkInquiryEvent" ADD CONSTRAINT "TalkInquiryEvent_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "TalkInquiry"("leadId") ON DELETE CASCADE ON UPDATE CASCADE;
