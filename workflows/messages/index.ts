/**
 * Every workflow input, signal, update and query, defined once per process in this folder and
 * imported by the workflows, the API and the tests. Updates (not signals) wherever the caller must
 * learn at once whether the step was accepted.
 */
export * from './campaign';
export * from './rectification';
export * from './routineRun';
export * from './surpriseCheck';
export * from './holidayReminders';
export * from './targetedAudit';
export * from './selfSupervision';
export * from './calendar';
export * from './calendarWatch';
export * from './lead';
export * from './preliminaryCheck';
export * from './talkInquiry';
export * from './case';
export * from './clearance';
