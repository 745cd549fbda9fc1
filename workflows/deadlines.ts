import { condition } from '@temporalio/workflow';
import type { DeadlinePlan, Recipient } from '../domain/ladder';

/** One point of a deadline plan: the reminder (rung 0) or a rung after the deadline. */
export interface DeadlineEvent {
  rung: number;
  at: string;
  notify: Recipient[] | null;
}

export interface DeadlineWatch {
  /** read on every wake-up, so a new plan (an extension, a return) re-arms the timers */
  plan(): DeadlinePlan;
  /** true once the step is done: the watcher stops at once */
  done(): boolean;
  /** rungs of the current plan already fired (the reminder is 0) */
  fired(): readonly number[];
  fire(event: DeadlineEvent): Promise<void>;
}

const eventsOf = (plan: DeadlinePlan): DeadlineEvent[] => [
  ...(plan.remindAt ? [{ rung: 0, at: plan.remindAt, notify: null }] : []),
  ...plan.rungs,
];

/**
 * The reusable deadline watcher: sleeps to each pending event's instant under Temporal's clock and
 * fires it once; returns when the step is done or every event has fired. Pure workflow code.
 */
export async function watchDeadline(watch: DeadlineWatch): Promise<void> {
  for (;;) {
    if (watch.done()) return;
    const plan = watch.plan();
    const next = eventsOf(plan).find((e) => !watch.fired().includes(e.rung));
    if (!next) return;
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0) {
      const interrupted = await condition(() => watch.done() || watch.plan() !== plan, wait);
      if (interrupted) continue;
    }
    await watch.fire(next);
  }
}
