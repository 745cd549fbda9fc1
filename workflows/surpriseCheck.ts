import { condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { AuditedEvent } from '../activities/auditLog';
import type { EmailKind } from '../domain/emails';
import { surpriseCheckWorkflowId, surpriseFindingId } from '../domain/ids';
import type { Deadline, Recipient } from '../domain/ladder';
import { hasRole, isOfUnitGroup, type Actor } from '../domain/roles';
import { isFinalSurpriseCheckState, type SurpriseCheckState } from '../domain/states';
import { calendarChangesOf, replannedDetail } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import {
  cancelSurpriseCheckUpdate,
  recordResultUpdate,
  surpriseCheckStatusQuery,
  type CalendarChange,
  type CancelSurpriseCheckInput,
  type RecordResultInput,
  type SurpriseCheckInput,
  type SurpriseCheckView,
  type SurpriseTarget,
} from './messages';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';
import { emailerOf } from './emailer';
import { activities } from './proxies';
import { refuse } from './refuse';
import { updatesOf } from './updates';
import { startRectifications } from './startRectifications';

/**
 * 突击抽查 surprise check (不打招呼): the targets are fixed at once (named, or drawn with a recorded
 * seed), then the check stays sealed until `startsAt` — no email to anyone outside the commission,
 * and the check never emails the unit. At the start each target's stationed group is sent to check
 * on site; it records found / not found per unit (found → a finding, whose rectification tells the
 * unit), and the last result closes the check. Overdue results go up the ladder to the group leader, then the commission leader.
 */
export async function surpriseCheck(input: SurpriseCheckInput): Promise<SurpriseCheckView> {
  const { workflowId } = workflowInfo();
  // the finding ids the children get: from the input, so a replay under another workflow id starts the same children
  const checkWorkflowId = surpriseCheckWorkflowId(input.checkId);
  let due = input.due;
  const view: SurpriseCheckView = {
    checkId: input.checkId,
    state: 'sealed',
    version: 0,
    startsAt: input.startsAt,
    deadlineAt: due.deadlineAt,
    targets: [],
    rungsFired: [],
  };
  const pending = () => view.targets.filter((t) => t.result === null);
  // results whose rows (and findings) are written: the check closes only after the last one is
  const written = new Set<string>();
  const resultsIn = () => view.targets.length > 0 && written.size === view.targets.length;

  const record = async (extra: { actor?: Actor; reason?: string; event?: AuditedEvent } = {}) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    const { event } = extra;
    await activities.recordSurpriseCheck({
      checkId: input.checkId,
      state: view.state,
      version: view.version,
      actorId: extra.actor?.personId,
      reason: extra.reason,
      ...(event && { event, deadlineAt: view.deadlineAt }),
    });
  };
  const emailer = emailerOf(() => ({
    workflowId,
    deadlineAt: due.deadlineAt,
    // a surprise check has no commission leader: 'APPROVER' is never among its recipients
    about: { title: input.title, topic: input.what },
    process: { kind: PROCESS_KINDS.surpriseCheck, label: '突击抽查', actPath: `/surprise-checks/${encodeURIComponent(input.checkId)}` },
  }));
  // one email per target unit, to its group only: the unit's own people are never a recipient
  const email = (target: SurpriseTarget, occasion: string, rung: number, kind: EmailKind, notify: Recipient[], dueAt?: string) =>
    emailer(`${occasion}/${target.unitId}`, rung, { kind, notify, dueAt, about: { title: input.title, topic: input.what, unitId: target.unitId, groupId: target.groupId } });
  const expectState = (...states: SurpriseCheckState[]) => {
    if (!states.includes(view.state)) refuse('wrong-state', `the surprise check is ${view.state}, not ${states.join(' or ')}`);
  };

  setHandler(surpriseCheckStatusQuery, () => view);
  const changes = calendarChangesOf(() => [isFinalSurpriseCheckState(view.state) ? undefined : due]);
  const onUpdate = updatesOf(() => view);
  onUpdate(
    recordResultUpdate,
    ({ actor, unitId, result, notes }: RecordResultInput) => {
      expectState('in_progress');
      const target = view.targets.find((t) => t.unitId === unitId);
      if (!target) refuse('unknown-target', `${unitId} is not a target of this check`);
      if (!isOfUnitGroup(actor, target.groupId)) {
        refuse('not-stationed-group', 'only the stationed group of this unit may record its result');
      }
      if (target.result !== null) refuse('already-recorded', `the result for ${unitId} is already recorded`);
      if (result === 'found' && !notes.trim()) refuse('text-missing', 'a finding needs notes saying what was found');
    },
    async ({ actor, unitId, result, notes, rectification }: RecordResultInput) => {
      const target = view.targets.find((t) => t.unitId === unitId)!;
      target.result = result; // first, so a concurrent second result for the unit is refused
      const findingTitle = `突击抽查「${input.title}」发现问题：${input.what}`;
      await activities.recordSurpriseResult({
        checkId: input.checkId,
        workflowId,
        unitId,
        result,
        notes,
        actorId: actor.personId,
        at: new Date(Date.now()).toISOString(),
        findingTitle,
      });
      // results are taken only once the check has started (in_progress), so the unit hears of it no
      // earlier; checks whose findings were recorded before this replay without starting any child
      if (result === 'found' && rectification && patched('rectification-for-surprise-findings')) {
        await startRectifications(
          { unitId, groupId: target.groupId, source: { kind: PROCESS_KINDS.surpriseCheck, id: checkWorkflowId }, topic: `突击抽查「${input.title}」`, ...rectification },
          [{ id: surpriseFindingId(checkWorkflowId, unitId), title: findingTitle }],
        );
      }
      written.add(unitId);
    },
  );
  onUpdate(
    cancelSurpriseCheckUpdate,
    ({ actor, reason }: CancelSurpriseCheckInput) => {
      if (isFinalSurpriseCheckState(view.state)) refuse('wrong-state', `the surprise check is already ${view.state}`);
      if (!hasRole(actor, 'STAFF')) refuse('not-staff', 'only commission staff (委机关) may cancel a surprise check');
      if (!reason.trim()) refuse('text-missing', 'a cancellation needs a reason');
    },
    async ({ actor, reason }: CancelSurpriseCheckInput) => {
      // cancelled while sealed it is withdrawn: nobody outside the commission ever learns of it
      view.state = view.state === 'sealed' ? 'withdrawn' : 'cancelled';
      await record({ actor, reason });
    },
  );

  const fire = async (event: DeadlineEvent) => {
    view.rungsFired = [...view.rungsFired, event.rung];
    const kind = event.rung === 0 ? 'surprise_check_reminder' : 'surprise_check_overdue';
    await Promise.all(pending().map((t) => email(t, 'due', event.rung, kind, event.notify ?? ['GROUP_MEMBERS'], event.at)));
  };

  /** The results' deadline on an amended calendar: the rungs already fired stay fired. */
  const replanned = async (next: Deadline, change: CalendarChange) => {
    const from = due;
    due = next;
    view.deadlineAt = next.deadlineAt;
    await record({ event: { kind: 'deadline_replanned', detail: replannedDetail(change, from, next) } });
  };

  view.targets = (await activities.drawSurpriseTargets({ checkId: input.checkId })).map((t) => ({ ...t, result: null }));
  upsertSearchAttributes([{ key: searchKeys.groups, value: [...new Set(view.targets.map((t) => t.groupId))] }]);
  await record();
  const sealedFor = Date.parse(input.startsAt) - Date.now();
  if (sealedFor > 0) await condition(() => view.state !== 'sealed', sealedFor);
  if (view.state === 'sealed') {
    view.state = 'in_progress';
    await record();
    await Promise.all(view.targets.map((t) => email(t, 'start', 0, 'surprise_check_notice', ['GROUP_MEMBERS'])));
    await watchDeadline({
      deadline: () => due,
      done: () => view.state !== 'in_progress' || resultsIn(),
      fired: () => view.rungsFired,
      fire,
      calendar: { changes, replanned },
    });
    await condition(() => view.state !== 'in_progress' || resultsIn());
    if (view.state === 'in_progress') {
      view.state = 'closed';
      await record();
    }
  }
  await emailer.settled();
  return view;
}
