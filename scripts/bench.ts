// `npm run bench [-- --quick]`: the figures issue #10 asks for, measured on a stack of the bench's own
// (its own ports and data folder, .tantou/bench, wiped first), loopback only, every scenario bounded.
// Prints one table (scenario, figure, baseline, ratio, goal, pass) and writes .tantou/bench/bench.json.
// Scenarios so far: the raw start rate of this Temporal server (R_start, the baseline) and the rate of
// a workflow that only waits on a timer (R_timer, the floor of any fan-out); B1, a
// campaign's fan-out from approval until every unit's inspection is open, with its launch and approval
// latency; B3, escalation: every unit's deadline at the same instant, each rung's email planned → at
// the SMTP sink; B5, the read paths under a fixed request rate once B1 is done. The rest of #10 follows.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { LoadTestOptions } from 'loadtest';
import { createDb } from '../prisma/client';
import { localPostgresUrl } from './postgres';
import { ROOT } from './prisma';
import { seedOpenItems } from './bench/openItems';
import { seedTaskItems } from './bench/taskItems';
import { seedLeadRecords } from './bench/leadRecords';
import { demoToken } from '../prisma/seed';
import { approveAndFanOut, launchAndFanOut, launchCampaign, mailArrivals, percentile, printTable, seedGroup, sleep, startStack, stopStack, until, type Db, type Stack, type StackPorts } from './bench/stack';
import { ceiling } from './bench/ceiling';
import { timerFloorRate } from './bench/timerFloor';
import { cronEscalation } from './bench/cronEscalation';
import { escalationPaths, escalationWithWorkerKilled, type EscalationPath, type KilledRun } from './bench/tantouEscalation';
import { cpuSeconds, soak, spreadOf, workerRssMb } from './bench/scale';

const QUICK = process.argv.includes('--quick');
/** `--only <name>`: one scenario of ONLY_SCENARIOS alone, on a fresh stack */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
// BENCH_PORT_OFFSET: a second bench beside a running one (another worktree) on ports and a folder of its own
const OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);
const DIR = path.join(ROOT, '.tantou', OFFSET ? `bench-${OFFSET}` : 'bench');
const PORTS = Object.fromEntries(
  Object.entries({ DEV_PG_PORT: 56432, DEV_TEMPORAL_PORT: 17233, DEV_TEMPORAL_UI_PORT: 18233, DEV_SMTP_PORT: 12025, DEV_MAIL_WEB_PORT: 12080, DEV_API_PORT: 13000 }).map(([k, v]) => [k, v + OFFSET]),
) as unknown as StackPorts;
const SIZES = QUICK
  ? { starts: 200, floor: 1_000, units: 100, readSeconds: 5, escalations: 100, escalationLeadS: 60, scale: [500, 1_000], soakSeconds: 30, smallLaunches: 10 }
  : { starts: 1_000, floor: 1_000, units: 1_000, readSeconds: 20, escalations: 300, escalationLeadS: 120, scale: [5_000, 20_000], soakSeconds: 120, smallLaunches: 30 };
/** the deadline of a campaign whose escalations no scenario waits for */
const aWeekOut = () => new Date(Date.now() + 7 * 86_400_000);
/** Temporal's default limit on a run's history: B2 checks every run stays under it */
const HISTORY_LIMIT = 10_240;
/** B4's bound on the worker's resident memory */
const RSS_GOAL_MB = 400;
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

/** loadtest's promise form (its bundled types know only the callback form) and the result fields read here. */
interface LoadTestRun {
  loadTest: (options: LoadTestOptions) => Promise<{ totalRequests: number; totalErrors: number; effectiveRps: number; percentiles: Record<50 | 99, number | false> }>;
}

/**
 * B5: one read path at `rate` req/s for a bounded time, loopback. loadtest (a maintained load generator)
 * sends on a timer, one request every 1/rate s whatever the answers, on a keep-alive connection that is
 * free or a new one: the arrivals of a steady rate, so a slow answer delays no later request's start
 * and the latency is each request's own. (autocannon, used before, holds each connection to a closed loop:
 * at 10 connections and 100 req/s each sent its second's 10 requests back to back, so every second
 * began with 10 at once.)
 */
