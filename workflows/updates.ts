import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';

/**
 * What an update still accepts from workflows started before a rename (domain/GLOSSARY.md, "Aliases
 * and when they go"): its old names, and the normaliser that reads an old input shape as the current
 * one (omitted where only the name changed). Recorded histories replay old names and shapes into
 * today's handlers.
 */
export interface Legacy<I, L> {
  aliases?: UpdateDefinition<unknown, [L]>[];
  current?: (input: I | L) => I;
}

/**
 * A process's updates, each a validator (refusing through refuse(): wrong state, role, unit, group,
 * missing content) and a step that changes state and answers with the process's view. Each step
 * moves the state before its first await, so a concurrent second call fails its validator. With
 * `legacy`, the same pair also answers the old names, and every input is normalised first.
 */
export const updatesOf =
  <V>(answer: () => V) =>
  <I, L = never>(update: UpdateDefinition<V, [I]>, validate: (input: NoInfer<I>) => void, apply: (input: NoInfer<I>) => Promise<void>, legacy?: Legacy<NoInfer<I>, L>) => {
    const current = legacy?.current ?? ((input: I | L) => input as I);
    for (const name of [update, ...(legacy?.aliases ?? [])] as UpdateDefinition<V, [I | L]>[]) {
      setHandler(
        name,
        async (input: I | L) => {
          await apply(current(input));
          return answer();
        },
        { validator: (input: I | L) => validate(current(input)) },
      );
    }
  };
