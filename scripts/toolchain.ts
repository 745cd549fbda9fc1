// Obtains the Temporal binaries the dev stack and the tests need, cached outside the repo in
// ${TANTOU_CACHE:-$HOME/.cache/tantou}. Built/resolved from package registries only (Go module proxy,
// Maven Central), because the SDK's own download needs GitHub/temporal.download. When a tool is
// missing, the functions return undefined and callers let the SDK download (works with internet).
// Chromium for the console's browser tests comes from Debian's packages (apt-get). CLI: `npm run
// toolchain` ensures all three and prints their paths.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1'; // newest tag without go.mod `replace`
const TEST_SERVER_VERSION = '1.38.0';

export const cacheDir = (): string => process.env.TANTOU_CACHE ?? path.join(os.homedir(), '.cache', 'tantou');

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const log = (msg: string): void => void process.stderr.write(`[toolchain] ${msg}\n`);

/** Runs a command with inherited stdio, printing a heartbeat so a long cold build does not look hung. */
function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; what: string }): Promise<void> {
  const started = Date.now();
  const beat = setInterval(() => log(`${opts.what}: still running (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${opts.what} failed: ${cmd} ${args.join(' ')} exited ${code ?? signal}`)),
    );
  }).finally(() => {
    clearInterval(beat);
    log(`${opts.what}: done in ${Math.round((Date.now() - started) / 1000)} s`);
  });
}

export async function temporalCliPath(): Promise<string | undefined> {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const bin = path.join(cacheDir(), 'bin');
  const cli = path.join(bin, 'temporal');
  if (existsSync(cli)) return cli;
  if (!onPath('go')) {
    log('go not found: the Temporal SDK will try to download the CLI itself');
    return undefined;
  }
  log(`building the Temporal CLI (go install ${TEMPORAL_CLI_MODULE}); 2-5 min the first time, cached in ${bin}`);
  await run('go', ['install', TEMPORAL_CLI_MODULE], { env: { ...process.env, GOBIN: bin }, what: 'go install temporal' });
  return cli;
}

export async function testServerPath(): Promise<string | undefined> {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!onPath('java') || !onPath('mvn')) {
    log('java or mvn not found: the Temporal SDK will try to download the test server itself');
    return undefined;
  }
  const dir = path.join(cacheDir(), 'test-server');
  mkdirSync(dir, { recursive: true });
  const pomChanged = writeIfChanged(path.join(dir, 'pom.xml'), pom());
  const cp = path.join(dir, 'cp.txt');
  // Re-resolve when the version changed, or cp.txt is missing or names jars that are gone (~/.m2 cleaned).
  if (pomChanged || !existsSync(cp) || !readFileSync(cp, 'utf8').trim().split(':').every(existsSync)) {
    log(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven into ${dir}`);
    await run('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${cp}.tmp`], { cwd: dir, what: 'mvn classpath' });
    renameSync(`${cp}.tmp`, cp); // atomic: an interrupted run never leaves a partial cp.txt
  }
  const exe = path.join(dir, 'temporal-test-server');
  writeIfChanged(exe, `#!/bin/sh\nexec java -cp "$(cat '${cp}')" io.temporal.testserver.TestServer "$@"\n`, 0o755);
  return exe;
}

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium for the browser tests (Playwright's own download is outside the registries), with
 * the CJK fonts without which Chinese renders as boxes in screenshots. Installed only where that is
 * ours to do (root on Debian, e.g. CI on a new machine); elsewhere undefined and the caller says so.
 */
export async function chromiumPath(): Promise<string | undefined> {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
    log(`${CHROMIUM} not found: install Chromium and fonts-noto-cjk (Debian: apt-get install -y chromium fonts-noto-cjk)`);
    return undefined;
  }
  log('installing Chromium and fonts-noto-cjk with apt-get (about 20 s)');
  await run('sh', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk'], { what: 'apt-get install chromium' });
  return CHROMIUM;
}

const pom = (): string => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tantou</groupId><artifactId>test-server-classpath</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${TEST_SERVER_VERSION}</version></dependency>
    <!-- binds the server's slf4j-api 1.7 to a no-op logger: silences SLF4J's "no binding" warning on every start -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
`;

function writeIfChanged(file: string, content: string, mode = 0o644): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  writeFileSync(file, content, { mode });
  return true;
}

if (require.main === module) {
  (async () => {
    console.log(`temporal CLI:         ${(await temporalCliPath()) ?? '(none: SDK download)'}`);
    console.log(`temporal test server: ${(await testServerPath()) ?? '(none: SDK download)'}`);
    console.log(`chromium:             ${(await chromiumPath()) ?? '(none: browser tests cannot run)'}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
