import { ApplicationFailure } from '@temporalio/workflow';
import { REFUSED, type RefusalCode } from '../domain/refusals';

/**
 * An update validator's refusal: non-retryable, so the API answers at once, with the status and
 * problem kind of `code` (domain/refusals.ts), the code itself and this message.
 */
export function refuse(code: RefusalCode, message: string): never {
  throw ApplicationFailure.create({ message, type: REFUSED, nonRetryable: true, details: [{ code }] });
}
