-- What a unit inspection's running deadline counts once it is not the campaign's first (a returned report's), for 我的待办
ALTER TABLE "UnitInspection" ADD COLUMN "deadlineRule" JSONB;
