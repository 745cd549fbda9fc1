import type { PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { CalendarSource } from '../activities/calendar';
import type { WorkingDayCalendar } from '../domain/calendar';
import { DEFAULT_APPROVAL_WINDOW, DEFAULT_LADDER, type Ladder, type Offset } from '../domain/ladder';
import { defaultAuditRuleAmounts, type AuditRuleAmounts } from '../domain/targetedAudits';
import { Ladder as LadderSchema, Offset as OffsetSchema } from './schemas/common';
import { AuditRuleOverrides } from './schemas/targetedAudits';

export interface AppDeps {
  db: PrismaClient;
  temporal: Client;
  config: Config;
  logger: Logger;
  /** the calendar in force, re-read before every request (one MAX(id) query) */
  calendars: CalendarSource;
  /** injectable so tests can launch "today" on a chosen date */
  clock?: () => Date;
  /** the longest any request waits on Temporal before answering 503 (api/services/temporal.ts) */
  temporalTimeoutMs?: number;
}

/** What every service receives: the deps, a clock, and the launch defaults already validated. */
export interface ApiContext extends Required<AppDeps> {
  /** the calendar as of this request's start (`calendars.latest()`) */
  readonly calendar: WorkingDayCalendar;
  defaults: { ladder: Ladder; approvalWindow: Offset; auditRules: AuditRuleAmounts };
}

/** Long enough for an update on a busy worker, short enough that no client or proxy gives up first. */
const TEMPORAL_TIMEOUT_MS = 10_000;

// Parsed at start-up with the request schemas, so a bad default stops the process instead of every launch.
function launchDefaults(config: Config): ApiContext['defaults'] {
  const parse = <T>(json: string | undefined, schema: { parse(v: unknown): T }, fallback: T, name: string): T => {
    if (!json) return fallback;
    try {
      return schema.parse(JSON.parse(json));
    } catch (e) {
      throw new Error(`invalid configuration:\n  ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return {
    ladder: parse(config.DEFAULT_LADDER_JSON, LadderSchema, DEFAULT_LADDER, 'DEFAULT_LADDER_JSON'),
    approvalWindow: parse(config.DEFAULT_APPROVAL_WINDOW_JSON, OffsetSchema, DEFAULT_APPROVAL_WINDOW, 'DEFAULT_APPROVAL_WINDOW_JSON'),
    auditRules: defaultAuditRuleAmounts(parse(config.AUDIT_RULES_JSON, AuditRuleOverrides, {}, 'AUDIT_RULES_JSON')),
  };
}

export const createContext = (deps: AppDeps): ApiContext => ({
  ...deps,
  get calendar() {
    return deps.calendars.latest();
  },
  clock: deps.clock ?? (() => new Date()),
  temporalTimeoutMs: deps.temporalTimeoutMs ?? TEMPORAL_TIMEOUT_MS,
  defaults: launchDefaults(deps.config),
});
