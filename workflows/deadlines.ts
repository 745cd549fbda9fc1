import { condition } from '@temporalio/workflow';
import type { Deadline, Recipient } from '../domain/ladder';
import { replanOnChange, type CalendarChanges } from './calendar';
import type { CalendarChange } from './messages';

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
  /**
   * The process's calendar changes and how it installs a re-planned deadline (its view, its events):
   * on a change the watcher re-plans the deadline from its rule and re-arms on the new instants.
   * Rungs already fired stay fired (by number), so none fires twice.
   */
  calendar?: { changes: CalendarChanges; replanned: (next: Deadline, change: CalendarChange) => Promise<void> };
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
    if (watch.calendar?.changes.pending()) {
      await replanOnChange(watch.calendar.changes, deadline, watch.calendar.replanned);
      continue;
    }
    const next = eventsOf(deadline).find((e) => !watch.fired().includes(e.rung));
    if (!next) return;
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0) {
      const interrupted = await condition(() => watch.done() || watch.deadline() !== deadline || !!watch.calendar?.changes.pending(), wait);
      if (interrupted) continue;
    }
    await watch.fire(next);
  }
}
