// B2 (a campaign of thousands of units fans out completely, every run's history short) and B4 (the
// worker's memory: idle, after B2, and through a soak with the fanned-out units asleep) for `npm run bench`.
import { readFileSync, readdirSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { stackPid } from './tantouEscalation';
import { sleep, type Db, type Stack } from './stack';

/** Resident memory of the stack's worker process, in MB (Linux /proc). */
export function workerRssMb(stack: Stack): number {
  const pid = stackPid(stack, 'worker');
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!rss) throw new Error(`no VmRSS for the worker (pid ${pid})`);
  return Number(rss) / 1024;
}

export interface Spread {
  units: number;
  /** unit inspection workflows Temporal lists for the campaign, and projection rows */
  listed: number;
  projected: number;
  /** the longest run of the campaign, and of a sample of its unit inspections, in history events */
  campaignEvents: number;
  unitEvents: number;
}

const UNIT_SAMPLE = 100;

/** What B2 checks once a fan-out is done: every unit there once, and no run's history near Temporal's limit. */
export async function spreadOf(client: Client, db: Db, campaignId: string, units: number): Promise<Spread> {
  const [listed, projected] = await Promise.all([
    client.workflow.count(`TantouCampaign = '${campaignId}' AND TantouKind = 'unitInspection'`),
    db.unitInspection.count({ where: { campaignId } }),
  ]);
  // every run of the campaign (it continues as new) and a sample of its units, described: a listing
  // carries no history length for a running workflow
  const runs: { workflowId: string; runId: string }[] = [];
  const sample: { workflowId: string; runId: string }[] = [];
  for await (const w of client.workflow.list({ query: `TantouCampaign = '${campaignId}'`, pageSize: 1000 })) {
    if (w.type === 'campaign') runs.push(w);
    else if (sample.length < UNIT_SAMPLE) sample.push(w);
  }
  const longest = async (ws: typeof runs) =>
    Math.max(0, ...(await Promise.all(ws.map(async (w) => (await client.workflow.getHandle(w.workflowId, w.runId).describe()).historyLength))));
  return { units, listed: listed.count, projected, campaignEvents: await longest(runs), unitEvents: await longest(sample) };
}

/** B4's soak: the worker's RSS sampled every 5 s for `seconds`; its highest, and last minus first. */
export async function soak(stack: Stack, seconds: number): Promise<{ maxMb: number; growthMb: number }> {
  const samples: number[] = [];
  for (const end = Date.now() + seconds * 1000; Date.now() < end; await sleep(5_000)) samples.push(workerRssMb(stack));
  samples.push(workerRssMb(stack));
  return { maxMb: Math.max(...samples), growthMb: samples[samples.length - 1] - samples[0] };
}

const TICKS_PER_S = 100; // Linux USER_HZ

/** CPU seconds (user + system) used so far by the stack's Temporal server, worker, API and every PostgreSQL process. */
export function cpuSeconds(stack: Stack): Record<'temporal' | 'worker' | 'api' | 'postgres', number> {
  // a process that ended meanwhile reads as empty
  const read = (p: string | number, file: string) => {
    try {
      return readFileSync(`/proc/${p}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  // fields after the command name: state, ppid, … utime (12th), stime (13th)
  const statOf = (p: string | number) => read(p, 'stat').split(') ')[1]?.split(' ') ?? [];
  const of = (pid: number | string | undefined) => {
    const fields = pid ? statOf(pid) : [];
    return fields.length ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S : 0;
  };
  // the postmaster (its command line names the stack's data folder) and its children, the backends
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && read(p, 'comm').trim() === 'postgres');
  const postmaster = pids.find((p) => read(p, 'cmdline').includes(stack.dir));
  const postgres = pids.filter((p) => p === postmaster || statOf(p)[1] === postmaster);
  return {
    temporal: of(stackPid(stack, 'temporal')),
    worker: of(stackPid(stack, 'worker')),
    api: of(stackPid(stack, 'api')),
    postgres: postgres.reduce((sum, p) => sum + of(p), 0),
  };
}
