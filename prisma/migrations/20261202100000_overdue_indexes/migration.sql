-- 逾期清单 (GET /overdue): each process table read by state and deadline, oldest first
CREATE INDEX "UnitInspection_state_deadlineAt_idx" ON "UnitInspection"("state", "deadlineAt");
CREATE INDEX "Rectification_state_deadlineAt_idx" ON "Rectification"("state", "deadlineAt");
CREATE INDEX "RoutineRun_state_deadlineAt_idx" ON "RoutineRun"("state", "deadlineAt");
CREATE INDEX "TargetedAudit_state_deadlineAt_idx" ON "TargetedAudit"("state", "deadlineAt");
CREATE INDEX "SelfSupervisionTurn_state_deadlineAt_idx" ON "SelfSupervisionTurn"("state", "deadlineAt");
