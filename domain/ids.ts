/**
 * Business ids: the API, the Temporal Web UI and the `temporal` CLI name the same thing the same way.
 */
export const campaignWorkflowId = (campaignId: string) => `campaign/${campaignId}`;

export const unitInspectionWorkflowId = (campaignId: string, unitId: string) =>
  `campaign/${campaignId}/unit/${unitId}`;

/**
 * `ZX-20261127-a1b2c3`: 专项 + Shanghai launch date, readable on paper and unique enough with 24 random
 * bits. Web Crypto, not node:crypto, because workflow code imports this file too (never calling this).
 */
export const newCampaignId = (shanghaiDate: string) => {
  const hex = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `ZX-${shanghaiDate.replaceAll('-', '')}-${hex}`;
};

export const workflowUiUrl = (uiBaseUrl: string, namespace: string, workflowId: string) =>
  `${uiBaseUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;

export const rectificationWorkflowId = (findingId: string) => `rectification/${findingId}`;

/** The n-th finding (1-based) recorded when a unit inspection's report is accepted. */
export const inspectionFindingId = (inspectionId: string, n: number) => `${inspectionId}/finding/${n}`;

export const surpriseCheckWorkflowId = (checkId: string) => `surprise/${checkId}`;
export const surpriseCheckIdOf = (workflowId: string) => workflowId.slice('surprise/'.length);

/** `TC-20261127-a1b2c3`: 突击抽查 + Shanghai launch date, like a campaign id. */
export const newSurpriseCheckId = (shanghaiDate: string) => newCampaignId(shanghaiDate).replace(/^ZX-/, 'TC-');

/** One finding per unit of a surprise check: its result is recorded once. */
export const surpriseFindingId = (workflowId: string, unitId: string) => `${workflowId}/finding/${unitId}`;

/** `CG-20261127-a1b2c3`: 常规 (routine) + Shanghai creation date, like a campaign id. */
export const newRoutineCycleId = (shanghaiDate: string) => newCampaignId(shanghaiDate).replace(/^ZX-/, 'CG-');

/** The Temporal Schedule of one unit's routine cycle. */
export const routineScheduleId = (unitId: string, cycleId: string) => `routine/${unitId}/${cycleId}`;

/** The workflow id each scheduled run gets; Temporal appends the run's scheduled time (`…/run-2026-12-01T01:00:00Z`). */
export const routineRunWorkflowIdPrefix = (unitId: string, cycleId: string) => `${routineScheduleId(unitId, cycleId)}/run`;

/** The n-th finding (1-based) a routine run records. */
export const routineFindingId = (runWorkflowId: string, n: number) => `${runWorkflowId}/finding/${n}`;

/** One reminder process per holiday (by its first day) and one report per year without data. */
export const holidayReminderWorkflowId = (input: { kind: 'holiday'; holiday: { firstDay: string } } | { kind: 'calendar_missing'; year: number }) =>
  input.kind === 'holiday' ? `holiday/${input.holiday.firstDay}` : `holiday/calendar-missing/${input.year}`;
export const HOLIDAY_REMINDER_SCHEDULE_ID = 'holiday-reminders';

/** The daily calendar watch (日历预警); its weekly email is kept under one id per missing year. */
export const CALENDAR_WATCH_SCHEDULE_ID = 'calendar-watch';
export const calendarWatchEmailId = (year: number) => `${CALENDAR_WATCH_SCHEDULE_ID}/${year}`;
/** where the email sends staff: entering the year (the calendar routes) */
export const CALENDAR_WATCH_PROCESS = { kind: 'calendarWatch', label: '日历预警', actPath: '/calendar/years' };

/** `BX-20261127-a1b2c3`: 靶向 (targeted) + Shanghai launch date, like a campaign id. */
export const newTargetedAuditId = (shanghaiDate: string) => newCampaignId(shanghaiDate).replace(/^ZX-/, 'BX-');

export const targetedAuditWorkflowId = (auditId: string) => `audit/${auditId}`;

/** The n-th finding (1-based) a targeted audit records. */
export const auditFindingId = (auditId: string, n: number) => `${targetedAuditWorkflowId(auditId)}/finding/${n}`;
/** `ZW-20261127-a1b2c3`: 自我监督 rota + Shanghai creation date, like a campaign id. */
export const newSelfSupervisionRotaId = (shanghaiDate: string) => newCampaignId(shanghaiDate).replace(/^ZX-/, 'ZW-');

/** The Temporal Schedule of one unit's self-supervision rota. */
export const selfSupervisionScheduleId = (unitId: string, rotaId: string) => `selfsup/${unitId}/${rotaId}`;

/** Each turn's workflow id (and turn id); Temporal appends the scheduled time (`…/turn-2026-11-30T01:00:00Z`). */
export const selfSupervisionTurnWorkflowIdPrefix = (unitId: string, rotaId: string) => `${selfSupervisionScheduleId(unitId, rotaId)}/turn`;

/** One lead's workflow, by its 统一编号: `lead/XS-2026-0012` (the number, never the reporter or the summary). */
export const leadWorkflowId = (number: string) => `lead/${number}`;

/** A lead's method processes, one each per lead: children of the lead's workflow `lead/<number>`. */
export const talkInquiryWorkflowId = (leadId: string) => `talk-inquiry/${leadId}`;
export const preliminaryCheckWorkflowId = (leadId: string) => `preliminary-check/${leadId}`;

/** `FX-20261209-a1b2c3`: 风险点 + Shanghai date, like a campaign id; made by the API, so the unit's rectification never names the lead. */
export const newRiskPointId = (shanghaiDate: string) => newCampaignId(shanghaiDate).replace(/^ZX-/, 'FX-');
/** The one finding of a risk point, rectified by its unit. */
export const riskPointFindingId = (riskPointId: string) => `risk-point/${riskPointId}`;
/** One case's workflow, by its 案件编号: `case/AJ-2026-0003`. */
export const caseWorkflowId = (caseId: string) => `case/${caseId}`;
/** One lead's clearance (澄清正名), by the lead's number: `clearance/XS-2026-0012` (never the reporter). */
export const clearanceWorkflowId = (leadId: string) => `clearance/${leadId}`;
