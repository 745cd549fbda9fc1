// When the workflows under test have done what is due. The Java test server's sleep returns once its
// clock reaches the target; while a workflow task or an activity is in flight that clock runs at wall
// speed, so a timer due just before the target can fire and the sleep still return while its workflow
// task or its activities (emails, projections) are under way. Their history says what is still open.
import type { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { untilPasses } from './poll';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** What a run still owes at `nowMs`: workflow tasks and activities not closed, timers due and not fired. */
export function outstanding(events: HistoryEvent[], nowMs: number): string[] {
  const open = new Map<number, string>();
  for (const e of events) {
    if (e.workflowExecutionCompletedEventAttributes ?? e.workflowExecutionFailedEventAttributes ?? e.workflowExecutionCanceledEventAttributes ?? e.workflowExecutionTerminatedEventAttributes ?? e.workflowExecutionTimedOutEventAttributes ?? e.workflowExecutionContinuedAsNewEventAttributes) return [];
    const timer = e.timerStartedEventAttributes;
    if (e.workflowTaskScheduledEventAttributes) open.set(Number(e.eventId), 'a workflow task');
    else if (e.activityTaskScheduledEventAttributes) open.set(Number(e.eventId), `activity ${e.activityTaskScheduledEventAttributes.activityType?.name}`);
    else if (timer && tsToMs(e.eventTime) + tsToMs(timer.startToFireTimeout) <= nowMs) open.set(Number(e.eventId), `timer ${timer.timerId}`);
    const closed = e.workflowTaskCompletedEventAttributes ?? e.workflowTaskFailedEventAttributes ?? e.workflowTaskTimedOutEventAttributes
      ?? e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
    const fired = e.timerFiredEventAttributes ?? e.timerCanceledEventAttributes;
    if (closed?.scheduledEventId != null) open.delete(Number(closed.scheduledEventId));
    if (fired?.startedEventId != null) open.delete(Number(fired.startedEventId));
  }
  return [...open.values()];
}

/** Waits until each workflow's current run owes nothing at the test server's present instant. */
export async function settled(client: Client, now: () => Promise<number>, workflowIds: string[]): Promise<void> {
  await untilPasses(async () => {
    for (const id of workflowIds) {
      const { events } = await client.workflow.getHandle(id).fetchHistory();
      const owed = outstanding(events ?? [], await now());
      if (owed.length) throw new Error(`${id} has not settled: ${owed.join(', ')}`);
    }
  });
}
