import { TaskList, TasksQuery } from '../schemas/me';
import { myTasks, myWatch } from '../services/tasks';
import { route } from './table';

/** The caller's own lists across every process, from the projection (never a live workflow query). */
export const meRoutes = [
  route({
    method: 'get',
    path: '/me/tasks',
    summary: '我的待办 every open step the caller must act on, due instant first, each with its 三色预警 mark, the API call that does it and its console page',
    description:
      'Red once the due instant has passed; yellow once the reminder instant has (the one the process stores, else the due instant less the reminder offset of its ladder, one working day by default); green otherwise and for a step without a due instant.',
    query: TasksQuery,
    response: { status: 200, description: 'a page of the list, with the counts per colour', schema: TaskList },
    run: (ctx, { actor, query }) => myTasks(ctx, actor, query),
  }),
  route({
    method: 'get',
    path: '/me/watch',
    summary: '我的督办 the late steps the caller answers for: a group leader’s group, a commission leader’s groups and the approvals of those who report to them',
    roles: ['COMMISSION_LEADER', 'GROUP_LEADER'],
    query: TasksQuery,
    response: { status: 200, description: 'a page of the list (every item red), with the counts per colour', schema: TaskList },
    run: (ctx, { actor, query }) => myWatch(ctx, actor, query),
  }),
];
