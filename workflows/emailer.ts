import { allHandlersFinished, condition, patched } from '@temporalio/workflow';
import type { EmailRequest } from '../activities/mail';
import { activities } from './proxies';

/** What every email of one process shares: the workflow, what it is about, where to act. */
export type EmailBase = Omit<EmailRequest, 'key' | 'rung' | 'firedAt' | 'kind' | 'notify'>;
export type EmailExtra = Pick<EmailRequest, 'kind' | 'notify'> & Partial<EmailRequest>;

/** Histories recorded before it waited for each email where it was sent (see test/histories/versioning). */
export const EMAIL_BESIDE_THE_PROCESS = 'email-beside-the-process';

export interface Emailer {
  /** Schedules one email and returns at once: sendEmail retries without limit, so no step may wait on it. */
  (key: string, rung: number, extra: EmailExtra): Promise<void>;
  /**
   * Every handler has returned and every email scheduled has gone out (or found nobody to tell): the
   * workflow awaits this before it returns or continues as new, so no email is dropped.
   */
  settled(): Promise<void>;
}

/**
 * A process's emails: per email its outbox key (key, rung), kind and recipients, stamped with the
 * workflow's clock when it fires. The activity sends each key once. A base given as a function is read
 * at each email, for what moves with the process (its deadline, its open step).
 */
export function emailerOf(base: EmailBase | (() => EmailBase)): Emailer {
  let outstanding = 0;
  let failure: Error | undefined;
  const send = async (key: string, rung: number, extra: EmailExtra) => {
    const beside = patched(EMAIL_BESIDE_THE_PROCESS);
    const sending = activities.sendEmail({ ...(typeof base === 'function' ? base() : base), key, rung, firedAt: new Date(Date.now()).toISOString(), ...extra });
    if (!beside) {
      await sending;
      return;
    }
    outstanding += 1;
    void sending.then(
      () => (outstanding -= 1),
      (err: unknown) => {
        outstanding -= 1;
        failure ??= err instanceof Error ? err : new Error(String(err));
      },
    );
  };
  return Object.assign(send, {
    async settled() {
      await condition(() => allHandlersFinished() && outstanding === 0);
      if (failure) throw failure;
    },
  });
}
