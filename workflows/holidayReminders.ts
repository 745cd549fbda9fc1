import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { holidayReminderWorkflowId } from '../domain/ids';
import type { HolidayReminderInput, HolidayReminderSweepInput, HolidayReminderSweepResult } from './messages';
import { emailerOf } from './emailer';
import { activities } from './proxies';
import { PROCESS_KINDS, searchKeys } from './searchAttributes';

const RISK_POINT = '节假日重要时点：严防公车私用、公款旅游、公款聚餐';

/**
 * Daily sweep (from the `holiday-reminders` Schedule): which holidays are due for a reminder today,
 * and whether the look-ahead hit a year without calendar data. Each becomes one child process with a
 * business id, so a holiday is reminded once however many sweeps see it.
 */
export async function holidayReminderSweep(input: HolidayReminderSweepInput = {}): Promise<HolidayReminderSweepResult> {
  const { today, due, missingYear } = await activities.planHolidayReminders({ asOf: input.asOf ?? new Date(Date.now()).toISOString() });
  const children: HolidayReminderInput[] = [
    ...due.map((holiday) => ({ kind: 'holiday' as const, holiday })),
    ...(missingYear ? [{ kind: 'calendar_missing' as const, year: missingYear }] : []),
  ];
  const result: HolidayReminderSweepResult = { today, started: [], alreadyStarted: [] };
  for (const child of children) {
    const workflowId = holidayReminderWorkflowId(child);
    try {
      await startChild(holidayReminder, {
        workflowId,
        args: [child],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // once per holiday while Temporal keeps the closed run; after retention the outbox key still holds
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [{ key: searchKeys.kind, value: PROCESS_KINDS.holidayReminder }],
      });
      result.started.push(workflowId);
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      result.alreadyStarted.push(workflowId);
    }
  }
  return result;
}

/** 节日廉洁提醒 to every unit (its 一把手 and contact), or the report of a missing calendar year to staff. */
export async function holidayReminder(input: HolidayReminderInput): Promise<number> {
  const { workflowId } = workflowInfo();
  if (input.kind === 'calendar_missing') {
    const about = { title: `${input.year}年法定节假日安排`, topic: '日历数据' };
    const email = emailerOf({ workflowId, about, process: { kind: 'holidayReminder', label: '日历数据', actPath: '/openapi.json' } });
    await email('staff', 0, { kind: 'holiday_reminder_calendar_missing', notify: ['STAFF'] });
    await email.settled();
    return 1;
  }
  const { holiday } = input;
  const about = { title: `${holiday.nameZh}（${holiday.firstDay}至${holiday.lastDay}）`, topic: RISK_POINT };
  const process = { kind: 'holidayReminder', label: '节日廉洁提醒' };
  const email = emailerOf({ workflowId, about, process: { ...process, actPath: '/units' } });
  const units = await activities.listUnits();
  for (const unit of units) {
    await email(`unit/${unit.id}`, 0, {
      kind: 'holiday_reminder',
      notify: ['UNIT_LEADER', 'UNIT_CONTACT'],
      // each unit's email names the unit and its own overview
      about: { ...about, unitId: unit.id, groupId: unit.groupId },
      process: { ...process, actPath: `/units/${encodeURIComponent(unit.id)}/overview` },
    });
  }
  await email.settled();
  return units.length;
}
