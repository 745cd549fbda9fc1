import { allHandlersFinished, condition, executeChild, patched, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { LeadEventInput } from '../activities/leads';
import type { EmailKind } from '../domain/emails';
import type { Deadline } from '../domain/ladder';
import { preliminaryCheckWorkflowId, talkInquiryWorkflowId } from '../domain/ids';
import { COLLECTIVE_REVIEW_MIN_ATTENDEES, DISPOSAL_STATES } from '../domain/leads';
import { hasRole, type Actor } from '../domain/roles';
import { isFinalLeadState, type LeadState } from '../domain/states';
import { calendarChangesOf, handedOn, replannedDetail, type CalendarChanges } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { emailerOf } from './emailer';
import {
  decideLeadAcceptanceUpdate,
  decideLeadDisposalUpdate,
  leadStatusQuery,
  proposeLeadDisposalUpdate,
  recordCollectiveReviewUpdate,
  recordReporterNoticeUpdate,
  type LeadDeadlineView,
  type LeadInput,
  type LeadProcessInput,
  type LeadProcessResult,
  type LeadView,
} from './messages';
import { preliminaryCheck } from './preliminaryCheck';
import { activities } from './proxies';
import { refuse } from './refuse';
import { ISO_DATE, shanghaiToday } from './validate';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';
import { talkInquiry } from './talkInquiry';
import { updatesOf } from './updates';

/**
 * 问题线索 intake: registered → the handler accepts (受理) or forwards (转办) it within 5 工作日, chased
 * up LEAD_ACCEPTANCE_LADDER (the handler, the group leader, the commission leader over the group), each
 * rung once; for a real-name report, the handler tells the reporter of receipt within 15 工作日,
 * reminded, and records it. The workflow never holds the reporter: its emails name the lead's number.
 * An accepted lead goes on to its disposal (线索处置): the handler proposes one of the four methods (拟处置),
 * records the collective review (集体研究), and a commission leader approves it (报批) or sends it back.
 * Closed (予以了结), a real-name reporter is told of the result within 15 工作日; shelved (暂存待查), it
 * comes back to the handler on its review date to propose again; 谈话函询 and 初步核实 run as the lead's
 * children (a talk inquiry may hand on to a preliminary check), and their end closes the lead with its
 * outcome, or leaves it case_filed (the case is its own process). A forwarded, closed or filed lead
 * ends once nothing is owed.
 */
/** Marks the histories that took the disposal branch (a lead recorded before it never reaches it). */
export const LEAD_DISPOSAL = 'lead-disposal';
/** Marks the histories whose approved talk inquiry or preliminary check runs as a child (before it, the lead waited). */
export const LEAD_METHODS = 'lead-methods';
/** Marks the histories whose result notice a calendar amendment re-plans (before it, its instants stayed). */
export const LEAD_RESULT_NOTICE_CALENDAR = 'lead-result-notice-calendar';

/** The process of each method that has one: its workflow, its id, the state it starts in. */
const METHOD_PROCESSES = {
  talk_inquiry: { workflow: talkInquiry, id: talkInquiryWorkflowId, kind: PROCESS_KINDS.talkInquiry, state: 'awaiting_form' },
  preliminary_check: { workflow: preliminaryCheck, id: preliminaryCheckWorkflowId, kind: PROCESS_KINDS.preliminaryCheck, state: 'awaiting_scheme' },
} as const;
type MethodWithProcess = keyof typeof METHOD_PROCESSES;


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
    disposal: null,
    sentBack: [],
    closed: null,
    resultNotice: null,
    outcome: null,
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
        // the result is told once the lead is forwarded, closed (予以了结, 办结) or filed as a case
        expectState('forwarded', 'closed', 'case_filed');
        if (view.resultToldAt) refuse('already-recorded', 'the result notice is already recorded');
      }
    },
    async (notice) => {
      if (notice.kind === 'receipt') Object.assign(view.receiptNotice!, { toldAt: notice.toldAt, means: notice.means });
      else view.resultToldAt = notice.toldAt;
      await record({ kind: `reporter_told_${notice.kind}`, actorId: notice.actor.personId, detail: { means: notice.means, toldAt: notice.toldAt } });
    },
  );

  const expectCommissionLeader = (actor: Actor) => {
    if (!hasRole(actor, 'COMMISSION_LEADER')) refuse('not-commission-leader', 'only the commission leader (委领导) over the lead’s group may approve its disposal');
  };
  onUpdate(
    proposeLeadDisposalUpdate,
    (p) => {
      expectState('accepted', 'shelve_review_due');
      expectHandler(p.actor);
      if (!Object.hasOwn(DISPOSAL_STATES, p.method)) refuse('unknown-target', `the disposal method ${String(p.method)} is not one of 谈话函询, 初步核实, 暂存待查, 予以了结`);
      if (!p.reason?.trim()) refuse('text-missing', 'the reason for the proposed disposal (拟处置理由) is empty');
      if (p.method === 'shelve' && (!ISO_DATE.test(p.reviewOn ?? '') || p.reviewOn! <= shanghaiToday() || Number.isNaN(Date.parse(p.reviewAt ?? ''))))
        refuse('date-invalid', 'a shelved lead needs its review date (reviewOn), a Shanghai date after today');
      if (p.method === 'close' && !p.closingReason?.trim()) refuse('text-missing', 'the closing reason (了结理由) is empty');
    },
    async (p) => {
      patched(LEAD_DISPOSAL);
      const shelve = p.method === 'shelve';
      view.state = 'disposal_proposed';
      view.disposal = {
        method: p.method,
        reason: p.reason,
        reviewOn: shelve ? p.reviewOn! : null,
        reviewAt: shelve ? p.reviewAt! : null,
        closingReason: p.method === 'close' ? p.closingReason! : null,
        proposedAt: now(),
        collectiveReview: null,
        approved: null,
      };
      const { method, reason, reviewOn, closingReason } = view.disposal;
      await record({ kind: 'disposal_proposed', actorId: p.actor.personId, detail: { method, reason, ...(reviewOn && { reviewOn }), ...(closingReason && { closingReason }) } });
    },
  );
  onUpdate(
    recordCollectiveReviewUpdate,
    (r) => {
      expectState('disposal_proposed');
      expectHandler(r.actor);
      if (view.disposal?.collectiveReview) refuse('already-recorded', 'the collective review (集体研究) of this proposal is already recorded');
      if (!ISO_DATE.test(r.heldOn ?? '') || r.heldOn > shanghaiToday()) refuse('date-invalid', 'the collective review’s date (heldOn) must be a Shanghai date not after today');
      if (new Set(r.attendeeIds ?? []).size < COLLECTIVE_REVIEW_MIN_ATTENDEES) refuse('attendees-missing', `a collective review is attended by at least ${COLLECTIVE_REVIEW_MIN_ATTENDEES} people (attendeeIds)`);
      if (!r.opinion?.trim()) refuse('text-missing', 'the collective review’s opinion (研究意见) is empty');
    },
    async (r) => {
      const review = { heldOn: r.heldOn, attendeeIds: [...new Set(r.attendeeIds)], opinion: r.opinion, recordedAt: now() };
      view.disposal = { ...view.disposal!, collectiveReview: review };
      await record({ kind: 'collective_review_recorded', actorId: r.actor.personId, detail: { heldOn: review.heldOn, attendeeIds: review.attendeeIds, opinion: review.opinion } });
    },
  );
  onUpdate(
    decideLeadDisposalUpdate,
    (d) => {
      expectState('disposal_proposed');
      expectCommissionLeader(d.actor);
      if (d.decision === 'send_back' && !d.reason?.trim()) refuse('text-missing', 'the reason for sending the disposal back (退回理由) is empty');
      if (d.decision === 'approve' && !view.disposal?.collectiveReview) refuse('collective-review-missing', 'record the collective review (集体研究) before the disposal is approved');
    },
    async (d) => {
      if (d.decision === 'send_back') {
        view.sentBack = [...(view.sentBack ?? []), { byId: d.actor.personId, reason: d.reason, at: now() }];
        Object.assign(view, { state: 'accepted', disposal: null });
        await record({ kind: 'disposal_sent_back', actorId: d.actor.personId, detail: { reason: d.reason } });
        return;
      }
      const disposal = view.disposal!;
      view.disposal = { ...disposal, approved: { byId: d.actor.personId, at: now(), comment: d.comment ?? null } };
      view.state = DISPOSAL_STATES[disposal.method];
      if (disposal.method === 'close') closeWith(disposal.closingReason!, d.resultNoticeDue);
      await record({
        kind: 'disposal_approved',
        actorId: d.actor.personId,
        detail: { method: disposal.method, ...(d.comment && { comment: d.comment }), ...(view.resultNotice && { resultNoticeDueAt: view.resultNotice.deadlineAt }) },
      });
      // their own courses, beside the main one: the workflow ends only once nothing is owed
      if (disposal.method === 'shelve') void reviewShelved(disposal.reviewOn!, disposal.reviewAt!);
      watchResultNotice();
      if (Object.hasOwn(METHOD_PROCESSES, disposal.method) && patched(LEAD_METHODS)) methods = runMethods(disposal.method as MethodWithProcess);
    },
  );
  /** The method processes as they run, so the lead ends only after its conclusion is recorded. */
  let methods: Promise<void> | undefined;
  /** 办结: the reason and instant, and for a real-name lead the result notice owed from now. */
  const closeWith = (reason: string, resultNoticeDue: Deadline | null | undefined) => {
    view.closed = { reason, at: now() };
    if (view.realName && resultNoticeDue) {
      running.resultNotice = resultNoticeDue;
      view.resultNotice = { deadlineAt: resultNoticeDue.deadlineAt, remindAt: resultNoticeDue.remindAt, rungsFired: [] };
    }
  };
  const watchResultNotice = () => {
    if (view.resultNotice)
      void watch('resultNotice', view.resultNotice, () => view.resultToldAt !== null, patched(LEAD_RESULT_NOTICE_CALENDAR) ? notices.later : null, {
        reminder: 'lead_result_notice_reminder',
        overdue: 'lead_result_notice_overdue',
      });
  };
  const processInput: LeadProcessInput = {
    leadId: input.leadId,
    number: input.number,
    unitId: input.unitId,
    groupId: input.groupId,
    handlerId: input.handlerId,
    sourceLabel: input.sourceLabel,
    realName: input.realName,
  };
  /** The method's process as a child, then the next (a talk inquiry handing on to 初步核实) until one ends the lead. */
  const runMethods = async (first: MethodWithProcess) => {
    for (let method = first; ; method = 'preliminary_check') {
      const p = METHOD_PROCESSES[method];
      const result: LeadProcessResult = await executeChild(p.workflow, {
        workflowId: p.id(input.leadId),
        args: [processInput],
        typedSearchAttributes: [
          { key: searchKeys.kind, value: p.kind },
          { key: searchKeys.groups, value: [input.groupId] },
          { key: searchKeys.unit, value: input.unitId },
          { key: searchKeys.state, value: p.state },
        ],
      });
      if (result.next === 'end') return conclude(result);
      view.state = 'in_preliminary_check';
      await record({ kind: 'taken_to_preliminary_check', detail: { reason: result.reason } });
    }
  };
  /** The method's process ended the lead: with its outcome, closed (办结) or filed as a case. */
  const conclude = async (r: Extract<LeadProcessResult, { next: 'end' }>) => {
    view.outcome = r.outcome;
    view.state = r.outcome === 'case_filed' ? 'case_filed' : 'closed';
    closeWith(r.reason, r.resultNoticeDue);
    await record({ kind: 'concluded', detail: { outcome: r.outcome, ...(view.resultNotice && { resultNoticeDueAt: view.resultNotice.deadlineAt }) } });
    watchResultNotice();
  };
  /** 暂存待查 until its review date: then back to the handler, to propose again. */
  const reviewShelved = async (reviewOn: string, reviewAt: string) => {
    await sleep(Math.max(0, Date.parse(reviewAt) - Date.now()));
    if (view.state !== 'shelved') return;
    Object.assign(view, { state: 'shelve_review_due', disposal: null });
    await record({ kind: 'shelve_review_due', detail: { reviewOn } });
  };

  // the deadlines as running now: a calendar amendment re-plans them from their rules
  const running: { acceptance: Deadline; receiptNotice: Deadline | null; resultNotice?: Deadline } = { acceptance: input.acceptanceDue, receiptNotice: input.receiptNoticeDue };
  const receiptOpen = () => !!view.receiptNotice && view.receiptNotice.toldAt === null;
  const resultOpen = () => !!view.resultNotice && view.resultToldAt === null;
  const all = calendarChangesOf(() => [
    view.state === 'registered' ? running.acceptance : undefined,
    receiptOpen() ? (running.receiptNotice ?? undefined) : undefined,
    resultOpen() ? running.resultNotice : undefined,
  ]);
  // one change is heard by every watcher: the acceptance watcher's first, handed on to the receipt notice's, then to the result notice's
  let acceptanceWatched = true;
  let receiptWatched = view.receiptNotice !== null;
  const ears = handedOn(all, () => acceptanceWatched);
  const notices = handedOn(ears.later, () => receiptWatched);

  /** One deadline of the lead watched to its end: each event fires once, recorded in its view before the email goes. */
  const watch = (key: 'acceptance' | 'receiptNotice' | 'resultNotice', state: LeadDeadlineView, done: () => boolean, changes: CalendarChanges | null, kinds: { reminder: EmailKind; overdue: EmailKind }) =>
    watchDeadline({
      deadline: () => running[key]!,
      done,
      fired: () => state.rungsFired,
      fire: async (event: DeadlineEvent) => {
        state.rungsFired = [...state.rungsFired, event.rung];
        const due = running[key]!;
        await emailer(({ acceptance: 'acceptance', receiptNotice: 'receipt-notice', resultNotice: 'result-notice' } as const)[key], event.rung, {
          kind: event.rung === 0 ? kinds.reminder : kinds.overdue,
          notify: event.notify ?? ['HANDLER'],
          dueAt: event.at,
          deadlineAt: due.deadlineAt,
        });
      },
      // the same outbox key and rungs fired: nothing fires twice
      calendar: changes ? {
        changes,
        replanned: async (next: Deadline, change) => {
          const from = running[key]!;
          running[key] = next;
          Object.assign(state, { deadlineAt: next.deadlineAt, remindAt: next.remindAt });
          await record({ kind: 'deadline_replanned', detail: { deadline: key, ...replannedDetail(change, from, next) } });
        },
      } : undefined,
    });

  await record({ kind: 'opened', detail: { acceptanceDueAt: input.acceptanceDue.deadlineAt, ...(input.receiptNoticeDue ? { receiptNoticeDueAt: input.receiptNoticeDue.deadlineAt } : {}) } });
  await emailer('notice', 0, { kind: 'lead_notice', notify: ['HANDLER'] });
  await Promise.all([
    watch('acceptance', view.acceptance, () => view.state !== 'registered', ears.changes, { reminder: 'lead_reminder', overdue: 'lead_overdue' }).finally(() => {
      acceptanceWatched = false;
    }),
    view.receiptNotice &&
      watch('receiptNotice', view.receiptNotice, () => !receiptOpen(), notices.changes, {
        reminder: 'lead_receipt_notice_reminder',
        overdue: 'lead_receipt_notice_overdue',
      }).finally(() => {
        receiptWatched = false;
      }),
  ]);
  // every rung fired or the step done: a forwarded or closed lead ends once its real-name reporter has been told of receipt and result
  await condition(() => isFinalLeadState(view.state) && (!view.realName || (view.receiptNotice!.toldAt !== null && view.resultToldAt !== null)));
  // the step that ended it is recorded before the lead ends: its conclusion, or the update that closed it
  await methods;
  await condition(allHandlersFinished);
  await emailer.settled();
  return view;
}
