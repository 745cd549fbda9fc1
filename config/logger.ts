import pino from 'pino';

/** JSON logs on stdout (pino): cheap, structured, and what log shippers expect. */
export const createLogger = (name: string, level = process.env.LOG_LEVEL ?? 'info') => pino({ name, level });
