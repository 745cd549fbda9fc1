-- The launch keeps the scope it checked, and the first activity of the campaign writes its units
ALTER TABLE "Campaign" ADD COLUMN "scope" JSONB;
