// `npm run bench [-- --quick]`: the figures issue #10 asks for, measured on a stack of the bench's own
// (its own ports and data folder, .tantou/bench, wiped first), loopback only, every scenario bounded.
// Prints one table (scenario, figure, baseline, ratio, goal, pass) and writes .tantou/bench/bench.json.
// Scenarios so far: the raw start rate of this Temporal server (R_start, the baseline); B1, a
// campaign's fan-out from approval until every unit's inspection is open, with its launch and approval
// latency; B3, escalation: every unit's deadline at the same instant, each rung's email planned → at
// the SMTP sink; B5, the read paths under a fixed request rate once B1 is done. The rest of #10 follows.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import autocannon from 'autocannon';
import { createDb } from '../prisma/client';
import { localPostgresUrl } from './postgres';
import { ROOT } from './prisma';
import { seedOpenItems } from './bench/openItems';
import { call, mailArrivals, percentile, printTable, seedGroup, startStack, stopStack, until, type Db, type Stack, type StackPorts } from './bench/stack';

const QUICK = process.argv.includes('--quick');
// BENCH_PORT_OFFSET: a second bench beside a running one (another worktree) on ports and a folder of its own
const OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);
const DIR = path.join(ROOT, '.tantou', OFFSET ? `bench-${OFFSET}` : 'bench');
const PORTS = Object.fromEntries(
  Object.entries({ DEV_PG_PORT: 56432, DEV_TEMPORAL_PORT: 17233, DEV_TEMPORAL_UI_PORT: 18233, DEV_SMTP_PORT: 12025, DEV_MAIL_WEB_PORT: 12080, DEV_API_PORT: 13000 }).map(([k, v]) => [k, v + OFFSET]),
) as unknown as StackPorts;
const SIZES = QUICK ? { starts: 200, units: 100, readSeconds: 5, escalationLeadS: 60 } : { starts: 1_000, units: 1_000, readSeconds: 20, escalationLeadS: 300 };
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
const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false>) => until(what, probe, BOUND_MS);

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

/** A campaign over the group, approved; resolves once every unit inspection is open, with the timings. */
async function launchAndFanOut(stack: Stack, db: Db, group: string, units: number, deadline: Date) {
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
  const t0 = performance.now();
  const approved = await call(stack, 'POST', `/campaigns/${id}/decision`, 'demo-deputy', { decision: 'approve' });
  if (approved.status !== 200) throw new Error(`approval: ${approved.status} ${await approved.text()}`);
  const approvalMs = performance.now() - t0;
  await waitFor('every unit inspection open', async () => (await db.unitInspection.count({ where: { campaignId: id, state: 'awaiting_submission' } })) === units);
  const seconds = (performance.now() - t0) / 1000;
  return { id, seconds, rate: units / seconds, launchMs, approvalMs };
}

/** B3: for each overdue email of the campaign, its planned instant → its arrival at the SMTP sink (by Message-ID), in s. */
async function escalationLags(stack: Stack, db: Db, campaignId: string, units: number): Promise<number[]> {
  const where = { workflowId: { startsWith: `campaign/${campaignId}/unit/` }, kind: 'inspection_overdue', status: 'sent' };
  const rows = await waitFor('every escalation sent', async () => {
    const sent = await db.emailOutbox.findMany({ where, select: { messageId: true, dueAt: true } });
    return sent.length === units && sent;
  });
  const arrived = mailArrivals(stack);
  const lags = rows.map((r) => ((arrived.get(r.messageId.replace(/^<|>$/g, '')) ?? NaN) - r.dueAt!.getTime()) / 1000);
  if (lags.some(Number.isNaN)) throw new Error('B3: an escalation marked sent is not at the SMTP sink');
  return lags;
}

