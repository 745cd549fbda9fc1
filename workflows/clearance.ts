import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ClearanceEventInput } from '../activities/clearances';
import type { EmailKind } from '../domain/emails';
import type { Deadline } from '../domain/ladder';
import { hasRole, type Actor } from '../domain/roles';
import type { ClearanceState } from '../domain/states';
import { calendarChangesOf, calendarSince, handedOn, replannedBy, type CalendarChanges } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { emailerOf } from './emailer';
import {
  clearanceStatusQuery,
  decideClearanceUpdate,
  recordClearanceDoneUpdate,
  recordReporterCorrectionUpdate,
  type ClearanceDeadlineView,
  type ClearanceInput,
  type ClearanceView,
} from './messages';
import { activities } from './proxies';
import { refuse } from './refuse';
import { ISO_DATE, shanghaiToday } from './validate';
import { searchKeys } from './searchAttributes';
import { updatesOf } from './updates';

/** Marks the histories whose deadlines a calendar amendment re-plans (before it, their instants stayed). */
export const CLEARANCE_CALENDAR = 'clearance-calendar';

/**
 * 澄清正名: put to the commission leader over the group (an email asks them); approved, the lead's
 * handler clears the accused within CLEARANCE_DUE_WORKING_DAYS (谁核实、谁澄清) and records it done, and
 * where the lead has a reporter on file, gives them the 批评教育 or receives their 书面检讨 within its own
 * deadline; both watched up CLEARANCE_LADDER. Rejected, it ends. The workflow knows the lead's id and the
 * kind of correction only: never who the reporter is, and its emails name the lead's number.
 */

