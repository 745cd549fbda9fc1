import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { EmailRequest } from '../activities/mail';
import type { AuditFindingRecord, TargetedAuditEventInput } from '../activities/targetedAudits';
import type { EmailKind } from '../domain/emails';
import { auditFindingId, targetedAuditWorkflowId } from '../domain/ids';
import type { Deadline, Recipient } from '../domain/ladder';
import { hasRole, isContactOf, isOfUnitGroup, type Actor } from '../domain/roles';
import { AUDIT_TEMPLATES } from '../domain/auditTemplates';
import { calendarChangesOf, planOnceKnown, replannedBy } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import {
  cancelAuditUpdate,
  currentReviewAuditStep,
  fileAuditStepUpdate,
  owesFiling as owed,
  reviewAuditStepUpdate,
  targetedAuditStatusQuery,
  type AuditFindingInput,
  type AuditItemView,
  type AuditStepView,
  type CancelAuditInput,
  type FileAuditStepInput,
  type ReviewAuditStepInput,
  type TargetedAuditInput,
  type TargetedAuditView,
} from './messages';
import { emailerOf } from './emailer';
import { activities } from './proxies';
import { refuse } from './refuse';
import { updatesOf } from './updates';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';
import { startRectifications } from './startRectifications';

const items = (step: AuditStepView) => Object.values(step.items);
const finished = (step: AuditStepView) => items(step).every((i) => i.state === 'accepted');

/**
 * 靶向督查 of one unit from a template: its steps in order, each opened with a deadline planned by
 * its rule, filed by the unit (and reviewed by the stationed group) or by the group itself, chased by
 * the unit's or the group's ladder. Findings the group raises start their own rectification.
 * Commission staff may cancel it at any time.
 */
