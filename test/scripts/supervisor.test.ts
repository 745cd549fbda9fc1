// The supervisor of `npm run dev` on a real child process: killed with SIGKILL, as a crash would.
import { once } from 'node:events';
import { alive, supervise, type ChildExit, type Supervised } from '../../scripts/supervisor';

// Short delays so the test does not wait long; the logic is the same as with the defaults.
const backoff = { firstMs: 50, maxMs: 200, stableAfterMs: 1500 };
const idle = ['-e', "console.log('up', process.pid); setInterval(() => {}, 1000)"];

let child: Supervised | undefined;
afterEach(() => child?.stop());

function start(lines: string[] = [], news: string[] = []): Supervised {
  child = supervise({ name: 'idle', command: process.execPath, args: idle, backoff, onLine: (l) => lines.push(l), log: (m) => news.push(m) });
  return child;
}

/** SIGKILLs the running child; resolves with its exit and the pid it is restarted as. */
async function crash(s: Supervised): Promise<{ exit: ChildExit; restartedAs: number | undefined }> {
  const pid = s.pid!;
  const exited = once(s.events, 'exit') as Promise<[ChildExit]>;
  const restarted = once(s.events, 'start') as Promise<[number | undefined]>;
  process.kill(pid, 'SIGKILL');
  const [[exit], [restartedAs]] = await Promise.all([exited, restarted]);
  return { exit, restartedAs };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
};

it('restarts a child killed with SIGKILL, says so, and passes its output on', async () => {
  const lines: string[] = [];
  const news: string[] = [];
  const s = start(lines, news);
  const first = s.pid!;
  await until(() => lines.includes(`up ${first}`));
  const { exit, restartedAs } = await crash(s);
  expect(exit).toMatchObject({ pid: first, signal: 'SIGKILL', restartInMs: 50, crashes: 1 });
  expect(restartedAs).toBeDefined();
  expect(restartedAs).not.toBe(first);
  expect(s.pid).toBe(restartedAs);
  expect(alive(restartedAs!)).toBe(true);
  expect(news).toEqual(['idle exited (SIGKILL); restarting in 0.05 s']);
  await until(() => lines.includes(`up ${restartedAs}`)); // the new child's output is passed on too
});

it('doubles the delay on each quick crash up to the cap, and resets it once the child stayed up', async () => {
  const news: string[] = [];
  const s = start([], news);
  const delays: (number | undefined)[] = [];
  for (let i = 0; i < 4; i++) delays.push((await crash(s)).exit.restartInMs);
  expect(delays).toEqual([50, 100, 200, 200]);
  expect(news.at(-1)).toMatch(/crash loop: 4 quick crashes in a row/);

  await once(s.events, 'stable');
  const after = await crash(s);
  expect(after.exit).toMatchObject({ restartInMs: 50, crashes: 1 });
});

it('stop() ends the child for good: no restart, and Ctrl-C order is kept by awaiting it', async () => {
  const s = start();
  const pid = s.pid!;
  const exited = once(s.events, 'exit') as Promise<[ChildExit]>;
  await s.stop();
  const [exit] = await exited;
  expect(exit).toMatchObject({ pid, signal: 'SIGTERM', crashes: 0 });
  expect(exit.restartInMs).toBeUndefined();
  expect(s.pid).toBeUndefined();
  expect(alive(pid)).toBe(false);
});

it('kill() (the supervisor itself exiting) SIGKILLs the child and does not restart it', async () => {
  const s = start();
  const exited = once(s.events, 'exit') as Promise<[ChildExit]>;
  s.kill();
  const [exit] = await exited;
  expect(exit).toMatchObject({ signal: 'SIGKILL', crashes: 0 });
  expect(exit.restartInMs).toBeUndefined();
});

it('treats a command that cannot start as a crash: logged, retried with backoff, and stop() still returns', async () => {
  const news: string[] = [];
  child = supervise({ name: 'missing', command: '/nonexistent/tantou-cmd', args: [], backoff, log: (m) => news.push(m) });
  const [first] = (await once(child.events, 'exit')) as [ChildExit];
  const [second] = (await once(child.events, 'exit')) as [ChildExit];
  expect([first.restartInMs, second.restartInMs]).toEqual([50, 100]);
  expect(news[0]).toMatch(/ENOENT/);
  await child.stop();
});
