import { UNIT_KINDS } from '../../domain/units';
import { Id, keysOf } from './common';
import { z } from './zod';

/** An id people can read in URLs and spreadsheets (gongluju, g5); generated when a create leaves it out. */
const Slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, up to 63')
  .openapi({ example: 'weijiansuo' });
const Name = z.string().trim().min(2).max(100);
const UnitKinds = z.array(keysOf(UNIT_KINDS)).max(Object.keys(UNIT_KINDS).length).openapi({ description: `单位类型: ${Object.entries(UNIT_KINDS).map(([k, v]) => `${k} (${v})`).join(', ')}` });

export const GroupView = z
  .object({ id: z.string(), name: z.string(), sortOrder: z.number().int(), active: z.boolean(), unitCount: z.number().int() })
  .openapi('Group');
export const GroupList = z.object({ items: z.array(GroupView) }).openapi('GroupList');
export const GroupParams = z.object({ id: Id });
export const CreateGroupBody = z.strictObject({ id: Slug.optional(), name: Name.openapi({ example: '第七派驻组' }), sortOrder: z.number().int().min(0).max(10_000).optional() }).openapi('CreateGroupBody');
export const UpdateGroupBody = z
  .strictObject({ name: Name.optional(), sortOrder: z.number().int().min(0).max(10_000).optional(), active: z.boolean().optional().openapi({ description: 'false: 撤销 (deactivate); true: restore' }) })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one of name, sortOrder, active' })
  .openapi('UpdateGroupBody');

export const UnitView = z
  .object({
    id: z.string(),
    name: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    parentId: z.string().nullable(),
    kinds: z.array(keysOf(UNIT_KINDS)),
    kindLabels: z.array(z.string()).openapi({ example: ['窗口单位'] }),
    active: z.boolean(),
  })
  .openapi('Unit');
export const UnitList = z.object({ items: z.array(UnitView) }).openapi('UnitList');
export const UnitParams = z.object({ id: Id });
export const UnitListQuery = z.object({
  groupId: Id.optional(),
  parentId: Id.optional(),
  kind: keysOf(UNIT_KINDS).optional(),
  q: z.string().trim().min(1).max(50).optional().openapi({ description: 'part of the name' }),
  includeInactive: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export const CreateUnitBody = z
  .strictObject({ id: Slug.optional(), name: Name.openapi({ example: '区卫计局卫生监督所' }), groupId: Id, parentId: Id.optional(), kinds: UnitKinds.default([]) })
  .openapi('CreateUnitBody');
export const UpdateUnitBody = z
  .strictObject({
    name: Name.optional(),
    parentId: Id.nullable().optional().openapi({ description: 'null: no parent unit' }),
    kinds: UnitKinds.optional(),
    groupId: Id.optional().openapi({
      description:
        '移交: the stationed group the unit moves to. Its open steps move with it and the next step of every running process goes to the new group (emails, reviews); refused (409 unit-has-schedules) while a routine cycle or self-supervision rota of the unit is active or paused',
    }),
    active: z.boolean().optional().openapi({ description: 'false: 撤销 (deactivate): no new process starts on it; true: restore' }),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one of name, parentId, kinds, groupId, active' })
  .openapi('UpdateUnitBody');

// ---- 批量导入 (bulk import)

export const ImportQuery = z.object({
  mode: z.enum(['dry-run', 'apply']).default('dry-run').openapi({ description: 'dry-run (试导入): the answer lists what apply would do and writes nothing; apply: all of it in one transaction, or nothing' }),
  kind: z.enum(['groups', 'units', 'people']).optional().openapi({ description: 'what a .csv holds (派驻组, 被监督单位, 人员); an .xlsx names its sheets' }),
});
/** The file as sent: the route reads it raw (api/routes/table.ts `upload`). */
export const SpreadsheetFile = z.custom<Buffer>((v) => Buffer.isBuffer(v) && v.length > 0, { message: '请求体须为 .xlsx 或 .csv 文件 / send the file as the body' });

const ImportRef = z.object({ kind: z.enum(['groups', 'units', 'people']), id: z.string() });
export const ImportError = z
  .object({
    path: z.string().openapi({ example: '人员/5/邮箱' }),
    sheet: z.string().openapi({ example: '人员' }),
    row: z.number().int().openapi({ description: 'as the spreadsheet numbers it: 1 is the header row, 0 the sheet or file as a whole' }),
    column: z.string().openapi({ example: '邮箱' }),
    code: z.string().openapi({ example: 'duplicate-email' }),
    message: z.string(),
  })
  .openapi('ImportError');
export const ImportResult = z
  .object({
    created: z.array(ImportRef),
    changed: z.array(ImportRef.extend({ fields: z.array(z.string()).openapi({ example: ['name'] }) })),
    deactivated: z.array(ImportRef),
    unchanged: z.number().int().openapi({ description: 'rows that match the registry as it is' }),
    errors: z.array(ImportError).openapi({ description: 'empty on an apply that was done' }),
  })
  .openapi('ImportResult');
