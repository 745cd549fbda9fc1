import { calendar, endOfDay } from '../../domain/calendar';
import { deadlineByRule } from '../../domain/ladder';
import {
  LEAD_CHANNELS,
  LEAD_RULES,
  LEAD_SOURCES,
  acceptanceRule,
  channelFits,
  hasReporter,
  leadNumber,
  LEAD_NUMBER_PATTERN,
  mayReadReporter,
  receiptNoticeRule,
  sourceLabel,
} from '../../domain/leads';

describe('lead sources', () => {
  it('a complaint comes by letter, visit, phone or online; supervision and handovers by their own channels', () => {
    expect(Object.keys(LEAD_SOURCES.complaint.channels)).toEqual(['letter', 'visit', 'phone', 'online']);
    expect(Object.keys(LEAD_SOURCES.supervision.channels)).toEqual(['routine_run', 'surprise_check', 'targeted_audit', 'heard']);
    expect(Object.keys(LEAD_SOURCES.handover.channels)).toEqual(['inspection_tour', 'audit', 'higher_assigned']);
    expect(new Set(LEAD_CHANNELS).size).toBe(LEAD_CHANNELS.length);
  });

  it('a channel fits only its own kind', () => {
    expect(channelFits('complaint', 'letter')).toBe(true);
    expect(channelFits('handover', 'letter')).toBe(false);
    expect(channelFits('supervision', 'heard')).toBe(true);
    expect(channelFits('complaint', 'toString')).toBe(false);
  });

  it('names a source as the ledger shows it, and only a complaint has a reporter', () => {
    expect(sourceLabel('complaint', 'phone')).toBe('信访举报·来电');
    expect(sourceLabel('handover', 'inspection_tour')).toBe('移交·巡察移交');
    expect(hasReporter('complaint')).toBe(true);
    expect(hasReporter('supervision')).toBe(false);
  });
});

describe('lead numbers', () => {
  it('are XS-<year>-<4 digits>, growing past 9999', () => {
    expect(leadNumber(2026, 12)).toBe('XS-2026-0012');
    expect(leadNumber(2026, 12345)).toBe('XS-2026-12345');
    expect(LEAD_NUMBER_PATTERN.test(leadNumber(2027, 1))).toBe(true);
  });
});

describe('the intake deadlines', () => {
  it('keep their rule and confidence: 5 工作日 from 第十六条 (official text), 15 工作日 secondary', () => {
    expect(LEAD_RULES.acceptance).toMatchObject({ workingDays: 5, confidence: '✔' });
    expect(LEAD_RULES.acceptance.rule).toContain('第十六条');
    expect(LEAD_RULES.receiptNotice).toMatchObject({ workingDays: 15, confidence: '◐' });
    expect(LEAD_RULES.resultNotice).toMatchObject({ workingDays: 15, confidence: '◐' });
  });

  it('a lead received 2026-09-28 is to be accepted by 24:00 of 2026-10-10: 国庆 skipped, the make-up Saturday counted', () => {
    const due = deadlineByRule(acceptanceRule(new Date('2026-09-28T10:00:00+08:00')), calendar);
    expect(due.deadlineAt).toBe(endOfDay('2026-10-10').toISOString());
    // reminder a working day before (24:00 of 10-09), then the handler at the deadline; the deadline is 00:00 of Sunday
    // 10-11, so a working day later is 00:00 of Monday 10-12 (the group leader), then 00:00 of 10-13 (the commission leader)
    expect(due.remindAt).toBe(endOfDay('2026-10-09').toISOString());
    expect(due.rungs.map((r) => [r.notify, r.at])).toEqual([
      [['HANDLER'], endOfDay('2026-10-10').toISOString()],
      [['GROUP_LEADER'], new Date('2026-10-12T00:00:00+08:00').toISOString()],
      [['GROUP_LEADER_SUPERIOR'], new Date('2026-10-13T00:00:00+08:00').toISOString()],
    ]);
  });

  it('the receipt notice of a real-name report is due 15 工作日 after receipt, its reminder 3 工作日 before', () => {
    const due = deadlineByRule(receiptNoticeRule(new Date('2026-09-28T10:00:00+08:00')), calendar);
    expect(due.deadlineAt).toBe(endOfDay(calendar.addWorkingDays('2026-09-28', 15)).toISOString());
    expect(due.remindAt).toBe(endOfDay(calendar.addWorkingDays('2026-09-28', 12)).toISOString());
    expect(due.rungs).toHaveLength(1);
    expect(due.rungs[0].notify).toEqual(['HANDLER']);
  });
});

describe('who may read a reporter', () => {
  it('the handler and commission leaders, nobody else', () => {
    expect(mayReadReporter('g5-member', ['GROUP_MEMBER'], 'g5-member')).toBe(true);
    expect(mayReadReporter('deputy', ['COMMISSION_LEADER'], 'g5-member')).toBe(true);
    expect(mayReadReporter('g5-leader', ['GROUP_LEADER'], 'g5-member')).toBe(false);
    expect(mayReadReporter('staff-li', ['STAFF'], 'g5-member')).toBe(false);
  });
});
