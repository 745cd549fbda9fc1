import type { PrismaClient } from '@prisma/client';
import type { WorkingDayCalendar } from '../domain/calendar';
import { afterStartRule, SELF_SUPERVISION_LADDER } from '../domain/ladder';
import type { SelfSupervisionTurnView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectVersion, writeAuditEntry } from './auditLog';
import { planIfKnown, type Planned } from './calendar';

export interface AssignTurnInput {
  workflowId: string;
  rotaId: string;
  unitId: string;
  groupId: string;
  startedAt: string;
  dueInWorkingDays: number;
}

interface Assignment {
  turn: number;
  memberId: string;
  title: string;
}

export type AssignedTurn = Assignment & Planned;
export type PlanTurnInput = Pick<AssignTurnInput, 'startedAt' | 'dueInWorkingDays'>;

/** The deadline with SELF_SUPERVISION_LADDER, dueInWorkingDays 工作日 after the turn began; a missing year is answered (the turn parks). */
const deadlineOfTurn = (calendar: WorkingDayCalendar, { startedAt, dueInWorkingDays }: PlanTurnInput): Planned =>
  planIfKnown(afterStartRule(new Date(startedAt), dueInWorkingDays, SELF_SUPERVISION_LADDER), calendar);

/**
 * The turn row, keyed by the workflow id: a retry finds the row written before. A new turn takes the
 * next number of the rota and the member memberIds[(turn - 1) % n]. Two turns of one rota assigned at
 * once (a trigger beside a scheduled turn) cannot share a number: the loser hits (rotaId, turn)'s
 * unique index, and its retry takes the next one.
 */
async function turnRow(db: PrismaClient, input: AssignTurnInput, planned: Planned) {
  const found = await db.selfSupervisionTurn.findUnique({ where: { id: input.workflowId } });
  if (found) return found;
  return db.$transaction(async (tx) => {
    const rota = await tx.selfSupervisionRota.findUniqueOrThrow({ where: { id: input.rotaId } });
    const last = await tx.selfSupervisionTurn.aggregate({ where: { rotaId: rota.id }, _max: { turn: true } });
    const turn = (last._max.turn ?? 0) + 1;
    const memberId = rota.memberIds[(turn - 1) % rota.memberIds.length];
    const state = planned.ok ? 'open' : 'calendar_missing';
    const deadlineAt = planned.ok ? new Date(planned.plan.deadlineAt) : null;
    const row = await tx.selfSupervisionTurn.create({
      data: { id: input.workflowId, rotaId: rota.id, unitId: input.unitId, groupId: input.groupId, turn, memberId, state, deadlineAt, deadlineRule: planned.ok ? (planned.plan.rule as object | undefined) : undefined },
    });
    await writeAuditEntry(tx, {
      action: 'selfSupervisionTurn.assigned',
      targetKind: 'selfSupervisionTurn',
      targetId: input.workflowId,
      workflowId: input.workflowId,
      dedupeKey: `${input.workflowId}/assigned`,
      detail: { turn, memberId, state, deadlineAt: deadlineAt?.toISOString() ?? null, ...(planned.ok ? {} : { missingYear: planned.missingYear }) },
    });
    return row;
  });
}

/** 自我监督: who is on duty for a turn, its deadline, and the projection of its events. */
export const createSelfSupervisionActivities = ({ db, calendars }: ActivityDeps) => ({
  async assignSelfSupervisionTurn(input: AssignTurnInput): Promise<AssignedTurn> {
    const calendar = await calendars.current();
    const planned = deadlineOfTurn(calendar, input);
    const row = await turnRow(db, input, planned);
    const member = await db.person.findUnique({ where: { id: row.memberId }, select: { name: true } });
    const title = `自我监督第${row.turn}次（${calendar.shanghaiDate(new Date(input.startedAt))}，带队：${member?.name ?? row.memberId}）`;
    return { turn: row.turn, memberId: row.memberId, title, ...planned };
  },

  /** The deadline of a turn already assigned, parked on a missing year: the turn and its member stay. */
  async planSelfSupervisionTurn(input: PlanTurnInput): Promise<Planned> {
    return deadlineOfTurn(await calendars.current(), input);
  },

  /** One event of a turn with its audit entry, once; the row only moves forward in version, atomically. */
  async recordSelfSupervisionTurn(input: { view: SelfSupervisionTurnView; event: string; actorId?: string; detail?: Record<string, string | number> }) {
    const { view } = input;
    await db.$transaction((tx) =>
      // the row is assignSelfSupervisionTurn's, written when the turn began
      projectVersion(tx, {
        updateIfNewer: () =>
          tx.selfSupervisionTurn.updateMany({
            where: { id: view.workflowId, version: { lt: view.version } },
            data: {
              state: view.state,
              version: view.version,
              // a turn parked on a missing year gets its deadline when it resumes; a replanned one moves
              deadlineAt: view.deadlineAt ? new Date(view.deadlineAt) : null,
              record: view.record,
              filedAt: view.filedAt ? new Date(view.filedAt) : null,
            },
          }),
        audit: {
          actorId: input.actorId,
          action: `selfSupervisionTurn.${input.event}`,
          targetKind: 'selfSupervisionTurn',
          targetId: view.workflowId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { state: view.state, turn: view.turn, memberId: view.memberId, ...input.detail },
        },
      }),
    );
  },
});
