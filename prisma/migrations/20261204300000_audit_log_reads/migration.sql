-- GET /audit-log reads newest first, alone or by target, actor or action (a prefix too): each filter with the time
DROP INDEX "AuditLog_targetKind_targetId_idx";
CREATE INDEX "AuditLog_targetKind_targetId_at_idx" ON "AuditLog"("targetKind", "targetId", "at");
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");
CREATE INDEX "AuditLog_at_id_idx" ON "AuditLog"("at", "id");
