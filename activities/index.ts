import type { ActivityDeps } from './deps';
import { createCalendarActivities } from './calendar';
import { createCalendarWatchActivities } from './calendarWatch';
import { createCaseActivities } from './cases';
import { createClearanceActivities } from './clearances';
import { createLeadActivities } from './leads';
import { createHolidayReminderActivities } from './holidayReminders';
import { createMailActivities } from './mail';
import { createPreliminaryCheckActivities } from './preliminaryChecks';
import { createTalkInquiryActivities } from './talkInquiries';
import { createRecordActivities } from './records';
import { createSurpriseCheckActivities } from './surpriseChecks';
import { createRectificationActivities } from './rectification';
import { createRoutineActivities } from './routine';
import { createTargetedAuditActivities } from './targetedAudits';
import { createSelfSupervisionActivities } from './selfSupervision';
import { createTemporalActivities } from './temporal';

export type { ActivityDeps } from './deps';

/** All activities, built from their dependencies; workflows import only the type. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createRecordActivities(deps),
  ...createMailActivities(deps),
  ...createTemporalActivities(deps),
  ...createSurpriseCheckActivities(deps),
  ...createRectificationActivities(deps),
  ...createRoutineActivities(deps),
  ...createHolidayReminderActivities(deps),
  ...createTargetedAuditActivities(deps),
  ...createSelfSupervisionActivities(deps),
  ...createCalendarActivities(deps),
  ...createCalendarWatchActivities(deps),
  ...createLeadActivities(deps),
  ...createPreliminaryCheckActivities(deps),
  ...createTalkInquiryActivities(deps),
  ...createCaseActivities(deps),
  ...createClearanceActivities(deps),
});

export type Activities = ReturnType<typeof createActivities>;
