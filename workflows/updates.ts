import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';

/**
 * A process's updates, each a validator (refusing through refuse(): wrong state, role, unit, group,
 * missing content) and a step that changes state and answers with the process's view. Each step
 * moves the state before its first await, so a concurrent second call fails its validator.
 */
export const updatesOf =
  <V>(answer: () => V) =>
  <A extends [unknown]>(update: UpdateDefinition<V, A>, validate: (...input: NoInfer<A>) => void, apply: (...input: NoInfer<A>) => Promise<void>) =>
    setHandler(
      update,
      async (...input: A) => {
        await apply(...input);
        return answer();
      },
      { validator: validate },
    );
