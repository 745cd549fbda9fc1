// The stack `npm run bench` and `npm run chaos` measure: `npm run dev`'s script on ports and a data
// folder of their own (wiped first), loopback only, with the synthetic data a scenario needs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '../../prisma/client';
import { DEMO_POSTED_FROM } from '../../prisma/seed';
import { startMailSink, type AcceptHooks, type MailSink } from '../mailSink';
import { startPostgres, type Postgres } from '../postgres';
import { ROOT } from '../prisma';

export type Db = ReturnType<typeof createDb>;

export interface StackPorts {
  DEV_PG_PORT: number;
  DEV_TEMPORAL_PORT: number;
  DEV_TEMPORAL_UI_PORT: number;
  DEV_SMTP_PORT: number;
  DEV_MAIL_WEB_PORT: number;
  DEV_API_PORT: number;
}

export interface Stack {
  dir: string;
  ports: StackPorts;
  api: string;
  dev: ChildProcess;
  /** with `host`: PostgreSQL and the SMTP sink run in this process, so a fault can stop and start them */
  hosted?: Hosted;
}

/** PostgreSQL and the SMTP sink of a hosted stack: the running ones, and how to start them again. */
export interface Hosted {
  pg?: Postgres;
  sink?: MailSink;
  startPg(): Promise<Postgres>;
  startSink(): Promise<MailSink>;
  stop(): Promise<void>;
}

export interface StackOptions {
  env?: NodeJS.ProcessEnv;
  /** host PostgreSQL and the SMTP sink here (npm run chaos) instead of inside scripts/dev.ts */
  host?: boolean;
  hooks?: AcceptHooks;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (errors count as "not yet") until it answers, for at most `boundMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, boundMs: number): Promise<T> {
  const end = Date.now() + boundMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what}: not reached within ${boundMs / 1000} s`);
    await sleep(100);
  }
}

async function startHosted(dir: string, ports: StackPorts, hooks?: AcceptHooks): Promise<Hosted> {
  const hosted: Hosted = {
    startPg: async () => (hosted.pg = await startPostgres({ dataDir: path.join(dir, 'pg'), port: ports.DEV_PG_PORT, databases: ['tantou'] })),
    startSink: async () => (hosted.sink = await startMailSink({ smtpPort: ports.DEV_SMTP_PORT, storePath: path.join(dir, 'mail.jsonl'), hooks })),
    stop: async () => {
      await hosted.sink?.stop();
      await hosted.pg?.stop();
    },
  };
  await Promise.all([hosted.startPg(), hosted.startSink()]);
  return hosted;
}

/** The whole stack through `npm run dev`'s script; resolves once the API answers. */
export async function startStack(dir: string, ports: StackPorts, { env: extraEnv = {}, host, hooks }: StackOptions = {}): Promise<Stack> {
  rmSync(dir, { recursive: true, force: true });
  const hosted = host ? await startHosted(dir, ports, hooks) : undefined;
  const hostedEnv = hosted ? { DATABASE_URL: hosted.pg!.url('tantou'), SMTP_HOST: '127.0.0.1', SMTP_PORT: String(ports.DEV_SMTP_PORT) } : {};
  const env = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), DEV_DATA_DIR: dir, LOG_LEVEL: 'warn', ...hostedEnv, ...extraEnv };
  const dev = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const api = `http://127.0.0.1:${ports.DEV_API_PORT}`;
  await until('the stack', async () => (await fetch(`${api}/health`)).ok, 180_000);
  return { dir, ports, api, dev, hosted };
}

export async function stopStack({ dev, hosted }: Stack): Promise<void> {
  const exited = new Promise((r) => dev.once('exit', r));
  dev.kill('SIGINT');
  await Promise.race([exited, sleep(30_000)]);
  await hosted?.stop();
}

/** The pid of a child that scripts/dev.ts supervises (it writes them to pids.json); waits while it restarts. */
export const childPid = (stack: Stack, name: 'worker' | 'api' | 'temporal') =>
  until(`the ${name}'s pid`, async () => (JSON.parse(readFileSync(path.join(stack.dir, 'pids.json'), 'utf8')) as Record<string, number | undefined>)[name], 60_000);

export const call = (stack: Stack, method: string, url: string, token: string, body?: object, signal?: AbortSignal) =>
  fetch(`${stack.api}${url}`, {
    method,
    signal,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body && { body: JSON.stringify(body) }),
  });

/** A synthetic stationed group of `units` units, each with a contact (who the escalation emails). */
export async function seedGroup(db: Db, units: number): Promise<string> {
  const group = `bench-${randomBytes(2).toString('hex')}`;
  await db.group.create({ data: { id: group, name: `基准测试组 ${group}`, sortOrder: 99 } });
  const ids = Array.from({ length: units }, (_, i) => `${group}-u${i}`);
  for (let i = 0; i < ids.length; i += 5_000) {
    const page = ids.slice(i, i + 5_000);
    await db.unit.createMany({ data: page.map((id) => ({ id, name: `基准测试单位 ${id}`, groupId: group })) });
    await db.person.createMany({ data: page.map((id) => ({ id: `${id}-contact`, name: `联络员 ${id}`, email: `${id}-contact@bench.tantou.local` })) });
    await db.posting.createMany({ data: page.map((id) => ({ personId: `${id}-contact`, role: 'UNIT_CONTACT' as const, unitId: id, validFrom: DEMO_POSTED_FROM })) });
  }
  return group;
}

