// The faults `npm run chaos` injects into its stack, and what it counts afterwards: a supervised child
// killed with SIGKILL (scripts/dev.ts restarts it), a mail held inside the SMTP exchange while the
// worker sending it is killed, and the unit inspection workflows Temporal's visibility lists.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../../config';
import { SEARCH_ATTRIBUTES } from '../../domain/searchAttributes';
import { PROCESS_KINDS } from '../../workflows/searchAttributes';
import type { AcceptHooks, ReceivedMail } from '../mailSink';
import { childPid, until, type Stack } from '../bench/stack';
import { alive } from '../supervisor';

/** SIGKILL to a supervised child; resolves once it is gone (its supervisor restarts it on its own). */
export async function killChild(stack: Stack, name: 'worker' | 'temporal'): Promise<number> {
  const pid = await childPid(stack, name);
  process.kill(pid, 'SIGKILL');
  await until(`${name} ${pid} gone`, async () => !alive(pid), 10_000);
  return pid;
}

/** Resolves once a new run of the child is up (a pid other than `killed`). */
export const restarted = (stack: Stack, name: 'worker' | 'temporal', killed: number) =>
  until(`${name} restarted`, async () => {
    const pid = await childPid(stack, name);
    return pid !== killed && pid;
  }, 60_000);

/**
 * Resolves once the worker's new run polls its workflow task queue (the SDK's identity is
 * `<pid>@<host>`): before that, an update the API sends waits for it and answers 503 after its bound.
 */
export async function workerBack(stack: Stack, client: Client, killed: number): Promise<void> {
  const pid = await restarted(stack, 'worker', killed);
  await until('the worker polling', async () => {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: loadConfig({ DATABASE_URL: 'postgresql://unused/db' }).TEMPORAL_TASK_QUEUE },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return pollers?.some((p) => p.identity?.startsWith(`${pid}@`));
  }, 120_000);
}

/** Every unit inspection workflow of a campaign that visibility lists (every run, open or closed). */
export async function unitWorkflows(client: Client, campaignId: string): Promise<{ runs: number; ids: number }> {
  const query = `${SEARCH_ATTRIBUTES.campaign.name} = '${campaignId}' AND ${SEARCH_ATTRIBUTES.kind.name} = '${PROCESS_KINDS.unitInspection}'`;
  const ids = new Set<string>();
  let runs = 0;
  for await (const wf of client.workflow.list({ query })) {
    runs += 1;
    ids.add(wf.workflowId);
  }
  return { runs, ids: ids.size };
}

/**
 * A trap at the SMTP sink: it holds the mails it matches until `want` of them are inside the exchange
 * (or `holdMs` passed), then kills the worker sending them, either before the 250 (the mails are
 * refused, kept nowhere) or right after it (kept, but the worker dies before it marks them sent).
 */
export interface Trap {
  match: (m: ReceivedMail) => boolean;
  want: number;
  when: 'before' | 'after';
  holdMs: number;
}

export interface Sprung {
  /** mails inside the exchange when the worker was killed */
  held: number;
  pid: number;
}

export function mailTraps(stack: () => Stack) {
  let armed: { trap: Trap; held: ((accept: boolean) => void)[]; spring: () => void; pid: number; kept: number; /** set by a 'before' trap from the kill until the worker is gone */ killing?: boolean; done: (s: Sprung) => void } | undefined;

  const spring = async () => {
    const a = armed!;
    if (a.trap.when === 'before') {
      a.killing = true;
      process.kill(a.pid, 'SIGKILL');
      await until('the worker gone', async () => !alive(a.pid), 10_000);
      armed = undefined;
      a.held.forEach((answer) => answer(false));
    } else if (a.held.length) {
      a.held.forEach((answer) => answer(true)); // each 250 goes out; afterAccept kills at the last
    } else {
      armed = undefined;
      a.done({ held: 0, pid: a.pid });
    }
  };

  const hooks: AcceptHooks = {
    beforeAccept: (mail) => {
      const a = armed;
      if (!a || !a.trap.match(mail)) return Promise.resolve(true);
      // a further attempt (a retry of a held mail whose socket timed out): before the 250 it is refused
      // too, until the worker is gone; accepted, it could be the residual of the other case, not this one's
      if (a.killing || a.held.length >= a.trap.want) return Promise.resolve(a.trap.when === 'after');
      return new Promise((resolve) => {
        a.held.push(resolve);
        if (a.held.length === a.trap.want) a.spring();
      });
    },
    afterAccept: (mail) => {
      const a = armed;
      if (!a || a.trap.when !== 'after' || !a.trap.match(mail)) return;
      a.kept += 1;
      if (a.kept < a.held.length) return;
      armed = undefined;
      process.kill(a.pid, 'SIGKILL'); // in the same tick as the 250s: before the worker can mark a row sent
      a.done({ held: a.held.length, pid: a.pid });
    },
  };

  /** Resolves once armed (the worker's pid known), with the promise of the trap springing. */
  const arm = async (trap: Trap): Promise<{ sprung: Promise<Sprung> }> => {
    const pid = await childPid(stack(), 'worker');
    const sprung = new Promise<Sprung>((done) => {
      let sprung = false;
      const once = () => {
        if (sprung) return;
        sprung = true;
        clearTimeout(timer);
        const held = armed!.held.length;
        void spring().then(() => trap.when === 'before' && done({ held, pid }));
      };
      const timer = setTimeout(once, trap.holdMs);
      armed = { trap, held: [], spring: once, pid, kept: 0, done };
    });
    return { sprung };
  };
  return { hooks, arm };
}
