// Leads for workflow tests: a made-up holiday ahead of today, and a lead's row and workflow as the API writes and starts them.
import { addNaturalDays, type CalendarSupplement, type IsoDate, type WorkingDayCalendar } from '../../domain/calendar';
import { leadWorkflowId } from '../../domain/ids';
import { deadlineByRule, type Deadline, type DeadlineRule } from '../../domain/ladder';
import { acceptanceRule, leadNumber, receiptNoticeRule } from '../../domain/leads';
import { leadStatusQuery, type LeadInput } from '../../workflows/messages';
import { testSupplement } from './calendar';
import { untilPasses } from './poll';
import type { World } from './world';

const weekday = (d: IsoDate) => new Date(`${d}T00:00:00Z`).getUTCDay();

/**
 * A MADE-UP holiday just ahead of today, shaped like a notice: the next three weekdays off, and the
 * Saturday after them worked (调休), so a 5 工作日 count from today crosses both.
 */
export function holidayAhead(today: IsoDate): { supplement: CalendarSupplement; holidays: IsoDate[]; makeUp: IsoDate } {
  const holidays: IsoDate[] = [];
  for (let d = addNaturalDays(today, 1); holidays.length < 3; d = addNaturalDays(d, 1)) if (weekday(d) !== 0 && weekday(d) !== 6) holidays.push(d);
  let makeUp = addNaturalDays(holidays[2], 1);
  while (weekday(makeUp) !== 6) makeUp = addNaturalDays(makeUp, 1);
  const label = 'Test Day,测试假日（虚构）,1';
  return {
    supplement: {
      holidays: { ...testSupplement.holidays, ...Object.fromEntries(holidays.map((d) => [d, label])) },
      workdays: { ...testSupplement.workdays, [makeUp]: label },
    },
    holidays,
    makeUp,
  };
}

let seq = 0;

/**
 * The lead row the API writes at registration (nothing of a reporter), numbered in the test year 2099,
 * in `state`; its acceptance deadline as registration planned it (`acceptanceDue` with its rule), or,
 * for a lead past it, the instant it was received.
 */
export async function insertTestLead(
  world: World,
  { realName, handlerId, state, receivedAt, acceptance, receiptNoticeDue = null }: { realName: boolean; handlerId: string; state: string; receivedAt: Date; acceptance?: { due: Deadline; rule: DeadlineRule }; receiptNoticeDue?: Deadline | null },
): Promise<string> {
  const number = leadNumber(2099, 1000 + ++seq + Math.floor(Math.random() * 8000));
  await world.db.lead.create({
    data: {
      id: number,
      number,
      workflowId: leadWorkflowId(number),
      sourceKind: 'complaint',
      channel: 'letter',
      unitId: 'gongluju',
      groupId: 'g5',
      personsConcerned: [{ name: '某科长' }],
      summary: '反映公车私用',
      realName,
      handlerId,
      registeredById: 'staff-li',
      state,
      receivedAt,
      acceptanceDueAt: acceptance ? new Date(acceptance.due.deadlineAt) : receivedAt,
      acceptanceRule: (acceptance?.rule ?? {}) as object,
      receiptNoticeDueAt: receiptNoticeDue ? new Date(receiptNoticeDue.deadlineAt) : null,
    },
  });
  return number;
}

/** The lead row the API writes at registration, then its workflow as the API starts it. */
export async function registerTestLead(world: World, calendar: WorkingDayCalendar, { realName, handlerId = 'g5-member' }: { realName: boolean; handlerId?: string }) {
  const receivedAt = new Date(await world.env.currentTimeMs());
  const acceptance = acceptanceRule(receivedAt);
  const receipt = realName ? receiptNoticeRule(receivedAt) : null;
  const acceptanceDue = deadlineByRule(acceptance, calendar);
  const receiptNoticeDue: Deadline | null = receipt && deadlineByRule(receipt, calendar);
  const number = await insertTestLead(world, { realName, handlerId, state: 'registered', receivedAt, acceptance: { due: acceptanceDue, rule: acceptance }, receiptNoticeDue });
  const input: LeadInput = { leadId: number, number, unitId: 'gongluju', groupId: 'g5', handlerId, sourceLabel: '信访举报·来信', realName, acceptanceDue, receiptNoticeDue };
  const handle = await world.env.client.workflow.start('lead', { taskQueue: world.taskQueue, workflowId: leadWorkflowId(number), args: [input] });
  await untilPasses(() => handle.query(leadStatusQuery));
  return { handle, number, acceptanceDue, receiptNoticeDue };
}

