// The stack `npm run bench` and `npm run chaos` measure: `npm run dev`'s script on ports and a data
// folder of their own (wiped first), loopback only, with the synthetic data a scenario needs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '../../prisma/client';
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

/** The whole stack through `npm run dev`'s script; resolves once the API answers. */
export async function startStack(dir: string, ports: StackPorts, extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  rmSync(dir, { recursive: true, force: true });
  const env = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), DEV_DATA_DIR: dir, LOG_LEVEL: 'warn', ...extraEnv };
  const dev = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const api = `http://127.0.0.1:${ports.DEV_API_PORT}`;
  await until('the stack', async () => (await fetch(`${api}/health`)).ok, 180_000);
  return { dir, ports, api, dev };
}

export async function stopStack({ dev }: Stack): Promise<void> {
  const exited = new Promise((r) => dev.once('exit', r));
  dev.kill('SIGINT');
  await Promise.race([exited, sleep(30_000)]);
}

export const call = (stack: Stack, method: string, url: string, token: string, body?: object) =>
  fetch(`${stack.api}${url}`, {
    method,
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
    await db.person.createMany({ data: page.map((id) => ({ id: `${id}-contact`, name: `联络员 ${id}`, email: `${id}-contact@bench.tantou.local`, role: 'UNIT_CONTACT' as const, unitId: id })) });
  }
  return group;
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
