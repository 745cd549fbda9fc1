// sendEmail still reads the campaign-shaped argument that workflows scheduled before `about` became
// process-neutral: every such request recorded in test/histories goes, through the real activity, to
// the same people with the same zh-CN email as before. Real PostgreSQL (seeded) and a real SMTP sink.
import { testCalendars } from '../support/calendar';
import type { PrismaClient } from '@prisma/client';
import type { Transporter } from 'nodemailer';
import { createMailer } from '../../worker/mailer';
import pino from 'pino';
import { createDb } from '../../prisma/client';
import { seedDemo } from '../../prisma/seed';
import { startMailSink, type MailSink } from '../../scripts/mailSink';
import { createMailActivities, type CampaignShapedEmailRequest, type EmailRequest } from '../../activities/mail';
import { createTestDatabase } from '../support/db';
import { recordedHistories } from '../support/histories';

interface RecordedEvent {
  activityTaskScheduledEventAttributes?: { activityType: { name: string }; input: { payloads: { data: string }[] } };
}

/** Every sendEmail argument the recorded histories scheduled, as the old workflow code wrote it. */
/** The sendEmail requests the recorded histories scheduled, once per outbox key (versioning folders repeat some histories). */
const recordedRequests = (file?: string) => {
  const seen = new Set<string>();
  return recordedHistories()
    .filter((h) => !file || h.file === file)
    .flatMap(({ history }) => (history as { events: RecordedEvent[] }).events)
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType.name === 'sendEmail')
    .map((a) => JSON.parse(Buffer.from(a!.input.payloads[0].data, 'base64').toString('utf8')) as CampaignShapedEmailRequest)
    .filter((r) => !seen.has(`${r.workflowId}\n${r.step}\n${r.rung}`) && seen.add(`${r.workflowId}\n${r.step}\n${r.rung}`));
};
/** A campaign-shaped request: `about` names the campaign and its approver (histories recorded before 4561ff9). */
const isCampaignShaped = (r: CampaignShapedEmailRequest) => 'campaignId' in r.about;

const BASE = 'http://tantou.test';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: PrismaClient;
let sink: MailSink;
let mailer: Transporter;
let sendEmail: (req: EmailRequest) => ReturnType<ReturnType<typeof createMailActivities>['sendEmail']>;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.url);
  db = createDb(database.url);
  sink = await startMailSink({ smtpPort: 0 });
  mailer = createMailer({ host: '127.0.0.1', port: sink.smtpPort });
  const settings = { mailFrom: '探头 <tantou@test.tantou.local>', publicBaseUrl: BASE, temporalUiUrl: 'http://temporal-ui.test', namespace: 'default' };
  ({ sendEmail } = createMailActivities({ db, mailer, logger: pino({ level: 'silent' }), temporal: undefined as never, calendars: testCalendars(db), settings }));
});
afterAll(async () => {
  mailer?.close();
  await sink?.stop();
  await db?.$disconnect();
  await database?.drop();
});

/** What the activity wrote and sent for one request. */
async function sent(req: { workflowId: string; key?: string; step?: string; rung: number }, messageId: string) {
  // recorded requests name the outbox key `step` (before the glossary): sendEmail reads it as `key`
  const row = await db.emailOutbox.findUniqueOrThrow({ where: { workflowId_key_rung: { workflowId: req.workflowId, key: req.key ?? req.step!, rung: req.rung } } });
  const audit = await db.auditLog.findFirstOrThrow({ where: { dedupeKey: `email/${messageId}` } });
  const [mail] = await sink.waitFor((m) => m.messageId === messageId);
  return { row, audit, mail };
}

