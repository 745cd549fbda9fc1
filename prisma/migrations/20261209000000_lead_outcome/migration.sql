-- how a checked lead ended (LEAD_OUTCOMES), written by the lead's projection
ALTER TABLE "Lead" ADD COLUMN "outcome" TEXT;
