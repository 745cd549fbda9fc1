// `npm run chaos [-- --quick]`: the fault matrix of issue #10 on a stack of its own (ports 2xxxx, data
// in .tantou/chaos, wiped first; PostgreSQL and the SMTP sink hosted in this process so it can stop
// them), loopback only, every case bounded. Each case injects one fault into the real stack and
// counts what was lost or duplicated; it prints one table (case, expected, observed, result), writes
// .tantou/chaos/chaos.json, and exits non-zero when a row fails.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import jestConfig from '../jest.config';
import { hashToken } from '../domain/tokens';
import { createDb } from '../prisma/client';
import { demoToken } from '../prisma/seed';
import { localPostgresUrl } from './postgres';
import { ROOT } from './prisma';
import { call, launchAndFanOut, printTable, seedGroup, sleep, startStack, stopStack, unitsOnTheirTimer, until, type Db, type Stack } from './bench/stack';
import { killChild, mailTraps, restarted, unitWorkflows, workerBack, type Trap } from './chaos/faults';

const QUICK = process.argv.includes('--quick');
const DIR = path.join(ROOT, '.tantou', 'chaos');
const PORTS = { DEV_PG_PORT: 25432, DEV_TEMPORAL_PORT: 27233, DEV_TEMPORAL_UI_PORT: 28233, DEV_SMTP_PORT: 22025, DEV_MAIL_WEB_PORT: 22080, DEV_API_PORT: 23000 };
const SIZES = QUICK
  ? { fanOut: 100, mails: 3, timers: 20, timerLeadS: 75, pgDownS: 20, smtpUnits: 10 }
  : { fanOut: 1_000, mails: 10, timers: 200, timerLeadS: 150, pgDownS: 120, smtpUnits: 100 };
const BOUND_MS = QUICK ? 240_000 : 900_000;
/** an answer slower than this while PostgreSQL is down counts as a hung request */
const ANSWER_BOUND_MS = 3_000;

interface Row {
  case: string;
  expected: string;
  observed: string;
  pass: boolean;
}

interface Ctx {
  stack: Stack;
  db: Db;
  client: Client;
  traps: ReturnType<typeof mailTraps>;
}

const log = (msg: string) => console.log(`[chaos] ${msg}`);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false>) => until(what, probe, BOUND_MS);
/** A campaign over one demo unit, left awaiting approval: its one email is the approval request. */
const launchBody = (title: string) => ({
  title,
  topic: '故障测试',
  scope: { unitIds: ['gongluju'] },
  deadline: { at: inDays(7).toISOString() },
  approverId: 'deputy',
  approvalWindow: { amount: 2, unit: 'days' },
});
const openUnits = (db: Db, group: string) => unitsOnTheirTimer(db, `/unit/${group}-`);

/** How often each Message-ID arrived at the sink, for the given ones. */
function arrivals(stack: Stack, messageIds: string[]): number[] {
  const counts = new Map<string, number>();
  for (const m of stack.hosted!.sink!.messages()) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
  return messageIds.map((id) => counts.get(id) ?? 0);
}

/** The campaign's emails once none is pending any more (the outbox drained). */
const drainedOutbox = (db: Db, campaignId: string) =>
  waitFor('the outbox drained', async () => {
    const rows = await db.emailOutbox.findMany({ where: { workflowId: { startsWith: `campaign/${campaignId}` } } });
    return rows.length > 0 && rows.every((r) => r.status !== 'pending') && rows;
  });

/** Every unit of the campaign once in visibility and once in the projection: missing and duplicates. */
async function unitCounts(ctx: Ctx, campaignId: string, units: number) {
  const listed = await until('visibility lists every unit', async () => {
    const w = await unitWorkflows(ctx.client, campaignId);
    return w.ids >= units && w;
  }, 30_000).catch(() => unitWorkflows(ctx.client, campaignId));
  const rows = await ctx.db.unitInspection.count({ where: { campaignId } });
  const missing = units - Math.min(listed.ids, rows);
  const duplicates = listed.runs - listed.ids + Math.max(0, rows - units);
  return { missing, duplicates, text: `${listed.ids} workflows (${listed.runs} runs), ${rows} projection rows: ${missing} missing, ${duplicates} duplicate` };
}

