import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TalkInquiryEventInput } from '../activities/talkInquiries';
import type { Deadline } from '../domain/ladder';
import type { TalkInquiryState } from '../domain/states';
import { INQUIRY_FORMS, INQUIRY_VERDICTS } from '../domain/talkInquiries';
import { calendarChangesOf, calendarSince, replannedBy } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { leadStepsOf } from './leadSteps';
import {
  decideInquiryEvaluationUpdate,
  decideReplyExtensionUpdate,
  proposeInquiryEvaluationUpdate,
  recordInquiryFormUpdate,
  recordInquiryReplyUpdate,
  requestReplyExtensionUpdate,
  talkInquiryStatusQuery,
  type DecideInquiryEvaluationInput,
  type LeadProcessInput,
  type LeadProcessResult,
  type TalkInquiryView,
} from './messages';
import { activities } from './proxies';
import { refuse } from './refuse';
import { blank, expectFirstFormMeasures, pastDay } from './validate';
import { PROCESS_KINDS } from './searchAttributes';
import { updatesOf } from './updates';

/** Marks the histories whose reply deadline a calendar amendment re-plans (before it, the reply's instants stayed). */
export const TALK_INQUIRY_CALENDAR = 'talk-inquiry-calendar';

/**
 * 谈话函询 of one lead, the lead's child: the handler records the letter sent and its arrival, or the
 * talk held; the written reply (书面说明) is due 15 工作日 later, chased up REPLY_LADDER (the handler, the
 * group leader, the commission leader over the group), each rung once; the handler may ask for more
 * time, which the commission leader grants (the watch re-arms on the new day) or refuses. Once the reply
 * is in, the handler proposes the group's evaluation and the commission leader approves or returns it:
 * 采信 ends the lead (了结; any first-form measures recorded), otherwise the lead goes to 初步核实.
 */
