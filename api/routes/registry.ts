import {
  CreateGroupBody,
  CreateUnitBody,
  GroupList,
  GroupParams,
  GroupView,
  ImportQuery,
  ImportResult,
  SpreadsheetFile,
  UnitList,
  UnitListQuery,
  UnitParams,
  UnitView,
  UpdateGroupBody,
  UpdateUnitBody,
} from '../schemas/registry';
import { SHEETS, columnsOf, type ImportKind } from '../../domain/registryImport';
import * as registry from '../services/registry';
import { TEMPLATE_FILENAME, importRegistry, importTemplate } from '../services/registryImport';
import { route } from './table';

const DUPLICATE = { description: 'another group or unit already has this id or name', kinds: ['registry-duplicate'] };
const AUDITED = 'Each change is one audit entry with the fields before and after. Nothing is ever deleted: 撤销 (active: false) keeps the row that processes and the audit log name.';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The layout in prose, from the columns the import reads, so the document cannot drift from the code. */
const LAYOUT = (Object.keys(SHEETS) as ImportKind[])
  .map((k) => `${SHEETS[k]} (kind=${k}): ${columnsOf(k).map(([, c]) => `${c.header}${c.required ? '*' : ''}${c.note ? ` (${c.note})` : ''}`).join(', ')}`)
  .join('. ');

const IMPORT = `The file is the raw body: an .xlsx with the sheets ${Object.values(SHEETS).join(', ')} (any of them), or one UTF-8 .csv per kind, named by \`kind\`. Headers sit in row 1 and are matched by name in any order (* required); an unknown header is refused by name; a column left out leaves that field as it is. Layout: ${LAYOUT}. Each row is matched by its 编号: a new one is created, a known one changed; 状态=停用 deactivates (撤销), nothing is ever deleted. Every rule of the registry is checked on the registry as the file would leave it (unknown group or parent unit, duplicate name or email in the file or against the database, a second 一把手 for a unit, a role without its group or unit, …), each error naming its sheet, row (1 is the header row), column and code. Applying the same file again changes nothing. Each change is one audit entry (group.created, unit.updated, person.created, …) with the fields before and after.`;

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
  route({
    method: 'get',
    path: '/registry/import/template',
    summary: '导入模板 the spreadsheet to fill in for 批量导入: the three sheets, their headers and one example row each',
    description: `Each header carries a note of what its cells hold; the example rows name each other, so the template imports as it is. The layout POST /registry/import reads: ${LAYOUT}.`,
    roles: ['STAFF'],
    response: { status: 200, description: `the .xlsx (${TEMPLATE_FILENAME})`, schema: SpreadsheetFile, mediaType: XLSX },
    responseHeaders: {
      documented: { 'Content-Disposition': `attachment, the file named ${TEMPLATE_FILENAME} (RFC 5987 filename*)` },
      of: () => ({ 'Content-Disposition': `attachment; filename="registry-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent(TEMPLATE_FILENAME)}` }),
    },
    run: () => importTemplate(),
  }),
  route({
    method: 'post',
    path: '/registry/import',
    summary: '批量导入 create, change and deactivate groups, units and people from a spreadsheet; 试导入 (dry run) first',
    description: IMPORT,
    roles: ['STAFF'],
    query: ImportQuery,
    body: SpreadsheetFile,
    upload: { mediaTypes: [XLSX, 'text/csv'], limit: '5mb' },
    response: { status: 200, description: 'what the file creates, changes and deactivates (done, on apply), and on a dry run every bad row', schema: ImportResult },
    refusals: {
      409: { description: 'an id, name or email was taken by someone else while the file was applied: nothing was written', kinds: ['registry-duplicate'] },
      422: {
        description: 'apply of a file with errors (nothing written; `errors` as a dry run lists them, each with sheet, row, column and code), a file that cannot be read, or a .csv without `kind`',
        kinds: ['registry-import-invalid', 'unreadable-file', 'csv-kind-required'],
      },
    },
    run: (ctx, { actor, query, body, requestId }) => importRegistry(ctx, body, query, { actor, requestId }),
  }),
];