export async function targetedAudit(input: TargetedAuditInput): Promise<TargetedAuditView> {
  const { workflowId } = workflowInfo();
  const now = () => new Date(Date.now()).toISOString();
  const startedAt = now();
  let previousDoneAt = startedAt;
  let deadline: Deadline | undefined;
  let deadlines = 0;
  const changes = calendarChangesOf(() => [deadline]);
  const view: TargetedAuditView = {
    workflowId,
    auditId: input.auditId,
    template: input.template,
    state: 'in_progress',
    version: 0,
    current: 0,
    steps: input.steps.map((s) => ({
      key: s.key,
      label: s.label,
      by: s.by,
      state: 'pending',
      deadlineAt: null,
      deadlineKey: null,
      rungsFired: [],
      items: Object.fromEntries(
        s.items.map((i): [string, AuditItemView] => [i.id, { label: i.label, state: 'awaiting', round: 1, content: null, filedById: null, filedAt: null, reason: null }]),
      ),
      doneAt: null,
    })),
    findingIds: [],
  };
  const specOf = (key: string) => input.steps.find((s) => s.key === key)!;
  const openStep = () => view.steps[view.current];
  const running = () => view.state === 'in_progress';

  const record = async (event: Omit<TargetedAuditEventInput, 'at'>) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    await activities.recordTargetedAudit({ view, event: { ...event, at: now() } });
  };
  const emailer = emailerOf(() => ({
    workflowId,
    deadlineAt: openStep()?.deadlineAt ?? undefined,
    about: {
      title: input.title,
      topic: openStep()?.label ?? AUDIT_TEMPLATES[input.template],
      commissionLeaderId: input.commissionLeaderId,
      unitId: input.unitId,
      groupId: input.groupId,
    },
    process: { kind: PROCESS_KINDS.targetedAudit, label: `靶向督查（${AUDIT_TEMPLATES[input.template]}）`, actPath: `/targeted-audits/${encodeURIComponent(input.auditId)}` },
  }));
  const email = (key: string, rung: number, kind: EmailKind, notify: Recipient[], extra: Partial<EmailRequest> = {}) => emailer(key, rung, { kind, notify, ...extra });

  // ---- who may do what ------------------------------------------------------------------------
  const expectOpenItem = (stepKey: string, item: string) => {
    if (!running()) refuse('wrong-state', `the audit is ${view.state}`);
    const step = openStep();
    if (step.key !== stepKey) refuse('step-not-open', `step "${stepKey}" is not open; the open step is "${step.key}" (${step.label})`);
    if (step.state !== 'open') refuse('step-not-open', `step "${stepKey}" is not open yet`);
    const found = step.items[item];
    if (!found) refuse('unknown-target', `step "${stepKey}" has no item "${item}"; its items are ${Object.keys(step.items).join(', ')}`);
    return { step, item: found, spec: specOf(stepKey) };
  };
  const expectGroup = (actor: Actor) => {
    if (!isOfUnitGroup(actor, input.groupId)) refuse('not-stationed-group', 'only the stationed group of this unit may do this');
  };
  const expectPlanDue = (x: { findings?: AuditFindingInput[]; rectificationPlanDue?: Deadline }) => {
    if (x.findings?.length && !x.rectificationPlanDue) refuse('plan-due-missing', 'findings need the plan due of their rectification');
  };
  const expectFiler = (actor: Actor, by: 'unit' | 'group') => {
    if (by === 'group') return expectGroup(actor);
    if (!isContactOf(actor, input.unitId)) refuse('not-unit-contact', 'only the contact (联络员) of this unit may file this step');
  };

  /** Findings of this audit, numbered in order before any await, so concurrent steps never share an id. */
  const numberFindings = (findings: AuditFindingInput[] | undefined) => {
    const first = view.findingIds.length + 1;
    const numbered = (findings ?? []).map((f, i) => ({ id: auditFindingId(input.auditId, first + i), title: f.title, detail: f.detail }));
    view.findingIds = [...view.findingIds, ...numbered.map((f) => f.id)];
    return numbered;
  };
  /** Each finding gets its Finding row, then its own rectification. */
  const rectify = async (actor: Actor, findings: AuditFindingRecord[], planDue: Deadline | undefined) => {
    if (!findings.length || !planDue) return;
    await activities.recordAuditFindings({ auditId: input.auditId, workflowId, unitId: input.unitId, recordedById: actor.personId, findings });
    const source = { kind: PROCESS_KINDS.targetedAudit, id: targetedAuditWorkflowId(input.auditId) };
    await startRectifications({ unitId: input.unitId, groupId: input.groupId, source, planDue, topic: input.title, commissionLeaderId: input.commissionLeaderId }, findings);
  };

  setHandler(targetedAuditStatusQuery, () => view);
  const onUpdate = updatesOf(() => view);
  onUpdate(
    fileAuditStepUpdate,
    (filing: FileAuditStepInput) => {
      const { spec } = expectOpenItem(filing.stepKey, filing.item);
      const { state } = openStep().items[filing.item];
      if (state === 'filed' || state === 'accepted') refuse('already-recorded', `"${filing.item}" of step "${filing.stepKey}" is already ${state}`);
      expectFiler(filing.actor, spec.by);
      if (!filing.content.trim()) refuse('text-missing', 'the content is empty');
      if (spec.meeting && (!filing.heldOn || !filing.attendeeId)) refuse('meeting-details-missing', 'a meeting filing needs the day it was held and the group member who attended (列席)');
      if (filing.findings?.length && spec.by !== 'group') refuse('findings-not-allowed', 'findings are raised by the group, in its own steps or when accepting a filing');
      expectPlanDue(filing);
    },
    async (filing: FileAuditStepInput) => {
      const { step, item, spec } = expectOpenItem(filing.stepKey, filing.item);
      Object.assign(item, { state: spec.review ? 'filed' : 'accepted', content: filing.content, filedById: filing.actor.personId, filedAt: now(), reason: null });
      if (spec.meeting) Object.assign(step, { heldOn: filing.heldOn, attendeeId: filing.attendeeId });
      const findings = numberFindings(filing.findings);
      await record({
        kind: 'filed',
        stepKey: step.key,
        item: filing.item,
        actorId: filing.actor.personId,
        detail: { content: filing.content, ...(spec.meeting ? { heldOn: filing.heldOn, attendeeId: filing.attendeeId } : {}), ...(filing.findings?.length ? { findings: filing.findings.length } : {}) },
      });
      await rectify(filing.actor, findings, filing.rectificationPlanDue);
      if (spec.review) await email(`${step.key}/${filing.item}/filed-r${item.round}`, 0, 'audit_step_filed', ['GROUP_MEMBERS']);
    },
  );
  onUpdate(
    reviewAuditStepUpdate,
    (review: ReviewAuditStepInput) => {
      const { item, spec } = expectOpenItem(review.stepKey, review.item);
      if (!spec.review) refuse('step-not-reviewed', `step "${review.stepKey}" is not reviewed`);
      if (item.state !== 'filed') refuse('wrong-state', `"${review.item}" of step "${review.stepKey}" is ${item.state}, not filed`);
      expectGroup(review.actor);
      if (review.decision === 'return' && !review.reason.trim()) refuse('text-missing', 'a returned filing needs a reason');
      if (review.decision === 'accept') expectPlanDue(review);
    },
    async (review: ReviewAuditStepInput) => {
      const { step, item } = expectOpenItem(review.stepKey, review.item);
      const findings = review.decision === 'accept' ? numberFindings(review.findings) : [];
      if (review.decision === 'accept') {
        item.state = 'accepted';
      } else {
        Object.assign(item, { state: 'returned', round: item.round + 1, reason: review.reason });
        if (review.newDeadline) arm(review.newDeadline);
      }
      const detail = review.decision === 'accept' ? { ...(review.comment ? { comment: review.comment } : {}), findings: review.findings?.length ?? 0 } : { reason: review.reason, deadlineAt: step.deadlineAt };
      await record({ kind: review.decision === 'accept' ? 'accepted' : 'returned', stepKey: step.key, item: review.item, actorId: review.actor.personId, detail });
      if (review.decision === 'accept') await rectify(review.actor, findings, review.rectificationPlanDue);
      if (review.decision === 'return') await email(`${step.key}/${review.item}/returned-r${item.round - 1}`, 0, 'audit_step_returned', ['UNIT_CONTACT'], { reason: review.reason });
    },
    { current: currentReviewAuditStep },
  );
  onUpdate(
    cancelAuditUpdate,
    ({ actor, reason }: CancelAuditInput) => {
      if (view.state !== 'in_progress' && view.state !== 'calendar_missing') refuse('wrong-state', `the audit is ${view.state}`);
      if (!hasRole(actor, 'STAFF')) refuse('not-staff', 'only commission staff (委机关) may cancel a targeted audit');
      if (!reason.trim()) refuse('text-missing', 'a cancellation needs a reason');
    },
    async ({ actor, reason }: CancelAuditInput) => {
      Object.assign(view, { state: 'cancelled', cancelReason: reason });
      await record({ kind: 'cancelled', actorId: actor.personId, detail: { reason } });
      await email('cancelled', 0, 'audit_cancelled', ['UNIT_CONTACT', 'GROUP_MEMBERS'], { reason });
    },
  );

  // ---- deadlines ------------------------------------------------------------------------------
  /** A new deadline for the open step: its own outbox key, so its reminder and rungs fire even where earlier ones did. */
  function arm(next: Deadline) {
    deadline = next;
    deadlines += 1;
    Object.assign(openStep(), { deadlineAt: next.deadlineAt, deadlineRule: next.rule, deadlineKey: `${openStep().key}/d${deadlines}`, rungsFired: [] });
  }

  /**
   * Works out and arms the open step's deadline; without holiday data the audit waits (told once)
   * until the year is entered, or cancelled.
   */
  async function armOpenStep(): Promise<boolean> {
    const step = openStep();
    const heldOn = view.steps.find((s) => s.heldOn)?.heldOn;
    const plan = () => activities.planAuditStep({ step: specOf(step.key), startedAt, previousDoneAt, heldOn, dates: input.dates });
    const planned = await plan();
    if (planned.ok) {
      arm(planned.plan);
      return true;
    }
    Object.assign(view, { state: 'calendar_missing', missingYear: planned.missingYear });
    await record({ kind: 'calendar_missing', stepKey: step.key, detail: { year: planned.missingYear } });
    await email(`${step.key}/calendar-missing`, 0, 'audit_calendar_missing', ['GROUP_MEMBERS', 'STAFF'], {
      reason: `缺少${planned.missingYear}年法定节假日数据，请委机关工作人员在系统中录入该年节假日安排；录入后本环节自动恢复（另每日自动重试）`,
    });
    const next = await planOnceKnown(changes, plan, () => view.state === 'cancelled');
    if (!next) return false;
    Object.assign(view, { state: 'in_progress', missingYear: undefined });
    arm(next);
    return true;
  }

  /** A calendar change moved the open step's deadline: same outbox key and rungs fired, new instants. */
  const install = (next: Deadline) => {
    deadline = next;
    Object.assign(openStep(), { deadlineAt: next.deadlineAt, deadlineRule: next.rule });
  };
  const replanned = replannedBy(() => deadline!, install, (detail) => record({ kind: 'deadline_replanned', stepKey: openStep().key, detail }));

  const fire = async (event: DeadlineEvent) => {
    const step = openStep();
    step.rungsFired = [...step.rungsFired, event.rung];
    const filer: Recipient = step.by === 'unit' ? 'UNIT_CONTACT' : 'GROUP_MEMBERS';
    await email(step.deadlineKey!, event.rung, event.rung === 0 ? 'audit_step_reminder' : 'audit_step_overdue', event.notify ?? [filer], { dueAt: event.at });
  };

  /** One step from opening to every item accepted (or the audit cancelled). */
  async function runStep(): Promise<void> {
    const step = openStep();
    step.state = 'open';
    await record({ kind: 'step_opened', stepKey: step.key, detail: { deadlineAt: step.deadlineAt } });
    await email(`${step.key}/notice`, 0, 'audit_step_notice', [step.by === 'unit' ? 'UNIT_CONTACT' : 'GROUP_MEMBERS']);
    while (running() && !finished(step)) {
      const [watched, owing] = [deadline, owed(step)];
      await watchDeadline({ deadline: () => deadline!, done: () => !running() || !owed(step), fired: () => step.rungsFired, fire, calendar: { changes, replanned } });
      // every rung fired, or nothing owed for now: wait for a filing, a review or a new deadline
      await condition(() => !running() || finished(step) || deadline !== watched || owed(step) !== owing);
    }
    if (!running()) return;
    Object.assign(step, { state: 'done', doneAt: now() });
    previousDoneAt = step.doneAt!;
    await record({ kind: 'step_done', stepKey: step.key });
  }

  await record({ kind: 'opened', detail: { template: input.template, steps: input.steps.map((s) => s.key) } });
  while (view.current < view.steps.length && view.state !== 'cancelled') {
    openStep().state = 'planning';
    if (!(await armOpenStep())) break;
    await runStep();
    if (running()) view.current += 1;
  }
  if (running()) {
    view.state = 'completed';
    await record({ kind: 'completed' });
    await email('completed', 0, 'audit_completed', ['UNIT_CONTACT', 'GROUP_MEMBERS']);
  }
  await emailer.settled();
  return view;
}