export async function talkInquiry(input: LeadProcessInput): Promise<LeadProcessResult> {
  const { workflowId } = workflowInfo();
  const now = () => new Date(Date.now()).toISOString();
  const view: TalkInquiryView = {
    workflowId,
    leadId: input.leadId,
    number: input.number,
    unitId: input.unitId,
    groupId: input.groupId,
    handlerId: input.handlerId,
    state: 'awaiting_form',
    version: 0,
    form: null,
    reply: null,
    pendingExtension: null,
    extensions: [],
    replyReceived: null,
    evaluation: null,
    returned: [],
    completedAt: null,
  };
  let replyDue: Deadline | undefined;
  let asked: Deadline | undefined;
  let approval: Extract<DecideInquiryEvaluationInput, { decision: 'approve' }> | undefined;

  const { record, emailer, expectState, expectHandler, expectCommissionLeader } = leadStepsOf<TalkInquiryState, TalkInquiryView>({
    input,
    view,
    what: 'the talk inquiry',
    process: { kind: PROCESS_KINDS.talkInquiry, label: '谈话函询', actPath: `/talk-inquiries/${encodeURIComponent(input.leadId)}` },
    deadlineAt: () => view.reply?.deadlineAt,
    project: ({ view, event }) => activities.recordTalkInquiry({ view, event: event as TalkInquiryEventInput }),
  });
  /** The reply's deadline as running now: a new key, so an extension's rungs fire afresh. */
  const arm = (due: Deadline) => {
    replyDue = due;
    const n = view.reply ? Number(view.reply.key.split('-')[1]) + 1 : 1;
    view.reply = { key: `reply-${n}`, deadlineAt: due.deadlineAt, remindAt: due.remindAt, rule: due.rule ?? null, rungsFired: [] };
  };
  const onUpdate = updatesOf(() => view);
  setHandler(talkInquiryStatusQuery, () => view);
  const changes = calendarChangesOf(() => [view.state === 'awaiting_reply' ? replyDue : undefined]);

  onUpdate(
    recordInquiryFormUpdate,
    (f) => {
      expectState('awaiting_form');
      expectHandler(f.actor);
      if (!Object.hasOwn(INQUIRY_FORMS, f.form)) refuse('unknown-target', `the form ${String(f.form)} is not 函询 (letter) or 谈话 (talk)`);
      if (f.form === 'letter' && (!pastDay(f.sentOn) || !pastDay(f.arrivedOn) || f.arrivedOn < f.sentOn))
        refuse('date-invalid', 'a letter’s sentOn and arrivedOn are Shanghai dates not after today, the arrival not before the sending');
      if (f.form === 'talk' && (!pastDay(f.heldOn) || blank(f.heldById))) refuse('date-invalid', 'a talk’s heldOn is a Shanghai date not after today, and heldById names who held it');
      if (!f.replyDue?.deadlineAt) refuse('plan-due-missing', 'the reply’s deadline is computed by the API');
    },
    async (f) => {
      view.form = f.form === 'letter' ? { form: 'letter', sentOn: f.sentOn, arrivedOn: f.arrivedOn, recordedAt: now() } : { form: 'talk', heldOn: f.heldOn, heldById: f.heldById, recordedAt: now() };
      view.state = 'awaiting_reply';
      arm(f.replyDue);
      const { recordedAt: _at, ...detail } = view.form;
      await record({ kind: 'form_recorded', actorId: f.actor.personId, detail: { ...detail, replyDueAt: f.replyDue.deadlineAt } });
    },
  );
  onUpdate(
    requestReplyExtensionUpdate,
    (r) => {
      expectState('awaiting_reply');
      expectHandler(r.actor);
      if (view.pendingExtension) refuse('extension-pending', 'an extension request is already pending (每次只能有一项延期申请)');
      if (blank(r.reason)) refuse('text-missing', 'the reason for the extension (延期理由) is empty');
      if (!r.replyDue?.deadlineAt || Date.parse(r.replyDue.deadlineAt) <= Date.parse(view.reply!.deadlineAt)) refuse('deadline-not-later', 'the requested day is not later than the reply’s current deadline');
    },
    async (r) => {
      asked = r.replyDue;
      view.pendingExtension = { reason: r.reason, dueOn: r.dueOn, deadlineAt: r.replyDue.deadlineAt, requestedAt: now() };
      await record({ kind: 'extension_requested', actorId: r.actor.personId, detail: { reason: r.reason, dueOn: r.dueOn } });
    },
  );
  onUpdate(
    decideReplyExtensionUpdate,
    (d) => {
      if (!view.pendingExtension) refuse('no-extension-pending', 'no extension request is pending');
      expectCommissionLeader(d.actor);
      if (d.decision === 'refuse' && blank(d.reason)) refuse('text-missing', 'the reason for refusing (不予延期理由) is empty');
    },
    async (d) => {
      const pending = view.pendingExtension!;
      const refusal = d.decision === 'refuse' ? d.reason : null;
      view.pendingExtension = null;
      view.extensions = [...view.extensions, { reason: pending.reason, dueOn: pending.dueOn, decision: d.decision, byId: d.actor.personId, refusal, at: now() }];
      // granted after the reply came in, it changes nothing
      if (d.decision === 'grant' && view.state === 'awaiting_reply') arm(asked!);
      await record({ kind: `extension_${d.decision === 'grant' ? 'granted' : 'refused'}`, actorId: d.actor.personId, detail: { dueOn: pending.dueOn, ...(refusal && { reason: refusal }) } });
    },
  );
  onUpdate(
    recordInquiryReplyUpdate,
    (r) => {
      expectState('awaiting_reply');
      expectHandler(r.actor);
      if (!pastDay(r.receivedOn)) refuse('date-invalid', 'the reply’s receivedOn is a Shanghai date not after today');
      if (blank(r.summary)) refuse('text-missing', 'what the reply says (说明材料摘要, summary) is empty');
    },
    async (r) => {
      Object.assign(view, { state: 'reply_received', pendingExtension: null, replyReceived: { receivedOn: r.receivedOn, summary: r.summary, recordedAt: now() } });
      await record({ kind: 'reply_received', actorId: r.actor.personId, detail: { receivedOn: r.receivedOn, summary: r.summary } });
    },
  );
  onUpdate(
    proposeInquiryEvaluationUpdate,
    (e) => {
      expectState('reply_received');
      expectHandler(e.actor);
      if (!Object.hasOwn(INQUIRY_VERDICTS, e.verdict)) refuse('unknown-target', `the verdict ${String(e.verdict)} is not 采信了结 (accepted) or 转初步核实 (to_preliminary_check)`);
      if (blank(e.reason)) refuse('text-missing', 'the reason for the evaluation (评估意见) is empty');
      if (e.verdict === 'to_preliminary_check' && e.measures?.length) refuse('outcome-incomplete', 'a reply taken to 初步核实 gives no measure yet');
      expectFirstFormMeasures(e.measures ?? []);
    },
    async (e) => {
      view.state = 'evaluation_proposed';
      view.evaluation = { verdict: e.verdict, reason: e.reason, measures: e.measures ?? [], proposedAt: now(), approved: null };
      await record({ kind: 'evaluation_proposed', actorId: e.actor.personId, detail: { verdict: e.verdict, reason: e.reason, measures: view.evaluation.measures.length } });
    },
  );
  onUpdate(
    decideInquiryEvaluationUpdate,
    (d) => {
      expectState('evaluation_proposed');
      expectCommissionLeader(d.actor);
      if (d.decision === 'return' && blank(d.reason)) refuse('text-missing', 'the reason for returning the evaluation (退回理由) is empty');
    },
    async (d) => {
      if (d.decision === 'return') {
        view.returned = [...view.returned, { byId: d.actor.personId, reason: d.reason, at: now() }];
        Object.assign(view, { state: 'reply_received', evaluation: null });
        await record({ kind: 'evaluation_returned', actorId: d.actor.personId, detail: { reason: d.reason } });
        return;
      }
      approval = d;
      view.evaluation = { ...view.evaluation!, approved: { byId: d.actor.personId, at: now(), comment: d.comment ?? null } };
      Object.assign(view, { state: 'completed', completedAt: now() });
      await record({ kind: 'evaluation_approved', actorId: d.actor.personId, detail: { verdict: view.evaluation.verdict, ...(d.comment && { comment: d.comment }) } });
    },
  );

  const fire = async (event: DeadlineEvent) => {
    const reply = view.reply!;
    reply.rungsFired = [...reply.rungsFired, event.rung];
    await emailer(reply.key, event.rung, {
      kind: event.rung === 0 ? 'talk_inquiry_reminder' : 'talk_inquiry_overdue',
      notify: event.notify ?? ['HANDLER'],
      dueAt: event.at,
      deadlineAt: reply.deadlineAt,
    });
  };

  await record({ kind: 'opened' });
  await condition(() => replyDue !== undefined);
  const replied = () => view.state !== 'awaiting_reply';
  // a calendar amendment re-plans the reply's 15 工作日 (the same key: no rung fires twice)
  const replanned = replannedBy(
    () => replyDue!,
    (next) => {
      replyDue = next;
      Object.assign(view.reply!, { deadlineAt: next.deadlineAt, remindAt: next.remindAt });
    },
    (detail) => record({ kind: 'deadline_replanned', detail }),
  );
  const calendar = calendarSince(TALK_INQUIRY_CALENDAR, { changes, replanned });
  await Promise.all([watchDeadline({ deadline: () => replyDue!, done: replied, fired: () => view.reply!.rungsFired, fire, calendar }), condition(() => view.state === 'completed')]);
  const { verdict, reason, measures } = view.evaluation!;
  await emailer.settled();
  if (verdict === 'to_preliminary_check') return { next: 'preliminary_check', reason };
  if (measures.length) {
    await activities.recordLeadMeasures({ leadId: input.leadId, workflowId, unitId: input.unitId, reason, recordedById: input.handlerId, measures });
  }
  return { next: 'end', outcome: measures.length ? 'first_form' : null, reason, resultNoticeDue: input.realName ? (approval!.resultNoticeDue ?? null) : null };
}
