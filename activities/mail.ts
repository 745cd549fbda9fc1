import { createHash } from 'node:crypto';
import { Prisma, type Role } from '@prisma/client';
import { sqlRows } from '../prisma/client';
import { workflowUiUrl } from '../domain/ids';
import { consoleLinkOf } from '../domain/processPages';
import { campaignEmailProcess, renderEmail, type EmailKind } from '../domain/emails';
import type { Recipient } from '../domain/ladder';
import type { ActivityDeps } from './deps';
import { businessIdOf, insertAuditEntriesSql } from './auditLog';
import { commissionLeaderOver } from './commissionLeader';
import { holdersSql } from './postings';

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
  /** 问题线索: the lead's handler, whom HANDLER names (the reporter is never named: a lead's emails carry its number only) */
  handlerId?: string;
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

const sql = Prisma.sql;

/**
 * A rung past the member on duty escalates above them: when that member is also, say, the 一把手, the
 * 一把手 rung does not tell them a second time (it is recorded as fired, with nobody left to tell).
 */
const notAgain = (req: EmailRequest) =>
  req.onDutyPersonId && !req.notify.includes('ON_DUTY_MEMBER') ? sql`p.id <> ${req.onDutyPersonId}` : sql`true`;

/** The holders of `roles` over a unit or a group on the day the step fired: the post's holder then (任职). */
const holding = (roles: readonly Role[], scope: { groupId?: string; unitId?: string }, req: EmailRequest) =>
  sql`p.id IN (${holdersSql(roles, scope, new Date(req.firedAt))})`;

interface OutboxRow {
  id: string;
  messageId: string;
  status: string;
  recipients: string[];
  subject: string;
  body: string;
}
const OUTBOX_ROW = sql`id, "messageId", status, recipients, subject, body`;

