// B5's to-do lists: SYNTHETIC projection rows (as scripts/bench/openItems.ts, inserted by SQL, no workflow
// behind them, every id and title saying 合成 / synth): 10,000 open steps owed by 500 people.
import { randomBytes } from 'node:crypto';
import { campaignWorkflowId } from '../../domain/ids';
import { DEMO_POSTED_FROM } from '../../prisma/seed';
import { hashToken } from '../../domain/tokens';
import { demoToken } from '../../prisma/seed';
import { syntheticDeadline, syntheticFollowUps } from './openItems';
import { seedGroup, type Db } from './stack';

export interface TaskItems {
  total: number;
  /** the people who owe them (each signs in with `demo-<id>`): the units' contacts, then the group's members and its leader */
  contacts: string[];
  members: string[];
  leader: string;
}

const UNITS = 400;
const CAMPAIGNS = 10;
const MEMBERS = 99;

/**
 * 400 units of one group, each with its contact, and 99 members and a leader of the group (reporting to
 * the demo commission leader `deputy`): 500 people. Each contact owes 10 reports (10 campaigns) and 10
 * rectification steps (plans and progress); the group owes 2,000 routine runs. A third past due.
 */
export async function seedTaskItems(db: Db, overdueEvery = 3): Promise<TaskItems> {
  const group = await seedGroup(db, UNITS);
  const tag = randomBytes(3).toString('hex');
  const campaigns = Array.from({ length: CAMPAIGNS }, (_, c) => `ZX-SYNTH-${tag}-${c}`);
  const leader = `${group}-leader`;
  const members = Array.from({ length: MEMBERS }, (_, m) => `${group}-member${m}`);
  const deadline = (i: string) => syntheticDeadline(i, overdueEvery);
  const unitOf = (i: string) => `'${group}-u' || (${i} % ${UNITS})`;
  const [rectifications, runs] = [4_000, 2_000];
  await db.person.create({ data: { id: leader, name: `组长 ${group}`, email: `${leader}@bench.tantou.local`, superiorId: 'deputy' } });
  await db.person.createMany({ data: members.map((id) => ({ id, name: `组员 ${id}`, email: `${id}@bench.tantou.local`, superiorId: leader })) });
  await db.posting.createMany({
    data: [
      { personId: leader, role: 'GROUP_LEADER' as const, groupId: group, validFrom: DEMO_POSTED_FROM },
      ...members.map((personId) => ({ personId, role: 'GROUP_MEMBER' as const, groupId: group, validFrom: DEMO_POSTED_FROM })),
    ],
  });
  await db.$transaction([
    ...campaigns.map((id) =>
      db.$executeRawUnsafe(
        `INSERT INTO "Campaign" (id, "workflowId", title, topic, state, "createdById", "approverId", "deadlineAt", "approvalDueAt", deadlines, "unitCount", "updatedAt")
         VALUES ($1, $2, '合成数据：待办基准', '基准测试（合成）', 'in_progress', 'staff-li', 'deputy', now(), now(), '{}', ${UNITS}, now())`,
        id,
        campaignWorkflowId(id),
      ),
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "UnitInspection" (id, "campaignId", "unitId", "groupId", state, "deadlineAt", "updatedAt")
       SELECT 'campaign/' || c || '/unit/' || ${unitOf('i')}, c, ${unitOf('i')}, $2, 'awaiting_submission', ${deadline('i')}, now()
       FROM generate_series(0, ${UNITS * CAMPAIGNS - 1}) i, LATERAL (SELECT ($1::text[])[i / ${UNITS} + 1] AS c) campaign`,
      campaigns,
      group,
    ),
    ...syntheticFollowUps(db, { tag, group, unitOf, deadline, rectifications, runs }),
  ]);
  const contacts = Array.from({ length: UNITS }, (_, u) => `${group}-u${u}-contact`);
  // the demo tokens' form, so the load generator signs in as each of them
  await db.apiToken.createMany({ data: [...contacts, ...members, leader].map((personId) => ({ tokenHash: hashToken(demoToken(personId)), personId, label: 'bench' })) });
  return { total: UNITS * CAMPAIGNS + rectifications + runs, contacts, members, leader };
}
