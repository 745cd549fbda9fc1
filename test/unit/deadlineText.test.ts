import { calendar } from '../../domain/calendar';
import { deadlineRuleText } from '../../domain/deadlineText';

// the days counted by hand from the State Council's 2026 notice: 国庆节 10-01..10-07, 10-10 (Saturday) a make-up working day
describe('what a deadline counted', () => {
  it('names the weekend days skipped in an ordinary week', () => {
    expect(deadlineRuleText({ kind: 'endOfWorkingDay', after: '2026-12-01', workingDays: 5 }, calendar)).toBe('12月1日后 5 个工作日（跳过周末 2 天）');
  });

  it('says nothing skipped when the working days run straight', () => {
    expect(deadlineRuleText({ kind: 'endOfWorkingDay', after: '2026-12-01', workingDays: 2 }, calendar)).toBe('12月1日后 2 个工作日');
  });

  it('names the holiday skipped and the make-up working day counted across 国庆', () => {
    // 9-30, 10-08, 10-09, 10-10 (调休), 10-12: 国庆节 and Sunday 10-11 skipped
    expect(deadlineRuleText({ kind: 'endOfWorkingDay', after: '2026-09-29', workingDays: 5 }, calendar)).toBe('9月29日后 5 个工作日（跳过周末 1 天、国庆节；含调休上班 1 天）');
  });

  it('counts from the Beijing date of an instant for a same-time-of-day rule', () => {
    // Friday 2026-12-04 10:00 in Beijing, one working day later is Monday
    expect(deadlineRuleText({ kind: 'workingDaysLater', after: '2026-12-04T02:00:00.000Z', workingDays: 1 }, calendar)).toBe('12月4日后 1 个工作日的同一时刻（跳过周末 2 天）');
    // 23:30 on 12-04 UTC is already Saturday 12-05 in Beijing
    expect(deadlineRuleText({ kind: 'workingDaysLater', after: '2026-12-04T23:30:00.000Z', workingDays: 1 }, calendar)).toBe('12月5日后 1 个工作日的同一时刻（跳过周末 1 天）');
  });

  it('calls a fixed instant a set deadline', () => {
    expect(deadlineRuleText({ kind: 'fixed', at: '2026-12-20T16:00:00.000Z' }, calendar)).toBe('指定期限');
  });

  it('states the count alone for a year the calendar has no holiday data for', () => {
    expect(deadlineRuleText({ kind: 'endOfWorkingDay', after: '2099-03-02', workingDays: 3 }, calendar)).toBe('3月2日后 3 个工作日');
  });
});