async function readPath(stack: Stack, path: string, rate = READ_RATE, tokens = ['demo-staff-li']): Promise<{ p50: number; p99: number; throughput: number; sent: number; failed: number }> {
  const { loadTest } = (await import('loadtest')) as unknown as LoadTestRun;
  let sent = 0;
  const result = await loadTest({
    url: `${stack.api}${path}`,
    requestsPerSecond: rate,
    maxSeconds: SIZES.readSeconds,
    timeout: 10_000,
    agentKeepAlive: true,
    quiet: true,
    // each request as the next of `tokens`, in turn (loadtest passes the request's own copy of the params)
    requestGenerator: (_options: unknown, params: { headers: Record<string, string> }, client: (p: unknown, cb: unknown) => unknown, callback: unknown) => {
      params.headers.Authorization = `Bearer ${tokens[sent++ % tokens.length]}`;
      return client(params, callback);
    },
  });
  const answered = result.totalRequests > result.totalErrors;
  // nothing answered within the run is no latency at all, not 0 ms
  const ms = (p: 50 | 99) => (answered && result.percentiles[p] !== false ? result.percentiles[p] : NaN);
  return { p50: ms(50), p99: ms(99), throughput: result.effectiveRps, sent: result.totalRequests, failed: result.totalErrors };
}

type ReadPaths = Record<string, string>;
type ReadResult = Awaited<ReturnType<typeof readPath>>;

function readRows(name: string, rate: number, r: ReadResult, goalMs = 50): Row[] {
  return [
    { scenario: `B5 ${name}`, figure: `p50 (ms) at ${rate} req/s`, value: r.p50 },
    { scenario: `B5 ${name}`, figure: `p99 (ms) at ${rate} req/s`, value: r.p99, goal: `≤ ${goalMs} ms`, pass: r.p99 <= goalMs },
    { scenario: `B5 ${name}`, figure: `answered req/s (${r.sent} sent, ${r.failed} failed)`, value: r.throughput, goal: `${rate}, 0 failed`, pass: r.failed === 0 && r.throughput >= rate * 0.95 },
  ];
}

/** The first three paths at once sharing READ_RATE: a slow path shows as the others' p99 rising (no request starves another). */
async function mixedReads(stack: Stack, reads: ReadPaths, suffix: string): Promise<Row[]> {
  const mixed = Object.entries(reads).slice(0, 3);
  const share = Math.round(READ_RATE / mixed.length);
  const results = await Promise.all(mixed.map(([, url]) => readPath(stack, url, share)));
  return mixed.flatMap(([name], i) => readRows(`${name} (${suffix})`, share, results[i]));
}

/**
 * B5: the read paths over 10,000 synthetic open items (a third overdue): each alone at READ_RATE, then
 * mixed. Answers the paths too, for the same reads during a fan-out.
 */
async function b5Reads(stack: Stack, db: Db, campaignId: string): Promise<{ rows: Row[]; reads: ReadPaths }> {
  const items = await seedOpenItems(db);
  log(`B5: ${items.total} synthetic open items, ${items.overdue} overdue (campaign ${items.campaignId})`);
  const reads: ReadPaths = {
    overdue: '/overdue',
    'campaign roll-up': `/campaigns/${items.campaignId}`,
    'unit overview': `/units/${items.unitId}/overview`,
    'roll-up (B1 campaign)': `/campaigns/${campaignId}`,
  };
  const rows: Row[] = [];
  for (const [name, url] of Object.entries(reads)) rows.push(...readRows(name, READ_RATE, await readPath(stack, url)));
  rows.push(...(await mixedReads(stack, reads, 'mixed')));
  return { rows, reads };
}

/**
 * B5: 我的待办 and 我的督办 over 10,000 synthetic open steps owed by 500 people (scripts/bench/taskItems.ts),
 * each at READ_RATE: /me/tasks as the 500 in turn, as the group's members alone (each sees the group's
 * 2,000 routine runs), and /me/watch as the group's leader and as the commission leader over it (a third late).
 */
