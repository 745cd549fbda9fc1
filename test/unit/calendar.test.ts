import {
  CalendarDataMissingError,
  addNaturalDays,
  addNaturalMonths,
  calendar,
  createCalendar,
  endOfDay,
  shanghaiDate,
  type HolidayPeriod,
} from '../../domain/calendar';

/**
 * Hand-written from the State Council holiday notices
 * (国办发明电〔2024〕12号 for 2025, 国办发明电〔2025〕7号 for 2026), NOT derived from the code
 * or from chinese-days. `makeUp` are the make-up working days (调休上班) of each notice.
 */
const OFFICIAL: Record<2025 | 2026, { zh: string; first: string; last: string; makeUp: string[] }[]> = {
  2025: [
    { zh: '元旦', first: '2025-01-01', last: '2025-01-01', makeUp: [] },
    { zh: '春节', first: '2025-01-28', last: '2025-02-04', makeUp: ['2025-01-26', '2025-02-08'] },
    { zh: '清明', first: '2025-04-04', last: '2025-04-06', makeUp: [] },
    { zh: '劳动节', first: '2025-05-01', last: '2025-05-05', makeUp: ['2025-04-27'] },
    { zh: '端午', first: '2025-05-31', last: '2025-06-02', makeUp: [] },
    { zh: '国庆节、中秋', first: '2025-10-01', last: '2025-10-08', makeUp: ['2025-09-28', '2025-10-11'] },
  ],
  2026: [
    { zh: '元旦', first: '2026-01-01', last: '2026-01-03', makeUp: ['2026-01-04'] },
    { zh: '春节', first: '2026-02-15', last: '2026-02-23', makeUp: ['2026-02-14', '2026-02-28'] },
    { zh: '清明', first: '2026-04-04', last: '2026-04-06', makeUp: [] },
    { zh: '劳动节', first: '2026-05-01', last: '2026-05-05', makeUp: ['2026-05-09'] },
    { zh: '端午', first: '2026-06-19', last: '2026-06-21', makeUp: [] },
    { zh: '中秋', first: '2026-09-25', last: '2026-09-27', makeUp: [] },
    { zh: '国庆节', first: '2026-10-01', last: '2026-10-07', makeUp: ['2026-09-20', '2026-10-10'] },
  ],
};

