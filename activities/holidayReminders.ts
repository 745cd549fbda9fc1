import { DEFAULT_HOLIDAY_REMINDER_WORKING_DAYS, holidayRemindersDue } from '../domain/holidayReminders';
import type { ActivityDeps } from './deps';

/** Calendar work for the holiday reminders (never in workflow code) and the units to remind. */
export const createHolidayReminderActivities = ({ db, settings, calendars }: ActivityDeps) => ({
  async planHolidayReminders({ asOf }: { asOf: string }) {
    const calendar = await calendars.current();
    const today = calendar.shanghaiDate(new Date(asOf));
    return { today, ...holidayRemindersDue(calendar, today, settings.holidayReminderWorkingDays ?? DEFAULT_HOLIDAY_REMINDER_WORKING_DAYS) };
  },

  async listUnits() {
    return db.unit.findMany({ select: { id: true, groupId: true }, orderBy: { id: 'asc' } });
  },
});
