import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { RectificationEventInput } from '../activities/rectification';
import type { EmailRequest } from '../activities/mail';
import type { EmailKind } from '../domain/emails';
import type { Deadline, Recipient } from '../domain/ladder';
import { hasRole, isContactOf, isOfUnitGroup, type Actor } from '../domain/roles';
import type { RectificationState } from '../domain/states';
import { calendarChangesOf, replannedDetail } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import {
  RECTIFICATION_DEADLINES,
  currentAcceptance,
  currentRequestExtension,
  currentReviewPlan,
  currentRevisit,
  currentSubmitPlan,
  decideAcceptanceUpdate,
  legacyRectificationUpdates as legacy,
  decideExtensionUpdate,
  rectificationStatusQuery,
  recordRevisitUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  reviewPlanUpdate,
  submitPlanUpdate,
  type RectificationInput,
  type CalendarChange,
  type RectificationView,
} from './messages';
import { emailerOf } from './emailer';
import { activities } from './proxies';
import { refuse } from './refuse';
import { updatesOf } from './updates';
import { searchKeys } from './searchAttributes';

const isWatched = (s: RectificationState): s is keyof typeof RECTIFICATION_DEADLINES => s in RECTIFICATION_DEADLINES;

/**
 * 整改 of one finding: the unit files a plan → the group approves or returns it → the unit reports
 * progress and asks for acceptance → the group accepts (销号) or reopens → a revisit (回头看) some
 * months later confirms or reopens it. Plan and rectification deadlines escalate up the ladder; a
 * commission leader may grant an extension, which re-arms the running deadline.
 */
