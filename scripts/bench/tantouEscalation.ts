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

/** Where an escalation's time went after its timer fired, each from the unit workflow's history, in ms. */
export interface EscalationPath {
  /** TimerFired minus the instant the timer was planned for: the part spent before the server fired it */
  timerLag: number;
  /** TimerFired → the workflow task that handles it started on the worker */
  toWorkflowTask: number;
  /** that workflow task, started → completed (the sendEmail activity scheduled) */
  workflowTask: number;
  /** sendEmail scheduled → started on the worker */
  toActivity: number;
  /** sendEmail started → completed (its queries and the SMTP exchange) */
  activity: number;
}

/**
 * For a sample of the campaign's escalations, the path of each as its unit workflow's history
 * records it: the timer's lag, then the workflow task and the sendEmail activity that followed.
 */
export async function escalationPaths(client: Client, db: Db, campaignId: string, sample = 100): Promise<EscalationPath[]> {
  const rows = await db.emailOutbox.findMany({ where: escalationsOf(campaignId), select: { workflowId: true, dueAt: true }, take: sample });
  const paths: EscalationPath[] = [];
  for (let i = 0; i < rows.length; i += 5) {
    const page = rows.slice(i, i + 5); // a few histories at a time: the server serves the stack too
    paths.push(...(await Promise.all(page.map((r) => escalationPathOf(client, r.workflowId, r.dueAt!.getTime())))));
  }
  return paths;
}

async function escalationPathOf(client: Client, workflowId: string, dueMs: number): Promise<EscalationPath> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const at = (i: number) => tsToMs(events[i].eventTime);
  const planned = new Map<number, number>(); // TimerStarted's event id → its planned fire instant
  const fired: { planned: number; index: number }[] = [];
  events.forEach((e, index) => {
    const started = e.timerStartedEventAttributes;
    if (started) planned.set(Number(e.eventId), tsToMs(e.eventTime) + tsToMs(started.startToFireTimeout));
    const done = e.timerFiredEventAttributes;
    if (done) fired.push({ planned: planned.get(Number(done.startedEventId))!, index });
  });
  // the escalation's timer: of those that fired, the one planned nearest the rung's instant
  const timer = fired.sort((a, b) => Math.abs(a.planned - dueMs) - Math.abs(b.planned - dueMs))[0];
  if (!timer) throw new Error(`${workflowId}: no timer fired`);
  const after = (from: number, is: (e: (typeof events)[number]) => unknown) => {
    const i = events.findIndex((e, j) => j > from && is(e));
    if (i < 0) throw new Error(`${workflowId}: the escalation's path ends after event ${from + 1}`);
    return i;
  };
  const taskStarted = after(timer.index, (e) => e.workflowTaskStartedEventAttributes);
  const taskCompleted = after(taskStarted, (e) => e.workflowTaskCompletedEventAttributes);
  const scheduled = after(taskCompleted, (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendEmail');
  const activityStarted = after(scheduled, (e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === scheduled + 1);
  const activityCompleted = after(activityStarted, (e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === scheduled + 1);
  return {
    timerLag: at(timer.index) - timer.planned,
    toWorkflowTask: at(taskStarted) - at(timer.index),
    workflowTask: at(taskCompleted) - at(taskStarted),
    toActivity: at(activityStarted) - at(scheduled),
    activity: at(activityCompleted) - at(activityStarted),
  };
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
