export { campaign } from './campaign';
export { unitInspection } from './unitInspection';
export { rectification } from './rectification';
export { routineRun } from './routineRun';
export { surpriseCheck } from './surpriseCheck';
export { holidayReminder, holidayReminderSweep } from './holidayReminders';
export { targetedAudit } from './targetedAudit';
export { selfSupervisionTurn } from './selfSupervisionTurn';
export { calendarChange } from './calendarChange';
