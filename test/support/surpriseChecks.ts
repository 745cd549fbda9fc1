// Surprise-check fixtures for workflow tests: the rows the API would write at launch, with times in
// natural hours from the test server's clock (`now`), so no test depends on the holiday calendar.
import type { PrismaClient } from '@prisma/client';
import type { Selection } from '../../activities/surpriseChecks';
import { surpriseCheckWorkflowId } from '../../domain/ids';
import type { Deadline } from '../../domain/ladder';
import type { SurpriseCheckInput } from '../../workflows/messages';
import { at } from './campaigns';
import { uniqueId } from './world';

const HOUR = 3_600_000;

/** Results due `dueHours` after the start; reminder 2 hours before; group leader at once, commission leader a day later. */
export function surprisePlan(startsAt: number, dueHours: number): Deadline {
  const deadline = startsAt + dueHours * HOUR;
  return {
    deadlineAt: at(0, deadline),
    remindAt: at(-2 * HOUR, deadline),
    rungs: [
      { rung: 1, at: at(0, deadline), notify: ['GROUP_LEADER'] },
      { rung: 2, at: at(24 * HOUR, deadline), notify: ['GROUP_LEADER_SUPERIOR'] },
    ],
  };
}

export async function insertSurpriseCheck(
  db: PrismaClient,
  opts: { now: number; startsInHours: number; dueHours?: number } & ({ unitIds: string[] } | { sample: { size: number; candidates: string[] } }),
): Promise<SurpriseCheckInput> {
  const id = uniqueId('TC-TEST');
  const startsAt = opts.now + opts.startsInHours * HOUR;
  const due = surprisePlan(startsAt, opts.dueHours ?? 8);
  const named = 'unitIds' in opts ? await db.unit.findMany({ where: { id: { in: opts.unitIds } } }) : [];
  const selection: Selection =
    'unitIds' in opts
      ? { kind: 'named', unitIds: opts.unitIds }
      : { kind: 'sample', size: opts.sample.size, scope: { groupIds: [], unitIds: opts.sample.candidates }, candidates: opts.sample.candidates };
  await db.surpriseCheck.create({
    data: {
      id,
      workflowId: surpriseCheckWorkflowId(id),
      title: '节前作风突击抽查',
      subject: 'clock_in',
      state: 'sealed',
      startsAt: new Date(startsAt),
      deadlineAt: new Date(due.deadlineAt),
      selection: { ...selection, due } as object,
      createdById: 'staff-li',
      targets: { create: named.map((u) => ({ unitId: u.id, groupId: u.groupId })) },
    },
  });
  return { checkId: id, title: '节前作风突击抽查', what: '上下班打卡', startsAt: at(0, startsAt), due };
}
