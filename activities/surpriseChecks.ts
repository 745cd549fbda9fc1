import { randomBytes } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { surpriseCheckWorkflowId, surpriseFindingId } from '../domain/ids';
import { SAMPLING_ALGORITHM, drawSample } from '../domain/sampling';
import type { SurpriseCheckState } from '../domain/states';
import type { SurpriseResult, SurpriseTarget } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectVersion, writeAuditEntry, type AuditedEvent } from './auditLog';

/**
 * How a check's targets were chosen, kept in SurpriseCheck.selection. The API writes `named` or a
 * `sample` without seed; the draw activity adds seed, algorithm and the units drawn, in draw order.
 * The same JSON also keeps the results' deadline plan as `due` (the table has no column for it), so a
 * retried launch can start the workflow again from the row alone.
 */
export type Selection =
  | { kind: 'named'; unitIds: string[] }
  | {
      kind: 'sample';
      size: number;
      scope: { groupIds: string[]; unitIds: string[] };
      /** the scope's units, sorted by id, as they stood at launch */
      candidates: string[];
      seed?: string;
      algorithm?: string;
      drawn?: string[];
    };

export const selectionOf = (row: { selection: Prisma.JsonValue }) => row.selection as unknown as Selection;

export const createSurpriseCheckActivities = ({ db }: ActivityDeps) => ({
  /**
   * The targets of a check: named ones were written at launch; a sample is drawn here, once, with a
   * fresh 128-bit seed recorded beside the candidates, so an auditor can draw it again. A retry after
   * the draw committed finds the targets and returns them unchanged.
   */
  async drawSurpriseTargets({ checkId }: { checkId: string }): Promise<SurpriseTarget[]> {
    return db.$transaction(async (tx) => {
      const existing = await tx.surpriseCheckTarget.findMany({ where: { checkId }, orderBy: { unitId: 'asc' }, select: { unitId: true, groupId: true } });
      if (existing.length) return existing;
      const check = await tx.surpriseCheck.findUniqueOrThrow({ where: { id: checkId } });
      const selection = selectionOf(check);
      if (selection.kind !== 'sample') throw new Error(`surprise check ${checkId} names its units but has no target rows`);
      const seed = randomBytes(16).toString('hex');
      const drawn = drawSample(selection.candidates, selection.size, seed);
      const units = await tx.unit.findMany({ where: { id: { in: drawn } }, select: { id: true, groupId: true }, orderBy: { id: 'asc' } });
      await tx.surpriseCheckTarget.createMany({ data: units.map((u) => ({ checkId, unitId: u.id, groupId: u.groupId })) });
      const recorded: Selection = { ...selection, seed, algorithm: SAMPLING_ALGORITHM, drawn };
      await tx.surpriseCheck.update({ where: { id: checkId }, data: { selection: recorded } });
      await writeAuditEntry(tx, {
        action: 'surpriseCheck.sample_drawn',
        targetKind: 'surpriseCheck',
        targetId: checkId,
        workflowId: check.workflowId,
        dedupeKey: `${check.workflowId}/sample`,
        detail: { seed, algorithm: SAMPLING_ALGORITHM, size: selection.size, candidates: selection.candidates.length },
      });
      return units.map((u) => ({ unitId: u.id, groupId: u.groupId }));
    });
  },

  /** `event`: a step beside the state (a deadline re-planned), named in the audit entry, with the deadline it leaves. */
  async recordSurpriseCheck(input: { checkId: string; state: SurpriseCheckState; version: number; actorId?: string; reason?: string; event?: AuditedEvent; deadlineAt?: string }) {
    const data = { state: input.state, version: input.version, ...(input.deadlineAt ? { deadlineAt: new Date(input.deadlineAt) } : {}) };
    const detail = { ...(input.reason ? { reason: input.reason } : {}), ...(input.event?.detail ? { event: input.event.detail } : {}) };
    await db.$transaction((tx) =>
      // the row is the API's, written at launch
      projectVersion(tx, {
        updateIfNewer: () => tx.surpriseCheck.updateMany({ where: { id: input.checkId, version: { lt: input.version } }, data }),
        audit: {
          actorId: input.actorId,
          action: `surpriseCheck.${input.event?.kind ?? input.state}`,
          targetKind: 'surpriseCheck',
          targetId: input.checkId,
          workflowId: surpriseCheckWorkflowId(input.checkId),
          version: input.version,
          detail: Object.keys(detail).length ? detail : undefined,
        },
      }),
    );
  },

  /**
   * One unit's result, once; `found` records a finding for the rectification loop to pick up
   * (sourceKind surpriseCheck, sourceId the check's workflow id).
   */
  async recordSurpriseResult(input: {
    checkId: string;
    workflowId: string;
    unitId: string;
    result: SurpriseResult;
    notes: string;
    actorId: string;
    at: string;
    findingTitle: string;
  }) {
    const findingId = input.result === 'found' ? surpriseFindingId(input.workflowId, input.unitId) : null;
    await db.$transaction(async (tx) => {
      const { count } = await tx.surpriseCheckTarget.updateMany({
        where: { checkId: input.checkId, unitId: input.unitId, result: null },
        data: { result: input.result, notes: input.notes, findingId, recordedAt: new Date(input.at) },
      });
      if (count === 0) return;
      if (findingId) {
        await tx.finding.create({
          data: {
            id: findingId,
            unitId: input.unitId,
            sourceKind: 'surpriseCheck',
            sourceId: input.workflowId,
            title: input.findingTitle,
            detail: input.notes,
            recordedById: input.actorId,
          },
        });
      }
      await writeAuditEntry(tx, {
        actorId: input.actorId,
        action: `surpriseCheck.result_${input.result}`,
        targetKind: 'surpriseCheck',
        targetId: input.checkId,
        workflowId: input.workflowId,
        dedupeKey: `${input.workflowId}/result/${input.unitId}`,
        detail: { unitId: input.unitId, findingId },
      });
    });
  },
});
