import bundled from 'chinese-days/dist/chinese-days.json';
import { calendar as amended2019, createCalendar, endOfDay, type CalendarSupplement } from '../../domain/calendar';
import { DEFAULT_LADDER, deadlineFrom, dueOf, deadlineByRule, replanDeadline, type DeadlineRule, type Ladder } from '../../domain/ladder';

/**
 * 2019 as the first notice (国办发明电〔2018〕15号) had it, before the amendment of 22 March 2019
 * (国办发明电〔2019〕2号): 劳动节 on 05-01 only, no make-up working day around it. Built by hand from the
 * bundled (amended) 2019: 05-02..05-04 back to weekdays / weekend, 04-28 and 05-05 back to Sundays off.
 */
function before2019Amendment(): CalendarSupplement {
  const of2019 = (labels: Record<string, string>, without: string[]) =>
    Object.fromEntries(Object.entries(labels).filter(([d]) => d.startsWith('2019-') && !without.includes(d)));
  return {
    holidays: of2019(bundled.holidays, ['2019-05-02', '2019-05-03', '2019-05-04']),
    workdays: of2019(bundled.workdays, ['2019-04-28', '2019-05-05']),
  };
}
const original2019 = createCalendar(before2019Amendment());

const fiveFrom0426: DeadlineRule = { due: { kind: 'endOfWorkingDay', after: '2019-04-26', workingDays: 5 }, ladder: DEFAULT_LADDER };
const threeFrom0426: DeadlineRule = { due: { kind: 'endOfWorkingDay', after: '2019-04-26', workingDays: 3 }, ladder: DEFAULT_LADDER };
const daysCounted = (cal: typeof original2019, from: string, n: number) => Array.from({ length: n }, (_, i) => cal.addWorkingDays(from, i + 1));
const natural: Ladder = { remindBefore: { amount: 1, unit: 'days' }, rungs: [{ after: { amount: 2, unit: 'hours' }, notify: ['UNIT_CONTACT'] }] };

describe('the 2019 劳动节 amendment, a 5 工作日 deadline from 2019-04-26', () => {
  it('before the amendment counts 04-29, 04-30, 05-02, 05-03, 05-06 (only 05-01 off)', () => {
    expect(daysCounted(original2019, '2019-04-26', 5)).toEqual(['2019-04-29', '2019-04-30', '2019-05-02', '2019-05-03', '2019-05-06']);
    expect(dueOf(fiveFrom0426.due, original2019)).toEqual(endOfDay('2019-05-06'));
  });

  it('on the amended data counts 04-28, 04-29, 04-30, 05-05, 05-06 (05-01..05-04 off, 04-28 and 05-05 worked)', () => {
    expect(daysCounted(amended2019, '2019-04-26', 5)).toEqual(['2019-04-28', '2019-04-29', '2019-04-30', '2019-05-05', '2019-05-06']);
    expect(dueOf(fiveFrom0426.due, amended2019)).toEqual(endOfDay('2019-05-06'));
  });

  it('re-planned on the amendment the same day stays (and so do its reminder and rungs): the same object comes back', () => {
    const planned = deadlineByRule(fiveFrom0426, original2019);
    expect(replanDeadline(planned, amended2019, new Date('2019-03-22T12:00:00+08:00'))).toBe(planned);
  });

  it('a 3 工作日 deadline moves from the end of 05-02 to the end of 04-30, its reminder and rungs with it', () => {
    const planned = deadlineByRule(threeFrom0426, original2019);
    expect(planned.deadlineAt).toBe(endOfDay('2019-05-02').toISOString());
    const next = replanDeadline(planned, amended2019, new Date('2019-03-22T12:00:00+08:00'));
    expect(next).toEqual(deadlineByRule(threeFrom0426, amended2019));
    expect(next.deadlineAt).toBe(endOfDay('2019-04-30').toISOString());
    // rungs 1, 3 and 5 工作日 after 24:00 of 04-30: 00:00 Shanghai of 05-05, 05-07 and 05-09 (05-01..05-04 off)
    expect(next.rungs.map((r) => r.at)).toEqual(['2019-04-30T16:00:00.000Z', '2019-05-04T16:00:00.000Z', '2019-05-06T16:00:00.000Z', '2019-05-08T16:00:00.000Z']);
    expect(next.rule).toBe(planned.rule);
  });
});

