// The glossary's migration (prisma/migrations/20261201100000_glossary) moves rows written by the code
// before it to the new names: columns renamed, old email kinds and the old event kind mapped, and the
// JSON the projections wrote (event details, a targeted audit's steps and items) rewritten. Run on a
// database migrated up to the migration before it, with rows in the old shape; plain SQL, as
// `prisma migrate deploy` runs it. Foreign keys are not what is tested: they are off for the inserts.
import { databaseBefore } from '../support/migrations';

const db = databaseBefore('20261201100000_glossary');

const oldSteps = [
  { key: 'self_check', deadlineStep: 'self_check/d1', items: { main: { state: 'returned', round: 2, reasons: '不具体' } } },
  { key: 'plan', deadlineStep: null, items: { main: { state: 'awaiting', round: 1, reasons: null } } },
];

it('renames the columns and maps the old kinds, reasons and deadline keys', async () => {
  await db.query(`
    SET session_replication_role = replica;
    INSERT INTO "Review" (id, "inspectionId", round, "reviewerId", decision, reasons, "reviewedAt") VALUES ('r1', 'i1', 1, 'g5-member', 'return', '未覆盖三重一大', now());
    INSERT INTO "RectificationEvent" (id, "rectificationId", kind, detail, at, "dedupeKey") VALUES
      ('e1', 'rect/1', 'accepted', '{"revisitAt":"2027-03-01"}', now(), 'k1'),
      ('e2', 'rect/1', 'plan_returned', '{"reasons":"措施不具体","planDueAt":"2026-12-10"}', now(), 'k2'),
      ('e3', 'rect/1', 'opened', NULL, now(), 'k3');
    INSERT INTO "TargetedAuditEvent" (id, "auditId", kind, detail, at, "dedupeKey") VALUES ('a1', 'BX-1', 'returned', '{"reasons":"不具体","deadlineAt":null}', now(), 'k4');
    INSERT INTO "TargetedAudit" (id, "workflowId", template, title, "unitId", "groupId", state, params, steps, "createdById", "updatedAt")
      VALUES ('BX-1', 'audit/BX-1', 'finance', 't', 'gongluju', 'g5', 'in_progress', '{}', $$${JSON.stringify(oldSteps)}$$, 'staff-li', now()),
             ('BX-2', 'audit/BX-2', 'finance', 't', 'gongluju', 'g5', 'in_progress', '{}', '[]', 'staff-li', now());
    INSERT INTO "EmailOutbox" (id, "workflowId", step, rung, kind, subject, body, "messageId") VALUES
      ('m1', 'campaign/ZX-1', 'plan', 0, 'approval_request', 's', 'b', 'id1'),
      ('m2', 'campaign/ZX-1/unit/gongluju', 'submission-r1', 2, 'submission_overdue', 's', 'b', 'id2'),
      ('m3', 'holiday/2026-10-01', 'staff', 0, 'calendar_data_missing', 's', 'b', 'id3'),
      ('m4', 'rectification/f1', 'notice', 0, 'rectification_notice', 's', 'b', 'id4');
    SET session_replication_role = DEFAULT;
  `);
  await db.migrate();

  expect((await db.query(`SELECT reason FROM "Review"`)).rows).toEqual([{ reason: '未覆盖三重一大' }]);
  expect((await db.query(`SELECT id, kind, detail FROM "RectificationEvent" ORDER BY id`)).rows).toEqual([
    { id: 'e1', kind: 'closed', detail: { revisitAt: '2027-03-01' } },
    { id: 'e2', kind: 'plan_returned', detail: { reason: '措施不具体', planDueAt: '2026-12-10' } },
    { id: 'e3', kind: 'opened', detail: null },
  ]);
  expect((await db.query(`SELECT detail FROM "TargetedAuditEvent"`)).rows).toEqual([{ detail: { reason: '不具体', deadlineAt: null } }]);
  expect((await db.query(`SELECT id, steps FROM "TargetedAudit" ORDER BY id`)).rows).toEqual([
    {
      id: 'BX-1',
      steps: [
        { key: 'self_check', deadlineKey: 'self_check/d1', items: { main: { state: 'returned', round: 2, reason: '不具体' } } },
        { key: 'plan', deadlineKey: null, items: { main: { state: 'awaiting', round: 1, reason: null } } },
      ],
    },
    { id: 'BX-2', steps: [] },
  ]);
  expect((await db.query(`SELECT key, kind FROM "EmailOutbox" ORDER BY id`)).rows).toEqual([
    { key: 'plan', kind: 'campaign_approval_request' },
    { key: 'submission-r1', kind: 'inspection_overdue' },
    { key: 'staff', kind: 'holiday_reminder_calendar_missing' },
    { key: 'notice', kind: 'rectification_notice' },
  ]);
  // the outbox key is still unique per (workflowId, key, rung): a resend finds its row
  await expect(db.query(`INSERT INTO "EmailOutbox" (id, "workflowId", key, rung, kind, subject, body, "messageId") VALUES ('m5', 'campaign/ZX-1', 'plan', 0, 'x', 's', 'b', 'id5')`)).rejects.toThrow(
    /EmailOutbox_workflowId_key_rung_key/,
  );
});
