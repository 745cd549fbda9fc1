import type { Request } from 'express';
import type { Actor, Role } from '../../domain/roles';
import { actorOf } from '../auth';
import type { Config } from '../../config';
import type { ApiContext } from '../context';
import type { SessionView } from '../services/session';
import type { z } from '../schemas/zod';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/**
 * - `unit`: a record of one unit; outside the caller's units (`readableUnits`) it does not exist for them: 404.
 * - `party`: an act of the record's own unit contact or stationed group; a caller of a permitted role from
 *   another unit or group is refused: 403.
 * - `sealed`: a surprise check; the commission sees every one, a stationed group only a started check of its
 *   units, unit roles none: 404 (on a list too).
 * - `lead`: a 问题线索; the commission sees every one, a stationed group those of its units, unit roles none:
 *   404 (on a list too). The unit, and the person reported, never learn of a lead.
 */
export type Scope = 'unit' | 'party' | 'sealed' | 'lead';

/** The statuses a route may refuse with besides those every route of its shape gives (see `refusalsOf` in api/openapi.ts). */
export type RefusalStatus = 403 | 404 | 409 | 422 | 429 | 503;
/** Why a route refuses with a status: prose, or prose and the problem kinds (`urn:tantou:problem:<kind>`) it uses. */
export type Refusal = string | { description: string; kinds: string[]; /** the body, where it is not a problem document */ schema?: z.ZodType };

/** What the use case receives: the parsed parts of the request (undefined where the route declares none). */
export interface RouteInput<P, Q, H, B> {
  /** the caller (throws 401 on a public route) */
  readonly actor: Actor;
  params: P;
  query: Q;
  headers: H;
  body: B;
  requestId: string;
  /** the browser session, when the session cookie (not a bearer token) signed the caller in */
  readonly session?: { idHash: string; view: SessionView };
}

