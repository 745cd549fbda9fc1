import { REFUSALS } from '../../domain/refusals';
import type { Refusal } from './table';

/** What every workflow step answers when its update validator refuses, or its workflow has closed. */
export const STATE_CONFLICT: Refusal = {
  description: "the workflow is not in a state where this step is allowed (the validator's message is the detail, `code` names the rule), or it is no longer running",
  kinds: [...new Set(Object.values(REFUSALS).map((r) => r.kind)), 'workflow-not-running'],
};