async function b5Tasks(stack: Stack, db: Db): Promise<Row[]> {
  const items = await seedTaskItems(db);
  log(`B5: ${items.total} synthetic open steps over ${items.contacts.length + items.members.length + 1} people`);
  const runs: [string, string, string[]][] = [
    ['/me/tasks (500 people in turn)', '/me/tasks', [...items.contacts, ...items.members, items.leader]],
    ['/me/tasks (group members)', '/me/tasks', items.members],
    ['/me/watch (group leader)', '/me/watch', [items.leader]],
    ['/me/watch (commission leader)', '/me/watch', ['deputy']],
  ];
  const rows: Row[] = [];
  for (const [name, url, people] of runs) rows.push(...readRows(name, READ_RATE, await readPath(stack, url, READ_RATE, people.map(demoToken))));
  return rows;
}

/** B5's rate for the lead ledger and the statistics, as the goal states it */
const RECORDS_RATE = 20;

/**
 * B5: the lead ledger (线索台账, first page) over 10,000 leads and a year's statistics over 50,000
 * measures (scripts/bench/leadRecords.ts), each alone at RECORDS_RATE as commission staff.
 */
async function b5Records(stack: Stack, db: Db): Promise<Row[]> {
  const seeded = await seedLeadRecords(db);
  log(`B5: ${seeded.leads} synthetic leads (${seeded.inquiries} under 谈话函询), ${seeded.measures} synthetic measures in ${seeded.year}`);
  const year = `from=${seeded.year}-01-01&to=${seeded.year}-12-31`;
  return [
    ...readRows('lead ledger', RECORDS_RATE, await readPath(stack, '/leads', RECORDS_RATE)),
    ...readRows('statistics, a year', RECORDS_RATE, await readPath(stack, `/statistics?${year}`, RECORDS_RATE), 200),
  ];
}

/** B6: an escalation run with a process killed mid-run; tantou's rows carry the cron's figures as their baseline. */
function b6Rows(scenario: string, run: KilledRun, cron?: KilledRun): Row[] {
  const beside = (value: number, base: number | undefined) => ({ value, baseline: base, ratio: base ? value / base : undefined });
  const n = run.lags.length;
  return [
    { scenario, figure: `${n} due at once: p50 lag (s)`, ...beside(percentile(run.lags, 50), cron && percentile(cron.lags, 50)) },
    { scenario, figure: `${n} due at once: p99 lag (s)`, ...beside(percentile(run.lags, 99), cron && percentile(cron.lags, 99)) },
    { scenario, figure: `killed with ${run.killedAt} of ${n} sent; deadlines sent twice or more`, ...beside(run.duplicates.ids, cron?.duplicates.ids) },
    { scenario, figure: 'extra copies at the SMTP sink', value: run.duplicates.extra },
  ];
}

/** B5: launch and approval of a 10-unit campaign, repeated: their p99 (B1's and B2's sizes are one request each). */
async function smallLaunches(stack: Stack, db: Db): Promise<Row[]> {
  const small = await seedGroup(db, 10);
  const launches: number[] = [];
  const approvals: number[] = [];
  for (let i = 0; i < SIZES.smallLaunches; i++) {
    const { id, launchMs } = await launchCampaign(stack, small, aWeekOut());
    launches.push(launchMs);
    approvals.push((await approveAndFanOut(stack, db, id, 10, BOUND_MS)).approvalMs);
  }
  const n = SIZES.smallLaunches;
  return [
    { scenario: 'B5 launch', figure: `launch, 10 units: p99 of ${n} (ms)`, value: percentile(launches, 99), goal: '≤ 200 ms', pass: percentile(launches, 99) <= 200 },
    { scenario: 'B5 launch', figure: `approval, 10 units: p99 of ${n} (ms)`, value: percentile(approvals, 99), goal: '≤ 200 ms', pass: percentile(approvals, 99) <= 200 },
  ];
}

/** B3's figures: the lags' p50 and p99, against `goalS` when the issue sets one for this case. */
function escalationRows(scenario: string, lags: number[], goalS?: number): Row[] {
  const p99 = percentile(lags, 99);
  return [
    { scenario, figure: `${lags.length} due at once: p50 lag (s)`, value: percentile(lags, 50) },
    { scenario, figure: `${lags.length} due at once: p99 lag (s)`, value: p99, ...(goalS !== undefined && { goal: `≤ ${goalS} s`, pass: p99 <= goalS }) },
  ];
}