export async function rectification(input: RectificationInput): Promise<RectificationView> {
  const { workflowId } = workflowInfo();
  let deadline: Deadline = input.planDue;
  let deadlines = 1;
  let closings = 0;
  let extensionRequests = 0;
  // the deadlines a plan proposes and an extension asks for, installed once approved or granted
  let proposed: Deadline | undefined;
  let requested: Deadline | undefined;
  const view: RectificationView = {
    workflowId,
    findingId: input.findingId,
    unitId: input.unitId,
    groupId: input.groupId,
    state: 'awaiting_plan',
    round: 1,
    version: 0,
    deadlineAt: deadline.deadlineAt,
    ...(deadline.rule && { deadlineRule: deadline.rule }),
    deadlineKey: 'plan-d1',
    rungsFired: [],
    plan: null,
    progressReports: 0,
    pendingExtension: null,
    extensionsGranted: 0,
    closedAt: null,
    revisitAt: null,
  };
  const now = () => new Date(Date.now()).toISOString();

  const record = async (event?: Omit<RectificationEventInput, 'at'>) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    await activities.recordRectification({ view: { ...view }, event: event && { ...event, at: now() } });
  };
  const emailer = emailerOf(() => ({
    workflowId,
    deadlineAt: view.deadlineAt,
    round: view.round,
    about: { title: input.title, topic: input.topic, commissionLeaderId: input.commissionLeaderId, unitId: input.unitId, groupId: input.groupId },
    process: { kind: 'rectification', label: '整改事项', actPath: `/rectifications/${encodeURIComponent(input.findingId)}` },
  }));
  const email = (key: string, rung: number, kind: EmailKind, notify: Recipient[], extra: Partial<EmailRequest> = {}) => emailer(key, rung, { kind, notify, ...extra });
  /** A new deadline for the unit: its own outbox key, so its reminder and rungs fire even where the old ones did. */
  const arm = (state: keyof typeof RECTIFICATION_DEADLINES, next: Deadline) => {
    deadline = next;
    deadlines += 1;
    Object.assign(view, { deadlineAt: next.deadlineAt, deadlineRule: next.rule, deadlineKey: `${RECTIFICATION_DEADLINES[state].key}-d${deadlines}`, rungsFired: [] });
  };

  const expectState = (...states: RectificationState[]) => {
    if (!states.includes(view.state)) refuse('wrong-state', `the rectification is ${view.state}, not ${states.join(' or ')}`);
  };
  const expectUnitContact = (actor: Actor) => {
    if (!isContactOf(actor, input.unitId)) refuse('not-unit-contact', 'only the contact (联络员) of this unit may do this');
  };
  const expectGroup = (actor: Actor) => {
    if (!isOfUnitGroup(actor, input.groupId)) refuse('not-stationed-group', 'only the stationed group of this unit may do this');
  };
  const expectText = (text: string | undefined, what: string) => {
    if (!text?.trim()) refuse('text-missing', `${what} is empty`);
  };
  const onUpdate = updatesOf(() => view);

  setHandler(rectificationStatusQuery, () => view);
  const changes = calendarChangesOf(() => [isWatched(view.state) ? deadline : undefined]);
  onUpdate(
    submitPlanUpdate,
    ({ actor, measures, owner }) => {
      expectState('awaiting_plan');
      expectUnitContact(actor);
      expectText(measures, 'the measures (整改措施)');
      expectText(owner, 'the owner (责任人)');
    },
    async ({ actor, measures, owner, deadline: committed }) => {
      view.state = 'plan_under_review';
      view.plan = { measures, owner, deadlineAt: committed.deadlineAt };
      proposed = committed;
      await record({ kind: 'plan_submitted', actorId: actor.personId, detail: { measures, owner, deadlineAt: committed.deadlineAt } });
      await email(`plan-submitted-${deadlines}`, 0, 'rectification_plan_submitted', ['GROUP_MEMBERS']);
    },
    { aliases: [legacy.submitPlan], current: currentSubmitPlan },
  );
  onUpdate(
    reviewPlanUpdate,
    (review) => {
      expectState('plan_under_review');
      expectGroup(review.actor);
      if (review.decision === 'return') expectText(review.reason, 'the reason for returning the plan');
    },
    async (review) => {
      if (review.decision === 'approve') {
        view.state = 'in_rectification';
        arm('in_rectification', proposed!);
        await record({ kind: 'plan_approved', actorId: review.actor.personId });
        await email(`plan-approved-${deadlines}`, 0, 'rectification_plan_approved', ['UNIT_CONTACT']);
      } else {
        view.state = 'awaiting_plan';
        arm('awaiting_plan', review.newDeadline);
        await record({ kind: 'plan_returned', actorId: review.actor.personId, detail: { reason: review.reason, planDueAt: review.newDeadline.deadlineAt } });
        await email(`plan-returned-${deadlines}`, 0, 'rectification_plan_returned', ['UNIT_CONTACT'], { reason: review.reason });
      }
    },
    { aliases: [legacy.reviewPlan], current: currentReviewPlan },
  );
  onUpdate(
    reportProgressUpdate,
    ({ actor, content }) => {
      expectState('in_rectification');
      expectUnitContact(actor);
      expectText(content, 'the progress report');
    },
    async ({ actor, content, requestAcceptance }) => {
      view.progressReports += 1;
      if (requestAcceptance) view.state = 'under_acceptance';
      await record({ kind: 'progress_reported', actorId: actor.personId, detail: { n: view.progressReports, content, requestAcceptance } });
      if (requestAcceptance) await email(`acceptance-requested-${view.progressReports}`, 0, 'rectification_acceptance_requested', ['GROUP_MEMBERS']);
    },
    { aliases: [legacy.reportProgress] },
  );
  onUpdate(
    decideAcceptanceUpdate,
    (decision) => {
      expectState('under_acceptance');
      expectGroup(decision.actor);
      if (decision.decision === 'reopen') expectText(decision.reason, 'the reason for reopening');
    },
    async (decision) => {
      if (decision.decision === 'accept') {
        await close(decision.actor, decision.revisitAt, decision.comment);
      } else {
        await reopen('acceptance_reopened', decision.actor, decision.reason, decision.newDeadline);
      }
    },
    { aliases: [legacy.decideAcceptance], current: currentAcceptance },
  );
  onUpdate(
    requestExtensionUpdate,
    ({ actor, reason, deadline: asked }) => {
      expectState('in_rectification');
      expectUnitContact(actor);
      expectText(reason, 'the reason for the extension');
      if (view.pendingExtension) refuse('extension-pending', 'an extension request is already pending (每次只能有一项延期申请)');
      if (Date.parse(asked.deadlineAt) <= Date.parse(view.deadlineAt)) refuse('deadline-not-later', 'the requested deadline is not later than the current one');
    },
    async ({ actor, reason, deadline: asked }) => {
      extensionRequests += 1;
      requested = asked;
      view.pendingExtension = { n: extensionRequests, reason, requestedById: actor.personId, deadlineAt: asked.deadlineAt };
      await record({ kind: 'extension_requested', actorId: actor.personId, detail: { reason, deadlineAt: asked.deadlineAt } });
      await email(`extension-${extensionRequests}`, 0, 'rectification_extension_requested', ['COMMISSION_LEADER'], { reason, deadlineAt: asked.deadlineAt });
    },
    { aliases: [legacy.requestExtension], current: currentRequestExtension },
  );
  onUpdate(
    decideExtensionUpdate,
    (decision) => {
      if (!view.pendingExtension) refuse('no-extension-pending', 'no extension request is pending');
      if (!hasRole(decision.actor, 'COMMISSION_LEADER')) refuse('not-commission-leader', 'only a commission leader (委领导) may decide an extension');
      if (decision.decision === 'refuse') expectText(decision.reason, 'the reason for refusing');
    },
    async (decision) => {
      const asked = view.pendingExtension!;
      view.pendingExtension = null;
      if (decision.decision === 'grant') {
        view.extensionsGranted += 1;
        arm('in_rectification', requested!);
      }
      const kind = decision.decision === 'grant' ? 'extension_granted' : 'extension_refused';
      const reason = decision.decision === 'refuse' ? decision.reason : undefined;
      await record({ kind, actorId: decision.actor.personId, detail: { deadlineAt: asked.deadlineAt, ...(reason ? { reason } : {}) } });
      await email(`extension-${asked.n}-decided`, 0, `rectification_${kind}`, ['UNIT_CONTACT', 'GROUP_MEMBERS'], { reason });
    },
    { aliases: [legacy.decideExtension] },
  );
  onUpdate(
    recordRevisitUpdate,
    (revisit) => {
      expectState('closed');
      expectGroup(revisit.actor);
      if (revisit.decision === 'reopen') expectText(revisit.reason, 'the reason for reopening');
    },
    async (revisit) => {
      if (revisit.decision === 'confirm') {
        view.state = 'revisited';
        await record({ kind: 'revisit_confirmed', actorId: revisit.actor.personId, detail: revisit.comment ? { comment: revisit.comment } : undefined });
      } else {
        await reopen('revisit_reopened', revisit.actor, revisit.reason, revisit.newDeadline);
      }
    },
    { aliases: [legacy.recordRevisit], current: currentRevisit },
  );

  async function close(actor: Actor, revisitAt: string, comment?: string) {
    closings += 1;
    // a request for more time means nothing once the work is accepted
    Object.assign(view, { state: 'closed', closedAt: now(), revisitAt, pendingExtension: null });
    await record({ kind: 'closed', actorId: actor.personId, detail: { revisitAt, ...(comment ? { comment } : {}) } });
    await email(`closed-${closings}`, 0, 'rectification_closed', ['UNIT_CONTACT', 'UNIT_LEADER', 'GROUP_MEMBERS']);
  }

  /** Back into rectification: with a new deadline if one is given, else the running one (rungs already sent stay sent). */
  async function reopen(kind: string, actor: Actor, reason: string, newDeadline: Deadline | undefined) {
    Object.assign(view, { state: 'in_rectification', round: view.round + 1, closedAt: null, revisitAt: null });
    if (newDeadline) arm('in_rectification', newDeadline);
    await record({ kind, actorId: actor.personId, detail: { reason, deadlineAt: view.deadlineAt } });
    await email(`reopened-r${view.round}`, 0, 'rectification_reopened', ['UNIT_CONTACT', 'UNIT_LEADER'], { reason });
  }

  const fire = async (kinds: (typeof RECTIFICATION_DEADLINES)[keyof typeof RECTIFICATION_DEADLINES], event: DeadlineEvent) => {
    view.rungsFired = [...view.rungsFired, event.rung];
    await email(view.deadlineKey, event.rung, event.rung === 0 ? kinds.reminder : kinds.overdue, event.notify ?? ['UNIT_CONTACT'], { dueAt: event.at });
  };

  /** The running deadline on an amended calendar: the same outbox key and rungs fired, so nothing fires twice. */
  const replanned = async (next: Deadline, change: CalendarChange) => {
    const from = deadline;
    deadline = next;
    view.deadlineAt = next.deadlineAt;
    await record({ kind: 'deadline_replanned', detail: replannedDetail(change, from, next) });
  };

  /** After 销号: the group is told when the revisit (回头看) is due, unless it has recorded one already. */
  async function awaitRevisit() {
    const closing = closings;
    const wait = Date.parse(view.revisitAt!) - Date.now();
    const revisited = wait > 0 && (await condition(() => view.state !== 'closed', wait));
    if (!revisited) await email(`revisit-${closing}`, 0, 'rectification_revisit_due', ['GROUP_MEMBERS']);
  }

  await record({ kind: 'opened', detail: { source: input.source, planDueAt: input.planDue.deadlineAt } });
  await email('notice', 0, 'rectification_notice', ['UNIT_CONTACT', 'GROUP_MEMBERS']);
  while (view.state !== 'revisited') {
    const [state, watched] = [view.state, deadline];
    if (isWatched(state)) {
      await watchDeadline({
        deadline: () => deadline,
        done: () => view.state !== state,
        fired: () => view.rungsFired,
        fire: (e) => fire(RECTIFICATION_DEADLINES[state], e),
        calendar: { changes, replanned },
      });
    } else if (state === 'closed') {
      await awaitRevisit();
    }
    // every rung fired (or the revisit notice sent): wait for the next step or a new deadline
    await condition(() => view.state !== state || deadline !== watched);
  }
  await emailer.settled();
  return view;
}
