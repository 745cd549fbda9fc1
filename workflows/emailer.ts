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
  /**
   * The emails still going out, to hand to the next run when a process continues as new instead of
   * waiting for them there (so an SMTP outage never holds up the next run's business).
   */
  outstanding(): EmailRequest[];
  /** Sends again what a previous run handed over; the outbox key makes a second send of one a no-op. */
  resume(requests: readonly EmailRequest[]): void;
}

/**
 * A process's emails: per email its outbox key (key and rung), kind and recipients, stamped with the
 * workflow's clock when it fires. The activity sends each key once. A base given as a function is read
 * at each email, for what moves with the process (its deadline, its open step).
 */
export function emailerOf(base: EmailBase | (() => EmailBase)): Emailer {
  const outstanding = new Set<EmailRequest>();
  let failure: Error | undefined;
  const beside = (request: EmailRequest) => {
    outstanding.add(request);
    void activities.sendEmail(request).then(
      () => outstanding.delete(request),
      (err: unknown) => {
        outstanding.delete(request);
        failure ??= err instanceof Error ? err : new Error(String(err));
      },
    );
  };
  const send = async (key: string, rung: number, extra: EmailExtra) => {
    const request = { ...(typeof base === 'function' ? base() : base), key, rung, firedAt: new Date(Date.now()).toISOString(), ...extra };
    if (patched(EMAIL_BESIDE_THE_PROCESS)) beside(request);
    else await activities.sendEmail(request);
  };
  return Object.assign(send, {
    async settled() {
      await condition(() => allHandlersFinished() && outstanding.size === 0);
      if (failure) throw failure;
    },
    outstanding: () => [...outstanding],
    resume: (requests: readonly EmailRequest[]) => requests.forEach(beside),
  });
}