/** B3 during a fan-out: SIZES.escalations deadlines at one instant, and `fanOut` started 3 s before it. */
async function escalationsDuring<T>(stack: Stack, db: Db, escalationGroup: string, fanOut: () => Promise<T>): Promise<{ result: T; lags: number[] }> {
  const due = Date.now() + SIZES.escalationLeadS * 1000;
  const { id } = await launchAndFanOut(stack, db, escalationGroup, SIZES.escalations, new Date(due), BOUND_MS);
  await sleep(Math.max(0, due - 3_000 - Date.now()));
  const result = await fanOut();
  return { result, lags: await escalationLags(stack, db, id, SIZES.escalations) };
}

/**
 * B2: campaigns of SIZES.scale units fan out completely, each unit once, every run's history short;
 * during the largest, B3 again.
 */
async function scale(stack: Stack, client: Client, db: Db, escalationGroup: string, rStart: number): Promise<Row[]> {
  const rows: Row[] = [];
  const largest = Math.max(...SIZES.scale);
  for (const size of SIZES.scale) {
    const scenario = `B2 scale ${size}`;
    const big = await launchCampaign(stack, await seedGroup(db, size), aWeekOut());
    rows.push({ scenario: 'B5 launch', figure: `launch, ${size} units (ms, one request)`, value: big.launchMs, goal: '≤ 200 ms', pass: big.launchMs <= 200 });
    const fanOut = async () => {
      const cpu0 = cpuSeconds(stack);
      return { ...(await approveAndFanOut(stack, db, big.id, size, BOUND_MS * 4)), cpu0, cpu1: cpuSeconds(stack) };
    };
    // during the largest, B3 again (a figure: the issue's goal stands during B1, in main)
    const { result: fan, lags } = size === largest ? await escalationsDuring(stack, db, escalationGroup, fanOut) : { result: await fanOut(), lags: undefined };
    const { cpu0, cpu1 } = fan;
    rows.push({ scenario: 'B5 launch', figure: `approval, ${size} units (ms, one request)`, value: fan.approvalMs, goal: '≤ 200 ms', pass: fan.approvalMs <= 200 });
    rows.push({ scenario, figure: `${size} units waiting on their first timer (s)`, value: fan.seconds });
    rows.push({ scenario, figure: 'units/s', value: fan.rate, baseline: rStart, ratio: fan.rate / rStart });
    // where the fan-out's time goes (the B3 campaign's escalations share the largest one)
    for (const part of ['temporal', 'worker', 'postgres', 'api'] as const) {
      rows.push({ scenario, figure: `CPU s per 100 units: ${part}`, value: ((cpu1[part] - cpu0[part]) * 100) / size });
    }
    const spread = await spreadOf(client, db, big.id, size);
    rows.push({ scenario, figure: 'unit inspections listed / in the projection', value: spread.listed, baseline: size, goal: 'each unit once', pass: spread.listed === size && spread.projected === size });
    rows.push({ scenario, figure: 'longest campaign run (events)', value: spread.campaignEvents, goal: `< ${HISTORY_LIMIT}`, pass: spread.campaignEvents < HISTORY_LIMIT });
    rows.push({ scenario, figure: 'longest unit inspection run of 100 (events)', value: spread.unitEvents, goal: `< ${HISTORY_LIMIT}`, pass: spread.unitEvents < HISTORY_LIMIT });
    if (lags) rows.push(...escalationRows(`B3 escalation during B2 ${size}`, lags));
    rows.push({ scenario: 'B4 memory', figure: `worker RSS after B2 ${size} (MB)`, value: workerRssMb(stack), goal: `≤ ${RSS_GOAL_MB} MB`, pass: workerRssMb(stack) <= RSS_GOAL_MB });
  }
  return rows;
}

function print(rows: Row[]): void {
  printTable(
    ['scenario', 'figure', 'value', 'baseline', 'ratio', 'goal', 'result'],
    rows.map((r) => [r.scenario, r.figure, r.value, r.baseline, r.ratio, r.goal, r.pass]),
  );
}

