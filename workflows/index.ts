export { campaign } from './campaign';
export { unitInspection } from './unitInspection';
export { rectification } from './rectification';
export { routineRun } from './routineRun';
export { surpriseCheck } from './surpriseCheck';
export { holidayReminder, holidayReminderSweep } from './holidayReminders';
export { targetedAudit } from './targetedAudit';
export { selfSupervisionTurn } from './selfSupervisionTurn';
export { calendarChange } from './calendarChange';
export { calendarWatch } from './calendarWatch';
export { lead } from './lead';
export { preliminaryCheck } from './preliminaryCheck';
export { talkInquiry } from './talkInquiry';
// `case` is a reserved word: the process is exported under its workflow type's name
export { caseProcess as case } from './case';
export { clearance } from './clearance';
