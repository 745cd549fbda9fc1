import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import type { RefusalCode } from '../../domain/refusals';

/** The update was refused by its validator, and by the rule `code` names. */
export async function expectRefused(update: Promise<unknown>, code: RefusalCode): Promise<void> {
  const err = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect({ code: (cause as ApplicationFailure).details?.[0], message: cause?.message }).toEqual({ code: { code }, message: expect.any(String) });
}
