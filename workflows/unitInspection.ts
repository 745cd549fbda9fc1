import {
  CancellationScope,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuditedEvent } from '../activities/auditLog';
import { campaignEmailProcess } from '../domain/emails';
import { inspectionFindingId, unitInspectionWorkflowId } from '../domain/ids';
import type { Deadline } from '../domain/ladder';
import { isContactOf, isOfUnitGroup } from '../domain/roles';
import type { InspectionState } from '../domain/states';
import { calendarChangesOf, replannedDetail } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import {
  currentReviewReport,
  currentUnitInspectionInput,
  inspectionStatusQuery,
  reviewReportUpdate,
  submitReportUpdate,
  unitFinishedSignal,
  type CalendarChange,
  type InspectionView,
  type ReviewReportInput,
  type SubmitReportInput,
  type FindingInput,
  type LegacyUnitInspectionInput,
} from './messages';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';
import { startRectifications } from './startRectifications';
import { emailerOf } from './emailer';
import { activities } from './proxies';
import { refuse } from './refuse';
import { updatesOf } from './updates';

/**
 * One unit's part of a campaign (单位自查): notice → self-inspection report before the deadline
 * (reminder, then escalation rungs) → the group's review: accepted, or returned with a new deadline.
 */
export async function unitInspection(started: LegacyUnitInspectionInput): Promise<InspectionView> {
  const input = currentUnitInspectionInput(started);
  const { workflowId } = workflowInfo();
  let deadline = input.submission;
  const view: InspectionView = {
    workflowId,
    campaignId: input.campaignId,
    unitId: input.unitId,
    groupId: input.groupId,
    state: 'awaiting_submission',
    round: 1,
    version: input.projected?.version ?? 0,
    deadlineAt: deadline.deadlineAt,
    rungsFired: [],
  };

  const record = async (event?: AuditedEvent) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    await activities.recordInspection(event ? { ...view, event } : { ...view });
  };
  const email = emailerOf(() => ({
    workflowId,
    about: { title: input.title, topic: input.topic, unitId: input.unitId, groupId: input.groupId, commissionLeaderId: input.approverId },
    process: campaignEmailProcess(PROCESS_KINDS.unitInspection, input.campaignId),
    deadlineAt: deadline.deadlineAt,
    round: view.round,
  }));
  const expectState = (state: InspectionState) => {
    if (view.state !== state) refuse('wrong-state', `state is ${view.state}, not ${state}`);
  };

  setHandler(inspectionStatusQuery, () => view);
  const changes = calendarChangesOf(() => [view.state === 'awaiting_submission' ? deadline : undefined]);
  const onUpdate = updatesOf(() => view);
  onUpdate(
    submitReportUpdate,
    ({ actor, content }: SubmitReportInput) => {
      expectState('awaiting_submission');
      if (!isContactOf(actor, input.unitId)) {
        refuse('not-unit-contact', 'only the unit contact (联络员) of this unit may submit its report');
      }
      if (!content.trim()) refuse('text-missing', 'the report is empty');
    },
    async ({ actor, content }: SubmitReportInput) => {
      view.state = 'under_review'; // first, so a concurrent second submission is refused
      await activities.recordSubmission({ inspectionId: workflowId, round: view.round, actorId: actor.personId, content, at: new Date(Date.now()).toISOString() });
      await record();
      await email(`submitted-r${view.round}`, 0, { kind: 'inspection_report_submitted', notify: ['GROUP_MEMBERS'] });
    },
  );
  onUpdate(
    reviewReportUpdate,
    (review: ReviewReportInput) => {
      expectState('under_review');
      const { actor } = review;
      if (!isOfUnitGroup(actor, input.groupId)) {
        refuse('not-stationed-group', 'only a member of the stationed group of this unit may review its report');
      }
      if (review.decision === 'return' && !review.reason.trim()) refuse('text-missing', 'a returned report needs a reason');
    },
    async (review: ReviewReportInput) => {
      const round = view.round;
      view.state = review.decision === 'accept' ? 'accepted' : 'awaiting_submission';
      await activities.recordReview({
        inspectionId: workflowId,
        unitId: input.unitId,
        round,
        actorId: review.actor.personId,
        at: new Date(Date.now()).toISOString(),
        ...(review.decision === 'accept'
          ? { decision: 'accept', findings: review.findings, comment: review.comment }
          : { decision: 'return', reason: review.reason, newDeadlineAt: review.newDeadline.deadlineAt }),
      });
      // histories recorded before rectification existed replay without starting any child
      if (review.decision === 'accept' && review.rectificationPlanDue && patched('rectification-for-findings')) {
        await rectify(review.findings, review.rectificationPlanDue);
      }
      if (review.decision === 'return') {
        deadline = review.newDeadline;
        Object.assign(view, { round: round + 1, deadlineAt: deadline.deadlineAt, deadlineRule: deadline.rule, rungsFired: [] });
        await email(`returned-r${round}`, 0, { kind: 'inspection_report_returned', notify: ['UNIT_CONTACT'], reason: review.reason });
      }
      await record();
    },
    { current: currentReviewReport },
  );

  /** 整改 of the findings recordReview wrote; the business id comes from the input, not workflowInfo(). */
  const rectify = (findings: FindingInput[], planDue: Deadline) => {
    const inspectionId = unitInspectionWorkflowId(input.campaignId, input.unitId);
    return startRectifications(
      {
        campaignId: input.campaignId,
        unitId: input.unitId,
        groupId: input.groupId,
        source: { kind: PROCESS_KINDS.unitInspection, id: inspectionId },
        planDue,
        topic: input.title,
        commissionLeaderId: input.approverId,
      },
      findings.map((finding, i) => ({ id: inspectionFindingId(inspectionId, i + 1), title: finding.title })),
    );
  };

  const fire = async (event: DeadlineEvent) => {
    view.rungsFired = [...view.rungsFired, event.rung];
    await email(`submission-r${view.round}`, event.rung, {
      kind: event.rung === 0 ? 'inspection_reminder' : 'inspection_overdue',
      notify: event.notify ?? ['UNIT_CONTACT'],
      dueAt: event.at,
    });
  };

  /** The running deadline on an amended calendar: the same round, outbox key and rungs fired. */
  const replanned = async (next: Deadline, change: CalendarChange) => {
    const from = deadline;
    deadline = next;
    Object.assign(view, { deadlineAt: next.deadlineAt, deadlineRule: next.rule });
    await record({ kind: 'deadline_replanned', detail: replannedDetail(change, from, next) });
  };

  try {
    // started by the fan-out with its search attributes and first snapshot written: one workflow task
    // and one activity fewer for each unit of a campaign
    if (!input.projected) upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    if (!input.projected || Date.parse(input.projected.deadlineAt) !== Date.parse(deadline.deadlineAt)) await record();
    await email('notice', 0, { kind: 'inspection_notice', notify: ['UNIT_CONTACT', 'GROUP_MEMBERS'] });
    while (view.state !== 'accepted') {
      const round = view.round;
      await watchDeadline({
        deadline: () => deadline,
        done: () => view.state !== 'awaiting_submission' || view.round !== round,
        fired: () => view.rungsFired,
        fire,
        calendar: { changes, replanned },
      });
      await condition(() => view.state === 'accepted' || view.round !== round);
    }
    await condition(allHandlersFinished);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(async () => {
      view.state = 'cancelled';
      await record();
    });
    throw err;
  }
  // the campaign may already have ended (cancelled): the unit's result stands regardless
  await getExternalWorkflowHandle(input.campaignWorkflowId)
    .signal(unitFinishedSignal, { unitId: input.unitId })
    .catch(() => undefined);
  // the campaign hears of the result at once; the unit's last emails may still be going out
  await email.settled();
  return view;
}
