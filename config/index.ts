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
  /** SMTP connections the worker keeps open and reuses (0: a new connection per email) */
  SMTP_POOL_CONNECTIONS: z.coerce.number().int().min(0).max(50).default(4),
  MAIL_FROM: z.string().min(3).default('探头 督查提醒 <tantou@jw.example.gov.cn>'),
  API_PORT: z.coerce.number().int().min(0).default(3000),
  /** Where people act on a process; used in emails. */
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** Signed-in browser sessions end this many hours after sign-in (a working day with overtime). */
  SESSION_HOURS: z.coerce.number().min(0.01).max(168).default(12),
  /** The session cookie's Secure flag; unset: on exactly when PUBLIC_BASE_URL is https (off for `npm run dev`). */
  SESSION_COOKIE_SECURE: boolFromEnv.optional(),
  /** Wrong passwords in a row that lock an account, and for how long (等保 asks for lock-out after repeated failures). */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().min(1).max(1440).default(15),
  /** Sign-in attempts one client address may make per 15 minutes, whatever the account. */
  SIGN_IN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(30),
  /**
   * 统一身份认证: OpenID Connect sign-in, on when OIDC_ISSUER is set (with the client's id and secret). The
   * redirect URI to register at the provider is PUBLIC_BASE_URL + /session/oidc/callback.
   */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The claim that names the registry person: `email` is matched to Person.email (any case), any other claim to Person.id. */
  OIDC_PERSON_CLAIM: z.string().min(1).default('email'),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  /** Express `trust proxy` (e.g. `loopback` or `1`) when the API sits behind a reverse proxy, so limits count the client's address. */
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Default escalation ladder and approval window (JSON, see domain/ladder.ts). */
  DEFAULT_LADDER_JSON: z.string().optional(),
  DEFAULT_APPROVAL_WINDOW_JSON: z.string().optional(),
  /**
   * Workflows the worker keeps in memory between their tasks (about 0.5 MB of heap each); one evicted
   * is replayed from its history at its next task. 50 fits the worker's heap bound of 160 MB
   * (node --max-old-space-size, see README) beside what activities need.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(50),
  /** Unit inspections a campaign's fan-out starts at once (the worker's startUnitInspections activity). */
  FAN_OUT_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  /**
   * 整改方案: due this many working days after a finding is recorded. 10 because rectification notices
   * commonly ask for the plan "within 10 working days of receipt" (收到通知之日起10个工作日内报送整改方案).
   */
  RECTIFICATION_PLAN_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(250).default(10),
  /**
   * 回头看: this many natural months after 销号. 3 because a revisit checks that the fix held for a
   * quarter, the interval the commission's routine supervision reports on.
   */
  RECTIFICATION_REVISIT_AFTER_MONTHS: z.coerce.number().int().min(1).max(36).default(3),
  /**
   * 初步核实 亮灯预警: a check not concluded this many natural months after its 核实方案 was approved turns
   * yellow, then red (domain/preliminaryChecks.ts WARNING_RULES names the practice: 3 and 6 months).
   */
  PRELIMINARY_CHECK_YELLOW_MONTHS: z.coerce.number().int().min(1).max(36).default(3),
  PRELIMINARY_CHECK_RED_MONTHS: z.coerce.number().int().min(1).max(60).default(6),
  /**
   * 节日廉洁提醒: units are reminded this many working days before a statutory holiday. 3 so the
   * reminder lands in the last working week before the holiday, when 节前 integrity talks are held.
   */
  HOLIDAY_REMINDER_WORKING_DAYS: z.coerce.number().int().min(1).max(20).default(3),
  /**
   * 靶向督查 periods overriding the defaults of domain/targetedAudits.ts AUDIT_RULES by key, each of which
   * names the rule it comes from, e.g. {"inspectionTourReport":3} for a 3-month 巡察整改 report. Checked
   * at start-up (api/context.ts); GET /targeted-audits/templates shows the periods in force.
   */
  AUDIT_RULES_JSON: z.string().optional(),
  /**
   * 自我监督: the member on duty files the turn's record this many working days after the turn starts.
   * 2 because a weekly turn starts Monday 09:00: the record is then due at the end of Wednesday, and
   * SELF_SUPERVISION_LADDER (one working day a rung) has reached the group by the end of Friday, so a
   * missed turn is settled before the next member's turn on Monday instead of holding it up.
   */
  SELF_SUPERVISION_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(20).default(2),
  /**
   * 立案审查: the 审查调查 time limit in natural months from the 立案 decision, and how far its one
   * extension moves it (domain/cases.ts CASE_RULES, 第五十一条 ◐: treated as configuration).
   */
  CASE_TIME_LIMIT_MONTHS: z.coerce.number().int().min(1).max(24).default(3),
  CASE_EXTENSION_MONTHS: z.coerce.number().int().min(1).max(12).default(3),
  /**
   * 澄清正名: done within this many 工作日 of its approval, and the reporter's 批评教育 / 书面检讨 within
   * this many (domain/clearances.ts CLEARANCE_RULES ◐).
   */
  CLEARANCE_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  REPORTER_CORRECTION_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  /** JSON file with holiday data for years the bundled calendar lacks (config/calendar.ts) */
  CALENDAR_SUPPLEMENT_PATH: z.string().optional(),
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
  if (cfg.PRELIMINARY_CHECK_RED_MONTHS <= cfg.PRELIMINARY_CHECK_YELLOW_MONTHS) {
    throw new Error('invalid configuration:\n  PRELIMINARY_CHECK_RED_MONTHS must be more than PRELIMINARY_CHECK_YELLOW_MONTHS');
  }
  const oidcProblem = oidcConfigProblem(cfg);
  if (oidcProblem) throw new Error(`invalid configuration:\n  ${oidcProblem}`);
  return cfg;
}

/** A loopback issuer (a provider on this machine, as in the tests) is the only one allowed over plain http. */
export const isLoopbackHttp = (url: URL) => url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

function oidcConfigProblem(cfg: Config): string | undefined {
  if (!cfg.OIDC_ISSUER) return cfg.OIDC_CLIENT_ID || cfg.OIDC_CLIENT_SECRET ? 'OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_ISSUER' : undefined;
  if (!cfg.OIDC_CLIENT_ID || !cfg.OIDC_CLIENT_SECRET) return 'OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET';
  const issuer = new URL(cfg.OIDC_ISSUER);
  if (issuer.protocol !== 'https:' && !isLoopbackHttp(issuer)) return 'OIDC_ISSUER must be https (plain http only for localhost)';
  if (!cfg.OIDC_SCOPES.split(' ').includes('openid')) return 'OIDC_SCOPES must include openid';
  return undefined;
}

/**
 * The shortest working-day period the configuration sets (a 自我监督 record, a 整改方案): from the first
 * day a deadline of that length would cross into a year without data, the calendar watch's floor.
 */
export const shortestDueWorkingDays = (cfg: Pick<Config, 'SELF_SUPERVISION_DUE_WORKING_DAYS' | 'RECTIFICATION_PLAN_DUE_WORKING_DAYS'>) =>
  Math.min(cfg.SELF_SUPERVISION_DUE_WORKING_DAYS, cfg.RECTIFICATION_PLAN_DUE_WORKING_DAYS);
