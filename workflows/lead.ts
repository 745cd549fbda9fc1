import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { LeadEventInput } from '../activities/leads';
import type { EmailKind } from '../domain/emails';
import type { Deadline } from '../domain/ladder';
import type { Actor } from '../domain/roles';
import type { LeadState } from '../domain/states';
import { calendarChangesOf, handedOn, replannedDetail, type CalendarChanges } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { emailerOf } from './emailer';
import {
  decideLeadAcceptanceUpdate,
  leadStatusQuery,
  recordReporterNoticeUpdate,
  type LeadDeadlineView,
  type LeadInput,
  type LeadView,
} from './messages';
import { activities } from './proxies';
import { refuse } from './refuse';
import { searchKeys } from './searchAttributes';
import { updatesOf } from './updates';

/**
 * 问题线索 intake: registered → the handler accepts (受理) or forwards (转办) it within 5 工作日, chased
 * up LEAD_ACCEPTANCE_LADDER (the handler, the group leader, the commission leader over the group), each
 * rung once; for a real-name report, the handler tells the reporter of receipt within 15 工作日,
 * reminded, and records it. The workflow never holds the reporter: its emails name the lead's number.
 * An accepted lead waits here for its disposal (a later slice); a forwarded one ends once nothing is owed.
 */
