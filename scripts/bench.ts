// `npm run bench [-- --quick]`: the figures issue #10 asks for, measured on a stack of the bench's own
// (its own ports and data folder, .tantou/bench, wiped first), loopback only, every scenario bounded.
// Prints one table (scenario, figure, baseline, ratio, goal, pass) and writes .tantou/bench/bench.json.
// Scenarios so far: the raw start rate of this Temporal server (R_start, the baseline); B1, a
// campaign's fan-out from approval until every unit's inspection is open, with its launch and approval
// latency; B5, the read paths under a fixed request rate once B1 is done. The rest of #10 follows.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import autocannon from 'autocannon';
import { createDb } from '../prisma/client';
import { localPostgresUrl } from './postgres';
import { ROOT } from './prisma';

const QUICK = process.argv.includes('--quick');
const DIR = path.join(ROOT, '.tantou', 'bench');
const PORTS = { DEV_PG_PORT: 56432, DEV_TEMPORAL_PORT: 17233, DEV_TEMPORAL_UI_PORT: 18233, DEV_SMTP_PORT: 12025, DEV_MAIL_WEB_PORT: 12080, DEV_API_PORT: 13000 };
const API = `http://127.0.0.1:${PORTS.DEV_API_PORT}`;
const SIZES = QUICK ? { starts: 200, units: 100, readSeconds: 5 } : { starts: 1_000, units: 1_000, readSeconds: 20 };
/** B5's offered load: the goal is stated at 100 req/s */
const READ_RATE = 100;
const BOUND_MS = QUICK ? 120_000 : 600_000;

interface Row {
  scenario: string;
  figure: string;
  value: number;
  baseline?: number;
  ratio?: number;
  goal?: string;
  pass?: boolean;
}

const log = (msg: string) => console.log(`[bench] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, boundMs = BOUND_MS): Promise<T> {
  const end = Date.now() + boundMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what}: not reached within ${boundMs / 1000} s`);
    await sleep(100);
  }
}

/** The whole stack through `npm run dev`'s script, on the bench's ports and folder; resolves once the API answers. */
async function startStack(): Promise<ChildProcess> {
  rmSync(DIR, { recursive: true, force: true });
  const env = { ...process.env, ...Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, String(v)])), DEV_DATA_DIR: DIR, LOG_LEVEL: 'warn' };
  const dev = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  await until('the bench stack', async () => (await fetch(`${API}/health`)).ok, 180_000);
  return dev;
}

async function stopStack(dev: ChildProcess): Promise<void> {
  const exited = new Promise((r) => dev.once('exit', r));
  dev.kill('SIGINT');
  await Promise.race([exited, sleep(30_000)]);
}

/** Workflow starts per second from one client, on a queue no worker polls: the server's own start rate. */
async function startRate(client: Client, n: number, inFlight: number): Promise<number> {
  const taskQueue = `bench-baseline-${randomBytes(3).toString('hex')}`;
  let next = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < n) {
      const i = next++;
      await client.workflow.start('benchBaseline', { taskQueue, workflowId: `${taskQueue}/${i}`, args: [] });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return n / ((performance.now() - t0) / 1000);
}

