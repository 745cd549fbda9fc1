// Keeps one child process of `npm run dev` running: a child that dies is started again after a
// delay that doubles with each quick crash, up to a cap (a crash loop shows in the log every few
// seconds instead of spinning a core), and falls back to the first delay once the child has stayed
// up for a while. stop() ends it for good (SIGTERM, then SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import readline from 'node:readline';

export interface Backoff {
  /** delay before the first restart, and again after the child was stable */
  firstMs: number;
  /** the delay never grows past this */
  maxMs: number;
  /** up this long without dying: the child counts as stable and the delay resets */
  stableAfterMs: number;
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, maxMs: 30_000, stableAfterMs: 30_000 };

export interface SupervisedSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  backoff?: Backoff;
  /** each line the child prints; default: prefixed with `[name]` on stdout */
  onLine?: (line: string) => void;
  /** the supervisor's own news (exits, restarts); default: `[dev] …` on stderr */
  log?: (message: string) => void;
}

/** What happened to one run of the child; `restartInMs` is undefined when it was stopped on purpose. */
export interface ChildExit {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  restartInMs?: number;
  /** quick crashes in a row, this one included (0 when stopped on purpose) */
  crashes: number;
}

export interface Supervised {
  readonly name: string;
  /** pid of the running child, undefined between a crash and its restart */
  readonly pid: number | undefined;
  /** events: `start` (pid), `stable` (pid), `exit` (ChildExit) */
  readonly events: EventEmitter<{ start: [number | undefined]; stable: [number | undefined]; exit: [ChildExit] }>;
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once, no restart: for a supervisor that is exiting anyway */
  kill(): void;
}

/** Starts `spec` in a process group of its own (Ctrl-C reaches only the supervisor, which stops it in order). */
export function supervise(spec: SupervisedSpec): Supervised {
  const backoff = spec.backoff ?? DEFAULT_BACKOFF;
  const log = spec.log ?? ((m: string) => console.error(`[dev] ${m}`));
  const onLine = spec.onLine ?? ((l: string) => console.log(`[${spec.name}] ${l}`));
  const events: Supervised['events'] = new EventEmitter();
  let child: ChildProcess | undefined;
  let stopped = false;
  let crashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = () => {
    restartTimer = undefined;
    const run = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = run;
    for (const stream of [run.stdout, run.stderr]) readline.createInterface({ input: stream }).on('line', onLine);
    const stable = setTimeout(() => {
      crashes = 0;
      events.emit('stable', run.pid);
    }, backoff.stableAfterMs);
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      clearTimeout(stable);
      child = undefined;
      if (stopped) return events.emit('exit', { pid: run.pid, code, signal, crashes: 0 });
      crashes += 1;
      const restartInMs = Math.min(backoff.firstMs * 2 ** (crashes - 1), backoff.maxMs);
      const loop = restartInMs === backoff.maxMs ? ` (crash loop: ${crashes} quick crashes in a row)` : '';
      const how = signal ?? (code === null ? 'did not start' : `code ${code}`);
      log(`${spec.name} exited (${how}); restarting in ${restartInMs / 1000} s${loop}`);
      events.emit('exit', { pid: run.pid, code, signal, restartInMs, crashes });
      restartTimer = setTimeout(start, restartInMs);
    };
    run.on('exit', end);
    run.on('error', (e) => {
      log(`${spec.name}: ${e.message}`);
      if (run.pid === undefined) end(null, null); // could not start at all (ENOENT…): no 'exit' follows
    });
    events.emit('start', run.pid);
  };

  start();
  return {
    name: spec.name,
    get pid() {
      return child?.pid;
    },
    events,
    kill: () => {
      stopped = true;
      clearTimeout(restartTimer);
      child?.kill('SIGKILL');
    },
    stop: (graceMs = 10_000) => {
      stopped = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const kill = setTimeout(() => running.kill('SIGKILL'), graceMs);
        running.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        running.kill('SIGTERM');
      });
    },
  };
}
