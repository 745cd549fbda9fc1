import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DeadlineRule } from '../../domain/ladder';
import type { Actor } from '../../domain/roles';
import type { RectificationTerms } from './rectification';
import type { RoutineChecklistItem } from '../../domain/routineChecklist';
import type { RoutineRunState } from '../../domain/states';

// ---- 常态监督 one scheduled run of a unit's routine cycle -------------------------------------------
// Started by the cycle's Temporal Schedule (workflow type 'routineRun'), never by hand: the API's
// "trigger now" asks the Schedule to start one.

export interface RoutineRunInput {
  cycleId: string;
  unitId: string;
  groupId: string;
  /** the run is due this many 工作日 after it starts */
  dueInWorkingDays: number;
}

export interface RoutineFindingInput {
  title: string;
  detail?: string;
}

export interface RecordObservationInput {
  actor: Actor;
  /** a key of ROUTINE_CHECKLIST; anything else is refused */
  item: string;
  observation: string;
  finding?: RoutineFindingInput;
}

export interface CompleteRunInput {
  actor: Actor;
  /**
   * Sent by the API when the run has findings: one rectification is started per finding of the run,
   * and the workflow refuses to complete without them. Older histories lack it.
   */
  rectification?: RectificationTerms;
}

export interface RoutineObservation {
  observation: string;
  observedById: string;
  at: string;
  findingId?: string;
}

export interface RoutineRunView {
  workflowId: string;
  cycleId: string;
  unitId: string;
  groupId: string;
  state: RoutineRunState;
  version: number;
  startedAt: string;
  /** null only when the calendar could not say (state calendar_missing) */
  deadlineAt: string | null;
  /** what that deadline counts (我的待办 states it); absent in views recorded before rules were shown */
  deadlineRule?: DeadlineRule;
  observations: Partial<Record<RoutineChecklistItem, RoutineObservation>>;
  findingIds: string[];
  rungsFired: number[];
  /** the year without statutory holiday data, when state is calendar_missing */
  missingYear?: number;
}

export const recordObservationUpdate = defineUpdate<RoutineRunView, [RecordObservationInput]>('recordObservation');
export const completeRunUpdate = defineUpdate<RoutineRunView, [CompleteRunInput]>('completeRun');
export const routineRunStatusQuery = defineQuery<RoutineRunView>('routineRunStatus');