async function workerKilledDuringFanOut(ctx: Ctx): Promise<Row[]> {
  const n = SIZES.fanOut;
  const group = await seedGroup(ctx.db, n);
  const killer = waitFor('a quarter of the units open', async () => (await openUnits(ctx.db, group)) >= n / 4).then(async () => {
    const pid = await killChild(ctx.stack, 'worker');
    return { at: await openUnits(ctx.db, group), pid }; // counted once it is dead: the rest were still to come
  });
  void killer.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const fan = await launchAndFanOut(ctx.stack, ctx.db, group, n, inDays(7), BOUND_MS);
  const kill = await killer;
  await workerBack(ctx.stack, ctx.client, kill.pid);
  const counts = await unitCounts(ctx, fan.id, n);
  return [{
    case: `kill -9 worker during a ${n}-unit fan-out`,
    expected: '0 missing, 0 duplicate unit workflows',
    observed: `killed with ${kill.at}/${n} open; ${counts.text}`,
    pass: kill.at < n && counts.missing === 0 && counts.duplicates === 0,
  }];
}

/** `want` campaigns launched at once; their approval requests go into the trap; counts per outbox key at the sink. */
async function workerKilledInSendEmail(ctx: Ctx, when: Trap['when']): Promise<Row[]> {
  const k = SIZES.mails;
  const token = randomBytes(3).toString('hex');
  const { sprung } = await ctx.traps.arm({ when, want: k, holdMs: 30_000, match: (m) => m.subject.includes(token) });
  for (let i = 0; i < k; i++) {
    const res = await call(ctx.stack, 'POST', '/campaigns', 'demo-staff-li', launchBody(`故障测试 ${token}-${i}`));
    if (res.status !== 202) throw new Error(`launch: ${res.status} ${await res.text()}`);
  }
  const { held, pid } = await sprung;
  await workerBack(ctx.stack, ctx.client, pid);
  const rows = await waitFor(`${k} approval requests sent`, async () => {
    const found = await ctx.db.emailOutbox.findMany({ where: { subject: { contains: token } } });
    return found.length === k && found.every((r) => r.status === 'sent') && found;
  });
  await sleep(2_000); // a late duplicate would have arrived by now
  const counts = arrivals(ctx.stack, rows.map((r) => r.messageId));
  const times = (c: number) => counts.filter((x) => x === c).length;
  const others = counts.filter((c) => c < 1 || c > 2).length;
  if (when === 'before') {
    return [{
      case: 'kill -9 worker in sendEmail, before the 250',
      expected: 'each outbox key at the sink exactly once',
      observed: `${held} mails inside the exchange when killed; ${times(1)}/${k} once, ${k - times(1)} not once`,
      pass: held > 0 && times(1) === k,
    }];
  }
  return [{
    case: 'kill -9 worker in sendEmail, after the 250',
    expected: 'residual: same Message-ID at most twice',
    observed: `${held} accepted, then killed before marked sent; ${times(2)} twice (residual), ${times(1)} once, ${others} other`,
    pass: held > 0 && others === 0,
  }];
}

async function temporalRestartedWithTimersPending(ctx: Ctx): Promise<Row[]> {
  const n = SIZES.timers;
  const group = await seedGroup(ctx.db, n);
  const due = new Date(Date.now() + SIZES.timerLeadS * 1000);
  const fan = await launchAndFanOut(ctx.stack, ctx.db, group, n, due, BOUND_MS);
  const killAt = due.getTime() - 30_000;
  if (Date.now() > killAt) throw new Error(`the fan-out outlasted the lead time (${SIZES.timerLeadS} s); raise timerLeadS`);
  await sleep(killAt - Date.now());
  const pid = await killChild(ctx.stack, 'temporal');
  const t0 = Date.now();
  await restarted(ctx.stack, 'temporal', pid);
  await waitFor('Temporal answering', () => ctx.client.workflowService.describeNamespace({ namespace: 'default' }).then(() => true));
  const downS = (Date.now() - t0) / 1000;
  const beforeDue = (due.getTime() - Date.now()) / 1000;
  const where = { workflowId: { startsWith: `campaign/${fan.id}/unit/` }, kind: 'inspection_overdue', status: 'sent' };
  const rows = await waitFor(`${n} escalations sent`, async () => {
    const sent = await ctx.db.emailOutbox.findMany({ where });
    return sent.length >= n && sent;
  });
  await sleep(5_000); // a late duplicate would have arrived by now
  const counts = arrivals(ctx.stack, rows.map((r) => r.messageId));
  const once = counts.filter((c) => c === 1).length;
  const units = await unitCounts(ctx, fan.id, n);
  return [{
    case: `restart Temporal (kill -9) with ${n} timers pending`,
    expected: 'every timer fires once after it; counts unchanged',
    observed: `down ${downS.toFixed(1)} s, back ${beforeDue.toFixed(0)} s before due; ${once}/${n} escalations once; ${units.text}`,
    pass: beforeDue > 0 && rows.length === n && once === n && units.missing === 0 && units.duplicates === 0,
  }];
}

