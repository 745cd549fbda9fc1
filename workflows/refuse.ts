import { ApplicationFailure } from '@temporalio/workflow';

/** An update validator's refusal: non-retryable, so the API answers 409 with this message at once. */
export const refuse = (message: string): never => {
  throw ApplicationFailure.nonRetryable(message, 'Refused');
};
