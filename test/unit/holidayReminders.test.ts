import { calendar, createCalendar } from '../../domain/calendar';
import { holidayRemindersDue } from '../../domain/holidayReminders';

const names = (today: string, ahead = 3) => holidayRemindersDue(calendar, today, ahead).due.map((d) => [d.nameZh, d.firstDay, d.remindOn]);

describe('holiday integrity reminders (节日廉洁提醒)', () => {
  it('is due three working days before National Day 2026: Monday 2026-09-28, not the Friday before', () => {
    expect(names('2026-09-25')).toEqual([]);
    expect(names('2026-09-28')).toEqual([['国庆节', '2026-10-01', '2026-09-28']]);
  });

  it('stays due until the holiday starts, so a missed day is caught up, and stops on its first day', () => {
    expect(names('2026-09-30')).toEqual([['国庆节', '2026-10-01', '2026-09-28']]);
    expect(names('2026-10-01')).toEqual([]);
  });

  it('counts back over a make-up Saturday: Spring Festival 2026 starts 2026-02-15 and 2026-02-14 is a working Saturday', () => {
    // working days back from 02-15: 02-14 (Sat, make-up), 02-13 (Fri), 02-12 (Thu)
    expect(names('2026-02-11')).toEqual([]);
    expect(names('2026-02-12')).toEqual([['春节', '2026-02-15', '2026-02-12']]);
  });

  it('reports the next year as missing when the look-ahead reaches a year without holiday data', () => {
    const plan = holidayRemindersDue(calendar, '2026-11-27', 3);
    expect(plan).toEqual({ due: [], missingYear: 2027 });
  });

  it('uses a published supplement for the next year instead of reporting it missing', () => {
    const withNewYear = createCalendar({
      holidays: { '2027-01-01': "New Year's Day,元旦,1", '2027-01-02': "New Year's Day,元旦,1", '2027-01-03': "New Year's Day,元旦,1" },
      workdays: {},
    });
    const plan = holidayRemindersDue(withNewYear, '2026-12-29', 3);
    expect(plan.missingYear).toBeNull();
    expect(plan.due.map((d) => [d.nameZh, d.firstDay, d.remindOn])).toEqual([['元旦', '2027-01-01', '2026-12-29']]);
  });
});