/** A campaign over the group, launched; its id and the launch request's latency. */
export async function launchCampaign(stack: Stack, group: string, deadline: Date) {
  const l0 = performance.now();
  const launched = await call(stack, 'POST', '/campaigns', 'demo-staff-li', {
    title: `基准测试专项督查 ${group} ${randomBytes(2).toString('hex')}`,
    topic: '基准测试',
    scope: { groupIds: [group] },
    deadline: { at: deadline.toISOString() },
    approverId: 'deputy',
    approvalWindow: { amount: 2, unit: 'days' },
    // one rung at the deadline itself: every unit's escalation falls due at the same instant (B3)
    ladder: { remindBefore: null, rungs: [{ after: { amount: 0, unit: 'minutes' }, notify: ['UNIT_CONTACT'] }] },
  });
  if (launched.status !== 202) throw new Error(`launch: ${launched.status} ${await launched.text()}`);
  const launchMs = performance.now() - l0;
  const { id } = (await launched.json()) as { id: string };
  return { id, launchMs };
}

/**
 * Unit inspections (workflow ids containing `idPart`) waiting on their first timer: a unit's notice is
 * scheduled by the workflow task that starts that timer, so its outbox row (sent or not: the SMTP
 * server may be down) says so. The projection row is no sign: the fan-out writes it before the start.
 */
export const unitsOnTheirTimer = (db: Db, idPart: string) => db.emailOutbox.count({ where: { workflowId: { contains: idPart }, key: 'notice' } });

/** The leader's approval; resolves once every unit inspection (`units` of them) waits on its first timer, with the timings. */
export async function approveAndFanOut(stack: Stack, db: Db, id: string, units: number, boundMs: number) {
  const t0 = performance.now();
  const approved = await call(stack, 'POST', `/campaigns/${id}/decision`, 'demo-deputy', { decision: 'approve' });
  if (approved.status !== 200) throw new Error(`approval: ${approved.status} ${await approved.text()}`);
  const approvalMs = performance.now() - t0;
  await until('every unit inspection waiting on its first timer', async () => (await unitsOnTheirTimer(db, `campaign/${id}/unit/`)) === units, boundMs);
  const seconds = (performance.now() - t0) / 1000;
  return { id, seconds, rate: units / seconds, approvalMs };
}

/** A campaign over the group, approved; resolves once every unit inspection waits on its first timer, with the timings. */
export async function launchAndFanOut(stack: Stack, db: Db, group: string, units: number, deadline: Date, boundMs: number) {
  const { id, launchMs } = await launchCampaign(stack, group, deadline);
  return { ...(await approveAndFanOut(stack, db, id, units, boundMs)), launchMs };
}

/** Every mail the stack's SMTP sink accepted, in order: a mail sent twice is there twice. */
export function sinkLog(stack: Stack): { messageId: string; receivedAt: number }[] {
  return readFileSync(path.join(stack.dir, 'mail.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { messageId: string; receivedAt: string })
    .map((m) => ({ messageId: m.messageId.replace(/^<|>$/g, ''), receivedAt: Date.parse(m.receivedAt) }));
}

/** Mails at the stack's SMTP sink: Message-ID → its first arrival (ms), when the reader got it. */
export function mailArrivals(stack: Stack): Map<string, number> {
  const first = new Map<string, number>();
  for (const m of sinkLog(stack)) if (!first.has(m.messageId)) first.set(m.messageId, m.receivedAt);
  return first;
}

/** How many of `messageIds` arrived more than once, and the extra copies in all. */
export function duplicatesAtSink(stack: Stack, messageIds: Iterable<string>): { ids: number; extra: number } {
  const count = new Map<string, number>();
  for (const m of sinkLog(stack)) count.set(m.messageId, (count.get(m.messageId) ?? 0) + 1);
  const copies = [...messageIds].map((id) => count.get(id.replace(/^<|>$/g, '')) ?? 0).filter((n) => n > 1);
  return { ids: copies.length, extra: copies.reduce((a, n) => a + n - 1, 0) };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** The case, what should hold and what did, as one table row: the bench's and the fault matrix's. */
export type Cell = string | number | boolean | undefined;

export function printTable(head: string[], rows: Cell[][]): void {
  const text = rows.map((row) => row.map((c) => (c === undefined ? '' : typeof c === 'number' ? (Number.isInteger(c) ? String(c) : c.toFixed(c < 10 ? 2 : 1)) : typeof c === 'boolean' ? (c ? 'pass' : 'FAIL') : c)));
  const widths = head.map((h, i) => Math.max(h.length, ...text.map((row) => row[i].length)));
  for (const row of [head, ...text]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
}
