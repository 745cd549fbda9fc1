import bundled from 'chinese-days/dist/chinese-days.json';
import { calendar, createCalendar, type DayLabels } from '../../domain/calendar';
import { DEFAULT_LADDER, deadlineByRule } from '../../domain/ladder';
import { movementOf } from '../../api/services/calendar';
import { testCalendar } from '../support/calendar';

// What a dry run reports of a running deadline. 2019 as first published had 劳动节 on 1 May only; the
// amendment of 22 March widened it to 1-4 May and made 28 April and 5 May working days (the bundled
// data is the amended year).
const AMENDED_HOLIDAYS = ['2019-05-02', '2019-05-03', '2019-05-04'];
const AMENDED_WORKDAYS = ['2019-04-28', '2019-05-05'];
const yearOf2019 = (labels: DayLabels, without: string[]) => Object.fromEntries(Object.entries(labels).filter(([d]) => d.startsWith('2019-') && !without.includes(d)));
const published2019 = createCalendar({ holidays: yearOf2019(bundled.holidays, AMENDED_HOLIDAYS), workdays: yearOf2019(bundled.workdays, AMENDED_WORKDAYS) });

const threeWorkingDaysFrom26April = deadlineByRule({ due: { kind: 'endOfWorkingDay', after: '2019-04-26', workingDays: 3 }, ladder: DEFAULT_LADDER }, published2019);
const amendedOn = new Date('2019-03-22T02:00:00Z');

it('names the deadline before and after an amendment and each rung it moves', () => {
  // published: 29, 30 April, 2 May; amended: 28 (a Sunday worked), 29, 30 April
  expect(movementOf(threeWorkingDaysFrom26April, calendar, amendedOn)).toEqual({
    deadlineBefore: '2019-05-02T16:00:00.000Z',
    deadlineAfter: '2019-04-30T16:00:00.000Z',
    rungsMoved: [
      { rung: 0, from: '2019-05-01T16:00:00.000Z', to: '2019-04-29T16:00:00.000Z' },
      { rung: 1, from: '2019-05-02T16:00:00.000Z', to: '2019-04-30T16:00:00.000Z' },
      { rung: 2, from: '2019-05-05T16:00:00.000Z', to: '2019-05-04T16:00:00.000Z' },
      { rung: 3, from: '2019-05-07T16:00:00.000Z', to: '2019-05-06T16:00:00.000Z' },
      { rung: 4, from: '2019-05-09T16:00:00.000Z', to: '2019-05-08T16:00:00.000Z' },
    ],
  });
});

it('keeps what has passed: after the deadline only the rungs still ahead move', () => {
  const moved = movementOf(threeWorkingDaysFrom26April, calendar, new Date('2019-05-03T00:00:00Z'));
  expect(moved).toMatchObject({ deadlineBefore: '2019-05-02T16:00:00.000Z', deadlineAfter: '2019-05-02T16:00:00.000Z' });
  expect(moved?.rungsMoved.map((r) => r.rung)).toEqual([2, 3, 4]);
});

it('reports nothing for a deadline that stays, one without its rule, or one whose rule reaches a year without data', () => {
  expect(movementOf(threeWorkingDaysFrom26April, published2019, amendedOn)).toBeUndefined();
  const { rule: _, ...withoutRule } = threeWorkingDaysFrom26April;
  expect(movementOf(withoutRule, calendar, amendedOn)).toBeUndefined();
  const into2027 = deadlineByRule({ due: { kind: 'endOfWorkingDay', after: '2026-12-25', workingDays: 5 }, ladder: DEFAULT_LADDER }, testCalendar);
  expect(movementOf(into2027, calendar, new Date('2026-12-15T02:00:00Z'))).toBeUndefined();
});
