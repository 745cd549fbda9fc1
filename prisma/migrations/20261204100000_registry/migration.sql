-- Registry: groups and units are deactivated, never deleted. Units carry their kinds and are found by parent
ALTER TABLE "Group" ADD COLUMN "deactivatedAt" TIMESTAMPTZ(3);
ALTER TABLE "Unit" ADD COLUMN "kinds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "deactivatedAt" TIMESTAMPTZ(3);
CREATE INDEX "Unit_parentId_idx" ON "Unit"("parentId");