// Test-side date helpers, independent of the module under test.
const utcDay = (date: string): Date => new Date(`${date}T00:00:00Z`);
const weekday = (date: string): number => utcDay(date).getUTCDay();
function daysFromTo(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = utcDay(first).getTime(); t <= utcDay(last).getTime(); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

describe('the official 2025 and 2026 holiday notices', () => {
  for (const year of [2025, 2026] as const) {
    const holidays = new Set(OFFICIAL[year].flatMap((p) => daysFromTo(p.first, p.last)));
    const makeUp = new Set(OFFICIAL[year].flatMap((p) => p.makeUp));

    it(`has every make-up day of ${year} on a weekend (sanity check of the hand table)`, () => {
      const onWeekdays = [...makeUp].filter((day) => weekday(day) !== 0 && weekday(day) !== 6);
      expect(onWeekdays).toEqual([]);
    });

    it(`agrees with the calendar on every single day of ${year}`, () => {
      const mismatches = daysFromTo(`${year}-01-01`, `${year}-12-31`).filter((day) => {
        const expected = makeUp.has(day) || (!holidays.has(day) && weekday(day) !== 0 && weekday(day) !== 6);
        return calendar.isWorkingDay(day) !== expected;
      });
      expect(mismatches).toEqual([]);
    });

    it(`lists the ${year} holiday periods with their Chinese names`, () => {
      const periods = calendar.holidaysBetween(`${year}-01-01`, `${year}-12-31`);
      expect(periods.map((p) => [p.nameZh, p.firstDay, p.lastDay])).toEqual(
        OFFICIAL[year].map((p) => [p.zh, p.first, p.last]),
      );
    });
  }

  it('gives 2025 and 2026 each 248 working days (hand count: 261 weekdays - 18/19 weekday holidays + 5/6 make-up days)', () => {
    const count = (year: number): number =>
      daysFromTo(`${year}-01-01`, `${year}-12-31`).filter((day) => calendar.isWorkingDay(day)).length;
    expect(count(2025)).toBe(248);
    expect(count(2026)).toBe(248);
  });
});

describe('isWorkingDay', () => {
  it('counts the make-up Saturday 2026-02-28 as a working day', () => {
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
  });
  it.each(['2026-01-04', '2026-02-14', '2026-05-09', '2026-09-20', '2026-10-10', '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'])(
    'counts the make-up weekend day %s as a working day',
    (day) => expect(calendar.isWorkingDay(day)).toBe(true),
  );
  it('does not count Monday 2026-02-23 (last day of Spring Festival) as a working day', () => {
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false);
  });
  it('does not count Wednesday 2025-10-08 (last day of National Day and Mid-autumn) as a working day', () => {
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
  });
  it('counts Monday 2025-01-27, the eve before the Spring Festival holiday, as a working day', () => {
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
  });
  it('does not count an ordinary Saturday (2026-03-07) as a working day', () => {
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false);
  });
  it('counts an ordinary Tuesday (2026-03-10) as a working day', () => {
    expect(calendar.isWorkingDay('2026-03-10')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('five working days from 2026-09-28 skip the National Day week and land on 2026-10-10 (make-up Saturday)', () => {
    // 9/29 (1), 9/30 (2), 10/1-10/7 holiday, 10/8 (3), 10/9 (4), Sat 10/10 make-up (5)
    expect(calendar.addWorkingDays('2026-09-28', 5)).toBe('2026-10-10');
  });
  it('one working day after Friday 2026-02-13 is the make-up Saturday 2026-02-14', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
  });
  it('two working days after Friday 2026-02-13 jump the whole Spring Festival to Tuesday 2026-02-24', () => {
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });
  it('three working days from Friday 2025-09-26 use the make-up Sunday 2025-09-28 and land on 2025-09-30', () => {
    expect(calendar.addWorkingDays('2025-09-26', 3)).toBe('2025-09-30');
  });
  it('six working days from Friday 2025-09-26 land on the make-up Saturday 2025-10-11', () => {
    // 9/28 (1), 9/29 (2), 9/30 (3), 10/1-10/8 holiday, 10/9 (4), 10/10 (5), Sat 10/11 (6)
    expect(calendar.addWorkingDays('2025-09-26', 6)).toBe('2025-10-11');
  });
  it('one working day after 2025-12-31 crosses the year and the New Year holiday to Sunday 2026-01-04', () => {
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
  });
  it('one working day after Thursday 2026-04-30 is Wednesday 2026-05-06, after Labour Day', () => {
    expect(calendar.addWorkingDays('2026-04-30', 1)).toBe('2026-05-06');
  });
  it('counts from a holiday without counting the holiday itself (1 working day after 2026-10-03 is 2026-10-08)', () => {
    expect(calendar.addWorkingDays('2026-10-03', 1)).toBe('2026-10-08');
  });

  describe('negative n counts back ("remind 1 working day before")', () => {
    it('one working day before 2026-10-08 is 2026-09-30', () => {
      expect(calendar.addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
    });
    it('one working day before 2026-02-24 is the make-up Saturday 2026-02-14', () => {
      expect(calendar.addWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
    });
    it('one working day before Wednesday 2025-02-05 is Monday 2025-01-27', () => {
      expect(calendar.addWorkingDays('2025-02-05', -1)).toBe('2025-01-27');
    });
    it('two working days before Monday 2026-01-05 cross back into 2025-12-31', () => {
      expect(calendar.addWorkingDays('2026-01-05', -2)).toBe('2025-12-31');
    });
  });

  it('returns the date itself for n = 0, even on a holiday', () => {
    expect(calendar.addWorkingDays('2026-02-14', 0)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-15', 0)).toBe('2026-02-15');
  });
  it('rejects a fractional number of working days', () => {
    expect(() => calendar.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
  });
});

describe('missing calendar data', () => {
  const missingYear = (fn: () => unknown): number | undefined => {
    try {
      fn();
    } catch (error) {
      if (error instanceof CalendarDataMissingError) return error.year;
      throw error;
    }
    return undefined;
  };

  it('a deadline in 2031 is an error, never a guess', () => {
    expect(missingYear(() => calendar.addWorkingDays('2031-03-03', 5))).toBe(2031);
    expect(missingYear(() => calendar.deadlineInWorkingDays(new Date('2031-03-03T09:00:00+08:00'), 5))).toBe(2031);
    expect(missingYear(() => calendar.isWorkingDay('2031-03-04'))).toBe(2031);
  });
  it('counting past the end of 2026 into 2027 is an error', () => {
    expect(missingYear(() => calendar.addWorkingDays('2026-12-31', 1))).toBe(2027);
  });
  it('counting back before 2004 is an error', () => {
    expect(missingYear(() => calendar.addWorkingDays('2004-01-02', -5))).toBe(2003);
  });
  it('even n = 0 on a date without data is an error', () => {
    expect(missingYear(() => calendar.addWorkingDays('2031-03-03', 0))).toBe(2031);
  });
  it('a holiday query reaching 2027 is an error', () => {
    expect(missingYear(() => calendar.holidaysBetween('2026-12-01', '2027-01-31'))).toBe(2027);
  });
  it('is an Error with a message naming the year', () => {
    const error = new CalendarDataMissingError(2031);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('2031');
  });
  it('reports 2004 to 2026 as the years with data', () => {
    expect(calendar.years[0]).toBe(2004);
    expect(calendar.years[calendar.years.length - 1]).toBe(2026);
    expect(calendar.years).toHaveLength(23);
  });
});

describe('Asia/Shanghai instants', () => {
  it('end of day is midnight Asia/Shanghai', () => {
    expect(endOfDay('2026-10-10').toISOString()).toBe('2026-10-10T16:00:00.000Z');
    expect(endOfDay('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
  it('takes the Shanghai date of an instant, switching at 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2026-10-09T15:59:59.999Z'))).toBe('2026-10-09');
    expect(shanghaiDate(new Date('2026-10-09T16:00:00.000Z'))).toBe('2026-10-10');
    expect(shanghaiDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });
  it('a deadline of 5 working days from 09:30 Monday 2026-09-28 ends at 24:00 Shanghai on 2026-10-10', () => {
    expect(calendar.deadlineInWorkingDays(new Date('2026-09-28T09:30:00+08:00'), 5).toISOString()).toBe(
      '2026-10-10T16:00:00.000Z',
    );
  });
  it('counts from the Shanghai date, not the UTC date (01:00 Monday in Shanghai is still Sunday in UTC)', () => {
    // Sunday 2026-09-27 17:00Z = Monday 2026-09-28 01:00 Shanghai → same answer as above.
    expect(calendar.deadlineInWorkingDays(new Date('2026-09-27T17:00:00Z'), 5).toISOString()).toBe(
      '2026-10-10T16:00:00.000Z',
    );
  });
  it('keeps the Shanghai time of day when moving an instant by working days', () => {
    expect(calendar.addWorkingDaysToInstant(new Date('2026-02-13T17:45:00+08:00'), 1).toISOString()).toBe(
      '2026-02-14T09:45:00.000Z',
    );
    expect(calendar.addWorkingDaysToInstant(new Date('2026-09-30T23:30:00+08:00'), 1).toISOString()).toBe(
      '2026-10-08T15:30:00.000Z',
    );
  });
  it('moves an instant back one working day for a reminder', () => {
    expect(calendar.addWorkingDaysToInstant(new Date('2026-02-24T09:00:00+08:00'), -1).toISOString()).toBe(
      '2026-02-14T01:00:00.000Z',
    );
  });
  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
    expect(() => calendar.addWorkingDaysToInstant(new Date(NaN), 1)).toThrow(RangeError);
  });
});

describe('natural months and days', () => {
  it.each([
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-05-15', 2, '2026-07-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-31', 2, '2027-02-28'],
  ])('%s + %i natural months = %s (clamped to month end)', (date, n, expected) => {
    expect(addNaturalMonths(date, n)).toBe(expected);
    expect(calendar.addNaturalMonths(date, n)).toBe(expected);
  });
  it.each([
    ['2026-09-28', 10, '2026-10-08'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2031-12-31', 1, '2032-01-01'],
  ])('%s + %i natural days = %s (holidays count, no holiday data needed)', (date, n, expected) => {
    expect(addNaturalDays(date, n)).toBe(expected);
  });
});

describe('holidaysBetween', () => {
  it('returns the Mid-autumn and National Day periods of autumn 2026 separately', () => {
    expect(calendar.holidaysBetween('2026-09-01', '2026-10-31')).toEqual<HolidayPeriod[]>([
      { nameZh: '中秋', nameEn: 'Mid-autumn Festival', firstDay: '2026-09-25', lastDay: '2026-09-27' },
      { nameZh: '国庆节', nameEn: 'National Day', firstDay: '2026-10-01', lastDay: '2026-10-07' },
    ]);
  });
  it('returns the combined 2025 National Day and Mid-autumn period as one run', () => {
    expect(calendar.holidaysBetween('2025-10-05', '2025-10-05')).toEqual<HolidayPeriod[]>([
      {
        nameZh: '国庆节、中秋',
        nameEn: 'National Day, Mid-autumn Festival',
        firstDay: '2025-10-01',
        lastDay: '2025-10-08',
      },
    ]);
  });
  it('reports a period whole even when the range only clips it', () => {
    expect(calendar.holidaysBetween('2026-02-20', '2026-03-31')).toEqual<HolidayPeriod[]>([
      { nameZh: '春节', nameEn: 'Spring Festival', firstDay: '2026-02-15', lastDay: '2026-02-23' },
    ]);
  });
  it('returns nothing for a summer without holidays', () => {
    expect(calendar.holidaysBetween('2026-07-01', '2026-08-31')).toEqual([]);
  });
  it('rejects a reversed range', () => {
    expect(() => calendar.holidaysBetween('2026-10-31', '2026-09-01')).toThrow(RangeError);
  });
});

describe('supplement', () => {
  // FICTIONAL 2027 data, only to exercise the mechanism: 2027-01-01 is a Friday.
  const supplement = {
    holidays: {
      '2027-01-01': "New Year's Day,元旦,1",
      '2027-01-02': "New Year's Day,元旦,1",
      '2027-01-03': "New Year's Day,元旦,1",
    },
    workdays: { '2027-01-09': "New Year's Day,元旦,1" },
  };

  it('supplement adds a year', () => {
    const extended = createCalendar(supplement);
    expect(extended.years).toContain(2027);
    expect(extended.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(extended.isWorkingDay('2027-01-09')).toBe(true);
    expect(extended.isWorkingDay('2027-01-01')).toBe(false);
    expect(extended.holidaysBetween('2027-01-01', '2027-01-31')).toEqual([
      { nameZh: '元旦', nameEn: "New Year's Day", firstDay: '2027-01-01', lastDay: '2027-01-03' },
    ]);
  });
  it('leaves the default calendar and other years untouched', () => {
    const extended = createCalendar(supplement);
    expect(() => calendar.isWorkingDay('2027-01-04')).toThrow(CalendarDataMissingError);
    expect(() => extended.isWorkingDay('2028-01-04')).toThrow(CalendarDataMissingError);
    expect(extended.isWorkingDay('2026-02-28')).toBe(true);
  });
  it('replaces a bundled year wholesale, so a published correction can remove days', () => {
    const corrected = createCalendar({ holidays: { '2026-10-01': 'National Day,国庆节,3' }, workdays: {} });
    expect(corrected.isWorkingDay('2026-10-01')).toBe(false);
    expect(corrected.isWorkingDay('2026-10-02')).toBe(true);
    expect(corrected.isWorkingDay('2026-10-10')).toBe(false);
  });
  it('rejects malformed supplements', () => {
    expect(() => createCalendar({ holidays: { '2027-02-30': '春节' }, workdays: {} })).toThrow(RangeError);
    expect(() => createCalendar({ holidays: { '2027-02-06': 'Spring Festival' }, workdays: {} })).toThrow(RangeError);
    expect(() =>
      createCalendar({ holidays: { '2027-02-06': 'Spring Festival,春节,4' }, workdays: { '2027-02-06': 'Spring Festival,春节,4' } }),
    ).toThrow(RangeError);
  });
});

describe('invalid date strings', () => {
  it.each(['2026-02-30', '2026-02-29', '2026-13-01', '2026-2-3', '2026/02/03', '', '2026-02-14T00:00', ' 2026-02-14'])(
    'rejects %p with a RangeError',
    (bad) => {
      expect(() => calendar.isWorkingDay(bad)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays(bad, 1)).toThrow(RangeError);
      expect(() => endOfDay(bad)).toThrow(RangeError);
      expect(() => addNaturalMonths(bad, 1)).toThrow(RangeError);
    },
  );
  it('says what was wrong', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(/2026-02-30.*no such day/);
    expect(() => calendar.isWorkingDay('26-2-3')).toThrow(/expected 'YYYY-MM-DD'/);
  });
});
