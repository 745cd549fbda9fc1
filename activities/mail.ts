import { createHash } from 'node:crypto';
import type { Prisma, Role } from '@prisma/client';
import { workflowUiUrl } from '../domain/ids';
import { campaignEmailProcess, renderEmail, type EmailKind } from '../domain/emails';
import type { Recipient } from '../domain/ladder';
import type { ActivityDeps } from './deps';
import { businessIdOf, isUniqueViolation, writeAuditEntry } from './auditLog';
import { commissionLeaderOver } from './commissionLeader';

export interface EmailRequest {
  /** (workflowId, key, rung) is the outbox key: one email, ever, per key */
  workflowId: string;
  key: string;
  rung: number;
  kind: EmailKind;
  notify: Recipient[];
  /** the workflow's clock when it fired, and the instant it was planned for */
  firedAt: string;
  dueAt?: string;
  deadlineAt?: string;
  round?: number;
  /** the ground of a return, reopening, refusal or cancellation, or why a process cannot go on */
  reason?: string;
  /** what the email is about; `commissionLeaderId` is whom APPROVER and COMMISSION_LEADER name (APPROVER_SUPERIOR: their superior) */
  about: { title: string; topic: string; unitId?: string; groupId?: string; commissionLeaderId?: string };
  /** the process the email belongs to: its audit target kind (with the workflow id), its zh-CN name and the page to act on */
  process: { kind: string; label: string; actPath: string };
  /** 自我监督: the member on duty, whom ON_DUTY_MEMBER names */
  onDutyPersonId?: string;
}

/** The argument as workflows scheduled it before the glossary: `step` for `key`, `reasons` for `reason`, the old kinds. */
export interface LegacyEmailRequest extends Omit<EmailRequest, 'key' | 'kind'> {
  key?: string;
  step?: string;
  kind: EmailKind | keyof typeof LEGACY_EMAIL_KINDS;
  reasons?: string;
}

/** Email kinds before the glossary (`<process>_<occasion>`), and what each is called now. */
export const LEGACY_EMAIL_KINDS = {
  approval_request: 'campaign_approval_request',
  approval_overdue: 'campaign_approval_overdue',
  report_submitted: 'inspection_report_submitted',
  report_returned: 'inspection_report_returned',
  submission_reminder: 'inspection_reminder',
  submission_overdue: 'inspection_overdue',
  surprise_check_start: 'surprise_check_notice',
  holiday_integrity_reminder: 'holiday_reminder',
  calendar_data_missing: 'holiday_reminder_calendar_missing',
} as const satisfies Record<string, EmailKind>;

/** The argument workflows scheduled before `about` became process-neutral: their histories still carry it. */
export interface CampaignShapedEmailRequest extends Omit<LegacyEmailRequest, 'about' | 'process'> {
  about: { campaignId: string; title: string; topic: string; approverId: string; unitId?: string; groupId?: string };
  process?: EmailRequest['process'];
}

/**
 * Temporal delivers an activity the argument recorded when it was scheduled: a sendEmail scheduled by
 * the old workflow code (still pending or retrying across a deploy, as in the recorded histories)
 * arrives campaign-shaped, and is read here as the request it meant. Without `process` it came from
 * a campaign or one of its unit inspections (audited under the workflow's id, which for a campaign is
 * campaign/<campaignId>); an empty approverId meant nobody.
 */
export function currentShape(sent: LegacyEmailRequest | CampaignShapedEmailRequest): EmailRequest {
  const { reasons, step, key, kind, ...req } = sent;
  const named = {
    ...req,
    key: key ?? step!,
    kind: kind in LEGACY_EMAIL_KINDS ? LEGACY_EMAIL_KINDS[kind as keyof typeof LEGACY_EMAIL_KINDS] : (kind as EmailKind),
    ...(reasons === undefined ? {} : { reason: reasons }),
  };
  if (!('campaignId' in named.about)) return named as EmailRequest;
  const { campaignId, approverId, ...about } = named.about;
  return {
    ...named,
    about: approverId ? { ...about, commissionLeaderId: approverId } : about,
    process: named.process ?? campaignEmailProcess(about.unitId ? 'unitInspection' : 'campaign', campaignId),
  };
}

/** Message-ID fixed by the outbox key, so a resend after a crash is recognisable as the same mail. */
export const messageIdFor = (workflowId: string, key: string, rung: number, mailFrom: string) => {
  const domain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'tantou.local';
  const hash = createHash('sha256').update(`${workflowId}\n${key}\n${rung}`).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
};

/**
 * A rung past the member on duty escalates above them: when that member is also, say, the 一把手, the
 * 一把手 rung does not tell them a second time (it is recorded as fired, with nobody left to tell).
 */
const notAgain = (req: EmailRequest): Prisma.PersonWhereInput =>
  req.onDutyPersonId && !req.notify.includes('ON_DUTY_MEMBER') ? { NOT: { id: req.onDutyPersonId } } : {};