it("sends a campaign-shaped approval request to the campaign's approver, as the new shape does", async () => {
  const [old] = recordedRequests('campaign-completed.json').filter(isCampaignShaped);
  expect(old.about).toMatchObject({ campaignId: 'ZX-TEST-237d275d', approverId: 'deputy' });
  expect(old.process).toBeUndefined();
  const before = await sent(old, (await sendEmail(old as unknown as EmailRequest)).messageId);
  expect(before.mail.to).toEqual(['deputy@demo.tantou.local']);
  expect(before.mail.subject).toBe('【探头】请审批专项督查方案「2026年作风建设专项督查」');
  expect(before.mail.text).toContain('专项督查：2026年作风建设专项督查\n');
  // the console finds the reader's step after sign-in; the API page stays beside it for scripts
  expect(before.mail.text).toContain(`办理入口：${BASE}/console/open?path=%2Fcampaigns%2FZX-TEST-237d275d\n接口：${BASE}/campaigns/ZX-TEST-237d275d\n`);
  // one trail per campaign: named by its id, the workflow id beside it
  expect(before.audit).toMatchObject({ action: 'email.campaign_approval_request', targetKind: 'campaign', targetId: 'ZX-TEST-237d275d', workflowId: 'campaign/ZX-TEST-237d275d' });

  // the request the campaign workflow writes today (another key, so another outbox row)
  const now: EmailRequest = {
    ...old,
    key: 'approval-request-today',
    kind: 'campaign_approval_request',
    about: { title: old.about.title, topic: old.about.topic, commissionLeaderId: 'deputy' },
    process: { kind: 'campaign', label: '专项督查', actPath: '/campaigns/ZX-TEST-237d275d' },
  };
  const after = await sent(now, (await sendEmail(now)).messageId);
  expect([after.row.recipients, after.row.subject, after.row.body]).toEqual([before.row.recipients, before.row.subject, before.row.body]);
  expect(after.audit).toMatchObject({ targetKind: before.audit.targetKind, targetId: before.audit.targetId });
});

it('sends every campaign-shaped request recorded in the histories as the old activity did', async () => {
  const requests = recordedRequests().filter((r) => isCampaignShaped(r) && !(r.workflowId === 'campaign/ZX-TEST-237d275d' && r.step === 'plan'));
  expect(requests.length).toBeGreaterThan(100);
  for (const old of requests) {
    const { status, messageId } = await sendEmail(old as unknown as EmailRequest);
    const { row, audit } = await sent(old, messageId);
    // the old activity's rules: no `process` meant a campaign (or its unit inspection) and its page
    const actPath = old.process?.actPath ?? `/campaigns/${encodeURIComponent(old.about.campaignId)}`;
    const targetKind = old.process?.kind ?? (old.about.unitId ? 'unitInspection' : 'campaign');
    // the business id: a campaign's, a check's and an audit's row id is their workflow id without its prefix
    const targetId = targetKind === 'campaign' ? old.about.campaignId : old.workflowId.replace(/^(surprise|audit)\//, '');
    expect({ status, targetKind: audit.targetKind, targetId: audit.targetId, workflowId: audit.workflowId }).toEqual({ status: 'sent', targetKind, targetId, workflowId: old.workflowId });
    expect(row.body).toContain(`${old.process?.label ?? '专项督查'}：${old.about.title}\n`);
    expect(row.body).toContain(`办理入口：${BASE}/console/open?path=${encodeURIComponent(actPath)}\n接口：${BASE}${actPath}\n`);
    expect(row.subject).toContain(`「${old.about.title}」`);
    if (old.notify.some((r) => r === 'APPROVER' || r === 'COMMISSION_LEADER')) expect(row.recipients).toContain(`${old.about.approverId}@demo.tantou.local`);
  }
});

it("sends a unit's email to the group the unit is in when it is sent, not the one the step named", async () => {
  // 区财政局 is in 第一派驻组; the step was scheduled naming g1, then the unit moved to 第二派驻组
  await db.unit.update({ where: { id: 'caizhengju' }, data: { groupId: 'g2' } });
  try {
    const req: EmailRequest = {
      workflowId: 'campaign/ZX-MOVED/unit/caizhengju',
      key: 'report-submitted',
      rung: 0,
      kind: 'inspection_report_submitted',
      notify: ['GROUP_MEMBERS', 'GROUP_LEADER_SUPERIOR'],
      firedAt: '2026-12-03T02:00:00.000Z',
      about: { title: '作风建设专项督查', topic: '作风建设', unitId: 'caizhengju', groupId: 'g1', commissionLeaderId: 'deputy' },
      process: { kind: 'unitInspection', label: '专项督查', actPath: '/campaigns/ZX-MOVED' },
    };
    const { row } = await sent(req, (await sendEmail(req)).messageId);
    expect(row.recipients).toEqual(['g2-leader@demo.tantou.local', 'g2-member@demo.tantou.local', 'deputy@demo.tantou.local'].sort());
    expect(row.body).toContain('派驻组：第二派驻组\n');
    expect(row.body).not.toContain('第一派驻组');
  } finally {
    await db.unit.update({ where: { id: 'caizhengju' }, data: { groupId: 'g1' } });
  }
});
