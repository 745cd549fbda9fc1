-- 措施: talks, criticisms, admonishments and sanctions as records, each under its form (四种形态).
-- Never deleted: a correction is a new row naming the one it supersedes.
CREATE TABLE "Measure" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "form" INTEGER,
    "personId" TEXT,
    "personName" TEXT NOT NULL,
    "personTitle" TEXT,
    "personKey" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "heldOn" DATE NOT NULL,
    "heldById" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "sourceId" TEXT,
    "supersedesId" TEXT,
    "supersededById" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Measure_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Measure_supersedesId_key" ON "Measure"("supersedesId");
CREATE INDEX "Measure_heldOn_form_idx" ON "Measure"("heldOn", "form");
CREATE INDEX "Measure_groupId_heldOn_idx" ON "Measure"("groupId", "heldOn");
CREATE INDEX "Measure_unitId_heldOn_idx" ON "Measure"("unitId", "heldOn");
CREATE INDEX "Measure_kind_heldOn_idx" ON "Measure"("kind", "heldOn");
CREATE INDEX "Measure_sourceKind_sourceId_idx" ON "Measure"("sourceKind", "sourceId");
