import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuditedEvent } from '../activities/auditLog';
import { campaignEmailProcess } from '../domain/emails';
import { unitInspectionWorkflowId } from '../domain/ids';
import { isFinalCampaignState, type CampaignState } from '../domain/states';
import type { Deadline } from '../domain/ladder';
import { hasRole, type Actor } from '../domain/roles';
import { calendarChangesOf, handedOn, replanOnChange, replannedDetail } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import {
  campaignStatusQuery,
  cancelCampaignUpdate,
  decideApprovalUpdate,
  legacyDecideApprovalUpdate,
  unitFinishedSignal,
  type CalendarChange,
  type CampaignInput,
  type CampaignProgress,
  type CampaignView,
  type CancelCampaignInput,
  type ApprovalDecisionInput,
} from './messages';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';
import { unitInspection } from './unitInspection';
import { emailerOf } from './emailer';
import { activities, cancelUnitInspections, startUnitInspections } from './proxies';
import { refuse } from './refuse';
import { updatesOf } from './updates';

const SCOPE_PAGE = 100;
/** the configured default when campaigns still carried a window */
const LEGACY_FAN_OUT_WINDOW = 500;
/**
 * Unit inspections are started by an activity through the client (startUnitInspections), not as
 * children: Temporal serialises a parent's child starts, which held a 1,000-unit fan-out to a tenth
 * of the server's start rate. Before it, this workflow started them as children, a window per run.
 */
export const FAN_OUT_BY_ACTIVITY = 'fan-out-by-activity';
/**
 * The campaign's first activity writes its units (recordCampaignScope) from the scope the launch
 * checked; before it, the launch request wrote them, which cost a 20,000-unit launch 390 ms.
 */
export const SCOPE_RECORDED_BY_WORKER = 'scope-recorded-by-worker';

/**
 * 专项督查 special campaign: approval (审批) by a commission leader (escalated to the approver's
 * superior when the window passes), then one unit inspection per unit in scope, started by an
 * activity, until every unit's report is accepted or staff cancel it.
 */