export interface Upload {
  mediaTypes: readonly string[];
  /** as body-parser reads it: '2mb' */
  limit: string;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type Obj = z.ZodObject | undefined;

interface RouteSpec<PS extends Obj, QS extends Obj, HS extends Obj, BS extends z.ZodType | undefined, R> {
  method: Method;
  /** OpenAPI form: `/campaigns/{id}` (mounted on Express as `/campaigns/:id`) */
  path: string;
  /** zh-CN name of the act, then what it does in English */
  summary: string;
  /** more than the summary says: what happens behind the answer (documented after the roles) */
  description?: string;
  /** who may call it; omitted: every signed-in person, the use case narrowing to their scope */
  roles?: readonly Role[];
  /** no bearer token needed (health, the document itself) */
  public?: true;
  /**
   * Whose record the path names, so who may reach it (api/authorization.ts derives the authorization
   * matrix from it with `roles`); omitted: no one unit's record (a launch names its units in the body,
   * a list narrows itself to the caller's units).
   */
  scope?: Scope;
  /** reachable by someone who still holds an initial password (the session's own routes and the password change) */
  beforePasswordChange?: true;
  /** at most `limit` requests per client address in `windowMinutes` (sign-in), answered 429 beyond */
  rateLimit?: (config: Config) => { limit: number; windowMinutes: number };
  params?: PS;
  query?: QS;
  headers?: HS;
  body?: BS;
  /** the body is a file sent raw (a Buffer in `body`), not JSON: its media types and size limit; read only after the role check */
  upload?: Upload;
  response: {
    /** 303: a browser's redirect (OpenID Connect sign-in), to `location`, the body naming it too */
    status: 200 | 201 | 202 | 303;
    description: string;
    schema: z.ZodType;
    /** the answer is a file of this media type (the result is its Buffer), not JSON */
    mediaType?: string;
    /** a second success some requests get instead (a dry run's 200), chosen by `statusOf` */
    alternative?: { status: 200; description: string; schema: z.ZodType };
  };
  /** the route waits on Temporal (start, update, Schedule call), so it answers 503 when Temporal does not */
  callsTemporal?: true;
  refusals?: Partial<Record<RefusalStatus, Refusal>>;
  run(ctx: ApiContext, input: RouteInput<Out<PS>, Out<QS>, Out<HS>, Out<BS>>): Promise<R> | R;
  /** the Location header of a 201/202, where a 303 sends the browser (none where it gives undefined) */
  location?(result: R): string | undefined;
  /** more headers of the answer (name → description, for the document) and their values for a result */
  responseHeaders?: { documented: Record<string, string>; of(result: NoInfer<R>): Record<string, string | string[]> };
  /**
   * The service checks `roles` itself, after the record's visibility, so a role that may not see the
   * record gets its 404 and never a 403 that says it exists (sealed surprise checks); `roles` is still documented.
   */
  rolesCheckedAfterVisibility?: true;
  /** a status other than `response.status` for some results (health: 503 with its own body) */
  statusOf?(result: R): number;
  /** the body, where it is not the whole result (a new session's secret travels only in its cookie) */
  present?(result: NoInfer<R>): unknown;
}

/** One route as Express and the OpenAPI generator read it; `answer` parses the request and calls the use case. */
export interface Route {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  roles?: readonly Role[];
  rolesCheckedAfterVisibility: boolean;
  public: boolean;
  scope?: Scope;
  beforePasswordChange: boolean;
  rateLimit?: RouteSpec<Obj, Obj, Obj, undefined, unknown>['rateLimit'];
  schemas: { params?: z.ZodObject; query?: z.ZodObject; headers?: z.ZodObject; body?: z.ZodType };
  upload?: Upload;
  response: RouteSpec<Obj, Obj, Obj, undefined, unknown>['response'];
  /** headers the success answer may carry: name → description */
  responseHeaders: Record<string, string>;
  callsTemporal: boolean;
  refusals: Partial<Record<RefusalStatus, Refusal>>;
  answer(ctx: ApiContext, req: Request): Promise<{ status: number; body: unknown; location?: string; headers: Record<string, string | string[]> }>;
}

const parsed = <S extends z.ZodType | undefined>(schema: S, value: unknown): Out<S> => (schema ? schema.parse(value) : undefined) as Out<S>;

/** Declares one route; the generics carry each schema's parsed type into `run`. */
export function route<PS extends Obj = undefined, QS extends Obj = undefined, HS extends Obj = undefined, BS extends z.ZodType | undefined = undefined, R = unknown>(
  spec: RouteSpec<PS, QS, HS, BS, R>,
): Route {
  const { params, query, headers, body } = spec;
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    roles: spec.roles,
    rolesCheckedAfterVisibility: spec.rolesCheckedAfterVisibility ?? false,
    public: spec.public ?? false,
    scope: spec.scope,
    beforePasswordChange: spec.beforePasswordChange ?? false,
    rateLimit: spec.rateLimit,
    schemas: { params, query, headers, body },
    upload: spec.upload,
    response: spec.response,
    responseHeaders: spec.responseHeaders?.documented ?? {},
    callsTemporal: spec.callsTemporal ?? false,
    refusals: spec.refusals ?? {},
    async answer(ctx, req) {
      // the same order as before the table: path, query, headers, then body; the first part that fails answers 400
      const input = {
        get actor() {
          return actorOf(req);
        },
        params: parsed(params as PS, req.params),
        query: parsed(query as QS, req.query),
        // by the names the schema gives them (Idempotency-Key), read case-insensitively as HTTP has them
        headers: parsed(headers as HS, headers && Object.fromEntries(Object.keys(headers.shape).map((name) => [name, req.get(name)]))),
        body: parsed(body as BS, req.body),
        requestId: req.requestId,
        session: req.session,
      };
      const result = await spec.run(ctx, input);
      return { status: spec.statusOf?.(result) ?? spec.response.status, body: spec.present ? spec.present(result) : result, location: spec.location?.(result), headers: spec.responseHeaders?.of(result) ?? {} };
    },
  };
}

/** Express's form of an OpenAPI path: `{id}` → `:id`. */
export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