/** B1: a campaign over `units` synthetic units, approval → every unit inspection open (its row awaiting submission). */
async function fanOut(units: number): Promise<{ id: string; unitId: string; seconds: number; rate: number; launchMs: number; approvalMs: number }> {
  const db = createDb(localPostgresUrl(PORTS.DEV_PG_PORT, 'tantou'));
  const group = `bench-${randomBytes(2).toString('hex')}`;
  await db.group.create({ data: { id: group, name: `基准测试组 ${group}`, sortOrder: 99 } });
  await db.unit.createMany({ data: Array.from({ length: units }, (_, i) => ({ id: `${group}-u${i}`, name: `基准测试单位 ${group}-${i}`, groupId: group })) });
  const call = (method: string, url: string, token: string, body: object) =>
    fetch(`${API}${url}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const l0 = performance.now();
  const launched = await call('POST', '/campaigns', 'demo-staff-li', {
    title: `基准测试专项督查 ${group}`,
    topic: '基准测试：扇出速度',
    scope: { groupIds: [group] },
    deadline: { at: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    approverId: 'deputy',
    approvalWindow: { amount: 2, unit: 'days' },
  });
  if (launched.status !== 202) throw new Error(`launch: ${launched.status} ${await launched.text()}`);
  const launchMs = performance.now() - l0;
  const { id } = (await launched.json()) as { id: string };
  const t0 = performance.now();
  const approved = await call('POST', `/campaigns/${id}/decision`, 'demo-deputy', { decision: 'approve' });
  if (approved.status !== 200) throw new Error(`approval: ${approved.status} ${await approved.text()}`);
  const approvalMs = performance.now() - t0;
  await until('every unit inspection open', async () => (await db.unitInspection.count({ where: { campaignId: id, state: 'awaiting_submission' } })) === units);
  const seconds = (performance.now() - t0) / 1000;
  await db.$disconnect();
  return { id, unitId: `${group}-u0`, seconds, rate: units / seconds, launchMs, approvalMs };
}

/** B5: one read path at READ_RATE req/s from 10 connections for a bounded time (autocannon, loopback). */
async function readPath(path: string): Promise<{ p50: number; p99: number; throughput: number; failed: number }> {
  const result = await autocannon({
    url: `${API}${path}`,
    connections: 10,
    overallRate: READ_RATE,
    duration: SIZES.readSeconds,
    timeout: 10,
    headers: { Authorization: 'Bearer demo-staff-li' },
  });
  return { p50: result.latency.p50, p99: result.latency.p99, throughput: result.requests.average, failed: result.non2xx + result.errors + result.timeouts };
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits));

function print(rows: Row[]): void {
  const table = rows.map((r) => [r.scenario, r.figure, fmt(r.value), fmt(r.baseline), fmt(r.ratio, 2), r.goal ?? '', r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL']);
  const head = ['scenario', 'figure', 'value', 'baseline', 'ratio', 'goal', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  for (const row of [head, ...table]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
}

async function main(): Promise<void> {
  log(`${QUICK ? 'quick' : 'full'} run: ${SIZES.starts} starts, ${SIZES.units} units; stack on ${API}, data in ${DIR}`);
  const dev = await startStack();
  const rows: Row[] = [];
  try {
    const connection = await Connection.connect({ address: `127.0.0.1:${PORTS.DEV_TEMPORAL_PORT}` });
    const client = new Client({ connection });
    const serial = await startRate(client, SIZES.starts, 1);
    const parallel = await startRate(client, SIZES.starts, 50);
    rows.push({ scenario: 'baseline', figure: 'R_start, 1 in flight (starts/s)', value: serial });
    rows.push({ scenario: 'baseline', figure: 'R_start, 50 in flight (starts/s)', value: parallel });
    const rStart = Math.max(serial, parallel);
    const b1 = await fanOut(SIZES.units);
    rows.push({ scenario: 'B1 fan-out', figure: `${SIZES.units} units open (s)`, value: b1.seconds });
    rows.push({ scenario: 'B1 fan-out', figure: 'units/s', value: b1.rate, baseline: rStart, ratio: b1.rate / rStart, goal: '≥ 0.8 × R_start', pass: b1.rate / rStart >= 0.8 });
    // one request each: a latency, not a p99 (that needs the repeated launches #10 adds)
    rows.push({ scenario: 'B5 launch', figure: `launch, ${SIZES.units} units (ms, one request)`, value: b1.launchMs, goal: '≤ 200 ms', pass: b1.launchMs <= 200 });
    rows.push({ scenario: 'B5 launch', figure: `approval, ${SIZES.units} units (ms, one request)`, value: b1.approvalMs, goal: '≤ 200 ms', pass: b1.approvalMs <= 200 });
    const reads = { overdue: '/overdue', 'campaign roll-up': `/campaigns/${b1.id}`, 'unit overview': `/units/${b1.unitId}/overview` };
    for (const [name, url] of Object.entries(reads)) {
      const r = await readPath(url);
      rows.push({ scenario: `B5 ${name}`, figure: `p50 (ms) at ${READ_RATE} req/s`, value: r.p50 });
      rows.push({ scenario: `B5 ${name}`, figure: `p99 (ms) at ${READ_RATE} req/s`, value: r.p99, goal: '≤ 50 ms', pass: r.p99 <= 50 });
      rows.push({ scenario: `B5 ${name}`, figure: `answered req/s (${r.failed} failed)`, value: r.throughput, goal: `${READ_RATE}, 0 failed`, pass: r.failed === 0 && r.throughput >= READ_RATE * 0.95 });
    }
    await connection.close();
  } finally {
    await stopStack(dev);
  }
  print(rows);
  writeFileSync(path.join(DIR, 'bench.json'), JSON.stringify({ at: new Date().toISOString(), quick: QUICK, sizes: SIZES, rows }, null, 2));
  log(`written ${path.join(DIR, 'bench.json')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
