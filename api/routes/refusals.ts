import { REFUSALS } from '../../domain/refusals';
import type { Refusal } from './table';

/** What every workflow step answers when its update validator refuses, or its workflow has closed. */
export const STATE_CONFLICT: Refusal = {
  description: "the workflow is not in a state where this step is allowed (the validator's message is the detail, `code` names the rule), or it is no longer running",
  kinds: [...new Set(Object.values(REFUSALS).map((r) => r.kind)), 'workflow-not-running'],
};

/** A lead's step (or its talk inquiry's, its check's) taken by its handler: `hidden`, what a 404 means on that route. */
export const handlerStepRefusals = (hidden: string) => ({ 403: 'a commission leader (who sees the lead but handles none)', 404: hidden, 409: STATE_CONFLICT }) as const;

/** A lead's step decided by the commission leader over its group: `hidden`, what a 404 means on that route. */
export const overseerStepRefusals = (hidden: string) => ({ 403: 'anyone but the commission leader over the lead’s group', 404: hidden, 409: STATE_CONFLICT }) as const;
