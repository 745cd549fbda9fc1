import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

// Activities retry without limit: an SMTP or database outage delays a step, it never drops it.
const RETRY = { initialInterval: '2 seconds', maximumInterval: '2 minutes' } as const;

/**
 * The activities every workflow calls, with one set of options. Each is one database write or one
 * SMTP send, done in well under a second: a start-to-close of 10 s means an attempt caught on a
 * worker that died is retried on another within seconds (Temporal only notices when the timeout
 * passes), not a minute later.
 */
export const activities = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: RETRY,
  // a cancelled process lets an email in flight finish, so its outbox row is marked sent, not left pending
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/**
 * Starting or cancelling thousands of unit inspections (or signalling every running process) takes a
 * while; the activity heartbeats its cursor after each page, so a dead worker is noticed within 10 s
 * and the retry resumes there.
 */
export const { cancelUnitInspections, signalCalendarChange, startUnitInspections } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '10 seconds',
  retry: RETRY,
});
