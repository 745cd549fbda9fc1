-- What a rectification's and a routine run's deadline counts, for 我的待办 (rows recorded before keep none)
ALTER TABLE "Rectification" ADD COLUMN "deadlineRule" JSONB;
ALTER TABLE "RoutineRun" ADD COLUMN "deadlineRule" JSONB;
