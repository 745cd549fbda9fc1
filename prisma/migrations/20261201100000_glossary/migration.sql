-- The glossary (domain/GLOSSARY.md): persisted names and values renamed to it. Hand-written, since a
-- generated diff would drop and re-add renamed columns. The audit log is append-only and not touched.

-- a ground for a choice is `reason`, singular
ALTER TABLE "Review" RENAME COLUMN "reasons" TO "reason";
UPDATE "RectificationEvent" SET "detail" = ("detail" - 'reasons') || jsonb_build_object('reason', "detail"->'reasons')
  WHERE jsonb_typeof("detail") = 'object' AND "detail" ? 'reasons';
UPDATE "TargetedAuditEvent" SET "detail" = ("detail" - 'reasons') || jsonb_build_object('reason', "detail"->'reasons')
  WHERE jsonb_typeof("detail") = 'object' AND "detail" ? 'reasons';

-- 销号: an accepted acceptance closes the finding, and its event is `closed`
UPDATE "RectificationEvent" SET "kind" = 'closed' WHERE "kind" = 'accepted';

-- an email is keyed by (workflowId, key, rung), and its kind is `<process>_<occasion>`
ALTER TABLE "EmailOutbox" RENAME COLUMN "step" TO "key";
ALTER INDEX "EmailOutbox_workflowId_step_rung_key" RENAME TO "EmailOutbox_workflowId_key_rung_key";
UPDATE "EmailOutbox" SET "kind" = CASE "kind"
  WHEN 'approval_request' THEN 'campaign_approval_request'
  WHEN 'approval_overdue' THEN 'campaign_approval_overdue'
  WHEN 'report_submitted' THEN 'inspection_report_submitted'
  WHEN 'report_returned' THEN 'inspection_report_returned'
  WHEN 'submission_reminder' THEN 'inspection_reminder'
  WHEN 'submission_overdue' THEN 'inspection_overdue'
  WHEN 'surprise_check_start' THEN 'surprise_check_notice'
  WHEN 'holiday_integrity_reminder' THEN 'holiday_reminder'
  WHEN 'calendar_data_missing' THEN 'holiday_reminder_calendar_missing'
  ELSE "kind" END
WHERE "kind" IN ('approval_request', 'approval_overdue', 'report_submitted', 'report_returned', 'submission_reminder',
  'submission_overdue', 'surprise_check_start', 'holiday_integrity_reminder', 'calendar_data_missing');

-- TargetedAudit.steps: in each step `deadlineStep` becomes `deadlineKey`, and in each item `reasons` becomes `reason`
UPDATE "TargetedAudit" SET "steps" = (
  SELECT coalesce(jsonb_agg(
    jsonb_set(
      CASE WHEN s ? 'deadlineStep' THEN (s - 'deadlineStep') || jsonb_build_object('deadlineKey', s->'deadlineStep') ELSE s END,
      '{items}',
      (SELECT coalesce(jsonb_object_agg(k, CASE WHEN v ? 'reasons' THEN (v - 'reasons') || jsonb_build_object('reason', v->'reasons') ELSE v END), '{}'::jsonb)
         FROM jsonb_each(s->'items') AS i(k, v)))
    ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements("steps") WITH ORDINALITY AS e(s, n))
WHERE jsonb_typeof("steps") = 'array' AND jsonb_array_length("steps") > 0;

-- a process deadline is `deadlineAt` (an email keeps `dueAt`: the instant a rung was due), and a
-- campaign's computed deadlines are its `deadlines` (a schedule is only a Temporal Schedule)
ALTER TABLE "RoutineRun" RENAME COLUMN "dueAt" TO "deadlineAt";
ALTER TABLE "SurpriseCheck" RENAME COLUMN "dueAt" TO "deadlineAt";
ALTER TABLE "SelfSupervisionTurn" RENAME COLUMN "dueAt" TO "deadlineAt";
ALTER TABLE "Campaign" RENAME COLUMN "schedule" TO "deadlines";
