import type { Duration } from '@temporalio/common';
import { condition, patched, setHandler } from '@temporalio/workflow';
import type { Planned } from '../activities/calendar';
import type { Deadline } from '../domain/ladder';
import type { DeadlineWatch } from './deadlines';
import { calendarChangedSignal, watchedDeadlinesQuery, type CalendarChange } from './messages';
import { activities } from './proxies';

/** Histories recorded before processes heard of calendar changes (none of them received one). */
export const CALENDAR_CHANGES = 'calendar-changes';

/** A process's ear for calendar changes: each (year, version) counts once however often it is sent. */
export interface CalendarChanges {
  /** a change not yet taken, which `take` marks as taken */
  pending(): boolean;
  take(): CalendarChange | undefined;
  /** waits for a change until `timeout` or `unless` holds, and takes it; true if one came */
  next(timeout: Duration, unless?: () => boolean): Promise<boolean>;
}

/**
 * Registers the process's calendarChanged signal and watchedDeadlines query (what it watches now,
 * read through `watched`), once per workflow, before its first await.
 */
export function calendarChangesOf(watched: () => (Deadline | undefined)[]): CalendarChanges {
  const seen = new Set<string>();
  const queue: CalendarChange[] = [];
  setHandler(calendarChangedSignal, (change) => {
    const key = `${change.year}/v${change.version}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(change);
  });
  setHandler(watchedDeadlinesQuery, () => watched().filter((d): d is Deadline => d !== undefined));
  return {
    pending: () => queue.length > 0,
    take: () => queue.shift(),
    next: async (timeout, unless = () => false) => (await condition(() => queue.length > 0 || unless(), timeout)) && queue.shift() !== undefined,
  };
}

/**
 * One change taken, the deadline re-planned on the calendar now in force (passed instants stay);
 * `replanned` installs it when something moved. Returns whether it did.
 */
export async function replanOnChange(changes: CalendarChanges, deadline: Deadline, replanned: (next: Deadline, change: CalendarChange) => Promise<void>): Promise<boolean> {
  const change = changes.take();
  if (!change || !patched(CALENDAR_CHANGES)) return false;
  const { moved, deadline: next } = await activities.replanDeadline({ deadline, now: new Date(Date.now()).toISOString() });
  if (moved) await replanned(next, change);
  return moved;
}

/** What a re-plan's event and audit entry say: the change that moved the deadline, from and to. */
export const replannedDetail = (change: CalendarChange, from: Deadline, to: Deadline) => ({
  year: change.year,
  version: change.version,
  from: from.deadlineAt,
  to: to.deadlineAt,
});

/**
 * `changes` as a watcher takes them, each handed on once more (`later`) for a second deadline of the
 * process that no watcher holds: a campaign's submission deadline, re-planned before its units start.
 * Once no watcher is `watching`, `later` takes the changes directly.
 */
export function handedOn(changes: CalendarChanges, watching: () => boolean): { changes: CalendarChanges; later: CalendarChanges } {
  const kept: CalendarChange[] = [];
  const nextOf = (c: Pick<CalendarChanges, 'pending' | 'take'>): CalendarChanges['next'] => async (timeout, unless = () => false) =>
    (await condition(() => c.pending() || unless(), timeout)) && c.take() !== undefined;
  const take = () => {
    const change = changes.take();
    if (change) kept.push(change);
    return change;
  };
  const first = { pending: () => changes.pending(), take };
  const later = {
    pending: () => kept.length > 0 || (!watching() && changes.pending()),
    take: () => kept.shift() ?? (watching() ? undefined : changes.take()),
  };
  return { changes: { ...first, next: nextOf(first) }, later: { ...later, next: nextOf(later) } };
}

/**
 * Histories recorded when a routine run or rota turn planned on a year without data told the group
 * and ended (test/histories/versioning/park-on-missing-calendar): such a process now parks instead.
 */
export const PARK_ON_MISSING_CALENDAR = 'park-on-missing-calendar';

/**
 * A process parked on a year without data, already told: plans again on each calendar change (the
 * year entered, within moments) and daily besides (a change it never heard of), until `plan` answers
 * a deadline, or `unless` holds (then undefined). Each change is taken once, so it resumes once.
 */
export async function planOnceKnown(changes: CalendarChanges, plan: () => Promise<Planned>, unless: () => boolean = () => false): Promise<Deadline | undefined> {
  for (;;) {
    await changes.next('1 day', unless);
    if (unless()) return undefined;
    const planned = await plan();
    if (planned.ok) return planned.plan;
  }
}

/**
 * A routine run or rota turn without a deadline: `tell` says so once, then it parks until `plan`
 * answers one, opens its view with it and records `resumed`. Undefined for a run of the code before
 * PARK_ON_MISSING_CALENDAR, which ended there.
 */
export async function parkUntilPlanned(park: {
  changes: CalendarChanges;
  plan: () => Promise<Planned>;
  view: { state: string; deadlineAt: string | null; missingYear?: number };
  tell: () => Promise<void>;
  resumed: () => Promise<void>;
}): Promise<Deadline | undefined> {
  await park.tell();
  if (!patched(PARK_ON_MISSING_CALENDAR)) return undefined;
  const deadline = (await planOnceKnown(park.changes, park.plan))!;
  Object.assign(park.view, { state: 'open', deadlineAt: deadline.deadlineAt, missingYear: undefined });
  await park.resumed();
  return deadline;
}

/** What a process's events and audit log say of a deadline a calendar change moved. */
export interface ReplannedDetail {
  year: number;
  version: number;
  from: string;
  to: string;
  [key: string]: string | number;
}

/**
 * A watcher's `replanned` for a process: `install` puts the new deadline in its variable and view
 * (rungs fired and outbox keys stay), `record` writes its `deadline_replanned` event.
 */
export const replannedBy =
  (current: () => Deadline, install: (next: Deadline) => void, record: (detail: ReplannedDetail) => Promise<void>) =>
  async (next: Deadline, change: CalendarChange): Promise<void> => {
    const detail = replannedDetail(change, current(), next);
    install(next);
    await record(detail);
  };

/**
 * A watcher's calendar for a process that re-plans on calendar changes only from `patch` on: asked
 * when the watch starts, so a process started on the code before it (which dropped the changes) replays.
 */
export const calendarSince = (patch: string, calendar: NonNullable<DeadlineWatch['calendar']>): DeadlineWatch['calendar'] => (patched(patch) ? calendar : undefined);
