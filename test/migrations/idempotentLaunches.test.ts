// The migration that moved Idempotency-Keys into IdempotentLaunch keeps every key an old launch was
// made with, and moves audit entries to the business id. Run on a database migrated up to the
// migration before it, with rows in the old shape; plain SQL, as `prisma migrate deploy` runs it.
import { databaseBefore } from '../support/migrations';

const db = databaseBefore('20261201000000_idempotent_launches_and_audit_workflow');

it('carries every stored Idempotency-Key over to its launcher, and names audit targets by business id', async () => {
  await db.query(`
    INSERT INTO "Campaign" (id, "workflowId", title, topic, state, "createdById", "approverId", "idempotencyKey", "requestHash", "deadlineAt", "approvalDueAt", schedule, "unitCount", "updatedAt")
    VALUES ('ZX-1', 'campaign/ZX-1', 't', 't', 'awaiting_approval', 'staff-li', 'deputy', 'k-1', 'h-1', now(), now(), '{}', 1, now()),
           ('ZX-2', 'campaign/ZX-2', 't', 't', 'awaiting_approval', 'staff-li', 'deputy', NULL, NULL, now(), now(), '{}', 1, now());
    INSERT INTO "Group" (id, name) VALUES ('g5', '第五派驻组');
    INSERT INTO "Unit" (id, name, "groupId") VALUES ('gongluju', '区公路局', 'g5');
    INSERT INTO "TargetedAudit" (id, "workflowId", template, title, "unitId", "groupId", state, params, steps, "createdById", "idempotencyKey", "requestHash", "updatedAt")
    VALUES ('BX-1', 'audit/BX-1', 'finance', 't', 'gongluju', 'g5', 'in_progress', '{}', '[]', 'staff-chen', 'k-1', 'h-2', now());
    INSERT INTO "AuditLog" ("actorId", action, "targetKind", "targetId", "dedupeKey", detail) VALUES
      ('staff-li', 'surpriseCheck.launch', 'surpriseCheck', 'TC-1', 'surpriseCheck/launch/k-3', '{"requestHash":"h-3","idempotencyKey":"k-3"}'),
      ('staff-li', 'campaign.launch', 'campaign', 'ZX-1', NULL, '{}'),
      (NULL, 'email.approval_request', 'campaign', 'campaign/ZX-1', 'email/m1', NULL),
      (NULL, 'targetedAudit.opened', 'targetedAudit', 'audit/BX-1', 'audit/BX-1/v000001', NULL),
      (NULL, 'rectification.plan_submitted', 'rectification', 'rectification/f1', 'rectification/f1/v000002', NULL);
  `);
  await db.migrate();

  const keys = await db.query(`SELECT "personId", key, "requestHash", "madeKind", "madeIds" FROM "IdempotentLaunch" ORDER BY "madeKind"`);
  expect(keys.rows).toEqual([
    { personId: 'staff-li', key: 'k-1', requestHash: 'h-1', madeKind: 'campaign', madeIds: ['ZX-1'] },
    { personId: 'staff-li', key: 'k-3', requestHash: 'h-3', madeKind: 'surpriseCheck', madeIds: ['TC-1'] },
    // the same key of another person is their own launch
    { personId: 'staff-chen', key: 'k-1', requestHash: 'h-2', madeKind: 'targetedAudit', madeIds: ['BX-1'] },
  ]);
  const trail = await db.query(`SELECT action, "targetId", "workflowId" FROM "AuditLog" WHERE action <> 'surpriseCheck.launch' ORDER BY id`);
  expect(trail.rows).toEqual([
    { action: 'campaign.launch', targetId: 'ZX-1', workflowId: 'campaign/ZX-1' },
    { action: 'email.approval_request', targetId: 'ZX-1', workflowId: 'campaign/ZX-1' },
    { action: 'targetedAudit.opened', targetId: 'BX-1', workflowId: 'audit/BX-1' },
    { action: 'rectification.plan_submitted', targetId: 'rectification/f1', workflowId: 'rectification/f1' },
  ]);
});