async function main(): Promise<void> {
  log(`${QUICK ? 'quick' : 'full'} run${ONLY ? ` of ${ONLY} only` : ''}: ${SIZES.starts} starts, ${SIZES.units} units; data in ${DIR}`);
  const stack = await startStack(DIR, PORTS);
  const rows: Row[] = [];
  try {
    if (ONLY) {
      const db = createDb(localPostgresUrl(PORTS.DEV_PG_PORT, 'tantou'));
      rows.push(...(await ONLY_SCENARIOS[ONLY](stack, db)));
      await db.$disconnect();
      return;
    }
    rows.push({ scenario: 'B4 memory', figure: 'worker RSS idle (MB)', value: workerRssMb(stack), goal: `≤ ${RSS_GOAL_MB} MB`, pass: workerRssMb(stack) <= RSS_GOAL_MB });
    const connection = await Connection.connect({ address: `127.0.0.1:${PORTS.DEV_TEMPORAL_PORT}` });
    const client = new Client({ connection });
    const serial = await startRate(client, SIZES.starts, 1);
    const parallel = await startRate(client, SIZES.starts, 50);
    rows.push({ scenario: 'baseline', figure: 'R_start, 1 in flight (starts/s)', value: serial });
    rows.push({ scenario: 'baseline', figure: 'R_start, 50 in flight (starts/s)', value: parallel });
    const rStart = Math.max(serial, parallel);
    // as many in flight as the fan-out starts at once when FAN_OUT_CONCURRENCY is not set
    const cpu0 = cpuSeconds(stack);
    const rTimer = await timerFloorRate(`127.0.0.1:${PORTS.DEV_TEMPORAL_PORT}`, SIZES.floor, 50);
    const floorCpu = ((cpuSeconds(stack).temporal - cpu0.temporal) * 100) / SIZES.floor;
    rows.push({ scenario: 'baseline', figure: 'R_timer, a workflow that only waits on a timer (workflows/s)', value: rTimer, baseline: rStart, ratio: rTimer / rStart });
    rows.push({ scenario: 'baseline', figure: 'R_timer: CPU s per 100 workflows: temporal', value: floorCpu });
    const db = createDb(localPostgresUrl(PORTS.DEV_PG_PORT, 'tantou'));
    const group = await seedGroup(db, SIZES.units);
    const b1 = await launchAndFanOut(stack, db, group, SIZES.units, aWeekOut(), BOUND_MS);
    rows.push({ scenario: 'B1 fan-out', figure: `${SIZES.units} units waiting on their first timer (s)`, value: b1.seconds });
    rows.push({ scenario: 'B1 fan-out', figure: 'units/s', value: b1.rate, baseline: rStart, ratio: b1.rate / rStart, goal: '≥ 0.8 × R_start', pass: b1.rate / rStart >= 0.8 });
    rows.push({ scenario: 'B1 fan-out', figure: 'units/s against R_timer', value: b1.rate, baseline: rTimer, ratio: b1.rate / rTimer });
    // one request each: a latency; smallLaunches below gives a p99
    rows.push({ scenario: 'B5 launch', figure: `launch, ${SIZES.units} units (ms, one request)`, value: b1.launchMs, goal: '≤ 200 ms', pass: b1.launchMs <= 200 });
    rows.push({ scenario: 'B5 launch', figure: `approval, ${SIZES.units} units (ms, one request)`, value: b1.approvalMs, goal: '≤ 200 ms', pass: b1.approvalMs <= 200 });
    const b5 = await b5Reads(stack, db, b1.id);
    rows.push(...b5.rows);
    // B5 during a fan-out: the mixed reads from a second B1-sized campaign's launch on, beside its fan-out
    const [beside, duringFanOut] = await Promise.all([
      launchAndFanOut(stack, db, group, SIZES.units, aWeekOut(), BOUND_MS),
      mixedReads(stack, b5.reads, 'mixed, during a fan-out'),
    ]);
    rows.push({ scenario: 'B5 reads during a fan-out', figure: `that fan-out of ${SIZES.units} units (s), beside ${SIZES.readSeconds} s of reads`, value: beside.seconds });
    rows.push(...duringFanOut);
    // after the reads above: its late rows would add to their /overdue
    rows.push(...(await b5Tasks(stack, db)));
    rows.push(...(await b5Records(stack, db)));
    // B3 idle: a few hundred deadlines (the issue's size), of a group of their own, at one instant far
    // enough out for their fan-out to finish first
    const escalationGroup = await seedGroup(db, SIZES.escalations);
    const due = new Date(Date.now() + SIZES.escalationLeadS * 1000);
    const b3 = await launchAndFanOut(stack, db, escalationGroup, SIZES.escalations, due, BOUND_MS);
    if (Date.now() >= due.getTime()) throw new Error('B3: the fan-out outlasted the lead time; raise escalationLeadS');
    rows.push(...escalationRows('B3 escalation idle', await escalationLags(stack, db, b3.id, SIZES.escalations), 2));

    // ---- B3's timer lag, B6 and the ceiling (scripts/bench/tantouEscalation.ts, cronEscalation.ts, ceiling.ts)
    const paths = await escalationPaths(client, db, b3.id);
    const phases: [keyof EscalationPath, string][] = [
      ['timerLag', 'timer lag as Temporal records it'],
      ['toWorkflowTask', 'timer fired → its workflow task started'],
      ['workflowTask', 'that workflow task'],
      ['toActivity', 'sendEmail scheduled → started'],
      ['activity', 'sendEmail ran'],
    ];
    for (const [phase, figure] of phases) {
      const ms = paths.map((p) => p[phase]);
      for (const p of [50, 99]) rows.push({ scenario: 'B3 escalation idle', figure: `${figure}: p${p} (ms, ${ms.length} histories)`, value: percentile(ms, p) });
    }
    const dbUrl = localPostgresUrl(PORTS.DEV_PG_PORT, 'tantou');
    const killed = await escalationWithWorkerKilled(
      stack,
      db,
      { units: SIZES.escalations, due: new Date(Date.now() + SIZES.escalationLeadS * 1000), boundMs: BOUND_MS },
      async (due) => (await launchAndFanOut(stack, db, escalationGroup, SIZES.escalations, due, BOUND_MS)).id,
      (id) => escalationLags(stack, db, id, SIZES.escalations),
    );
    const contacts = await db.posting.findMany({ where: { unit: { groupId: escalationGroup }, role: 'UNIT_CONTACT' }, select: { unitId: true, person: { select: { email: true } } } });
    const cron = await cronEscalation(stack, dbUrl, contacts.map((p) => ({ id: p.unitId!, email: p.person.email })), BOUND_MS);
    rows.push(...b6Rows('B6 tantou, worker killed', killed, cron), ...b6Rows('B6 cron SKIP LOCKED, poller killed', cron));
    for (const c of await ceiling(stack, dbUrl, QUICK ? 5 : 15)) rows.push({ scenario: 'ceiling', ...c });
    // ---- end of B3's timer lag, B6 and the ceiling
    // B3 during B1: the same deadlines falling inside a third B1-sized fan-out
    const b1Again = await launchCampaign(stack, group, aWeekOut());
    const duringB1 = await escalationsDuring(stack, db, escalationGroup, () => approveAndFanOut(stack, db, b1Again.id, SIZES.units, BOUND_MS));
    rows.push(...escalationRows('B3 escalation during B1', duringB1.lags, 10));
    rows.push(...(await smallLaunches(stack, db)));
    rows.push(...(await scale(stack, client, db, escalationGroup, rStart)));
    const soaked = await soak(stack, SIZES.soakSeconds);
    rows.push({ scenario: 'B4 memory', figure: `worker RSS, highest in a ${SIZES.soakSeconds} s soak (MB)`, value: soaked.maxMb, goal: `≤ ${RSS_GOAL_MB} MB`, pass: soaked.maxMb <= RSS_GOAL_MB });
    rows.push({ scenario: 'B4 memory', figure: 'worker RSS, last minus first of the soak (MB)', value: soaked.growthMb, goal: 'flat (≤ 5% of the bound)', pass: soaked.growthMb <= RSS_GOAL_MB * 0.05 });
    await db.$disconnect();
    await connection.close();
  } finally {
    await stopStack(stack);
    // what was measured before a scenario failed is still a figure
    print(rows);
    writeFileSync(path.join(DIR, 'bench.json'), JSON.stringify({ at: new Date().toISOString(), quick: QUICK, sizes: SIZES, rows }, null, 2));
    log(`written ${path.join(DIR, 'bench.json')}`);
  }
}

/** The scenarios `--only` can run alone: those that need nothing another scenario made. */
const ONLY_SCENARIOS: Record<string, (stack: Stack, db: Db) => Promise<Row[]>> = { 'B5-tasks': b5Tasks, 'B5-records': b5Records };
if (ONLY && !ONLY_SCENARIOS[ONLY]) {
  console.error(`--only: one of ${Object.keys(ONLY_SCENARIOS).join(', ')}`);
  process.exit(2);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
