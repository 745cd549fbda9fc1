import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { ROLES } from '../domain/roles';
import { ALL_ROLES, cellOf } from './authorization';
import type { Refusal, Route } from './routes/table';
import { Problem } from './schemas/common';
import { SESSION_COOKIE } from './services/session';

/** An error response; `x-problem-kinds` lists the `urn:tantou:problem:<kind>` types it can carry, for machines. */
const problem = (description: string, kinds: string[], headers?: ResponseConfig['headers']): ResponseConfig => {
  const extension = { 'x-problem-kinds': kinds }; // spread, since ResponseConfig's type has no room for x- keys
  return {
    description: kinds.length ? `${description} (problem type urn:tantou:problem:{${kinds.join(', ')}})` : description,
    ...extension,
    content: { 'application/problem+json': { schema: Problem } },
    ...(headers ? { headers } : {}),
  };
};

const described = (refusal: Refusal) => (typeof refusal === 'string' ? { description: refusal, kinds: [] } : refusal);

/** Every status a route can answer besides its success: those its shape implies, then its own. */
function responsesOf(r: Route): RouteConfig['responses'] {
  const { params, query, headers, body } = r.schemas;
  const own = r.refusals;
  const out: RouteConfig['responses'] = {};
  if (params || query || headers || body) {
    out[400] = problem('the path, query, headers or body do not match the schema; `errors` names each field (path within its part)', body ? ['validation', 'entity-parse-failed'] : ['validation']);
  }
  if (!r.public) out[401] = problem('missing, invalid or revoked bearer token, or an ended session (WWW-Authenticate: Bearer)', ['unauthorized']);
  const signInRefusals = r.public
    ? []
    : [
        ...(r.method === 'get' ? [] : [{ text: 'signed in by the session cookie without its X-CSRF-Token', kind: 'csrf-token-invalid' }]),
        ...(r.beforePasswordChange ? [] : [{ text: 'the caller still holds an initial password', kind: 'password-change-required' }]),
      ];
  if (r.roles || own[403] || signInRefusals.length) {
    const roles = r.roles ? `only ${r.roles.join(', ')} may do this` : '';
    const extra = own[403] ? described(own[403]).description : '';
    const ownKinds = own[403] ? described(own[403]).kinds : [];
    out[403] = problem([roles, extra, ...signInRefusals.map((x) => x.text)].filter(Boolean).join('; or '), [
      ...(r.roles || (own[403] && !ownKinds.length) ? ['forbidden'] : []),
      ...ownKinds,
      ...signInRefusals.map((x) => x.kind),
    ]);
  }
  if (own[404]) out[404] = problem(described(own[404]).description, ['not-found']);
  if (own[409]) out[409] = problem(described(own[409]).description, described(own[409]).kinds);
  if (body) {
    out[413] = problem(`body larger than ${r.upload?.limit ?? '100kb'}`, ['entity-too-large']);
    out[415] = problem(`a body not sent as ${r.upload?.mediaTypes.join(' or ') ?? 'application/json'}`, ['unsupported-media-type']);
  }
  if (own[422]) out[422] = problem(described(own[422]).description, described(own[422]).kinds);
  if (own[429]) {
    out[429] = problem(described(own[429]).description, described(own[429]).kinds, {
      'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' } },
    });
  }
  const unavailable = own[503] ? described(own[503]) : undefined;
  if (unavailable?.schema) {
    out[503] = { description: unavailable.description, content: { 'application/json': { schema: unavailable.schema } } };
  } else if (r.callsTemporal || unavailable) {
    out[503] = problem(unavailable?.description ?? 'Temporal did not answer in time; nothing was done, try again after Retry-After seconds', unavailable?.kinds ?? ['temporal-unavailable'], {
      'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' } },
    });
  }
  return out;
}

/** A file sent or answered as it is, its media type the content's key. */
const FILE = { type: 'string' as const, format: 'binary' };

/** Roles in prose for people, beside `x-roles` for machines. */
const rolesProse = (r: Route) =>
  r.public
    ? 'No token needed.'
    : r.roles
      ? `Roles: ${r.roles.map((role) => `${ROLES[role]} (${role})`).join(', ')}.`
      : 'Roles: every signed-in person; what they see is narrowed to their scope.';

/** The success answer's headers: the route's own, and a redirect's Location. */
const headersOf = (r: Route): Record<string, string> => ({
  ...(r.response.status === 303 ? { Location: 'where the browser goes next' } : {}),
  ...r.responseHeaders,
});

function operationOf(r: Route): RouteConfig {
  const { params, query, headers, body } = r.schemas;
  return {
    method: r.method,
    path: r.path,
    summary: r.summary,
    description: r.description ? `${rolesProse(r)} ${r.description}` : rolesProse(r),
    // grouped in Swagger UI by the path's first segment, which names the process
    tags: [r.path.split('/')[1]],
    ...(r.public
      ? { security: [] }
      : {
          security: [{ bearer: [] }, { session: [] }],
          'x-roles': r.roles ?? ALL_ROLES,
          ...(r.scope ? { 'x-scope': r.scope } : {}),
          'x-authorization': Object.fromEntries(ALL_ROLES.map((role) => [role, cellOf(r, role)])),
        }),
    request: {
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(headers ? { headers } : {}),
      ...(body ? { body: { required: true, content: r.upload ? Object.fromEntries(r.upload.mediaTypes.map((t) => [t, { schema: FILE }])) : { 'application/json': { schema: body } } } } : {}),
    },
    responses: {
      [r.response.status]: {
        description: r.response.description,
        content: r.response.mediaType ? { [r.response.mediaType]: { schema: FILE } } : { 'application/json': { schema: r.response.schema } },
        ...(Object.keys(headersOf(r)).length
          ? { headers: Object.fromEntries(Object.entries(headersOf(r)).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }])) }
          : {}),
      },
      ...(r.response.alternative
        ? { [r.response.alternative.status]: { description: r.response.alternative.description, content: { 'application/json': { schema: r.response.alternative.schema } } } }
        : {}),
      ...responsesOf(r),
    },
  };
}

/** OpenAPI 3.1 generated from the route table: the same zod schemas that parse the requests. */
export function buildOpenApiDocument(routes: readonly Route[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'personal API token (POST /me/tokens)' });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'a signed-in browser (POST /session); state-changing requests also send X-CSRF-Token',
  });
  registry.register('Problem', Problem);
  for (const r of routes) registry.registerPath(operationOf(r));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '探头 tantou API',
      version: '0.1.0',
      description:
        '督查 processes of the district discipline-inspection commission. Every error is application/problem+json (RFC 9457). ' +
        'Each operation names the roles that may call it in `x-roles` and in its description, the record scope of its path in `x-scope`, and in ' +
        '`x-authorization` what each role gets over its own unit or group, another, or a sealed surprise check (allowed, 403 or 404: the authorization ' +
        'matrix, also in api/authorization-matrix.md); an unknown method on a known path is 405 with `Allow`.',
    },
  });
}