/** B5: one read path at `rate` req/s from 10 connections for a bounded time (autocannon, loopback). */
async function readPath(stack: Stack, path: string, rate = READ_RATE): Promise<{ p50: number; p99: number; throughput: number; sent: number; failed: number }> {
  const result = await autocannon({
    url: `${stack.api}${path}`,
    connections: 10,
    overallRate: rate,
    duration: SIZES.readSeconds,
    timeout: 10,
    headers: { Authorization: 'Bearer demo-staff-li' },
  });
  // nothing answered within the run is no latency at all, not 0 ms
  const answered = result['2xx'] > 0;
  return {
    p50: answered ? result.latency.p50 : NaN,
    p99: answered ? result.latency.p99 : NaN,
    throughput: result.requests.average,
    sent: result.requests.sent,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * B5: the read paths over 10,000 synthetic open items (a third overdue): each alone at READ_RATE, then all
 * three at once sharing READ_RATE, so a slow path shows as the others' p99 rising (no request starves another).
 */
async function b5Reads(stack: Stack, db: Db, campaignId: string): Promise<Row[]> {
  const items = await seedOpenItems(db);
  log(`B5: ${items.total} synthetic open items, ${items.overdue} overdue (campaign ${items.campaignId})`);
  const reads = {
    overdue: '/overdue',
    'campaign roll-up': `/campaigns/${items.campaignId}`,
    'unit overview': `/units/${items.unitId}/overview`,
    'roll-up (B1 campaign)': `/campaigns/${campaignId}`,
  };
  const rows: Row[] = [];
  const push = (name: string, rate: number, r: Awaited<ReturnType<typeof readPath>>) => {
    rows.push({ scenario: `B5 ${name}`, figure: `p50 (ms) at ${rate} req/s`, value: r.p50 });
    rows.push({ scenario: `B5 ${name}`, figure: `p99 (ms) at ${rate} req/s`, value: r.p99, goal: '≤ 50 ms', pass: r.p99 <= 50 });
    rows.push({ scenario: `B5 ${name}`, figure: `answered req/s (${r.sent} sent, ${r.failed} failed)`, value: r.throughput, goal: `${rate}, 0 failed`, pass: r.failed === 0 && r.throughput >= rate * 0.95 });
  };
  for (const [name, url] of Object.entries(reads)) push(name, READ_RATE, await readPath(stack, url));
  const mixed = Object.entries(reads).slice(0, 3);
  const share = Math.round(READ_RATE / mixed.length);
  const results = await Promise.all(mixed.map(([, url]) => readPath(stack, url, share)));
  mixed.forEach(([name], i) => push(`${name} (mixed)`, share, results[i]));
  // printed now too: a later scenario that fails does not take these figures with it
  print(rows);
  return rows;
}

function print(rows: Row[]): void {
  printTable(
    ['scenario', 'figure', 'value', 'baseline', 'ratio', 'goal', 'result'],
    rows.map((r) => [r.scenario, r.figure, r.value, r.baseline, r.ratio, r.goal, r.pass]),
  );
}

async function main(): Promise<void> {
  log(`${QUICK ? 'quick' : 'full'} run: ${SIZES.starts} starts, ${SIZES.units} units; data in ${DIR}`);
  const stack = await startStack(DIR, PORTS);
  const rows: Row[] = [];
  try {
    const connection = await Connection.connect({ address: `127.0.0.1:${PORTS.DEV_TEMPORAL_PORT}` });
    const client = new Client({ connection });
    const serial = await startRate(client, SIZES.starts, 1);
    const parallel = await startRate(client, SIZES.starts, 50);
    rows.push({ scenario: 'baseline', figure: 'R_start, 1 in flight (starts/s)', value: serial });
    rows.push({ scenario: 'baseline', figure: 'R_start, 50 in flight (starts/s)', value: parallel });
    const rStart = Math.max(serial, parallel);
    const db = createDb(localPostgresUrl(PORTS.DEV_PG_PORT, 'tantou'));
    const group = await seedGroup(db, SIZES.units);
    const b1 = await launchAndFanOut(stack, db, group, SIZES.units, new Date(Date.now() + 7 * 86_400_000));
    rows.push({ scenario: 'B1 fan-out', figure: `${SIZES.units} units open (s)`, value: b1.seconds });
    rows.push({ scenario: 'B1 fan-out', figure: 'units/s', value: b1.rate, baseline: rStart, ratio: b1.rate / rStart, goal: '≥ 0.8 × R_start', pass: b1.rate / rStart >= 0.8 });
    // one request each: a latency, not a p99 (that needs the repeated launches #10 adds)
    rows.push({ scenario: 'B5 launch', figure: `launch, ${SIZES.units} units (ms, one request)`, value: b1.launchMs, goal: '≤ 200 ms', pass: b1.launchMs <= 200 });
    rows.push({ scenario: 'B5 launch', figure: `approval, ${SIZES.units} units (ms, one request)`, value: b1.approvalMs, goal: '≤ 200 ms', pass: b1.approvalMs <= 200 });
    rows.push(...(await b5Reads(stack, db, b1.id)));
    // B3 idle: a second campaign, every unit's deadline at one instant far enough out for its fan-out to finish first
    const due = new Date(Date.now() + SIZES.escalationLeadS * 1000);
    const b3 = await launchAndFanOut(stack, db, group, SIZES.units, due);
    if (Date.now() >= due.getTime()) throw new Error('B3: the fan-out outlasted the lead time; raise escalationLeadS');
    const lags = await escalationLags(stack, db, b3.id, SIZES.units);
    rows.push({ scenario: 'B3 escalation idle', figure: `${SIZES.units} due at once: p50 lag (s)`, value: percentile(lags, 50) });
    rows.push({ scenario: 'B3 escalation idle', figure: `${SIZES.units} due at once: p99 lag (s)`, value: percentile(lags, 99), goal: '≤ 2 s', pass: percentile(lags, 99) <= 2 });
    await db.$disconnect();
    await connection.close();
  } finally {
    await stopStack(stack);
  }
  print(rows);
  writeFileSync(path.join(DIR, 'bench.json'), JSON.stringify({ at: new Date().toISOString(), quick: QUICK, sizes: SIZES, rows }, null, 2));
  log(`written ${path.join(DIR, 'bench.json')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
