import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Deadline } from '../../domain/ladder';

/** A year of the calendar in force changed: entered for the first time, or amended (its version). */
export interface CalendarChange {
  year: number;
  version: number;
  kind: 'entered' | 'amended';
}

/**
 * Sent by the calendarChange workflow to every running process: one parked on the year plans its
 * deadline and goes on; one with a running deadline re-plans it from its rule. A signal, not an
 * update: nobody waits for the answer, and each process takes one (year, version) once.
 */
export const calendarChangedSignal = defineSignal<[CalendarChange]>('calendarChanged');

/** The deadlines a process is watching now, for a dry run to say which an amendment would move. */
export const watchedDeadlinesQuery = defineQuery<Deadline[]>('watchedDeadlines');

export const calendarChangeWorkflowId = (change: Pick<CalendarChange, 'year' | 'version'>) => `calendar/${change.year}/v${change.version}`;

export interface CalendarChangeResult {
  signalled: number;
  holidaySweep: string;
}
