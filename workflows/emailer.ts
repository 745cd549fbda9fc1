import type { EmailRequest } from '../activities/mail';
import { acts } from './proxies';

/** What every email of one process shares: the workflow, what it is about, where to act. */
export type EmailBase = Omit<EmailRequest, 'step' | 'rung' | 'firedAt' | 'kind' | 'notify'>;
export type EmailExtra = Pick<EmailRequest, 'kind' | 'notify'> & Partial<EmailRequest>;

/**
 * A process's email step: per email its outbox key (step, rung), kind and recipients, stamped with the
 * workflow's clock when it fires. The activity sends each key once. A base given as a function is read
 * at each email, for what moves with the process (its deadline, its open step).
 */
export const emailerOf = (base: EmailBase | (() => EmailBase)) => (step: string, rung: number, extra: EmailExtra) =>
  acts.sendEmail({ ...(typeof base === 'function' ? base() : base), step, rung, firedAt: new Date(Date.now()).toISOString(), ...extra });