// sendEmail runs for every email of every process: its queries go to the pool straight (sqlRows), not
// through Prisma's engine, which spent most of an escalation's CPU (B3's "sendEmail ran")
export const createMailActivities = ({ db, mailer, logger, settings }: ActivityDeps) => {
  async function recipientsOf(req: EmailRequest): Promise<string[]> {
    const { unitId, groupId, commissionLeaderId } = req.about;
    // the same one the API names as the commission leader over the group
    const overGroup = groupId && req.notify.includes('GROUP_LEADER_SUPERIOR') ? await commissionLeaderOver(db, groupId, new Date(req.firedAt)) : null;
    const where = req.notify.flatMap((r): Prisma.Sql[] => {
      switch (r) {
        case 'APPROVER':
        case 'COMMISSION_LEADER':
          return commissionLeaderId ? [sql`p.id = ${commissionLeaderId}`] : [];
        case 'APPROVER_SUPERIOR':
          return commissionLeaderId ? [sql`p.id IN (SELECT "superiorId" FROM "Person" WHERE id = ${commissionLeaderId})`] : [];
        case 'UNIT_CONTACT':
        case 'UNIT_LEADER':
          return unitId ? [holding([r], { unitId }, req)] : [];
        case 'GROUP_LEADER':
          return groupId ? [holding(['GROUP_LEADER'], { groupId }, req)] : [];
        case 'GROUP_MEMBERS':
          return groupId ? [holding(['GROUP_LEADER', 'GROUP_MEMBER'], { groupId }, req)] : [];
        case 'GROUP_LEADER_SUPERIOR':
          return overGroup ? [sql`p.id = ${overGroup}`] : [];
        case 'STAFF':
          return [holding(['STAFF'], {}, req)];
        case 'ON_DUTY_MEMBER':
          return req.onDutyPersonId ? [sql`p.id = ${req.onDutyPersonId}`] : [];
        case 'HANDLER':
          return req.handlerId ? [sql`p.id = ${req.handlerId}`] : [];
      }
    });
    if (!where.length) return [];
    const people = await sqlRows<{ email: string }>(db, sql`
      SELECT DISTINCT p.email FROM "Person" p WHERE (${Prisma.join(where, ' OR ')}) AND p."deactivatedAt" IS NULL AND ${notAgain(req)} ORDER BY p.email`);
    return people.map((p) => p.email);
  }

  /**
   * The names the email shows, and the group it goes to: the unit's group when it is sent, not when the
   * step was scheduled, so a unit moved to another stationed group mid-process is followed by its next email.
   */
  const placeOf = async ({ unitId, groupId }: EmailRequest['about']) =>
    (
      await sqlRows<{ unitName: string | null; groupId: string | null; groupName: string | null }>(db, sql`
        SELECT u.name AS "unitName", COALESCE(u."groupId", ${groupId ?? null}::text) AS "groupId", g.name AS "groupName"
        FROM (SELECT 1) one LEFT JOIN "Unit" u ON u.id = ${unitId ?? null}::text
        LEFT JOIN "Group" g ON g.id = COALESCE(u."groupId", ${groupId ?? null}::text)`)
    )[0];

  async function compose(req: EmailRequest) {
    const names = await placeOf(req.about);
    const recipients = await recipientsOf({ ...req, about: { ...req.about, groupId: names.groupId ?? undefined } });
    const rendered = renderEmail({
      kind: req.kind,
      rung: req.rung,
      notify: req.notify,
      title: req.about.title,
      topic: req.about.topic,
      unitName: names.unitName ?? undefined,
      groupName: names.groupName ?? undefined,
      deadlineAt: req.deadlineAt,
      round: req.round,
      reason: req.reason,
      processLabel: req.process.label,
      consoleUrl: consoleLinkOf(settings.publicBaseUrl, req.process.actPath) ?? undefined,
      actUrl: `${settings.publicBaseUrl}${req.process.actPath}`,
      workflowUrl: workflowUiUrl(settings.temporalUiUrl, settings.namespace, req.workflowId),
    });
    return { ...rendered, recipients };
  }

  const storedRow = async ({ workflowId, key, rung }: EmailRequest) =>
    (await sqlRows<OutboxRow>(db, sql`SELECT ${OUTBOX_ROW} FROM "EmailOutbox" WHERE "workflowId" = ${workflowId} AND key = ${key} AND rung = ${rung}`))[0];

  /**
   * Writes the outbox row with its audit entry once, in one statement (so both or neither); a retry,
   * or an attempt running beside it, finds the row instead.
   */
  async function outboxRow(req: EmailRequest): Promise<OutboxRow> {
    const found = await storedRow(req);
    if (found) return found;
    const mail = await compose(req);
    const messageId = messageIdFor(req.workflowId, req.key, req.rung, settings.mailFrom);
    const audit = { key: req.key, rung: req.rung, recipients: mail.recipients };
    const [row] = await sqlRows<OutboxRow>(db, sql`
      WITH inserted AS (
        INSERT INTO "EmailOutbox" (id, "workflowId", key, rung, kind, recipients, subject, body, "messageId", "dueAt", "firedAt")
        VALUES (gen_random_uuid()::text, ${req.workflowId}, ${req.key}, ${req.rung}, ${req.kind}, ${mail.recipients}::text[], ${mail.subject},
                ${mail.text}, ${messageId}, ${req.dueAt ?? null}::timestamptz, ${req.firedAt}::timestamptz)
        ON CONFLICT DO NOTHING
        RETURNING ${OUTBOX_ROW}
      ), audit AS (${insertAuditEntriesSql(sql`
        SELECT ${`email.${req.kind}`}, ${req.process.kind}, ${businessIdOf(req.process.kind, req.workflowId)}, ${req.workflowId},
               'email/' || inserted."messageId", ${JSON.stringify(audit)}::jsonb
        FROM inserted`)}
      )
      SELECT * FROM inserted`);
    return row ?? (await storedRow(req));
  }

  const mark = (id: string, change: Prisma.Sql) => sqlRows(db, sql`UPDATE "EmailOutbox" SET ${change} WHERE id = ${id}`);

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
        await mark(row.id, sql`status = 'no_recipient'`);
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
        await mark(row.id, sql`attempts = attempts + 1, "lastError" = ${String(e)}`);
        throw e;
      }
      await mark(row.id, sql`status = 'sent', "sentAt" = now(), attempts = attempts + 1`);
      return { messageId: row.messageId, status: 'sent' };
    },
  };
};
