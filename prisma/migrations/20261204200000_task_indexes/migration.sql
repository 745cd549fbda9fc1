-- 我的待办 (GET /me/tasks): each process table read by who owes its step, then state
CREATE INDEX "Campaign_approverId_state_idx" ON "Campaign"("approverId", "state");
CREATE INDEX "UnitInspection_unitId_state_idx" ON "UnitInspection"("unitId", "state");
CREATE INDEX "RoutineRun_groupId_state_idx" ON "RoutineRun"("groupId", "state");
CREATE INDEX "SelfSupervisionTurn_memberId_state_idx" ON "SelfSupervisionTurn"("memberId", "state");
