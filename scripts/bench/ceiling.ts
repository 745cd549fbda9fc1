// The machine's limits, measured in the same `npm run bench` run so every figure can be read against
// them: the bench database's single-row commit rate (pgbench when this machine has it, else a node `pg`
// loop) and the bench SMTP sink's accept rate (nodemailer), each from a few clients for a bounded time.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createMailer } from '../../worker/mailer';
import pg from 'pg';
import type { Stack } from './stack';

const CLIENTS = 4;
const INSERT = 'INSERT INTO bench_ceiling (v) VALUES (1)';

/** pgbench on PATH, else one of the Debian packages' (a fresh machine may have none). */
function pgbench(): string | undefined {
  if (spawnSync('pgbench', ['--version']).status === 0) return 'pgbench';
  const dir = '/usr/lib/postgresql';
  return existsSync(dir) ? readdirSync(dir).map((v) => path.join(dir, v, 'bin', 'pgbench')).find(existsSync) : undefined;
}

/** Single-row INSERT transactions per second from CLIENTS connections (autocommit: one commit each). */
async function commitRate(stack: Stack, dbUrl: string, seconds: number): Promise<{ rate: number; tool: string }> {
  const bin = pgbench();
  if (bin) {
    const script = path.join(stack.dir, 'ceiling.sql');
    writeFileSync(script, `${INSERT};\n`);
    const args = ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(seconds), '-f', script, dbUrl];
    const { stdout } = await promisify(execFile)(bin, args);
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench: no tps in\n${stdout}`);
    return { rate: Number(tps[1]), tool: 'pgbench' };
  }
  return { rate: await perSecond(seconds, async () => {
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    return { once: () => db.query(INSERT), end: () => db.end() };
  }), tool: 'node pg loop' };
}

/** Small mails per second the bench's SMTP sink accepts from CLIENTS pooled nodemailer connections. */
async function smtpAcceptRate(stack: Stack, seconds: number): Promise<number> {
  const smtp = createMailer({ host: '127.0.0.1', port: stack.ports.DEV_SMTP_PORT, poolConnections: CLIENTS });
  try {
    return await perSecond(seconds, async () => ({
      once: () => smtp.sendMail({ from: 'ceiling@bench.tantou.local', to: 'sink@bench.tantou.local', subject: '上限测试', text: '上限测试' }),
      end: async () => undefined,
    }));
  } finally {
    smtp.close();
  }
}

/** CLIENTS lanes, each doing `once` back to back until `seconds` have passed: completions per second. */
async function perSecond(seconds: number, lane: () => Promise<{ once: () => Promise<unknown>; end: () => Promise<unknown> }>): Promise<number> {
  let done = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const client = await lane();
    try {
      while (performance.now() < end) {
        await client.once();
        done += 1;
      }
    } finally {
      await client.end();
    }
  }));
  return done / ((performance.now() - t0) / 1000);
}

/** The ceiling rows: figure and value. */
export async function ceiling(stack: Stack, dbUrl: string, seconds: number): Promise<{ figure: string; value: number }[]> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await db.query('CREATE TABLE bench_ceiling (id bigserial PRIMARY KEY, v int NOT NULL)').finally(() => db.end());
  const commits = await commitRate(stack, dbUrl, seconds);
  const mails = await smtpAcceptRate(stack, seconds);
  return [
    { figure: `PostgreSQL single-row commits/s (${commits.tool}, ${CLIENTS} clients, ${seconds} s)`, value: commits.rate },
    { figure: `SMTP sink accepted mails/s (nodemailer, ${CLIENTS} connections, ${seconds} s)`, value: mails },
  ];
}
