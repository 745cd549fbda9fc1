// tantou's escalation as `npm run bench` looks at it beyond B3's arrival lag: the timer lag as Temporal
// records it (B3), and B3 again with the worker killed mid-run, counting what arrived twice (B6's
// tantou side, printed beside the cron baseline of scripts/bench/cronEscalation.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { duplicatesAtSink, sinkLog, until, type Db, type Stack } from './stack';

/** The escalation emails of a campaign: one per unit inspection, its rung at the deadline. */
const escalationsOf = (campaignId: string) => ({ workflowId: { startsWith: `campaign/${campaignId}/unit/` }, kind: 'inspection_overdue' });

/**
 * For a sample of the campaign's escalations, the timer behind each as its unit workflow's history
 * records it: TimerFired's time minus the instant the timer was planned for (TimerStarted's time plus
 * its startToFireTimeout), in ms: the part of B3's lag spent before the server fired the timer.
 */
export async function timerLags(client: Client, db: Db, campaignId: string, sample = 100): Promise<number[]> {
  const rows = await db.emailOutbox.findMany({ where: escalationsOf(campaignId), select: { workflowId: true, dueAt: true }, take: sample });
  const lags: number[] = [];
  for (let i = 0; i < rows.length; i += 5) {
    const page = rows.slice(i, i + 5); // a few histories at a time: the server serves the stack too
    lags.push(...(await Promise.all(page.map((r) => timerLagOf(client, r.workflowId, r.dueAt!.getTime())))));
  }
  return lags;
}

async function timerLagOf(client: Client, workflowId: string, dueMs: number): Promise<number> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const planned = new Map<number, number>(); // TimerStarted's event id → its planned fire instant
  const fired: { planned: number; at: number }[] = [];
  for (const e of events) {
    const started = e.timerStartedEventAttributes;
    if (started) planned.set(Number(e.eventId), tsToMs(e.eventTime) + tsToMs(started.startToFireTimeout));
    const done = e.timerFiredEventAttributes;
    if (done) fired.push({ planned: planned.get(Number(done.startedEventId))!, at: tsToMs(e.eventTime) });
  }
  // the escalation's timer: of those that fired, the one planned nearest the rung's instant
  const timer = fired.sort((a, b) => Math.abs(a.planned - dueMs) - Math.abs(b.planned - dueMs))[0];
  if (!timer) throw new Error(`${workflowId}: no timer fired`);
  return timer.at - timer.planned;
}

/** A supervised child's pid as scripts/dev.ts last wrote it to <DEV_DATA_DIR>/pids.json. */
export const stackPid = (stack: Stack, name: 'worker' | 'api' | 'temporal'): number | undefined =>
  (JSON.parse(readFileSync(path.join(stack.dir, 'pids.json'), 'utf8')) as Record<string, number | undefined>)[name];

export interface KilledRun {
  /** planned instant → first arrival at the sink, s */
  lags: number[];
  /** escalations that arrived more than once, and the extra copies */
  duplicates: { ids: number; extra: number };
  /** the mails at the sink when the process was killed */
  killedAt: number;
}

/**
 * B3 with the worker killed: a campaign whose every unit falls due at `due` (`launch` returns once
 * its fan-out is done), and once a quarter of its escalations are at the sink, `kill -9` of the
 * worker (the dev supervisor starts it again). `lagsOf` waits for every escalation, as B3 does.
 */
export async function escalationWithWorkerKilled(
  stack: Stack,
  db: Db,
  opts: { units: number; due: Date; boundMs: number },
  launch: (due: Date) => Promise<string>,
  lagsOf: (campaignId: string) => Promise<number[]>,
): Promise<KilledRun> {
  const campaignId = await launch(opts.due);
  if (Date.now() >= opts.due.getTime()) throw new Error('B6: the fan-out outlasted the lead time; raise escalationLeadS');
  const killedAt = await until(
    'a quarter of the escalations at the sink',
    async () => {
      const arrived = sinkLog(stack).filter((m) => m.receivedAt >= opts.due.getTime()).length;
      return arrived >= opts.units / 4 && arrived;
    },
    opts.boundMs,
  );
  process.kill(stackPid(stack, 'worker')!, 'SIGKILL');
  const lags = await lagsOf(campaignId);
  const sent = await db.emailOutbox.findMany({ where: escalationsOf(campaignId), select: { messageId: true } });
  return { lags, duplicates: duplicatesAtSink(stack, sent.map((r) => r.messageId)), killedAt };
}
