import {
  CreateGroupBody,
  CreateUnitBody,
  GroupList,
  GroupParams,
  GroupView,
  UnitList,
  UnitListQuery,
  UnitParams,
  UnitView,
  UpdateGroupBody,
  UpdateUnitBody,
} from '../schemas/registry';
import * as registry from '../services/registry';
import { route } from './table';

const DUPLICATE = { description: 'another group or unit already has this id or name', kinds: ['registry-duplicate'] };
const AUDITED = 'Each change is one audit entry with the fields before and after. Nothing is ever deleted: 撤销 (active: false) keeps the row that processes and the audit log name.';

/** 机构与人员: the stationed groups and the units they supervise, kept by commission staff. */
export const registryRoutes = [
  route({
    method: 'get',
    path: '/groups',
    summary: '派驻组列表 every stationed group, active or not, with its count of active units',
    response: { status: 200, description: 'in their order', schema: GroupList },
    run: (ctx) => registry.listGroups(ctx),
  }),
  route({
    method: 'post',
    path: '/groups',
    summary: '新增派驻组 add a stationed group',
    description: AUDITED,
    roles: ['STAFF'],
    body: CreateGroupBody,
    response: { status: 201, description: 'added (Location: the group list)', schema: GroupView },
    refusals: { 409: DUPLICATE },
    location: () => '/groups',
    run: (ctx, { actor, body, requestId }) => registry.createGroup(ctx, body, { actor, requestId }),
  }),
  route({
    method: 'patch',
    path: '/groups/{id}',
    summary: '修改派驻组 rename, reorder, deactivate (撤销) or restore a group',
    description: `${AUDITED} A group with active units is not deactivated: move or deactivate them first.`,
    roles: ['STAFF'],
    params: GroupParams,
    body: UpdateGroupBody,
    response: { status: 200, description: 'the group now', schema: GroupView },
    refusals: { 404: 'no group with this id', 409: { description: 'the name is taken, or the group still has active units', kinds: ['registry-duplicate', 'group-has-units'] } },
    run: (ctx, { actor, params, body, requestId }) => registry.updateGroup(ctx, params.id, body, { actor, requestId }),
  }),
  route({
    method: 'get',
    path: '/units',
    summary: '驻在单位列表 the units the caller may see, filtered by group, parent unit, kind or part of the name',
    query: UnitListQuery,
    response: { status: 200, description: 'in group order, then by id', schema: UnitList },
    run: (ctx, { actor, query }) => registry.listUnits(ctx, actor, query),
  }),
  route({
    method: 'post',
    path: '/units',
    summary: '新增驻在单位 add a supervised unit to a group, under a parent unit if it has one (区卫计局 → 卫监所)',
    description: AUDITED,
    roles: ['STAFF'],
    body: CreateUnitBody,
    response: { status: 201, description: 'added (Location: the unit)', schema: UnitView },
    refusals: { 409: DUPLICATE, 422: { description: 'the group or the parent unit does not exist or is deactivated', kinds: ['unknown-group', 'invalid-parent'] } },
    location: (u: { id: string }) => `/units/${encodeURIComponent(u.id)}`,
    run: (ctx, { actor, body, requestId }) => registry.createUnit(ctx, body, { actor, requestId }),
  }),
  route({
    method: 'get',
    path: '/units/{id}',
    summary: '驻在单位 one unit: its group, parent unit and kinds',
    scope: 'unit',
    params: UnitParams,
    response: { status: 200, description: 'the unit', schema: UnitView },
    refusals: { 404: 'no unit with this id that the caller may see' },
    run: (ctx, { actor, params }) => registry.getUnit(ctx, actor, params.id),
  }),
  route({
    method: 'patch',
    path: '/units/{id}',
    summary: '修改驻在单位 rename a unit, set its parent unit or kinds, move it to another stationed group (移交), deactivate (撤销) or restore it',
    description: `${AUDITED} A deactivated unit is left out of every launch from then on; processes already running on it go on. A move (groupId) is its own audit entry (unit.moved, from and to, the open rows moved): the unit's open steps go to the new group at once, and each running process's next step (its emails, who may review) goes to the new group.`,
    roles: ['STAFF'],
    params: UnitParams,
    body: UpdateUnitBody,
    response: { status: 200, description: 'the unit now', schema: UnitView },
    refusals: {
      404: 'no unit with this id',
      409: { description: `${DUPLICATE.description}; or (a move) the unit has a routine cycle or self-supervision rota still active or paused: delete it first`, kinds: [...DUPLICATE.kinds, 'unit-has-schedules'] },
      422: { description: 'the parent unit does not exist, is deactivated, or sits under this unit; or the group moved to does not exist or is deactivated', kinds: ['invalid-parent', 'unknown-group'] },
    },
    run: (ctx, { actor, params, body, requestId }) => registry.updateUnit(ctx, params.id, body, { actor, requestId }),
  }),
];