export async function campaign(input: CampaignInput): Promise<CampaignView> {
  const { workflowId } = workflowInfo();
  const p: CampaignProgress = input.progress ?? {
    state: 'awaiting_approval',
    version: 0,
    started: 0,
    finished: 0,
    approvalRungsFired: [],
    runs: 1,
  };
  // the scope's size: the launch counted it, the first activity writes and recounts it
  let unitCount = input.unitCount;
  let fanOutBusy = false;
  // a decision or a cancellation the handler answered, still to be recorded by the main flow
  let unrecorded: Parameters<typeof recordDecision>[0] | undefined;
  let cancellation: Parameters<typeof sweep>[0] | undefined;
  // both re-planned when the calendar is amended; the next run (continue-as-new) gets them as they are
  const deadlines: Pick<CampaignInput, 'approval' | 'submission'> = { approval: input.approval, submission: input.submission };
  const view = (): CampaignView => ({
    campaignId: input.campaignId,
    unitCount,
    deadlineAt: deadlines.submission.deadlineAt,
    approvalDueAt: deadlines.approval.deadlineAt,
    ...p,
  });
  const record = async (extra: { actor?: Actor; reason?: string; event?: AuditedEvent } = {}) => {
    p.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: p.state }]);
    const { event } = extra;
    await activities.recordCampaign({
      campaignId: input.campaignId,
      state: p.state,
      version: p.version,
      actorId: extra.actor?.personId,
      reason: extra.reason,
      ...(event && { event, deadlines }),
    });
  };
  const emailer = emailerOf(() => ({
    workflowId,
    deadlineAt: deadlines.approval.deadlineAt,
    about: { title: input.title, topic: input.topic, commissionLeaderId: input.approverId },
    process: campaignEmailProcess(PROCESS_KINDS.campaign, input.campaignId),
  }));
  const email = (key: string, rung: number, kind: 'campaign_approval_request' | 'campaign_approval_overdue', event?: DeadlineEvent) =>
    emailer(key, rung, { kind, notify: event?.notify ?? ['APPROVER'], dueAt: event?.at });
  const expectState = (...states: CampaignState[]) => {
    if (!states.includes(p.state)) refuse('wrong-state', `the campaign is ${p.state}, not ${states.join(' or ')}`);
  };

  setHandler(campaignStatusQuery, view);
  const unitsToStart = () => (p.state === 'awaiting_approval' || p.state === 'fanning_out') && p.started < unitCount;
  // the approval watcher takes each change; the submission deadline the units not yet started will get
  // follows it too (`later`: with the approval, and before each page of units); a unit already started
  // re-plans its own
  const { changes, later } = handedOn(
    calendarChangesOf(() => [p.state === 'awaiting_approval' ? deadlines.approval : undefined, unitsToStart() ? deadlines.submission : undefined]),
    () => p.state === 'awaiting_approval',
  );
  const onUpdate = updatesOf(view);
  onUpdate(
    decideApprovalUpdate,
    ({ actor, decision, reason }: ApprovalDecisionInput) => {
      expectState('awaiting_approval');
      if (!hasRole(actor, 'COMMISSION_LEADER')) refuse('not-commission-leader', 'only a commission leader (委领导) may approve a campaign');
      if (decision === 'reject' && !reason?.trim()) refuse('text-missing', 'a rejection needs a reason');
    },
    async ({ actor, decision, reason }: ApprovalDecisionInput) => {
      p.state = decision === 'approve' ? 'fanning_out' : 'rejected';
      const decided = { decision, actor, reason, at: new Date(Date.now()).toISOString() };
      // the leader's answer need not wait for the records: the main flow writes them, before any unit starts
      if (patched(FAN_OUT_BY_ACTIVITY)) return void (unrecorded = decided);
      await recordDecision(decided);
    },
    { aliases: [legacyDecideApprovalUpdate] },
  );
  onUpdate(
    cancelCampaignUpdate,
    ({ actor, reason }: CancelCampaignInput) => {
      if (isFinalCampaignState(p.state)) refuse('wrong-state', `the campaign is already ${p.state}`);
      if (!hasRole(actor, 'STAFF')) refuse('not-staff', 'only commission staff (委机关) may cancel a campaign');
      if (!reason.trim()) refuse('text-missing', 'a cancellation needs a reason');
    },
    async ({ actor, reason }: CancelCampaignInput) => {
      const cancelled = { actor, reason, fannedOut: p.state !== 'awaiting_approval' };
      p.state = 'cancelled';
      // staff's answer need not wait for the sweep over every unit: the main flow does it
      if (patched(FAN_OUT_BY_ACTIVITY)) return void (cancellation = cancelled);
      await sweep(cancelled, { recordFirst: false });
    },
  );
  setHandler(unitFinishedSignal, () => {
    if (!isFinalCampaignState(p.state)) p.finished += 1;
  });

  /** The leader's decision in the approval table and the projection, with its audit entry. */
  async function recordDecision({ decision, actor, reason, at }: { decision: ApprovalDecisionInput['decision']; actor: Actor; reason?: string; at: string }) {
    await activities.recordDecision({ subjectKind: 'campaign', subjectId: input.campaignId, decision, actorId: actor.personId, reason, at });
    await record({ actor, reason });
  }
  /**
   * The cancellation recorded, and once the fan-out has stopped (no unit starts after it) every unit
   * inspection cancelled. The fan-out activity stops when the projection says cancelled, so the record
   * comes first; before FAN_OUT_BY_ACTIVITY it came last.
   */
  async function sweep({ actor, reason, fannedOut }: { actor: Actor; reason: string; fannedOut: boolean }, { recordFirst = true } = {}) {
    if (recordFirst) await record({ actor, reason });
    await condition(() => !fanOutBusy);
    if (fannedOut) await cancelUnitInspections({ campaignId: input.campaignId });
    if (!recordFirst) await record({ actor, reason });
  }

  /** One of the deadlines on an amended calendar; the approval rungs fired stay fired. */
  const replanned = (which: keyof typeof deadlines) => async (next: Deadline, change: CalendarChange) => {
    const from = deadlines[which];
    deadlines[which] = next;
    await record({ event: { kind: 'deadline_replanned', detail: { deadline: which, ...replannedDetail(change, from, next) } } });
    // the submission deadline follows the change that moved the approval at once
    if (which === 'approval') await replanSubmission();
  };
  /** Before units start (and with the approval): the changes heard so far re-plan the submission deadline units are handed. */
  const replanSubmission = async () => {
    while (later.pending()) await replanOnChange(later, deadlines.submission, replanned('submission'));
  };

  const historyTooLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= (input.historyLimit ?? 10_000);
  };
  // the next run takes over the emails still going out: fan-out never waits for the SMTP server
  const continueWith = async () => {
    await condition(allHandlersFinished);
    if (isFinalCampaignState(p.state)) return;
    const emails = emailer.outstanding();
    await continueAsNew<typeof campaign>({ ...input, ...deadlines, unitCount, progress: { ...p, runs: p.runs + 1 }, emails: emails.length ? emails : undefined });
  };

  if (input.emails) emailer.resume(input.emails);

  if (!input.progress) {
    if (patched(SCOPE_RECORDED_BY_WORKER)) unitCount = await activities.recordCampaignScope({ campaignId: input.campaignId });
    await record();
    await email('approval-request', 0, 'campaign_approval_request');
  }
  if (p.state === 'awaiting_approval') {
    await watchDeadline({
      deadline: () => deadlines.approval,
      done: () => p.state !== 'awaiting_approval',
      fired: () => p.approvalRungsFired,
      fire: async (event) => {
        p.approvalRungsFired = [...p.approvalRungsFired, event.rung];
        await email('approval', event.rung, 'campaign_approval_overdue', event);
      },
      calendar: { changes, replanned: replanned('approval') },
    });
    await condition(() => p.state !== 'awaiting_approval');
  }
  if (unrecorded) await recordDecision(unrecorded);
  if (p.state === 'fanning_out') {
    if (patched(FAN_OUT_BY_ACTIVITY)) {
      await startUnits();
    } else {
      await fanOut();
      if (p.state === 'fanning_out' && p.started < unitCount) await continueWith();
    }
    if (p.state === 'fanning_out') {
      p.state = 'in_progress';
      await record();
    }
  }
  while (p.state === 'in_progress') {
    await condition(() => p.finished >= unitCount || p.state !== 'in_progress' || historyTooLong());
    if (p.state !== 'in_progress') break;
    if (p.finished < unitCount) {
      await continueWith();
    } else {
      p.state = 'completed';
      await record();
    }
  }
  if (cancellation) await sweep(cancellation);
  await emailer.settled();
  return view();

  /** Every unit not started yet, by one activity; a cancellation (recorded) stops it at its next page. */
  async function startUnits() {
    fanOutBusy = true;
    try {
      await replanSubmission();
      if (p.state !== 'fanning_out') return;
      const args = { campaignId: input.campaignId, campaignWorkflowId: workflowId, title: input.title, topic: input.topic, approverId: input.approverId, submission: deadlines.submission, fromOrdinal: p.started };
      const scope = await startUnitInspections(args);
      if (p.state !== 'fanning_out') return;
      if (scope < unitCount) throw new Error(`scope of ${input.campaignId} has ${scope} units, not ${unitCount}`);
      p.started = scope;
    } finally {
      fanOutBusy = false;
    }
  }

  /** Before FAN_OUT_BY_ACTIVITY: at most `fanOutWindow` children in this run, a page at a time. */
  async function fanOut() {
    let budget = input.fanOutWindow ?? LEGACY_FAN_OUT_WINDOW;
    while (p.state === 'fanning_out' && p.started < unitCount && budget > 0) {
      fanOutBusy = true;
      await replanSubmission();
      const page = await activities.listCampaignScope({ campaignId: input.campaignId, fromOrdinal: p.started, limit: Math.min(budget, SCOPE_PAGE) });
      await Promise.all(page.map((unit) => startUnit(unit.unitId, unit.groupId)));
      p.started += page.length;
      budget -= page.length;
      fanOutBusy = false;
      if (page.length === 0) throw new Error(`scope of ${input.campaignId} has fewer than ${unitCount} units`);
    }
  }

  /** Before FAN_OUT_BY_ACTIVITY: one child. */
  function startUnit(unitId: string, groupId: string) {
    return startChild(unitInspection, {
      workflowId: unitInspectionWorkflowId(input.campaignId, unitId),
      // children outlive this run: the campaign continues as new while they wait for reports
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: searchKeys.kind, value: PROCESS_KINDS.unitInspection },
        { key: searchKeys.campaign, value: input.campaignId },
        { key: searchKeys.groups, value: [groupId] },
        { key: searchKeys.unit, value: unitId },
        { key: searchKeys.state, value: 'awaiting_submission' },
      ],
      args: [
        {
          campaignId: input.campaignId,
          campaignWorkflowId: workflowId,
          title: input.title,
          topic: input.topic,
          unitId,
          groupId,
          approverId: input.approverId,
          submission: deadlines.submission,
        },
      ],
    });
  }
}