describe('replanDeadline', () => {
  const planned = deadlineByRule(threeFrom0426, original2019);

  it('keeps instants already passed: a reminder sent keeps its instant, the deadline not yet due moves', () => {
    const now = new Date(Date.parse(planned.remindAt!) + 60_000);
    const next = replanDeadline(planned, amended2019, now);
    expect(next.remindAt).toBe(planned.remindAt);
    expect(next.deadlineAt).toBe(endOfDay('2019-04-30').toISOString());
  });

  it('keeps a passed deadline and the rungs passed; the rungs ahead are counted from it on the new calendar', () => {
    const now = new Date(Date.parse(planned.rungs[0].at) + 60_000);
    const next = replanDeadline(planned, amended2019, now);
    expect(next.deadlineAt).toBe(planned.deadlineAt);
    expect(next.rungs[0]).toBe(planned.rungs[0]);
    expect(next.rungs.slice(1)).toEqual(deadlineFrom(new Date(planned.deadlineAt), DEFAULT_LADDER, amended2019).rungs.slice(1));
  });

  it('a fixed deadline never moves: on a natural-time ladder nothing does (the same object); working-day rungs after it follow the calendar', () => {
    const fixedNatural = deadlineByRule({ due: { kind: 'fixed', at: '2019-05-02T10:00:00+08:00' }, ladder: natural }, original2019);
    expect(replanDeadline(fixedNatural, amended2019, new Date('2019-03-22T00:00:00Z'))).toBe(fixedNatural);
    const fixed = deadlineByRule({ due: { kind: 'fixed', at: '2019-04-30T10:00:00+08:00' }, ladder: DEFAULT_LADDER }, original2019);
    const next = replanDeadline(fixed, amended2019, new Date('2019-03-22T00:00:00Z'));
    expect(next.deadlineAt).toBe(fixed.deadlineAt);
    expect(next.rungs[1].at).toBe('2019-05-05T02:00:00.000Z'); // one 工作日 after 04-30 10:00: 05-05 on the amended calendar
    expect(fixed.rungs[1].at).toBe('2019-05-02T02:00:00.000Z');
  });

  it('returns a deadline planned without a rule as it is, and the same object when the calendar is the same', () => {
    const { rule: _rule, ...ruleless } = planned;
    expect(replanDeadline(ruleless, amended2019, new Date('2019-03-22T00:00:00Z'))).toBe(ruleless);
    expect(replanDeadline(planned, original2019, new Date('2019-03-22T00:00:00Z'))).toBe(planned);
  });

  it('compares instants, not key order: a deadline read back from JSONB (keys reordered) that does not move is the same object', () => {
    const fromJsonb = { ...planned, rungs: planned.rungs.map(({ rung, at, notify }) => ({ at, notify, rung })) };
    expect(replanDeadline(fromJsonb, original2019, new Date('2019-03-22T00:00:00Z'))).toBe(fromJsonb);
  });
});

describe('dueOf and deadlineByRule', () => {
  it('counts 工作日 later at the same Shanghai time of day, and keeps a fixed instant', () => {
    const due = { kind: 'workingDaysLater', after: '2019-04-30T09:30:00+08:00', workingDays: 1 } as const;
    expect(dueOf(due, original2019).toISOString()).toBe('2019-05-02T01:30:00.000Z');
    expect(dueOf(due, amended2019).toISOString()).toBe('2019-05-05T01:30:00.000Z');
    expect(dueOf({ kind: 'fixed', at: '2019-05-01T00:00:00Z' }, amended2019).toISOString()).toBe('2019-05-01T00:00:00.000Z');
  });

  it('plans the instants deadlineFrom gives for the rule’s instant, carrying the rule', () => {
    expect(deadlineByRule(threeFrom0426, amended2019)).toEqual({ ...deadlineFrom(endOfDay('2019-04-30'), DEFAULT_LADDER, amended2019), rule: threeFrom0426 });
  });
});
