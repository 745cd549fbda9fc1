import type { Prisma } from '@prisma/client';
import type { LeadView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectStep } from './auditLog';

/** One event of a lead, as LeadEvent rows name it. */
export interface LeadEventInput {
  kind: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

/**
 * The projection of the lead workflow: its row (written by the API at registration, only forward in
 * `version` here), the event that moved it and the audit entry, in one transaction, keyed by version so
 * a retried activity writes nothing twice. It reads and writes nothing of the reporter (LeadReporter).
 */
export const createLeadActivities = ({ db }: ActivityDeps) => ({
  async recordLead({ view, event }: { view: LeadView; event: LeadEventInput }) {
    const data = {
      state: view.state,
      version: view.version,
      acceptedAt: view.acceptedAt ? new Date(view.acceptedAt) : null,
      receiptToldAt: view.receiptNotice?.toldAt ? new Date(view.receiptNotice.toldAt) : null,
      // the deadlines as running now (a calendar amendment re-plans them)
      acceptanceDueAt: new Date(view.acceptance.deadlineAt),
      ...(view.acceptance.remindAt !== undefined && { acceptanceRemindAt: view.acceptance.remindAt ? new Date(view.acceptance.remindAt) : null }),
      ...(view.receiptNotice && { receiptNoticeDueAt: new Date(view.receiptNotice.deadlineAt) }),
      ...(view.receiptNotice?.remindAt !== undefined && { receiptNoticeRemindAt: view.receiptNotice.remindAt ? new Date(view.receiptNotice.remindAt) : null }),
      resultToldAt: view.resultToldAt ? new Date(view.resultToldAt) : null,
      // the disposal (views recorded before it have none: nothing of it is written)
      ...(view.disposal !== undefined && {
        disposalMethod: view.disposal?.method ?? null,
        disposalReason: view.disposal?.reason ?? null,
        disposalProposedAt: view.disposal ? new Date(view.disposal.proposedAt) : null,
        collectiveReviewOn: view.disposal?.collectiveReview?.heldOn ?? null,
        collectiveReviewAttendeeIds: view.disposal?.collectiveReview?.attendeeIds ?? [],
        collectiveReviewOpinion: view.disposal?.collectiveReview?.opinion ?? null,
        disposalApprovedAt: view.disposal?.approved ? new Date(view.disposal.approved.at) : null,
        disposalApprovedById: view.disposal?.approved?.byId ?? null,
        disposalSentBack: view.sentBack ?? [],
        // the proposed 暂存待查's review date, then the shelved lead's; gone once it is due (the disposal with it)
        shelveReviewOn: view.disposal?.reviewOn ?? null,
        // a closed lead's reason, else the one its 予以了结 proposes
        closingReason: view.closed?.reason ?? view.disposal?.closingReason ?? null,
        closedAt: view.closed ? new Date(view.closed.at) : null,
        resultNoticeDueAt: view.resultNotice ? new Date(view.resultNotice.deadlineAt) : null,
        resultNoticeRemindAt: view.resultNotice?.remindAt ? new Date(view.resultNotice.remindAt) : null,
      }),
      ...(view.outcome !== undefined && { outcome: view.outcome }),
    };
    await projectStep(db, {
      targetKind: 'lead',
      targetId: view.leadId,
      workflowId: view.workflowId,
      version: view.version,
      event,
      summary: { state: view.state, number: view.number },
      updateIfNewer: (tx) => tx.lead.updateMany({ where: { id: view.leadId, version: { lt: view.version } }, data }),
      insertEvent: (tx, row) => tx.leadEvent.createMany({ data: [{ leadId: view.leadId, ...row }], skipDuplicates: true }),
    });
  },
});
