import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MATRIX_FILE, cellOf, matrixMarkdown } from '../../api/authorization';
import { openApiDocument, routes } from '../../api/routes';

const byPath = (method: string, p: string) => routes.find((r) => r.method === method && r.path === p)!;

it('the published matrix is the one the route table gives (run `npm run authz-matrix` after changing roles or scope)', () => {
  expect(readFileSync(path.join(__dirname, '../..', MATRIX_FILE), 'utf8')).toBe(matrixMarkdown(routes));
});

it('derives own and other scope: a record outside the caller’s units is 404, a party’s act from elsewhere 403, a sealed check 404 to its own group', () => {
  expect(cellOf(byPath('get', '/rectifications/{findingId}'), 'GROUP_MEMBER')).toEqual({ own: 'allowed', other: 404 });
  expect(cellOf(byPath('post', '/rectifications/{findingId}/plan'), 'UNIT_CONTACT')).toEqual({ own: 'allowed', other: 403 });
  expect(cellOf(byPath('post', '/rectifications/{findingId}/plan'), 'GROUP_LEADER')).toEqual({ own: 403, other: 403 });
  expect(cellOf(byPath('get', '/surprise-checks/{id}'), 'GROUP_LEADER')).toEqual({ own: 'allowed', other: 404, sealed: 404 });
  expect(cellOf(byPath('get', '/surprise-checks/{id}'), 'STAFF')).toEqual({ own: 'allowed', sealed: 'allowed' });
  // roles checked after visibility: a group that sees the started check learns it may not cancel; one that does not, nothing
  expect(cellOf(byPath('post', '/surprise-checks/{id}/cancel'), 'GROUP_MEMBER')).toEqual({ own: 403, other: 404, sealed: 404 });
  expect(cellOf(byPath('get', '/surprise-checks'), 'UNIT_LEADER')).toEqual({ own: 404 });
});

it('puts each operation’s cells into the OpenAPI document as x-authorization', () => {
  const op = (openApiDocument().paths as Record<string, Record<string, Record<string, unknown>>>)['/audit-log'].get;
  expect(op['x-roles']).toEqual(['STAFF', 'COMMISSION_LEADER']);
  expect(op['x-authorization']).toMatchObject({ STAFF: { own: 'allowed' }, GROUP_LEADER: { own: 403 } });
});