async function smtpDown(ctx: Ctx): Promise<Row[]> {
  const n = SIZES.smtpUnits;
  const group = await seedGroup(ctx.db, n);
  await ctx.stack.hosted!.sink!.stop();
  let moved: string;
  let fanId: string;
  try {
    const fan = await launchAndFanOut(ctx.stack, ctx.db, group, n, inDays(7), BOUND_MS);
    fanId = fan.id;
    const unit = `${group}-u0`;
    const contact = `${unit}-contact`;
    await ctx.db.apiToken.create({ data: { tokenHash: hashToken(demoToken(contact)), personId: contact, label: 'chaos' } });
    const report = await call(ctx.stack, 'POST', `/inspections/${fan.id}/${unit}/report`, demoToken(contact), { content: '自查报告（故障测试）' });
    const pending = await ctx.db.emailOutbox.count({ where: { workflowId: { startsWith: `campaign/${fan.id}` }, status: 'pending' } });
    moved = `launch, approval, ${n}/${n} open, report ${report.status}; ${pending} mails pending`;
    if (report.status !== 200) throw new Error(`report: ${report.status} ${await report.text()}`);
  } finally {
    await ctx.stack.hosted!.startSink();
  }
  const rows = await drainedOutbox(ctx.db, fanId);
  const sent = rows.filter((r) => r.status === 'sent');
  const once = arrivals(ctx.stack, sent.map((r) => r.messageId)).filter((c) => c === 1).length;
  return [{
    case: 'SMTP server down',
    expected: 'every process moves; the outbox drains after, each mail once',
    observed: `${moved}; after: ${once}/${sent.length} sent once, ${rows.length - sent.length} without recipient`,
    pass: sent.length > 0 && once === sent.length,
  }];
}

/** One request while PostgreSQL is down: its status, whether it is problem+json, and how long it took. */
async function probe(ctx: Ctx, method: string, url: string, body?: object) {
  const t0 = performance.now();
  try {
    const res = await call(ctx.stack, method, url, 'demo-staff-li', body, AbortSignal.timeout(15_000));
    await res.text();
    return { status: res.status, problem: /problem\+json/.test(res.headers.get('content-type') ?? ''), ms: performance.now() - t0 };
  } catch {
    return { status: 0, problem: false, ms: performance.now() - t0 };
  }
}

async function postgresDown(ctx: Ctx): Promise<Row[]> {
  const n = SIZES.fanOut;
  const group = await seedGroup(ctx.db, n);
  const hosted = ctx.stack.hosted!;
  const fan = launchAndFanOut(ctx.stack, ctx.db, group, n, inDays(7), BOUND_MS);
  void fan.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  await waitFor('the fan-out started', async () => (await openUnits(ctx.db, group)) > 0);
  const openAtStop = await openUnits(ctx.db, group);
  await hosted.pg!.stop();
  const t0 = Date.now();
  const launch = launchBody('故障测试（数据库停止）');
  const probes = [];
  for (let i = 0; i < 2; i++) {
    probes.push(await probe(ctx, 'GET', '/campaigns'), await probe(ctx, 'POST', '/campaigns', launch));
    await sleep(Math.max(0, t0 + (SIZES.pgDownS * 1000 * (i + 1)) / 2 - Date.now()));
  }
  await hosted.startPg();
  const downS = (Date.now() - t0) / 1000;
  const slowest = Math.max(...probes.map((p) => p.ms));
  const answered = probes.every((p) => p.status === 503 && p.problem && p.ms < ANSWER_BOUND_MS);
  const { id } = await fan;
  const counts = await unitCounts(ctx, id, n);
  const sent = (await drainedOutbox(ctx.db, id)).filter((r) => r.status === 'sent');
  const once = arrivals(ctx.stack, sent.map((r) => r.messageId)).filter((c) => c === 1).length;
  return [
    {
      case: `PostgreSQL down ${downS.toFixed(0)} s: the API`,
      expected: `503 problem+json within ${ANSWER_BOUND_MS / 1000} s`,
      observed: `reads and writes: ${[...new Set(probes.map((p) => p.status))].join(', ')}, slowest ${slowest.toFixed(0)} ms`,
      pass: answered,
    },
    {
      case: `PostgreSQL down during a ${n}-unit fan-out`,
      expected: 'activities retry; nothing lost after',
      observed: `stopped with ${openAtStop}/${n} open; ${counts.text}; outbox drained, ${once}/${sent.length} mails once`,
      pass: openAtStop < n && counts.missing === 0 && counts.duplicates === 0 && once === sent.length,
    },
  ];
}

