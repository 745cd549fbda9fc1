// The web console (web/): type-checked with its own tsconfig and built by Vite into web/dist, which the
// API serves at /console/ (api/console.ts). `npm run build:web` builds it; `npm test` builds it when
// web/ or the lockfile changed since the last build; `npm run dev` keeps a `vite build --watch` running.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './prisma';

export const WEB = path.join(ROOT, 'web');
const BIN = path.join(ROOT, 'node_modules', '.bin');

/** tsc over web/ (DOM and JSX settings of its own, so the root `tsc -p .` leaves it alone). */
export const typecheckCommand: [string, string[]] = [path.join(BIN, 'tsc'), ['--noEmit', '-p', WEB]];
/** vite build of web/ into web/dist (add `--watch` to rebuild on every change). */
export const buildCommand: [string, string[]] = [path.join(BIN, 'vite'), ['build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn']];

const newestMtime = (p: string): number => {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
};

/** web/dist is missing or older than a source of it (web/ outside dist, the lockfile's versions). */
export function consoleIsStale(): boolean {
  const built = path.join(WEB, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = [...readdirSync(WEB).filter((name) => name !== 'dist').map((name) => path.join(WEB, name)), path.join(ROOT, 'package-lock.json')];
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

if (require.main === module) {
  for (const [cmd, args] of [typecheckCommand, buildCommand]) {
    const { status } = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
    if (status !== 0) process.exit(status ?? 1);
  }
  console.log(`console built into ${path.relative(ROOT, path.join(WEB, 'dist'))}`);
}
