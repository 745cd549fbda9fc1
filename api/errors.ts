import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { Prisma } from '@prisma/client';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { REFUSALS, REFUSED, isRefusalCode } from '../domain/refusals';

export interface FieldError {
  path: string;
  message: string;
}

/** The one error type of the API: services throw it, the error middleware renders it as problem+json. */
export class ApiError extends Error {
  /** a workflow's refusal: which rule refused (domain/refusals.ts) */
  code?: string;

  constructor(
    readonly status: number,
    /** stable, machine-readable kind; the problem `type` is derived from it */
    readonly kind: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const unauthorized = (detail: string) =>
  new ApiError(401, 'unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="tantou"' });
export const forbidden = (detail: string) => new ApiError(403, 'forbidden', detail);
export const notFound = (detail: string) => new ApiError(404, 'not-found', detail);
export const conflict = (kind: string, detail: string) => new ApiError(409, kind, detail);
/** Well-formed input naming something that does not exist or cannot be done; `errors` names the fields. */
export const unprocessable = (kind: string, detail: string, errors: FieldError[]) => new ApiError(422, kind, detail, errors);

export const methodNotAllowed = (method: string, allow: string[]) =>
  new ApiError(405, 'method-not-allowed', `此接口不支持 ${method} / ${method} is not allowed here; allowed: ${allow.join(', ')}`, undefined, { Allow: allow.join(', ') });
export const unsupportedMediaType = (contentType: string, accepted: readonly string[]) =>
  new ApiError(415, 'unsupported-media-type', `请求体的 Content-Type 须为 ${accepted.join(' 或 ')} / the body must be sent as ${accepted.join(' or ')}, not ${contentType}`);
/** Seconds a caller is asked to wait before retrying a request Temporal did not answer in time. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/**
 * Temporal did not answer within the API's bound. The request may or may not have reached it; sending it
 * again is safe (a launch is idempotent, a step already taken is refused by the workflow as a 409).
 */
export const temporalUnavailable = (what: string, cause?: unknown) =>
  new ApiError(
    503,
    'temporal-unavailable',
    `流程引擎暂时无法响应，请稍后重试 / Temporal did not answer the ${what} in time${cause instanceof Error ? ` (${cause.message})` : ''}; retry later`,
    undefined,
    { 'Retry-After': String(TEMPORAL_RETRY_AFTER_SECONDS) },
  );

/** Seconds a caller is asked to wait before retrying a request PostgreSQL did not answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** PostgreSQL refused, dropped or did not answer the connection: nothing was written, the same request can be sent again. */
export const databaseUnavailable = () =>
  new ApiError(503, 'database-unavailable', '数据库暂时无法连接，请稍后重试 / the database cannot be reached; retry later', undefined, {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });

// Prisma's codes for a server it cannot reach or that went away, and the pg adapter's kinds for the same
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// SQLSTATE class 08: connection exception; 57P01-57P03: the server is shutting down or starting
const UNREACHABLE_SQLSTATE = /^(08|57P0[1-3])/;
// node's socket errors, as pg passes them on
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** PostgreSQL down or unreachable, as opposed to a query it refused. */
function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = (err.meta?.driverAdapterError as { cause?: { kind?: string; code?: string } } | undefined)?.cause;
    return UNREACHABLE_CODES.has(err.code) || UNREACHABLE_KINDS.has(cause?.kind ?? '') || (cause?.kind === 'postgres' && UNREACHABLE_SQLSTATE.test(cause.code ?? ''));
  }
  // pg's own errors (the hot reads use the pool directly, prisma/client.ts sqlRows): a connection not
  // made in time or cut, a socket refused or reset, or the server's SQLSTATE for the same
  // (read by shape: node's socket errors need not be this realm's Error, e.g. under jest's vm)
  const { message, code } = (typeof err === 'object' && err !== null ? err : {}) as { message?: unknown; code?: unknown };
  return (typeof message === 'string' && /^Connection terminated/.test(message)) || (typeof code === 'string' && (SOCKET_CODES.has(code) || UNREACHABLE_SQLSTATE.test(code)));
}

const fromZod = (e: ZodError) =>
  new ApiError(
    400,
    'validation',
    '请求内容不符合要求 / the request is invalid',
    e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );

/** body-parser marks its errors with `type`; their status (400 malformed, 413 too large, 415 …) is already right. */
function fromBodyParser(e: { type: string; status: number; limit?: number }) {
  const limit = `${Math.round((e.limit ?? 0) / 1024)}kb`;
  const detail: Record<string, string> = {
    'entity.parse.failed': '请求体不是合法的 JSON / the body is not valid JSON',
    'entity.too.large': `请求体过大（上限 ${limit}） / the body exceeds ${limit}`,
  };
  return new ApiError(e.status, e.type.replaceAll('.', '-'), detail[e.type] ?? `the body cannot be read (${e.type})`);
}

// body-parser's errors come from http-errors: client errors carry `expose: true`
const isBodyParserError = (e: unknown): e is { type: string; status: number } => {
  const candidate = e as { type?: unknown; status?: unknown; expose?: unknown } | null;
  return typeof candidate?.type === 'string' && typeof candidate.status === 'number' && candidate.expose === true;
};

/** An update validator refused: the status, kind and Chinese words of its code (domain/refusals.ts), the code in the body. */
function fromUpdateFailed(err: WorkflowUpdateFailedError): ApiError {
  const { cause } = err;
  const code = cause instanceof ApplicationFailure && cause.type === REFUSED ? (cause.details?.[0] as { code?: unknown } | undefined)?.code : undefined;
  // without a code (histories of older code, an unexpected throw): the process is not in a state for this step
  if (!isRefusalCode(code)) return conflict('wrong-state', cause?.message ?? err.message);
  return Object.assign(new ApiError(REFUSALS[code].status, REFUSALS[code].kind, `${REFUSALS[code].zh} / ${cause!.message}`), { code });
}

function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return fromZod(err);
  if (isBodyParserError(err)) return fromBodyParser(err);
  if (err instanceof WorkflowUpdateFailedError) return fromUpdateFailed(err);
  // only reached for ids found in PostgreSQL, so the workflow exists but has closed (or not started yet)
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  if (err instanceof WorkflowNotFoundError) return conflict('workflow-not-running', `流程未在运行 / the workflow ${err.workflowId} is not running`);
  return undefined;
}

export const unknownRoute: RequestHandler = (req) => {
  throw notFound(`没有这个接口 / no route ${req.method} ${req.path}`);
};

/** The one error middleware: every error leaves as application/problem+json (RFC 9457). */
export const errorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = toApiError(err);
    if (!known) logger.error({ err, requestId: req.requestId, method: req.method, url: req.originalUrl }, 'unhandled error');
    const e = known ?? new ApiError(500, 'internal', `内部错误，请凭请求编号联系管理员 / internal error, request id ${req.requestId}`);
    res
      .status(e.status)
      .set(e.headers)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: `urn:tantou:problem:${e.kind}`,
          title: STATUS_CODES[e.status] ?? 'Error',
          status: e.status,
          detail: e.message,
          instance: req.originalUrl,
          requestId: req.requestId,
          ...(e.code ? { code: e.code } : {}),
          ...(e.errors ? { errors: e.errors } : {}),
        }),
      );
  };
