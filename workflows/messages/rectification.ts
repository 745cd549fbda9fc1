import type { DeadlinePlan } from '../../domain/ladder';

// ---- 整改 rectification of one finding ------------------------------------------------------------
// Started by whichever process records a finding, as a child with ParentClosePolicy.ABANDON and the
// business id rectificationWorkflowId(findingId) (domain/ids.ts), by workflow type name 'rectification'.

export interface RectificationInput {
  findingId: string;
  unitId: string;
  groupId: string;
  title: string;
  /** the process that raised it, e.g. { kind: 'unitInspection', id: 'campaign/ZX-…/unit/gongluju' } */
  source: { kind: string; id: string };
  /** when the unit's rectification plan is due (computed outside workflow code) */
  planDue: DeadlinePlan;
}
