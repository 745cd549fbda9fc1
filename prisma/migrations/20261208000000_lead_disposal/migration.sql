-- 线索处置: the disposal of an accepted lead (proposal, collective review, approval), its closing and the result notice
ALTER TABLE "Lead" ADD COLUMN "disposalMethod" TEXT,
ADD COLUMN "disposalProposedAt" TIMESTAMPTZ(3),
ADD COLUMN "collectiveReviewOn" TEXT,
ADD COLUMN "disposalApprovedAt" TIMESTAMPTZ(3),
ADD COLUMN "shelveReviewOn" TEXT,
ADD COLUMN "closingReason" TEXT,
ADD COLUMN "closedAt" TIMESTAMPTZ(3),
ADD COLUMN "resultNoticeDueAt" TIMESTAMPTZ(3),
ADD COLUMN "resultNoticeRemindAt" TIMESTAMPTZ(3),
ADD COLUMN "resultToldAt" TIMESTAMPTZ(3);
