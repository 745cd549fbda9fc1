import { ROLES, reachOf, type Role } from '../domain/roles';
import type { Route } from './routes/table';

export const ALL_ROLES = Object.keys(ROLES) as Role[];

/**
 * The matrix is published as a file in the repository rather than only served: a change of who may do
 * what then shows in the diff of the change that makes it, where a reviewer sees it. The OpenAPI
 * document carries the same cells per operation (`x-authorization`) for machines.
 */
export const MATRIX_FILE = 'api/authorization-matrix.md';

/**
 * Where the record a call names lies, seen from the caller: in their own unit or group, in another,
 * or their own but a surprise check still sealed.
 */
export type CallScope = 'own' | 'other' | 'sealed';
/** allowed: authorization passes (the step itself may still be refused, 400/409/422) */
export type Outcome = 'allowed' | 403 | 404;

/** The scopes a role is tried over: another unit or group only where the path names one unit's record and the role does not reach every unit. */
export function scopesOf(r: Route, role: Role): CallScope[] {
  if (!r.scope || !r.schemas.params) return ['own'];
  const scopes: CallScope[] = reachOf(role) === 'all' ? ['own'] : ['own', 'other'];
  return r.scope === 'sealed' ? [...scopes, 'sealed'] : scopes;
}

function sees(r: Route, role: Role, scope: CallScope): boolean {
  const reach = reachOf(role);
  if (!r.scope || r.scope === 'party' || reach === 'all') return true;
  if (r.scope === 'sealed' || r.scope === 'lead') return reach === 'group' && scope === 'own';
  return scope === 'own';
}

/**
 * What `role` gets from route `r` over `scope`, in the order the API decides: the token, the role
 * (before the record unless `rolesCheckedAfterVisibility`), whether the record exists for the caller,
 * then whether a party's act is theirs.
 */
export function outcomeOf(r: Route, role: Role, scope: CallScope): Outcome {
  if (r.public) return 'allowed';
  const permitted = !r.roles || r.roles.includes(role);
  if (!permitted && !r.rolesCheckedAfterVisibility) return 403;
  if (!sees(r, role, scope)) return 404;
  if (!permitted) return 403;
  return r.scope === 'party' && scope === 'other' ? 403 : 'allowed';
}

/** One role's cell: its outcome per scope it is tried over. */
export const cellOf = (r: Route, role: Role): Partial<Record<CallScope, Outcome>> => Object.fromEntries(scopesOf(r, role).map((s) => [s, outcomeOf(r, role, s)]));

const MARK: Record<Outcome, string> = { allowed: '✓', 403: '403', 404: '404' };
const cellText = (cell: Partial<Record<CallScope, Outcome>>) => {
  const marks = Object.values(cell).map((o) => MARK[o]);
  if (new Set(marks).size === 1) return marks[0];
  return (Object.entries(cell) as [CallScope, Outcome][]).map(([s, o]) => `${s} ${MARK[o]}`).join(' · ');
};

/** The matrix as markdown: one row per route, one column per role. */
export function matrixMarkdown(routes: readonly Route[]): string {
  const head = `| Route | Scope | ${ALL_ROLES.map((r) => `${ROLES[r]} \`${r}\``).join(' | ')} |`;
  const rows = routes.map((r) => {
    const cells = r.public ? ALL_ROLES.map(() => 'public') : ALL_ROLES.map((role) => cellText(cellOf(r, role)));
    return `| \`${r.method.toUpperCase()} ${r.path}\` | ${r.scope ?? '–'} | ${cells.join(' | ')} |`;
  });
  return [
    '# Authorization matrix (权限矩阵)',
    '',
    'Generated from the route table (`api/routes/*.ts`: `roles`, `public`, `scope`, `rolesCheckedAfterVisibility`) by',
    '`api/authorization.ts`; `npm run authz-matrix` rewrites it, and `test/unit/authorizationMatrix.test.ts` fails',
    'while it is out of date. `test/e2e/authorizationMatrix.test.ts` calls every cell.',
    '',
    '✓ authorization passes (the step may still be refused: 400, 409, 422); 403 refused for the role, or for a party',
    'that is not the record’s; 404 the record does not exist for the caller. Every route but the public ones answers',
    '401 without a token or with a revoked one. Scopes: `own` a record of the caller’s unit or group, `other` one of',
    'another unit or group (the commission reaches every unit, so it has only `own`), `sealed` a surprise check of the',
    'caller’s group before it starts. Route scope: `unit` hidden outside the caller’s units, `party` an act of the',
    'record’s own unit or group, `sealed` a surprise check, `lead` a 问题线索 (hidden from units and other groups), `–` no one unit’s record.',
    '',
    head,
    `|---|---|${ALL_ROLES.map(() => '---').join('|')}|`,
    ...rows,
    '',
  ].join('\n');
}