export const createMailActivities = ({ db, mailer, logger, settings }: ActivityDeps) => {
  async function recipientsOf(req: EmailRequest): Promise<string[]> {
    const { unitId, groupId, commissionLeaderId } = req.about;
    // the same one the API names as the commission leader over the group
    const overGroup = groupId && req.notify.includes('GROUP_LEADER_SUPERIOR') ? await commissionLeaderOver(db, groupId) : null;
    const byRole = (role: Role, scope: { unitId?: string; groupId?: string }) => ({ role, ...scope });
    const where = req.notify.flatMap((r): Prisma.PersonWhereInput[] => {
      switch (r) {
        case 'APPROVER':
        case 'COMMISSION_LEADER':
          return commissionLeaderId ? [{ id: commissionLeaderId }] : [];
        case 'APPROVER_SUPERIOR':
          return commissionLeaderId ? [{ reports: { some: { id: commissionLeaderId } } }] : [];
        case 'UNIT_CONTACT':
          return unitId ? [byRole('UNIT_CONTACT', { unitId })] : [];
        case 'UNIT_LEADER':
          return unitId ? [byRole('UNIT_LEADER', { unitId })] : [];
        case 'GROUP_LEADER':
          return groupId ? [byRole('GROUP_LEADER', { groupId })] : [];
        case 'GROUP_MEMBERS':
          return groupId ? [{ groupId, role: { in: ['GROUP_LEADER', 'GROUP_MEMBER'] } }] : [];
        case 'GROUP_LEADER_SUPERIOR':
          return overGroup ? [{ id: overGroup }] : [];
        case 'STAFF':
          return [{ role: 'STAFF' }];
        case 'ON_DUTY_MEMBER':
          return req.onDutyPersonId ? [{ id: req.onDutyPersonId }] : [];
      }
    });
    if (!where.length) return [];
    const people = await db.person.findMany({ where: { OR: where, ...notAgain(req) }, select: { email: true }, orderBy: { email: 'asc' } });
    return [...new Set(people.map((p) => p.email))];
  }

  async function compose(req: EmailRequest) {
    const [unit, group, recipients] = await Promise.all([
      req.about.unitId ? db.unit.findUnique({ where: { id: req.about.unitId } }) : null,
      req.about.groupId ? db.group.findUnique({ where: { id: req.about.groupId } }) : null,
      recipientsOf(req),
    ]);
    const rendered = renderEmail({
      kind: req.kind,
      rung: req.rung,
      notify: req.notify,
      title: req.about.title,
      topic: req.about.topic,
      unitName: unit?.name,
      groupName: group?.name,
      deadlineAt: req.deadlineAt,
      round: req.round,
      reason: req.reason,
      processLabel: req.process.label,
      actUrl: `${settings.publicBaseUrl}${req.process.actPath}`,
      workflowUrl: workflowUiUrl(settings.temporalUiUrl, settings.namespace, req.workflowId),
    });
    return { ...rendered, recipients };
  }

  /** Writes the outbox row (with its audit entry) once; a retry finds it instead. */
  async function outboxRow(req: EmailRequest) {
    const outboxKey = { workflowId: req.workflowId, key: req.key, rung: req.rung };
    const found = await db.emailOutbox.findUnique({ where: { workflowId_key_rung: outboxKey } });
    if (found) return found;
    const mail = await compose(req);
    try {
      return await db.$transaction(async (tx) => {
        const row = await tx.emailOutbox.create({
          data: {
            ...outboxKey,
            kind: req.kind,
            recipients: mail.recipients,
            subject: mail.subject,
            body: mail.text,
            messageId: messageIdFor(req.workflowId, req.key, req.rung, settings.mailFrom),
            dueAt: req.dueAt ? new Date(req.dueAt) : null,
            firedAt: new Date(req.firedAt),
          },
        });
        await writeAuditEntry(tx, {
          action: `email.${req.kind}`,
          targetKind: req.process.kind,
          targetId: businessIdOf(req.process.kind, req.workflowId),
          workflowId: req.workflowId,
          dedupeKey: `email/${row.messageId}`,
          detail: { key: req.key, rung: req.rung, recipients: mail.recipients },
        });
        return row;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return db.emailOutbox.findUniqueOrThrow({ where: { workflowId_key_rung: outboxKey } });
    }
  }

  return {
    /**
     * Exactly-once email: outbox row first, then SMTP with the fixed Message-ID, then mark sent.
     * The one residual window is a crash after the SMTP server accepted the mail and before the
     * row is marked: the retry resends it with the same Message-ID.
     */
    async sendEmail(sent: EmailRequest): Promise<{ messageId: string; status: 'sent' | 'already_sent' | 'no_recipient' }> {
      const req = currentShape(sent);
      const row = await outboxRow(req);
      if (row.status !== 'pending') return { messageId: row.messageId, status: row.status === 'sent' ? 'already_sent' : 'no_recipient' };
      if (!row.recipients.length) {
        logger.warn({ workflowId: req.workflowId, key: req.key, rung: req.rung, notify: req.notify }, 'email has no recipient');
        await db.emailOutbox.update({ where: { id: row.id }, data: { status: 'no_recipient' } });
        return { messageId: row.messageId, status: 'no_recipient' };
      }
      try {
        await mailer.sendMail({
          from: settings.mailFrom,
          to: row.recipients,
          subject: row.subject,
          text: row.body,
          messageId: row.messageId,
          headers: { 'X-Tantou-Workflow-Id': req.workflowId, 'X-Tantou-Key': `${req.key}#${req.rung}` },
        });
      } catch (e) {
        await db.emailOutbox.update({ where: { id: row.id }, data: { attempts: { increment: 1 }, lastError: String(e) } });
        throw e;
      }
      await db.emailOutbox.update({ where: { id: row.id }, data: { status: 'sent', sentAt: new Date(), attempts: { increment: 1 } } });
      return { messageId: row.messageId, status: 'sent' };
    },
  };
};
