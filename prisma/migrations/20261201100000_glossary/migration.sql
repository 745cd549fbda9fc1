-- The glossary (domain/GLOSSARY.md): persisted names and values renamed to it. Hand-written, since a
-- generated diff would drop and re-add renamed columns. The audit log is append-only and not touched.

-- a ground for a choice is `reason`, singular
ALTER TABLE "Review" RENAME COLUMN "reasons" TO "reason";
UPDATE "RectificationEvent" SET "detail" = ("detail" - 'reasons') || jsonb_build_object('reason', "detail"->'reasons')
  WHERE jsonb_typeof("detail") = 'object' AND "detail" ? 'reasons';
UPDATE "TargetedAuditEvent" SET "detail" = ("detail" - 'reasons') || jsonb_build_object('reason', "detail"->'reasons')
  WHERE jsonb_typeof("detail") = 'object' AND "detail" ? 'reasons';
-- TargetedAudit.steps: in each item, `reasons` becomes `reason`
UPDATE "TargetedAudit" SET "steps" = (
  SELECT coalesce(jsonb_agg(
    jsonb_set(s, '{items}', (
      SELECT coalesce(jsonb_object_agg(k, CASE WHEN v ? 'reasons' THEN (v - 'reasons') || jsonb_build_object('reason', v->'reasons') ELSE v END), '{}'::jsonb)
      FROM jsonb_each(s->'items') AS i(k, v)))
    ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements("steps") WITH ORDINALITY AS e(s, n))
WHERE jsonb_typeof("steps") = 'array' AND jsonb_array_length("steps") > 0;

-- 销号: an accepted acceptance closes the finding, and its event is `closed`
UPDATE "RectificationEvent" SET "kind" = 'closed' WHERE "kind" = 'accepted';
