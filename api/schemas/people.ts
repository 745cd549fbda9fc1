import { ROLES } from '../../domain/roles';
import { Id, keysOf } from './common';
import { z } from './zod';

const Day = z.iso.date().openapi({ description: 'a day in Beijing time (Asia/Shanghai)', example: '2026-12-03' });
const Role = keysOf(ROLES).openapi({ description: `角色: ${Object.entries(ROLES).map(([k, v]) => `${k} (${v})`).join(', ')}` });

export const PostingView = z
  .object({
    id: z.string(),
    role: Role,
    roleName: z.string().openapi({ example: '驻在单位联络员' }),
    groupId: z.string().nullable(),
    unitId: z.string().nullable(),
    validFrom: Day,
    validTo: Day.nullable().openapi({ description: 'the last day held; null: held until ended' }),
  })
  .openapi('Posting');

export const PersonView = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    email: z.string(),
    superiorId: z.string().nullable(),
    active: z.boolean(),
    postings: z.array(PostingView).openapi({ description: 'every posting, earliest first' }),
  })
  .openapi('Person');
export const PersonList = z.object({ items: z.array(PersonView) }).openapi('PersonList');
export const CreatedPerson = PersonView.extend({
  initialPassword: z.string().openapi({ description: 'shown once: the person signs in with it and must change it' }),
}).openapi('CreatedPerson');

export const PasswordReset = z
  .object({ id: z.string(), initialPassword: z.string().openapi({ description: 'shown once: the person signs in with it and must change it' }) })
  .openapi('PasswordReset');

export const PersonParams = z.object({ id: Id });
export const PostingParams = z.object({ id: Id });
export const PersonListQuery = z.object({
  role: Role.optional(),
  groupId: Id.optional(),
  unitId: Id.optional(),
  on: Day.optional().openapi({ description: 'the filters match postings held on this day (default today)' }),
  q: z.string().trim().min(1).max(50).optional().openapi({ description: 'part of the name or email' }),
  includeInactive: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const NewPostingBody = z
  .strictObject({
    role: Role,
    groupId: Id.optional().openapi({ description: 'the group of a group role (GROUP_LEADER, GROUP_MEMBER)' }),
    unitId: Id.optional().openapi({ description: 'the unit of a unit role (UNIT_CONTACT, UNIT_LEADER, UNIT_MEMBER)' }),
    validFrom: Day.optional().openapi({ description: 'the first day held (default today)' }),
    validTo: Day.optional().openapi({ description: 'the last day held (default: until ended)' }),
  })
  .openapi('NewPostingBody');

const Name = z.string().trim().min(2).max(50);
const Title = z.string().trim().min(1).max(100);
const Email = z.email().max(200).transform((e) => e.toLowerCase());

export const CreatePersonBody = z
  .strictObject({
    id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, up to 63').optional(),
    name: Name.openapi({ example: '赵敏' }),
    title: Title.optional(),
    email: Email,
    superiorId: Id.optional(),
    postings: z.array(NewPostingBody).min(1).max(10),
  })
  .openapi('CreatePersonBody');

export const UpdatePersonBody = z
  .strictObject({
    name: Name.optional(),
    title: Title.nullable().optional(),
    email: Email.optional(),
    superiorId: Id.nullable().optional(),
    active: z.boolean().optional().openapi({ description: 'false: 停用 (deactivate): their tokens and sessions end, postings end today; true: restore (give new postings)' }),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one of name, title, email, superiorId, active' })
  .openapi('UpdatePersonBody');

export const EndPostingBody = z.strictObject({ validTo: Day.openapi({ description: 'the last day held' }) }).openapi('EndPostingBody');

export const UnitPostingsQuery = z.object({ on: Day.optional().openapi({ description: 'the day asked about (default today)' }) });
export const UnitPostings = z
  .object({
    unitId: z.string(),
    on: Day,
    items: z.array(z.object({ role: Role, roleName: z.string(), personId: z.string(), name: z.string(), validFrom: Day, validTo: Day.nullable() })),
  })
  .openapi('UnitPostings');
