import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

// Activities retry without limit: an SMTP or database outage delays a step, it never drops it.
const RETRY = { initialInterval: '2 seconds', maximumInterval: '2 minutes' } as const;

/** The activities every workflow calls, with one set of options. */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: RETRY,
  // a cancelled process lets an email in flight finish, so its outbox row is marked sent, not left pending
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/** Cancelling thousands of children takes a while; the activity heartbeats its cursor. */
export const { cancelUnitInspections } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: RETRY,
});
