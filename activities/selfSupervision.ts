import type { PrismaClient } from '@prisma/client';
import { CalendarDataMissingError, type WorkingDayCalendar } from '../domain/calendar';
import { deadlineFrom, SELF_SUPERVISION_LADDER, type Deadline } from '../domain/ladder';
import type { SelfSupervisionTurnView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectVersion, writeAuditEntry } from './auditLog';

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

export type AssignedTurn = Assignment & ({ ok: true; plan: Deadline } | { ok: false; missingYear: number });

/** The deadline with SELF_SUPERVISION_LADDER; a year without holiday data is answered, not thrown (retrying cannot help). */
function deadlineOfTurn(calendar: WorkingDayCalendar, startedAt: Date, dueInWorkingDays: number): { plan: Deadline } | { missingYear: number } {
  try {
    return { plan: deadlineFrom(calendar.deadlineInWorkingDays(startedAt, dueInWorkingDays), SELF_SUPERVISION_LADDER, calendar) };
  } catch (e) {
    if (!(e instanceof CalendarDataMissingError)) throw e;
    return { missingYear: e.year };
  }
}

/**
 * The turn row, keyed by the workflow id: a retry finds the row written before. A new turn takes the
 * next number of the rota and the member memberIds[(turn - 1) % n]. Two turns of one rota assigned at
 * once (a trigger beside a scheduled turn) cannot share a number: the loser hits (rotaId, turn)'s
 * unique index, and its retry takes the next one.
 */
async function turnRow(db: PrismaClient, input: AssignTurnInput, planned: { plan: Deadline } | { missingYear: number }) {
  const found = await db.selfSupervisionTurn.findUnique({ where: { id: input.workflowId } });
  if (found) return found;
  return db.$transaction(async (tx) => {
    const rota = await tx.selfSupervisionRota.findUniqueOrThrow({ where: { id: input.rotaId } });
    const last = await tx.selfSupervisionTurn.aggregate({ where: { rotaId: rota.id }, _max: { turn: true } });
    const turn = (last._max.turn ?? 0) + 1;
    const memberId = rota.memberIds[(turn - 1) % rota.memberIds.length];
    const state = 'plan' in planned ? 'open' : 'calendar_missing';
    const deadlineAt = 'plan' in planned ? new Date(planned.plan.deadlineAt) : null;
    const row = await tx.selfSupervisionTurn.create({
      data: { id: input.workflowId, rotaId: rota.id, unitId: input.unitId, groupId: input.groupId, turn, memberId, state, deadlineAt },
    });
    await writeAuditEntry(tx, {
      action: 'selfSupervisionTurn.assigned',
      targetKind: 'selfSupervisionTurn',
      targetId: input.workflowId,
      workflowId: input.workflowId,
      dedupeKey: `${input.workflowId}/assigned`,
      detail: { turn, memberId, state, deadlineAt: deadlineAt?.toISOString() ?? null, ...('missingYear' in planned ? { missingYear: planned.missingYear } : {}) },
    });
    return row;
  });
}

/** 自我监督: who is on duty for a turn, its deadline, and the projection of its events. */
export const createSelfSupervisionActivities = ({ db, calendars }: ActivityDeps) => ({
  async assignSelfSupervisionTurn(input: AssignTurnInput): Promise<AssignedTurn> {
    const startedAt = new Date(input.startedAt);
    const calendar = await calendars.current();
    const planned = deadlineOfTurn(calendar, startedAt, input.dueInWorkingDays);
    const row = await turnRow(db, input, planned);
    const member = await db.person.findUnique({ where: { id: row.memberId }, select: { name: true } });
    const title = `自我监督第${row.turn}次（${calendar.shanghaiDate(startedAt)}，带队：${member?.name ?? row.memberId}）`;
    return { turn: row.turn, memberId: row.memberId, title, ...('plan' in planned ? { ok: true, plan: planned.plan } : { ok: false, missingYear: planned.missingYear }) };
  },

  /** One event of a turn with its audit entry, once; the row only moves forward in version, atomically. */
  async recordSelfSupervisionTurn(input: { view: SelfSupervisionTurnView; event: string; actorId?: string }) {
    const { view } = input;
    await db.$transaction((tx) =>
      // the row is assignSelfSupervisionTurn's, written when the turn began
      projectVersion(tx, {
        updateIfNewer: () =>
          tx.selfSupervisionTurn.updateMany({
            where: { id: view.workflowId, version: { lt: view.version } },
            data: { state: view.state, version: view.version, record: view.record, filedAt: view.filedAt ? new Date(view.filedAt) : null },
          }),
        audit: {
          actorId: input.actorId,
          action: `selfSupervisionTurn.${input.event}`,
          targetKind: 'selfSupervisionTurn',
          targetId: view.workflowId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { state: view.state, turn: view.turn, memberId: view.memberId },
        },
      }),
    );
  },
});
