-- 我的待办 states what a deadline counted: the rule a self-supervision turn's deadline was set by
-- (a campaign's rules are in its "deadlines" already). Rows of turns assigned before stay NULL.
ALTER TABLE "SelfSupervisionTurn" ADD COLUMN "deadlineRule" JSONB;