export async function lead(input: LeadInput): Promise<LeadView> {
  const { workflowId } = workflowInfo();
  const view: LeadView = {
    workflowId,
    leadId: input.leadId,
    number: input.number,
    unitId: input.unitId,
    groupId: input.groupId,
    handlerId: input.handlerId,
    realName: input.realName,
    state: 'registered',
    version: 0,
    acceptance: { deadlineAt: input.acceptanceDue.deadlineAt, remindAt: input.acceptanceDue.remindAt, rungsFired: [] },
    acceptedAt: null,
    forwarded: null,
    receiptNotice: input.receiptNoticeDue
      ? { deadlineAt: input.receiptNoticeDue.deadlineAt, remindAt: input.receiptNoticeDue.remindAt, rungsFired: [], toldAt: null, means: null }
      : null,
    resultToldAt: null,
  };
  const now = () => new Date(Date.now()).toISOString();

  const record = async (event: Omit<LeadEventInput, 'at'>) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    // a copy: the activity's argument is serialised at the end of the activation, after later steps may move the view
    await activities.recordLead({ view: JSON.parse(JSON.stringify(view)) as LeadView, event: { ...event, at: now() } });
  };
  const emailer = emailerOf(() => ({
    workflowId,
    deadlineAt: view.acceptance.deadlineAt,
    // the number only: the summary and the persons concerned stay in the lead's page, behind its visibility
    about: { title: input.number, topic: input.sourceLabel, unitId: input.unitId, groupId: input.groupId },
    process: { kind: 'lead', label: '问题线索', actPath: `/leads/${encodeURIComponent(input.leadId)}` },
    handlerId: input.handlerId,
  }));

  const expectState = (...states: LeadState[]) => {
    if (!states.includes(view.state)) refuse('wrong-state', `the lead is ${view.state}, not ${states.join(' or ')}`);
  };
  const expectHandler = (actor: Actor) => {
    if (actor.personId !== input.handlerId) refuse('not-lead-handler', 'only the handler (承办人) of this lead may do this');
  };
  const onUpdate = updatesOf(() => view);
  setHandler(leadStatusQuery, () => view);

  onUpdate(
    decideLeadAcceptanceUpdate,
    (decision) => {
      expectState('registered');
      expectHandler(decision.actor);
      if (decision.decision === 'forward') {
        if (!decision.forwardTo?.trim()) refuse('text-missing', 'whom the lead is forwarded to (转办单位) is empty');
        if (!decision.reason?.trim()) refuse('text-missing', 'the reason for forwarding is empty');
      }
    },
    async (decision) => {
      if (decision.decision === 'accept') {
        Object.assign(view, { state: 'accepted', acceptedAt: now() });
        await record({ kind: 'accepted', actorId: decision.actor.personId, detail: decision.comment ? { comment: decision.comment } : undefined });
      } else {
        Object.assign(view, { state: 'forwarded', forwarded: { to: decision.forwardTo, reason: decision.reason, at: now() } });
        await record({ kind: 'forwarded', actorId: decision.actor.personId, detail: { forwardTo: decision.forwardTo, reason: decision.reason } });
      }
    },
  );
  onUpdate(
    recordReporterNoticeUpdate,
    (notice) => {
      expectHandler(notice.actor);
      if (!view.receiptNotice) refuse('wrong-state', 'the lead has no real-name reporter to tell');
      if (Number.isNaN(Date.parse(notice.toldAt)) || Date.parse(notice.toldAt) > Date.now()) refuse('text-missing', 'when the reporter was told (toldAt) is not a past instant');
      if (notice.kind === 'receipt' && view.receiptNotice.toldAt) refuse('already-recorded', 'the receipt notice is already recorded');
      if (notice.kind === 'result') {
        // the result is told once the lead is closed: here only a forwarded lead is (disposal comes later)
        expectState('forwarded');
        if (view.resultToldAt) refuse('already-recorded', 'the result notice is already recorded');
      }
    },
    async (notice) => {
      if (notice.kind === 'receipt') Object.assign(view.receiptNotice!, { toldAt: notice.toldAt, means: notice.means });
      else view.resultToldAt = notice.toldAt;
      await record({ kind: `reporter_told_${notice.kind}`, actorId: notice.actor.personId, detail: { means: notice.means, toldAt: notice.toldAt } });
    },
  );

  // the deadlines as running now: a calendar amendment re-plans them from their rules
  const running = { acceptance: input.acceptanceDue, receiptNotice: input.receiptNoticeDue };
  const receiptOpen = () => !!view.receiptNotice && view.receiptNotice.toldAt === null;
  const all = calendarChangesOf(() => [view.state === 'registered' ? running.acceptance : undefined, receiptOpen() ? (running.receiptNotice ?? undefined) : undefined]);
  // one change is heard by both watchers: the acceptance watcher's first, then handed on to the receipt notice's
  let acceptanceWatched = true;
  const ears = handedOn(all, () => acceptanceWatched);

  /** One deadline of the lead watched to its end: each event fires once, recorded in its view before the email goes. */
  const watch = (key: 'acceptance' | 'receiptNotice', state: LeadDeadlineView, done: () => boolean, changes: CalendarChanges, kinds: { reminder: EmailKind; overdue: EmailKind }) =>
    watchDeadline({
      deadline: () => running[key]!,
      done,
      fired: () => state.rungsFired,
      fire: async (event: DeadlineEvent) => {
        state.rungsFired = [...state.rungsFired, event.rung];
        const due = running[key]!;
        await emailer(key === 'acceptance' ? 'acceptance' : 'receipt-notice', event.rung, {
          kind: event.rung === 0 ? kinds.reminder : kinds.overdue,
          notify: event.notify ?? ['HANDLER'],
          dueAt: event.at,
          deadlineAt: due.deadlineAt,
        });
      },
      // the same outbox key and rungs fired: nothing fires twice
      calendar: {
        changes,
        replanned: async (next: Deadline, change) => {
          const from = running[key]!;
          running[key] = next;
          Object.assign(state, { deadlineAt: next.deadlineAt, remindAt: next.remindAt });
          await record({ kind: 'deadline_replanned', detail: { deadline: key, ...replannedDetail(change, from, next) } });
        },
      },
    });

  await record({ kind: 'opened', detail: { acceptanceDueAt: input.acceptanceDue.deadlineAt, ...(input.receiptNoticeDue ? { receiptNoticeDueAt: input.receiptNoticeDue.deadlineAt } : {}) } });
  await emailer('notice', 0, { kind: 'lead_notice', notify: ['HANDLER'] });
  await Promise.all([
    watch('acceptance', view.acceptance, () => view.state !== 'registered', ears.changes, { reminder: 'lead_reminder', overdue: 'lead_overdue' }).finally(() => {
      acceptanceWatched = false;
    }),
    view.receiptNotice &&
      watch('receiptNotice', view.receiptNotice, () => !receiptOpen(), ears.later, {
        reminder: 'lead_receipt_notice_reminder',
        overdue: 'lead_receipt_notice_overdue',
      }),
  ]);
  // every rung fired or the step done: a forwarded lead ends once its real-name reporter has been told of receipt and result
  await condition(() => view.state === 'forwarded' && (!view.realName || (view.receiptNotice!.toldAt !== null && view.resultToldAt !== null)));
  await emailer.settled();
  return view;
}
