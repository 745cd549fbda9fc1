// B6, what users would pick instead of tantou: the same escalation built the usual way, as a baseline
// for `npm run bench` only (not in the product). A table of deadlines of its own in the bench
// database; two poller processes that every second, inside a transaction, take due rows with
// `SELECT … FOR UPDATE SKIP LOCKED LIMIT 10`, send each by nodemailer to the bench's SMTP sink, mark it
// sent, and commit after the batch: a poller killed mid-batch leaves its rows unsent in the database,
// and the other one sends them again (the usual way's duplicate window, counted here).
// Run as a child (`cronEscalation.ts poller`, forked below) it is one poller.
import { fork, type ChildProcess } from 'node:child_process';
import type { Transporter } from 'nodemailer';
import { createMailer } from '../../worker/mailer';
import pg from 'pg';
import { mailArrivals, duplicatesAtSink, sleep, until, type Stack } from './stack';
import type { KilledRun } from './tantouEscalation';

const BATCH = 10;
const POLL_MS = 1000;
const messageIdOf = (deadlineId: string) => `cron-${deadlineId}@bench.tantou.local`;

/** One batch in one transaction: what is due, each sent and marked, one commit after the last send. */
async function tick(db: pg.Client, smtp: Transporter): Promise<number> {
  await db.query('BEGIN');
  try {
    const { rows } = await db.query<{ id: string; recipient: string }>(
      'SELECT id, recipient FROM bench_cron_deadline WHERE sent_at IS NULL AND due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED',
      [BATCH],
    );
    for (const row of rows) {
      const messageId = `<${messageIdOf(row.id)}>`;
      await smtp.sendMail({ from: 'cron@bench.tantou.local', to: row.recipient, subject: '自查报告已逾期', text: `单位 ${row.id} 的自查报告已逾期，请尽快提交。`, messageId });
      process.send!('sent');
      await db.query('UPDATE bench_cron_deadline SET sent_at = now(), message_id = $2 WHERE id = $1', [row.id, messageId]);
    }
    await db.query('COMMIT');
    return rows.length;
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}

/** A poller: drains what is due batch by batch, then sleeps a second. */
async function poller(): Promise<void> {
  const db = new pg.Client({ connectionString: process.env.CRON_DB_URL });
  await db.connect();
  const smtp = createMailer({ host: '127.0.0.1', port: Number(process.env.CRON_SMTP_PORT), poolConnections: 1 });
  process.send!('ready');
  for (;;) {
    const taken = await tick(db, smtp).catch((e: unknown) => {
      console.error('[cron poller]', e);
      return 0;
    });
    if (taken < BATCH) await sleep(POLL_MS);
  }
}

const ready = (p: ChildProcess) => new Promise<void>((resolve, reject) => {
  p.once('exit', (code) => reject(new Error(`cron poller exited (${code}) before it was ready`)));
  p.on('message', (m) => m === 'ready' && resolve());
});

/**
 * The cron baseline on one deadline per recipient, all due at one instant a few seconds out; once a
 * quarter of them are sent, `kill -9` of poller 0. Resolves when every row is marked sent.
 */
export async function cronEscalation(stack: Stack, dbUrl: string, recipients: { id: string; email: string }[], boundMs: number): Promise<KilledRun> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const env = { ...process.env, CRON_DB_URL: dbUrl, CRON_SMTP_PORT: String(stack.ports.DEV_SMTP_PORT) };
  const pollers = [0, 1].map(() => fork(__filename, ['poller'], { env }));
  try {
    await db.query('CREATE TABLE bench_cron_deadline (id text PRIMARY KEY, recipient text NOT NULL, due_at timestamptz NOT NULL, sent_at timestamptz, message_id text)');
    await db.query('CREATE INDEX ON bench_cron_deadline (due_at) WHERE sent_at IS NULL');
    await Promise.all(pollers.map(ready));
    const due = Date.now() + 3000;
    await db.query('INSERT INTO bench_cron_deadline (id, recipient, due_at) SELECT unnest($1::text[]), unnest($2::text[]), $3', [
      recipients.map((r) => r.id),
      recipients.map((r) => r.email),
      new Date(due),
    ]);
    let sent = 0;
    let killedAt = 0;
    for (const p of pollers) {
      p.on('message', (m) => {
        if (m !== 'sent' || ++sent < recipients.length / 4 || killedAt) return;
        killedAt = sent;
        pollers[0].kill('SIGKILL');
      });
    }
    const unsent = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM bench_cron_deadline WHERE sent_at IS NULL')).rows[0].n);
    await until('every cron deadline sent', async () => (await unsent()) === 0, boundMs);
    const arrived = mailArrivals(stack);
    const ids = recipients.map((r) => messageIdOf(r.id));
    const lags = ids.map((id) => ((arrived.get(id) ?? NaN) - due) / 1000);
    if (lags.some(Number.isNaN)) throw new Error('B6: a cron deadline marked sent is not at the SMTP sink');
    return { lags, duplicates: duplicatesAtSink(stack, ids), killedAt };
  } finally {
    pollers.forEach((p) => p.kill());
    await db.end();
  }
}

if (require.main === module && process.argv[2] === 'poller') void poller();
