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