/** The replay gate against a deliberately incompatible change: test/replay/incompatibleChange.test.ts. */
function replayGate(): Row[] {
  const out = path.join(os.tmpdir(), `tantou-chaos-replay-${process.pid}.json`);
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(jestConfig), '--json', `--outputFile=${out}`, 'test/replay/incompatibleChange.test.ts'], { cwd: ROOT, stdio: 'ignore', timeout: 300_000 });
  const report = (existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { testResults: [] }) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
  rmSync(out, { force: true });
  const results = report.testResults.flatMap((r) => r.assertionResults);
  return [{
    case: 'incompatible workflow change over running workflows',
    expected: 'replay fails unguarded; passes with patched()',
    observed: `test/replay/incompatibleChange.test.ts: ${results.filter((r) => r.status === 'passed').length}/${results.length} passed (jest exited ${run.status})`,
    pass: run.status === 0 && results.length > 0 && results.every((r) => r.status === 'passed'),
  }];
}

async function runCase(name: string, body: () => Promise<Row[]>): Promise<Row[]> {
  log(name);
  try {
    return await body();
  } catch (e) {
    return [{ case: name, expected: '(the case to finish)', observed: `error: ${e instanceof Error ? e.message : String(e)}`, pass: false }];
  }
}

/** The cases on the stack, in order; `--only <words>` runs those whose name contains them. */
const CASES: [string, (ctx: Ctx) => Promise<Row[]>][] = [
  ['kill -9 worker during fan-out', workerKilledDuringFanOut],
  ['kill -9 worker before the 250', (ctx) => workerKilledInSendEmail(ctx, 'before')],
  ['kill -9 worker after the 250', (ctx) => workerKilledInSendEmail(ctx, 'after')],
  ['restart Temporal with timers pending', temporalRestartedWithTimersPending],
  ['SMTP server down', smtpDown],
  ['PostgreSQL down', postgresDown],
];
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

async function main(): Promise<number> {
  log(`${QUICK ? 'quick' : 'full'} run; data in ${DIR}`);
  const rows: Row[] = [];
  if (!ONLY || 'replay gate'.includes(ONLY)) {
    log('replay gate');
    rows.push(...replayGate());
  }
  const traps = mailTraps(() => stack);
  const stack = await startStack(DIR, PORTS, { host: true, hooks: traps.hooks });
  const connection = await Connection.connect({ address: `127.0.0.1:${PORTS.DEV_TEMPORAL_PORT}` });
  const ctx: Ctx = { stack, db: createDb(localPostgresUrl(PORTS.DEV_PG_PORT, 'tantou')), client: new Client({ connection }), traps };
  try {
    for (const [name, run] of CASES.filter(([name]) => !ONLY || name.includes(ONLY))) rows.push(...(await runCase(name, () => run(ctx))));
  } finally {
    await ctx.db.$disconnect().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await stopStack(stack);
  }
  printTable(['case', 'expected', 'observed', 'result'], rows.map((r) => [r.case, r.expected, r.observed, r.pass]));
  writeFileSync(path.join(DIR, 'chaos.json'), JSON.stringify({ at: new Date().toISOString(), quick: QUICK, sizes: SIZES, rows }, null, 2));
  log(`written ${path.join(DIR, 'chaos.json')}`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
