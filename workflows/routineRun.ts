import { condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { RoutineFindingRecord } from '../activities/routine';
import type { Deadline } from '../domain/ladder';
import { routineFindingId } from '../domain/ids';
import { isLeaderOfUnitGroup, isOfUnitGroup } from '../domain/roles';
import { ROUTINE_CHECKLIST, ROUTINE_CHECKLIST_ITEMS, isRoutineChecklistItem, type RoutineChecklistItem } from '../domain/routineChecklist';
import { calendarChangesOf, parkUntilPlanned, replannedBy } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { emailerOf } from './emailer';
import {
  completeRunUpdate,
  recordObservationUpdate,
  routineRunStatusQuery,
  type CompleteRunInput,
  type RecordObservationInput,
  type RoutineRunInput,
  type RoutineRunView,
} from './messages';
import { activities } from './proxies';
import { refuse } from './refuse';
import { updatesOf } from './updates';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';
import { startRectifications } from './startRectifications';

const TOPIC = ROUTINE_CHECKLIST_ITEMS.map((item) => ROUTINE_CHECKLIST[item]).join('、');
const missingItems = (view: RoutineRunView) => ROUTINE_CHECKLIST_ITEMS.filter((item) => !view.observations[item]);

/**
 * One run of a unit's routine supervision cycle (常态监督), started by the cycle's Schedule: the
 * unit's stationed group records an observation on every checklist item (any of which may raise a
 * finding) and its leader completes the run, chased by GROUP_LADDER until then. A run whose
 * deadline reaches a year without holiday data parks, told once, until staff enter the year.
 */
export async function routineRun(input: RoutineRunInput): Promise<RoutineRunView> {
  const { workflowId } = workflowInfo();
  const startedAt = new Date(Date.now()).toISOString();
  let deadline: Deadline | undefined;
  const changes = calendarChangesOf(() => [deadline]);
  const plan = () => activities.planRoutineRun({ startedAt, dueInWorkingDays: input.dueInWorkingDays });
  const planned = await plan();
  deadline = planned.ok ? planned.plan : undefined;
  const view: RoutineRunView = {
    workflowId,
    cycleId: input.cycleId,
    unitId: input.unitId,
    groupId: input.groupId,
    state: planned.ok ? 'open' : 'calendar_missing',
    version: 0,
    startedAt,
    deadlineAt: deadline?.deadlineAt ?? null,
    ...(deadline?.rule && { deadlineRule: deadline.rule }),
    observations: {},
    findingIds: [],
    rungsFired: [],
    ...(planned.ok ? {} : { missingYear: planned.missingYear }),
  };

  const record = async (event: string, extra: { actorId?: string; finding?: RoutineFindingRecord; detail?: Record<string, string | number> } = {}) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    await activities.recordRoutineRun({ view: { ...view }, event, ...extra });
  };
  const email = emailerOf(() => ({
    workflowId,
    // no commission leader here: GROUP_LADDER's top rung is the group leader's superior
    about: { title: planned.title, topic: TOPIC, unitId: input.unitId, groupId: input.groupId },
    process: { kind: 'routineRun', label: '常态监督', actPath: `/routine-runs/${encodeURIComponent(workflowId)}` },
    deadlineAt: deadline?.deadlineAt,
  }));

  setHandler(routineRunStatusQuery, () => view);
  const onUpdate = updatesOf(() => view);
  /** the titles of the run's findings, which their rectifications carry */
  const findingTitles = new Map<string, string>();

  const expectOpen = () => {
    if (view.state !== 'open') refuse('wrong-state', `state is ${view.state}, not open`);
  };
  onUpdate(
    recordObservationUpdate,
    ({ actor, item, observation, finding }: RecordObservationInput) => {
      expectOpen();
      if (!isOfUnitGroup(actor, input.groupId)) {
        refuse('not-stationed-group', 'only a member of the stationed group of this unit may record observations');
      }
      if (!isRoutineChecklistItem(item)) refuse('unknown-target', `unknown checklist item "${item}"; items are ${ROUTINE_CHECKLIST_ITEMS.join(', ')}`);
      if (!observation.trim()) refuse('text-missing', 'the observation is empty');
      if (finding && !finding.title.trim()) refuse('text-missing', 'a finding needs a title');
    },
    async ({ actor, item, observation, finding }: RecordObservationInput) => {
      const at = new Date(Date.now()).toISOString();
      // the id is taken before awaiting, so concurrent observations never share a finding id
      const findingId = finding ? routineFindingId(workflowId, view.findingIds.length + 1) : undefined;
      if (findingId) {
        view.findingIds = [...view.findingIds, findingId];
        findingTitles.set(findingId, finding!.title);
      }
      view.observations = { ...view.observations, [item as RoutineChecklistItem]: { observation, observedById: actor.personId, at, ...(findingId ? { findingId } : {}) } };
      await record(`observation.${item}`, {
        actorId: actor.personId,
        finding: finding && findingId ? { id: findingId, title: finding.title, detail: finding.detail, recordedById: actor.personId } : undefined,
      });
    },
  );
  onUpdate(
    completeRunUpdate,
    ({ actor, rectification }: CompleteRunInput) => {
      expectOpen();
      if (!isLeaderOfUnitGroup(actor, input.groupId)) {
        refuse('not-group-leader', 'only the leader of the stationed group of this unit may complete the run');
      }
      const missing = missingItems(view);
      if (missing.length) refuse('observations-missing', `observations are missing for: ${missing.map((i) => ROUTINE_CHECKLIST[i]).join('、')}`);
      // the API sends the terms when it saw findings; one recorded meanwhile must not go unrectified
      if (view.findingIds.length && !rectification) refuse('findings-unrectified', 'the run has findings: complete it again so that each is rectified');
    },
    async ({ actor, rectification }: CompleteRunInput) => {
      view.state = 'completed';
      await record('completed', { actorId: actor.personId });
      // runs completed before routine findings were rectified replay without starting any child
      if (rectification && view.findingIds.length && patched('rectification-for-routine-findings')) {
        const findings = view.findingIds.map((id) => ({ id, title: findingTitles.get(id)! }));
        await startRectifications(
          { unitId: input.unitId, groupId: input.groupId, source: { kind: PROCESS_KINDS.routineRun, id: workflowId }, topic: planned.title, ...rectification },
          findings,
        );
      }
    },
  );

  const fire = async (event: DeadlineEvent) => {
    view.rungsFired = [...view.rungsFired, event.rung];
    await email('due', event.rung, {
      kind: event.rung === 0 ? 'routine_run_reminder' : 'routine_run_overdue',
      notify: event.notify ?? ['GROUP_MEMBERS'],
      dueAt: event.at,
    });
  };

  const install = (next: Deadline) => {
    deadline = next;
    Object.assign(view, { deadlineAt: next.deadlineAt, deadlineRule: next.rule });
  };
  const replanned = replannedBy(() => deadline!, install, (detail) => record('deadline_replanned', { detail }));

  if (!deadline) {
    // guessing a deadline would chase the group on a wrong date: the group is told once, the run waits
    const tell = async () => {
      await record('calendar_missing');
      await email('calendar-missing', 0, {
        kind: 'routine_run_calendar_missing',
        notify: ['GROUP_MEMBERS'],
        reason: `缺少${view.missingYear}年法定节假日数据。委机关工作人员在系统中录入该年节假日安排后，本次常态监督将自动恢复，无需重新触发`,
      });
    };
    deadline = await parkUntilPlanned({ changes, plan, view, tell, resumed: () => record('calendar_resumed') });
    if (!deadline) {
      await email.settled();
      return view;
    }
  } else {
    await record('opened');
  }
  await email('notice', 0, { kind: 'routine_run_notice', notify: ['GROUP_MEMBERS'] });
  await watchDeadline({ deadline: () => deadline!, done: () => view.state !== 'open', fired: () => view.rungsFired, fire, calendar: { changes, replanned } });
  await condition(() => view.state === 'completed');
  await email.settled();
  return view;
}
