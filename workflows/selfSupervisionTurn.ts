import { setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Deadline } from '../domain/ladder';
import { calendarChangesOf, parkUntilPlanned, replannedBy } from './calendar';
import { watchDeadline, type DeadlineEvent } from './deadlines';
import { emailerOf } from './emailer';
import {
  fileRecordUpdate,
  selfSupervisionTurnStatusQuery,
  type FileRecordInput,
  type SelfSupervisionTurnInput,
  type SelfSupervisionTurnView,
} from './messages';
import { activities } from './proxies';
import { refuse } from './refuse';
import { updatesOf } from './updates';
import { searchKeys } from './searchAttributes';

/** What the member on duty leads a check of (DOMAIN: units supervising themselves). */
const TOPIC = '班子成员轮流带队检查各科室：上下班打卡、窜岗、上班喝茶聊天、浏览与工作无关网页等，发现问题立行立改';

/**
 * One turn of a unit's self-supervision rota (自我监督), started by the rota's Schedule: the leadership
 * member on duty leads an internal check and files a short record, chased by SELF_SUPERVISION_LADDER
 * (the member, the 一把手, then the stationed group). A turn still without a record once the group has
 * been told is missed: it ends, so the rota's next turn (held by BUFFER_ONE meanwhile) can start. A
 * turn whose deadline reaches a year without holiday data parks, told once, until staff enter the year.
 */
export async function selfSupervisionTurn(input: SelfSupervisionTurnInput): Promise<SelfSupervisionTurnView> {
  const { workflowId } = workflowInfo();
  const startedAt = new Date(Date.now()).toISOString();
  let deadline: Deadline | undefined;
  const changes = calendarChangesOf(() => [deadline]);
  const assigned = await activities.assignSelfSupervisionTurn({ workflowId, ...input, startedAt });
  deadline = assigned.ok ? assigned.plan : undefined;
  const view: SelfSupervisionTurnView = {
    workflowId,
    rotaId: input.rotaId,
    unitId: input.unitId,
    groupId: input.groupId,
    turn: assigned.turn,
    memberId: assigned.memberId,
    state: assigned.ok ? 'open' : 'calendar_missing',
    version: 0,
    startedAt,
    deadlineAt: deadline?.deadlineAt ?? null,
    record: null,
    filedAt: null,
    rungsFired: [],
    ...(assigned.ok ? {} : { missingYear: assigned.missingYear }),
  };
  upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);

  const record = async (event: string, extra: { actorId?: string; detail?: Record<string, string | number> } = {}) => {
    view.version += 1;
    upsertSearchAttributes([{ key: searchKeys.state, value: view.state }]);
    await activities.recordSelfSupervisionTurn({ view: { ...view }, event, ...extra });
  };
  const email = emailerOf(() => ({
    workflowId,
    about: { title: assigned.title, topic: TOPIC, unitId: input.unitId, groupId: input.groupId },
    process: { kind: 'selfSupervisionTurn', label: '自我监督', actPath: `/self-supervision-turns/${encodeURIComponent(workflowId)}` },
    onDutyPersonId: assigned.memberId,
    deadlineAt: deadline?.deadlineAt,
  }));

  setHandler(selfSupervisionTurnStatusQuery, () => view);
  const onUpdate = updatesOf(() => view);

  onUpdate(
    fileRecordUpdate,
    ({ actor, record: text }: FileRecordInput) => {
      if (view.state !== 'open') refuse('wrong-state', `state is ${view.state}, not open`);
      if (actor.personId !== view.memberId) refuse('not-member-on-duty', `only the member on duty (${view.memberId}) may file this turn's record`);
      if (!text.trim()) refuse('text-missing', 'the record is empty');
    },
    async ({ actor, record: text }: FileRecordInput) => {
      view.state = 'filed';
      view.record = text.trim();
      view.filedAt = new Date(Date.now()).toISOString();
      await record('filed', { actorId: actor.personId });
    },
  );

  const fire = async (event: DeadlineEvent) => {
    view.rungsFired = [...view.rungsFired, event.rung];
    await email('due', event.rung, {
      kind: event.rung === 0 ? 'self_supervision_reminder' : 'self_supervision_overdue',
      notify: event.notify ?? ['ON_DUTY_MEMBER'],
      dueAt: event.at,
    });
    if (event.rung === Math.max(...deadline!.rungs.map((r) => r.rung)) && view.state === 'open') {
      view.state = 'missed';
      await record('missed');
    }
  };

  const install = (next: Deadline) => {
    deadline = next;
    view.deadlineAt = next.deadlineAt;
  };
  const replanned = replannedBy(() => deadline!, install, (detail) => record('deadline_replanned', { detail }));

  if (!deadline) {
    // guessing a deadline would chase the member on a wrong date: the group is told once, the turn
    // waits with its member (re-planning assigns no new turn)
    const plan = () => activities.planSelfSupervisionTurn({ startedAt, dueInWorkingDays: input.dueInWorkingDays });
    const tell = () =>
      email('calendar-missing', 0, {
        kind: 'self_supervision_calendar_missing',
        notify: ['GROUP_MEMBERS'],
        reason: `缺少${view.missingYear}年法定节假日数据。委机关工作人员在系统中录入该年节假日安排后，本轮自我监督将自动恢复，无需重新触发`,
      });
    deadline = await parkUntilPlanned({ changes, plan, view, tell, resumed: () => record('calendar_resumed') });
    if (!deadline) {
      await email.settled();
      return view;
    }
  }
  await email('notice', 0, { kind: 'self_supervision_notice', notify: ['ON_DUTY_MEMBER'] });
  await watchDeadline({ deadline: () => deadline!, done: () => view.state !== 'open', fired: () => view.rungsFired, fire, calendar: { changes, replanned } });
  await email.settled();
  return view;
}
