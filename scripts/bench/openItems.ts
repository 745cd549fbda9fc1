// B5's open items: SYNTHETIC projection rows, inserted by SQL straight into the bench's own database, so
// the read paths are measured against 10,000 open items without 10,000 workflows behind them. No
// workflow owns these rows (nothing escalates them, a live query of them finds nothing); every id and
// title says 合成 / synth, and the bench's data folder is wiped at its next start.
import { randomBytes } from 'node:crypto';
import { campaignWorkflowId } from '../../domain/ids';
import { seedGroup, type Db } from './stack';

export interface OpenItems {
  campaignId: string;
  group: string;
  /** a unit with an inspection, a rectification and a routine run */
  unitId: string;
  total: number;
  overdue: number;
}

/** Item i's deadline (SQL over the series column `i`): past (i % overdueEvery = 0) by i minutes, else i minutes ahead of a day from now. */
export const syntheticDeadline = (i: string, overdueEvery: number) =>
  `CASE WHEN ${i} % ${overdueEvery} = 0 THEN now() - (${i} + 1) * interval '1 minute' ELSE now() + interval '1 day' + ${i} * interval '1 minute' END`;

/**
 * The statements inserting `rectifications` rectifications (each with its finding) and `runs` open
 * routine runs (each with its cycle) of `group`, ids carrying `tag`: shared by the B5 seeds.
 */
export function syntheticFollowUps(db: Db, p: { tag: string; group: string; unitOf: (i: string) => string; deadline: (i: string) => string; rectifications: number; runs: number }) {
  const { unitOf, deadline } = p;
  return [
    db.$executeRawUnsafe(
      `INSERT INTO "Finding" (id, "unitId", "sourceKind", title, "recordedById")
       SELECT 'synth-finding-' || $1 || '-' || i, ${unitOf('i')}, 'routineRun', '合成问题 ' || i, 'staff-li' FROM generate_series(0, ${p.rectifications - 1}) i`,
      p.tag,
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "Rectification" (id, "findingId", "unitId", "groupId", state, "deadlineAt", "updatedAt")
       SELECT 'rectification/synth-finding-' || $1 || '-' || i, 'synth-finding-' || $1 || '-' || i, ${unitOf('i')}, $2,
              CASE WHEN i % 2 = 0 THEN 'awaiting_plan' ELSE 'in_rectification' END, ${deadline('i')}, now() FROM generate_series(0, ${p.rectifications - 1}) i`,
      p.tag,
      p.group,
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "RoutineCycle" (id, "scheduleId", "unitId", "groupId", cadence, state, "createdById", "updatedAt")
       SELECT 'CG-SYNTH-' || $1 || '-' || i, 'routine/synth/' || $1 || '/' || i, ${unitOf('i')}, $2, '{"kind":"monthly","dueInWorkingDays":10}', 'active', 'staff-li', now()
       FROM generate_series(0, ${p.runs - 1}) i`,
      p.tag,
      p.group,
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "RoutineRun" (id, "cycleId", "unitId", "groupId", state, "deadlineAt", "updatedAt")
       SELECT 'routine/synth/' || $1 || '/' || i || '/run', 'CG-SYNTH-' || $1 || '-' || i, ${unitOf('i')}, $2, 'open', ${deadline('i')}, now() FROM generate_series(0, ${p.runs - 1}) i`,
      p.tag,
      p.group,
    ),
  ];
}

/** Of `total` items: 60 % unit inspections of one campaign, 20 % rectifications, 20 % routine runs; every `overdueEvery`-th past its deadline. */
export async function seedOpenItems(db: Db, total = 10_000, overdueEvery = 3): Promise<OpenItems> {
  const units = Math.round(total * 0.6);
  const others = Math.round(total * 0.2);
  const group = await seedGroup(db, units);
  const campaignId = `ZX-SYNTH-${randomBytes(3).toString('hex')}`;
  const deadline = (i: string) => syntheticDeadline(i, overdueEvery);
  const unitOf = (i: string) => `'${group}-u' || ${i}`;
  await db.$transaction([
    db.$executeRawUnsafe(
      `INSERT INTO "Campaign" (id, "workflowId", title, topic, state, "createdById", "approverId", "deadlineAt", "approvalDueAt", deadlines, "unitCount", "updatedAt")
       VALUES ($1, $2, '合成数据：未结事项基准', '基准测试（合成）', 'in_progress', 'staff-li', 'deputy', now(), now(), '{}', ${units}, now())`,
      campaignId,
      campaignWorkflowId(campaignId),
    ),
    db.$executeRawUnsafe(`INSERT INTO "CampaignUnit" ("campaignId", "unitId", ordinal) SELECT $1, ${unitOf('i')}, i FROM generate_series(0, ${units - 1}) i`, campaignId),
    db.$executeRawUnsafe(
      `INSERT INTO "UnitInspection" (id, "campaignId", "unitId", "groupId", state, "deadlineAt", "updatedAt")
       SELECT 'campaign/' || $1 || '/unit/' || ${unitOf('i')}, $1, ${unitOf('i')}, $2, 'awaiting_submission', ${deadline('i')}, now() FROM generate_series(0, ${units - 1}) i`,
      campaignId,
      group,
    ),
    ...syntheticFollowUps(db, { tag: campaignId, group, unitOf, deadline, rectifications: others, runs: others }),
    // rung 1 sent for every 10th overdue inspection: what /overdue and the roll-up report as rungsFired
    db.$executeRawUnsafe(
      `INSERT INTO "EmailOutbox" (id, "workflowId", key, rung, kind, recipients, subject, body, "messageId", status, "sentAt")
       SELECT gen_random_uuid(), 'campaign/' || $1 || '/unit/' || ${unitOf('i')}, 'submission-r1', 1, 'inspection_overdue', ARRAY['synth@bench.tantou.local'],
              '合成催办', '合成数据', '<synth-' || $1 || '-' || i || '@bench.tantou.local>', 'sent', now()
       FROM generate_series(0, ${units - 1}, ${overdueEvery * 10}) i`,
      campaignId,
    ),
  ]);
  const overdue = [units, others, others].reduce((n, size) => n + Math.ceil(size / overdueEvery), 0);
  return { campaignId, group, unitId: `${group}-u0`, total: units + 2 * others, overdue };
}
