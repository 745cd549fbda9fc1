import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/roles';
import type { Deadline } from '../../domain/ladder';
import type { SurpriseCheckState } from '../../domain/states';
import type { RectificationTerms } from './rectification';

// ---- 突击抽查 surprise check ----------------------------------------------------------------------

export const SURPRISE_SUBJECTS = {
  clock_in: '上下班打卡',
  stock_trading: '上班炒股',
  office_order: '办公秩序',
  other: '其他',
} as const;
export type SurpriseSubject = keyof typeof SURPRISE_SUBJECTS;

export const SURPRISE_RESULTS = { found: '发现问题', not_found: '未发现问题' } as const;
export type SurpriseResult = keyof typeof SURPRISE_RESULTS;

export interface SurpriseCheckInput {
  checkId: string;
  title: string;
  /** what is checked, as people read it (the subject's label, or the free text for `other`) */
  what: string;
  /** until this instant the check is sealed: nobody outside the commission is told */
  startsAt: string;
  /** when every result is due, with the reminder and rungs (computed outside workflow code) */
  due: Deadline;
}

export interface SurpriseTarget {
  unitId: string;
  groupId: string;
}

export interface RecordResultInput {
  actor: Actor;
  unitId: string;
  result: SurpriseResult;
  notes: string;
  /** sent by the API with a `found` result: the finding's rectification starts at once (older histories lack it) */
  rectification?: RectificationTerms;
}

export interface CancelSurpriseCheckInput {
  actor: Actor;
  reason: string;
}

export interface SurpriseCheckView {
  checkId: string;
  state: SurpriseCheckState;
  version: number;
  startsAt: string;
  /** when the results are due */
  deadlineAt: string;
  targets: (SurpriseTarget & { result: SurpriseResult | null })[];
  rungsFired: number[];
}

export const recordResultUpdate = defineUpdate<SurpriseCheckView, [RecordResultInput]>('recordResult');
export const cancelSurpriseCheckUpdate = defineUpdate<SurpriseCheckView, [CancelSurpriseCheckInput]>('cancelSurpriseCheck');
export const surpriseCheckStatusQuery = defineQuery<SurpriseCheckView>('surpriseCheckStatus');
