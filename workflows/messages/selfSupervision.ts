import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/roles';
import type { SelfSupervisionTurnState } from '../../domain/states';

// ---- 自我监督 one member's turn of a unit's self-supervision rota ------------------------------------
// Started by the rota's Temporal Schedule (workflow type 'selfSupervisionTurn'), never by hand: the
// API's "trigger now" asks the Schedule to start one.

export interface SelfSupervisionTurnInput {
  rotaId: string;
  unitId: string;
  groupId: string;
  /** the record is due this many 工作日 after the turn starts */
  dueInWorkingDays: number;
}

export interface FileRecordInput {
  actor: Actor;
  /** what the check found and what was fixed on the spot (立行立改) */
  record: string;
}

export interface SelfSupervisionTurnView {
  workflowId: string;
  rotaId: string;
  unitId: string;
  groupId: string;
  /** 1, 2, 3 … in the rota */
  turn: number;
  /** the leadership member (班子成员) on duty */
  memberId: string;
  state: SelfSupervisionTurnState;
  version: number;
  startedAt: string;
  /** null only when the calendar could not say (state calendar_missing) */
  deadlineAt: string | null;
  record: string | null;
  filedAt: string | null;
  rungsFired: number[];
  /** the year without statutory holiday data, when state is calendar_missing */
  missingYear?: number;
}

export const fileRecordUpdate = defineUpdate<SelfSupervisionTurnView, [FileRecordInput]>('fileRecord');
export const selfSupervisionTurnStatusQuery = defineQuery<SelfSupervisionTurnView>('selfSupervisionTurnStatus');
