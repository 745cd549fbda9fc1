// `npm test`: the one test command (CI runs exactly this). Generates the Prisma client, type-checks
// (the root and web/), lints (eslint.config.mjs), builds the console when web/ changed, then runs jest; jest's globalSetup provides Temporal binaries and PostgreSQL and checks migration
// drift. Extra arguments go to jest: `npm test -- test/unit -t name`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jestConfig from '../jest.config';
import { ROOT, generateClient } from './prisma';
import { buildCommand, consoleIsStale, typecheckCommand } from './web';

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' });
    // Pass a stop request on (e.g. a CI timeout signalling only this process) and wait for the child
    // to clean up, instead of dying and leaving it running.
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

// Generating rewrites node_modules/.prisma while other runs may read it: only when the schema changed.
function clientIsStale(): boolean {
  const generated = path.join(ROOT, 'node_modules', '.prisma', 'client', 'schema.prisma');
  const schema = readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
  return !existsSync(generated) || readFileSync(generated, 'utf8') !== schema;
}

const RESULTS = path.join(os.tmpdir(), `tantou-jest-${process.pid}.json`);

async function main(): Promise<number> {
  if (clientIsStale()) {
    console.log('> prisma generate');
    await generateClient();
  }
  console.log('> tsc --noEmit -p .');
  if ((await run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', '.'])) !== 0) return 1;
  console.log('> tsc --noEmit -p web');
  if ((await run(...typecheckCommand)) !== 0) return 1;
  console.log('> eslint .');
  // no --cache: type-aware rules read other files' types, which a per-file cache does not track
  if ((await run(path.join(ROOT, 'node_modules', '.bin', 'eslint'), ['.'])) !== 0) return 1;
  // the browser tests open the built console; a build takes ~10 s, so only when web/ changed
  if (consoleIsStale()) {
    console.log('> vite build (web/ → web/dist)');
    if ((await run(...buildCommand)) !== 0) return 1;
  }
  console.log('> jest');
  // jest 29 reads jest.config.ts only through ts-node: hand it the config as JSON instead.
  return run(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(jestConfig), '--json', `--outputFile=${RESULTS}`, ...process.argv.slice(2)]);
}

/** The plain closing line CI reads: `N passed, N failed` (and skipped), from jest's own JSON report. */
function printCounts(file: string): void {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
  };
  rmSync(file);
  // the failures again at the very end, where a reader of a long log looks first
  for (const suite of r.testResults)
    for (const t of suite.assertionResults) if (t.status === 'failed') console.log(`failed: ${path.relative(process.cwd(), suite.name)} › ${t.fullName}`);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
}

const started = Date.now();
void main()
  .catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  })
  .then((code) => {
    console.log(`npm test: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    printCounts(RESULTS);
    process.exit(code);
  });
