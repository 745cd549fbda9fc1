// `npm run bench [-- --quick]`: the figures issue #10 asks for, measured on a stack of the bench's own
// (its own ports and data folder, .tantou/bench, wiped first), loopback only, every scenario bounded.
// Prints one table (scenario, figure, baseline, ratio, goal, pass) and writes .tantou/bench/bench.json.
// Scenarios so far: the raw start rate of this Temporal server (R_start, the baseline) and B1, a
// campaign's fan-out from approval until every unit's inspection is open. The rest of #10 follows.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../prisma/client';
import { localPostgresUrl } from './postgres';
import { ROOT } from './prisma';

const QUICK = process.argv.includes('--quick');
const DIR = path.join(ROOT, '.tantou', 'bench');
const PORTS = { DEV_PG_PORT: 56432, DEV_TEMPORAL_PORT: 17233, DEV_TEMPORAL_UI_PORT: 18233, DEV_SMTP_PORT: 12025, DEV_MAIL_WEB_PORT: 12080, DEV_API_PORT: 13000 };
const API = `http://127.0.0.1:${PORTS.DEV_API_PORT}`;
const SIZES = QUICK ? { starts: 200, units: 100 } : { starts: 1_000, units: 1_000 };
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
async function fanOut(units: number): Promise<{ seconds: number; rate: number }> {
  const db = createDb(localPostgresUrl(PORTS.DEV_PG_PORT, 'tantou'));
  const group = `bench-${randomBytes(2).toString('hex')}`;
  await db.group.create({ data: { id: group, name: `基准测试组 ${group}`, sortOrder: 99 } });
  await db.unit.createMany({ data: Array.from({ length: units }, (_, i) => ({ id: `${group}-u${i}`, name: `基准测试单位 ${group}-${i}`, groupId: group })) });
  const call = (method: string, url: string, token: string, body: object) =>
    fetch(`${API}${url}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const launched = await call('POST', '/campaigns', 'demo-staff-li', {
    title: `基准测试专项督查 ${group}`,
    topic: '基准测试：扇出速度',
    scope: { groupIds: [group] },
    deadline: { at: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    approverId: 'deputy',
    approvalWindow: { amount: 2, unit: 'days' },
  });
  if (launched.status !== 202) throw new Error(`launch: ${launched.status} ${await launched.text()}`);
  const { id } = (await launched.json()) as { id: string };
  const t0 = performance.now();
  const approved = await call('POST', `/campaigns/${id}/decision`, 'demo-deputy', { decision: 'approve' });
  if (approved.status !== 200) throw new Error(`approval: ${approved.status} ${await approved.text()}`);
  await until('every unit inspection open', async () => (await db.unitInspection.count({ where: { campaignId: id, state: 'awaiting_submission' } })) === units);
  const seconds = (performance.now() - t0) / 1000;
  await db.$disconnect();
  return { seconds, rate: units / seconds };
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
