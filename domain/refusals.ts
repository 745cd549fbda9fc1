/**
 * Why an update validator refused a step: one stable, machine-readable code per rule, with the HTTP
 * status and problem kind the API answers it with. Pure data, so api/ reads it without loading
 * workflow code; workflows refuse through workflows/refuse.ts.
 */
export const REFUSALS = {
  // the process is not at a point where this step is allowed
  'wrong-state': { status: 409, kind: 'wrong-state' },
  /** this result, filing or item is already recorded */
  'already-recorded': { status: 409, kind: 'wrong-state' },
  /** a targeted audit's step that is not the open one, or not open yet */
  'step-not-open': { status: 409, kind: 'wrong-state' },
  'extension-pending': { status: 409, kind: 'wrong-state' },
  'no-extension-pending': { status: 409, kind: 'wrong-state' },
  /** a case's one extension of its time limit has been asked already */
  'extension-used': { status: 409, kind: 'wrong-state' },
  // who may take the step
  'not-unit-contact': { status: 409, kind: 'not-permitted' },
  'not-stationed-group': { status: 409, kind: 'not-permitted' },
  'not-group-leader': { status: 409, kind: 'not-permitted' },
  'not-commission-leader': { status: 409, kind: 'not-permitted' },
  'not-staff': { status: 409, kind: 'not-permitted' },
  'not-member-on-duty': { status: 409, kind: 'not-permitted' },
  /** a lead's steps are its handler's (承办人) alone */
  'not-lead-handler': { status: 409, kind: 'not-permitted' },
  /** a case's 审理 opinion is its named reviewer's alone */
  'not-hearing-reviewer': { status: 409, kind: 'not-permitted' },
  // what the step must carry
  /** a reason, content, measures… that is empty */
  'text-missing': { status: 409, kind: 'step-incomplete' },
  /** a unit, checklist item or step item the process does not have */
  'unknown-target': { status: 409, kind: 'step-incomplete' },
  'observations-missing': { status: 409, kind: 'step-incomplete' },
  /** a routine run with findings completed without the terms of their rectification */
  'findings-unrectified': { status: 409, kind: 'step-incomplete' },
  /** findings without the plan due of their rectification */
  'plan-due-missing': { status: 409, kind: 'step-incomplete' },
  'meeting-details-missing': { status: 409, kind: 'step-incomplete' },
  /** findings on a step the unit files (the group raises findings) */
  'findings-not-allowed': { status: 409, kind: 'step-incomplete' },
  /** a review of a step that is not reviewed */
  'step-not-reviewed': { status: 409, kind: 'step-incomplete' },
  'deadline-not-later': { status: 409, kind: 'step-incomplete' },
  /** a lead's disposal approved before its collective review (集体研究) is recorded */
  'collective-review-missing': { status: 409, kind: 'step-incomplete' },
  /** a date that must be a Shanghai date in the past (a review held) or the future (a shelved lead's review) and is not */
  'date-invalid': { status: 409, kind: 'step-incomplete' },
  /** a collective review with fewer than two attendees */
  'attendees-missing': { status: 409, kind: 'step-incomplete' },
  /** a 核实方案 whose team (核查组) has fewer than two people, or whose leader is not of it */
  'team-too-small': { status: 409, kind: 'step-incomplete' },
  /** a 核实结论 without what its outcome needs (the proposal, the measures, the risk, the finding) */
  'outcome-incomplete': { status: 409, kind: 'step-incomplete' },
  /** a case closed without one disposition for each person concerned */
  'dispositions-incomplete': { status: 409, kind: 'step-incomplete' },
} as const satisfies Record<string, { status: number; kind: string }>;

export type RefusalCode = keyof typeof REFUSALS;

/** The ApplicationFailure type every refusal carries; its first detail is `{ code }`. */
export const REFUSED = 'Refused';

export const isRefusalCode = (code: unknown): code is RefusalCode => typeof code === 'string' && Object.hasOwn(REFUSALS, code);

export const REFUSAL_CODES = Object.keys(REFUSALS) as [RefusalCode, ...RefusalCode[]];
