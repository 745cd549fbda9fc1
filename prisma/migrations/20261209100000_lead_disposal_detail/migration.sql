-- 线索处置 as the lead's page shows it: the proposal's reason, the collective review's attendees and opinion, who approved, the disposals sent back, the result notice's rule
ALTER TABLE "Lead" ADD COLUMN "disposalReason" TEXT,
ADD COLUMN "collectiveReviewAttendeeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "collectiveReviewOpinion" TEXT,
ADD COLUMN "disposalApprovedById" TEXT,
ADD COLUMN "disposalSentBack" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN "resultNoticeRule" JSONB;
