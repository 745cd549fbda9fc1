import { Prisma } from '@prisma/client';
import type { TalkInquiryView } from '../workflows/messages';
import type { ActivityDeps } from './deps';
import { projectVersion, versionKey } from './auditLog';

/** One event of a talk inquiry, as TalkInquiryEvent rows name it. */
export interface TalkInquiryEventInput {
  kind: string;
  actorId?: string;
  at: string;
  detail?: Prisma.InputJsonValue;
}

const json = (v: unknown) => (v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonObject));

/**
 * 谈话函询: the projection of its workflow (the row written at its first step, only forward in version,
 * the event and the audit entry, keyed by version). Nothing of the reporter is read or written.
 */
export const createTalkInquiryActivities = ({ db }: ActivityDeps) => ({
  async recordTalkInquiry({ view, event }: { view: TalkInquiryView; event: TalkInquiryEventInput }) {
    const data = {
      state: view.state,
      version: view.version,
      form: json(view.form),
      replyDueAt: view.reply ? new Date(view.reply.deadlineAt) : null,
      replyRemindAt: view.reply?.remindAt ? new Date(view.reply.remindAt) : null,
      replyRule: json(view.reply?.rule),
      pendingExtension: json(view.pendingExtension),
      replyReceivedOn: view.replyReceived?.receivedOn ?? null,
      evaluation: json(view.evaluation),
      completedAt: view.completedAt ? new Date(view.completedAt) : null,
    };
    const ids = { leadId: view.leadId, workflowId: view.workflowId, number: view.number, unitId: view.unitId, groupId: view.groupId, handlerId: view.handlerId };
    await db.$transaction(async (tx) => {
      await projectVersion(tx, {
        insertIfAbsent: () => tx.talkInquiry.createMany({ data: [{ ...ids, ...data }], skipDuplicates: true }),
        updateIfNewer: () => tx.talkInquiry.updateMany({ where: { leadId: view.leadId, version: { lt: view.version } }, data }),
        audit: {
          actorId: event.actorId,
          action: `talkInquiry.${event.kind}`,
          targetKind: 'talkInquiry',
          targetId: view.leadId,
          workflowId: view.workflowId,
          version: view.version,
          detail: { state: view.state, number: view.number, ...(event.detail ? { event: event.detail } : {}) },
        },
      });
      await tx.talkInquiryEvent.createMany({
        data: [{ leadId: view.leadId, kind: event.kind, actorId: event.actorId, detail: event.detail, at: new Date(event.at), dedupeKey: versionKey(view.workflowId, view.version) }],
        skipDuplicates: true,
      });
    });
  },
});
