import { condition } from '@temporalio/workflow';
import type { Deadline, Recipient } from '../domain/ladder';

/** One point of a deadline: the reminder (rung 0) or a rung after it. */
export interface DeadlineEvent {
  rung: number;
  at: string;
  notify: Recipient[] | null;
}

export interface DeadlineWatch {
  /** read on every wake-up, so a new deadline (an extension, a return) re-arms the timers */
  deadline(): Deadline;
  /** true once the step is done: the watcher stops at once */
  done(): boolean;
  /** rungs of the current deadline already fired (the reminder is 0) */
  fired(): readonly number[];
  fire(event: DeadlineEvent): Promise<void>;
}

const eventsOf = (deadline: Deadline): DeadlineEvent[] => [
  ...(deadline.remindAt ? [{ rung: 0, at: deadline.remindAt, notify: null }] : []),
  ...deadline.rungs,
];

/**
 * The reusable deadline watcher: sleeps to each pending event's instant under Temporal's clock and
 * fires it once; returns when the step is done or every event has fired. Pure workflow code.
 */
export async function watchDeadline(watch: DeadlineWatch): Promise<void> {
  for (;;) {
    if (watch.done()) return;
    const deadline = watch.deadline();
    const next = eventsOf(deadline).find((e) => !watch.fired().includes(e.rung));
    if (!next) return;
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0) {
      const interrupted = await condition(() => watch.done() || watch.deadline() !== deadline, wait);
      if (interrupted) continue;
    }
    await watch.fire(next);
  }
}