export async function clearance(input: ClearanceInput): Promise<ClearanceView> {
  const { workflowId } = workflowInfo();
  const view: ClearanceView = {
    workflowId,
    clearanceId: input.clearanceId,
    leadId: input.leadId,
    unitId: input.unitId,
    groupId: input.groupId,
    handlerId: input.handlerId,
    method: input.method,
    state: 'awaiting_approval',
    version: 0,
    approved: null,
    rejected: null,
    due: null,
    done: null,
    reporterCorrection: input.reporterCorrection ? { kind: input.reporterCorrection, due: null, doneOn: null } : null,
  };
  const now = () => new Date(Date.now()).toISOString();
  const running: { clearance?: Deadline; correction?: Deadline } = {};

  const record = async (event: Omit<ClearanceEventInput, 'at'>) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    await activities.recordClearance({ view: JSON.parse(JSON.stringify(view)) as ClearanceView, event: { ...event, at: now() } });
  };
  const emailer = emailerOf(() => ({
    workflowId,
    deadlineAt: view.due?.deadlineAt,
    about: { title: input.leadId, topic: '澄清正名', unitId: input.unitId, groupId: input.groupId },
    process: { kind: 'clearance', label: '澄清正名', actPath: `/clearances/${encodeURIComponent(input.clearanceId)}` },
    handlerId: input.handlerId,
  }));

  const expectState = (...states: ClearanceState[]) => {
    if (!states.includes(view.state)) refuse('wrong-state', `the clearance is ${view.state}, not ${states.join(' or ')}`);
  };
  const expectHandler = (actor: Actor) => {
    if (actor.personId !== input.handlerId) refuse('not-lead-handler', 'only the handler (承办人) of the lead clears its accused (谁核实、谁澄清)');
  };
  const expectPastDay = (on: string | undefined, what: string) => {
    if (!ISO_DATE.test(on ?? '') || on! > shanghaiToday()) refuse('date-invalid', `${what} must be a Shanghai date not after today`);
  };
  const onUpdate = updatesOf(() => view);
  setHandler(clearanceStatusQuery, () => view);
  // a calendar amendment re-plans both working-day deadlines; one change is heard by the clearance's watcher first, then handed on
  const all = calendarChangesOf(() => [view.due && !view.done ? running.clearance : undefined, view.reporterCorrection?.due && !view.reporterCorrection.doneOn ? running.correction : undefined]);
  let clearanceWatched = true;
  const ears = handedOn(all, () => clearanceWatched);

  const deadlineView = (d: Deadline): ClearanceDeadlineView => ({ deadlineAt: d.deadlineAt, remindAt: d.remindAt, rungsFired: [], rule: d.rule ?? null });
  onUpdate(
    decideClearanceUpdate,
    (d) => {
      expectState('awaiting_approval');
      if (!hasRole(d.actor, 'COMMISSION_LEADER')) refuse('not-commission-leader', 'only the commission leader (委领导) over the group approves a clearance');
      if (d.decision === 'reject' && !d.reason?.trim()) refuse('text-missing', 'the reason for rejecting is empty');
      if (d.decision === 'approve' && (!d.due || (view.reporterCorrection && !d.correctionDue))) refuse('text-missing', 'the approval carries the clearance’s deadline and the reporter correction’s');
    },
    async (d) => {
      if (d.decision === 'reject') {
        view.state = 'rejected';
        view.rejected = { byId: d.actor.personId, at: now(), reason: d.reason };
        await record({ kind: 'rejected', actorId: d.actor.personId, detail: { reason: d.reason } });
        return;
      }
      view.state = 'in_progress';
      view.approved = { byId: d.actor.personId, at: now(), comment: d.comment ?? null };
      running.clearance = d.due;
      view.due = deadlineView(d.due);
      if (view.reporterCorrection && d.correctionDue) {
        running.correction = d.correctionDue;
        view.reporterCorrection.due = deadlineView(d.correctionDue);
      }
      await record({ kind: 'approved', actorId: d.actor.personId, detail: { dueAt: d.due.deadlineAt, ...(d.correctionDue && { correctionDueAt: d.correctionDue.deadlineAt }), ...(d.comment && { comment: d.comment }) } });
    },
  );
  const finishIfDone = () => {
    if (view.done && (!view.reporterCorrection || view.reporterCorrection.doneOn)) view.state = 'completed';
  };
  onUpdate(
    recordClearanceDoneUpdate,
    ({ actor, doneOn, how }) => {
      expectState('in_progress');
      expectHandler(actor);
      if (view.done) refuse('already-recorded', 'the clearance is already recorded done');
      expectPastDay(doneOn, 'the day it was done (doneOn)');
      if (!how?.trim()) refuse('text-missing', 'how it was done is empty');
    },
    async ({ actor, doneOn, how }) => {
      view.done = { on: doneOn, how, recordedAt: now() };
      finishIfDone();
      await record({ kind: 'cleared', actorId: actor.personId, detail: { doneOn, how } });
    },
  );
  onUpdate(
    recordReporterCorrectionUpdate,
    ({ actor, doneOn }) => {
      expectState('in_progress');
      expectHandler(actor);
      if (!view.reporterCorrection) refuse('wrong-state', 'the lead has no reporter on file to correct');
      if (view.reporterCorrection.doneOn) refuse('already-recorded', 'the reporter’s correction is already recorded');
      expectPastDay(doneOn, 'the day it was given or received (doneOn)');
    },
    async ({ actor, doneOn }) => {
      view.reporterCorrection = { ...view.reporterCorrection!, doneOn };
      finishIfDone();
      await record({ kind: 'reporter_corrected', actorId: actor.personId, detail: { correction: view.reporterCorrection.kind, doneOn } });
    },
  );

  const watch = (key: 'clearance' | 'correction', state: () => ClearanceDeadlineView, done: () => boolean, changes: CalendarChanges, kinds: { reminder: EmailKind; overdue: EmailKind }) =>
    watchDeadline({
      deadline: () => running[key]!,
      done,
      fired: () => state().rungsFired,
      fire: async (event: DeadlineEvent) => {
        state().rungsFired = [...state().rungsFired, event.rung];
        await emailer(key, event.rung, { kind: event.rung === 0 ? kinds.reminder : kinds.overdue, notify: event.notify ?? ['HANDLER'], dueAt: event.at, deadlineAt: running[key]!.deadlineAt });
      },
      calendar: calendarSince(CLEARANCE_CALENDAR, {
        changes,
        replanned: replannedBy(
          () => running[key]!,
          (next) => {
            running[key] = next;
            Object.assign(state(), { deadlineAt: next.deadlineAt, remindAt: next.remindAt });
          },
          (detail) => record({ kind: 'deadline_replanned', detail: { deadline: key, ...detail } }),
        ),
      }),
    });

  await record({ kind: 'opened', detail: { method: input.method, ...(input.reporterCorrection && { reporterCorrection: input.reporterCorrection }) } });
  await emailer('approval', 0, { kind: 'clearance_approval_request', notify: ['GROUP_LEADER_SUPERIOR'] });
  await condition(() => view.state !== 'awaiting_approval');
  if (view.state !== 'rejected') {
    await Promise.all([
      watch('clearance', () => view.due!, () => view.done !== null, ears.changes, { reminder: 'clearance_reminder', overdue: 'clearance_overdue' }).finally(() => {
        clearanceWatched = false;
      }),
      view.reporterCorrection &&
        watch('correction', () => view.reporterCorrection!.due!, () => view.reporterCorrection!.doneOn !== null, ears.later, { reminder: 'clearance_correction_reminder', overdue: 'clearance_correction_overdue' }),
    ]);
    await condition(() => view.state === 'completed');
  }
  await emailer.settled();
  return view;
}
