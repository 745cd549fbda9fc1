import { routes } from '../../api/routes';
import { TASK_KINDS, type TaskKind } from '../../api/schemas/me';
import { TASK_ACTS } from '../../api/services/tasks';

describe('我的待办', () => {
  it.each(Object.keys(TASK_KINDS) as TaskKind[])('%s acts through a route of the table', (kind) => {
    const act = TASK_ACTS[kind];
    expect(routes.filter((r) => r.method === act.method && r.path === act.path).map((r) => `${r.method} ${r.path}`)).toEqual([`${act.method} ${act.path}`]);
  });

  it('has no act for a kind it does not list', () => {
    expect(Object.keys(TASK_ACTS).sort()).toEqual(Object.keys(TASK_KINDS).sort());
  });
});
