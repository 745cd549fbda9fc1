import { createHash } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { shanghaiDate } from '../domain/calendar';
import type { CaseDisposition, CaseView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectStep } from './auditLog';
import { insertMeasure } from './measures';

export interface CaseEventInput {
  kind: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

type PersonConcerned = { name: string; title?: string; personId?: string };

/** A closed case's measure for one person: one id per (case, person), so a retried activity finds it written. */
export const caseMeasureId = (caseId: string, person: number, closedOn: string) =>
  `CS-${closedOn.replaceAll('-', '')}-${createHash('sha256').update(`${caseId}/${person}`).digest('hex').slice(0, 6)}`;

/**
 * The projection of the case workflow (its row written by the API at filing, only forward in `version`
 * here, with its event and audit entry), and the measures its closing gives (结案), which the statistics
 * count under the four forms. It reads the persons concerned from the row: the workflow names them by
 * their place only.
 */
export const createCaseActivities = ({ db }: ActivityDeps) => ({
  async recordCase({ view, event }: { view: CaseView; event: CaseEventInput }) {
    const data = {
      state: view.state,
      version: view.version,
      timeLimitDueAt: new Date(view.timeLimit.deadlineAt),
      timeLimitRemindAt: view.timeLimit.remindAt ? new Date(view.timeLimit.remindAt) : null,
      ...(view.timeLimit.rule && { timeLimitRule: view.timeLimit.rule as unknown as Prisma.InputJsonObject }),
      extensionAskedAt: view.extension ? new Date(view.extension.askedAt) : null,
      extensionPending: !!view.extension && view.extension.decision === null,
      extendedAt: view.extension?.decision === 'grant' ? new Date(view.extension.decidedAt!) : null,
      transferredAt: view.hearing ? new Date(view.hearing.transferredAt) : null,
      hearingReviewerId: view.hearing?.reviewerId ?? null,
      hearingOpinionAt: view.hearing?.opinionAt ? new Date(view.hearing.opinionAt) : null,
      closedAt: view.closed ? new Date(view.closed.at) : null,
      closedById: view.closed?.byId ?? null,
      ...(view.closed && { dispositions: view.closed.dispositions as unknown as Prisma.InputJsonArray }),
    };
    await projectStep(db, {
      targetKind: 'case',
      targetId: view.caseId,
      workflowId: view.workflowId,
      version: view.version,
      event,
      summary: { state: view.state, leadId: view.leadId },
      updateIfNewer: (tx) => tx.case.updateMany({ where: { id: view.caseId, version: { lt: view.version } }, data }),
      insertEvent: (tx, row) => tx.caseEvent.createMany({ data: [{ caseId: view.caseId, ...row }], skipDuplicates: true }),
    });
  },

  /** 结案: each person's disposition as a measure (source `case`), once per person however often retried. */
  async recordCaseMeasures({ caseId, workflowId, closedAt, closedById, dispositions }: { caseId: string; workflowId: string; closedAt: string; closedById: string; dispositions: CaseDisposition[] }) {
    const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    const persons = row.personsConcerned as PersonConcerned[];
    const closedOn = shanghaiDate(new Date(closedAt));
    await db.$transaction(async (tx) => {
      for (const d of dispositions) {
        const id = caseMeasureId(caseId, d.person, closedOn);
        if (await tx.measure.count({ where: { id } })) continue;
        const person = persons[d.person];
        await insertMeasure(
          tx,
          {
            id,
            kind: d.kind,
            subject: { personId: person.personId ?? null, name: person.name, title: person.title ?? null },
            unitId: row.unitId,
            groupId: row.groupId,
            heldOn: closedOn,
            heldById: closedById,
            reason: `案件${caseId}结案处理`,
            source: { kind: 'case', id: caseId },
            supersedes: null,
            recordedById: closedById,
          },
          { workflowId },
        );
      }
    });
  },
});
