-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "sourceId" TEXT,
ADD COLUMN     "sourceKind" TEXT NOT NULL DEFAULT 'unitInspection';

-- CreateTable
CREATE TABLE "Rectification" (
    "id" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "round" INTEGER NOT NULL DEFAULT 1,
    "deadlineAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "revisitAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Rectification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RectificationEvent" (
    "id" TEXT NOT NULL,
    "rectificationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "detail" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "RectificationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutineCycle" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "cadence" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoutineCycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutineRun" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "observations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoutineRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurpriseCheck" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "subjectText" TEXT,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "selection" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SurpriseCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurpriseCheckTarget" (
    "checkId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "result" TEXT,
    "notes" TEXT,
    "findingId" TEXT,
    "recordedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SurpriseCheckTarget_pkey" PRIMARY KEY ("checkId","unitId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rectification_findingId_key" ON "Rectification"("findingId");

-- CreateIndex
CREATE INDEX "Rectification_unitId_state_idx" ON "Rectification"("unitId", "state");

-- CreateIndex
CREATE INDEX "Rectification_groupId_state_idx" ON "Rectification"("groupId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "RectificationEvent_dedupeKey_key" ON "RectificationEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "RectificationEvent_rectificationId_at_idx" ON "RectificationEvent"("rectificationId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "RoutineCycle_scheduleId_key" ON "RoutineCycle"("scheduleId");

-- CreateIndex
CREATE INDEX "RoutineCycle_unitId_idx" ON "RoutineCycle"("unitId");

-- CreateIndex
CREATE INDEX "RoutineCycle_groupId_idx" ON "RoutineCycle"("groupId");

-- CreateIndex
CREATE INDEX "RoutineRun_cycleId_idx" ON "RoutineRun"("cycleId");

-- CreateIndex
CREATE INDEX "RoutineRun_unitId_state_idx" ON "RoutineRun"("unitId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "SurpriseCheck_workflowId_key" ON "SurpriseCheck"("workflowId");

-- CreateIndex
CREATE INDEX "SurpriseCheck_state_idx" ON "SurpriseCheck"("state");

-- CreateIndex
CREATE INDEX "SurpriseCheckTarget_groupId_idx" ON "SurpriseCheckTarget"("groupId");

-- AddForeignKey
ALTER TABLE "Rectification" ADD CONSTRAINT "Rectification_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RectificationEvent" ADD CONSTRAINT "RectificationEvent_rectificationId_fkey" FOREIGN KEY ("rectificationId") REFERENCES "Rectification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutineRun" ADD CONSTRAINT "RoutineRun_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "RoutineCycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurpriseCheckTarget" ADD CONSTRAINT "SurpriseCheckTarget_checkId_fkey" FOREIGN KEY ("checkId") REFERENCES "SurpriseCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;
