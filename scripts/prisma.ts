// Runs the Prisma CLI offline (see prisma.config.ts): engines are never downloaded, the WASM schema
// engine talks to PostgreSQL through @prisma/adapter-pg.
// CLI: `npm run prisma -- <args>` passes <args> to prisma with DATABASE_URL (default: `npm run dev`'s db).
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const LOCAL_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:55432/tantou';
const PRISMA_BIN = path.join(ROOT, 'node_modules', '.bin', 'prisma');

export function prismaEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const anyFile = path.join(ROOT, 'package.json'); // an existing "engine" stops the CLI downloading one
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_QUERY_ENGINE_LIBRARY: anyFile,
    PRISMA_SCHEMA_ENGINE_BINARY: anyFile,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
}

/**
 * Runs prisma; resolves with its exit code. `quiet` captures the output and prints it only when the
 * exit code is not in `okCodes` (so passing runs stay silent inside test setup).
 */
export function runPrisma(
  args: string[],
  databaseUrl: string,
  opts: { quiet?: boolean; okCodes?: number[] } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PRISMA_BIN, args, {
      cwd: ROOT,
      env: prismaEnv(databaseUrl),
      stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      const code = exitCode ?? 128; // killed by a signal
      if (opts.quiet && !(opts.okCodes ?? [0]).includes(code)) process.stderr.write(output);
      resolve({ code, output });
    });
  });
}

async function mustRun(args: string[], databaseUrl: string, quiet = true): Promise<void> {
  const { code } = await runPrisma(args, databaseUrl, { quiet });
  if (code !== 0) throw new Error(`prisma ${args.join(' ')} failed (exit ${code})`);
}

export const migrateDeploy = (databaseUrl: string): Promise<void> => mustRun(['migrate', 'deploy'], databaseUrl);

// `generate` needs no DATABASE_URL (checked with 6.19.3); prismaEnv supplies the engine overrides.
export const generateClient = (): Promise<void> =>
  mustRun(['generate'], process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);

if (require.main === module) {
  runPrisma(process.argv.slice(2), process.env.DATABASE_URL ?? LOCAL_DATABASE_URL).then(
    ({ code }) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
