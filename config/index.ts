import { z } from 'zod';

/**
 * Configuration from the environment, validated once at start-up so a bad setting stops the process
 * with a message naming the variable. Defaults are the local embedded stack of `npm run dev`.
 */
const boolFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const schema = z.object({
  DATABASE_URL: z.string().url(),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tantou'),
  /** Temporal Cloud / mTLS: paths to the client certificate and key; both or neither. */
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().positive().default(1025),
  SMTP_SECURE: boolFromEnv.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('探头 督查提醒 <tantou@jw.example.gov.cn>'),
  API_PORT: z.coerce.number().int().min(0).default(3000),
  /** Where people act on a process; used in emails. */
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Default escalation ladder and approval window (JSON, see domain/ladder.ts). */
  DEFAULT_LADDER_JSON: z.string().optional(),
  DEFAULT_APPROVAL_WINDOW_JSON: z.string().optional(),
  /** Children started per campaign run before it continues as new (Temporal's hard limit is 2,000 pending). */
  FAN_OUT_WINDOW: z.coerce.number().int().min(1).max(1000).default(500),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  if (Boolean(cfg.TEMPORAL_TLS_CERT_PATH) !== Boolean(cfg.TEMPORAL_TLS_KEY_PATH)) {
    throw new Error('invalid configuration:\n  TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together');
  }
  return cfg;
}
