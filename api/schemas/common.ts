import { OFFSET_UNITS, RECIPIENTS } from '../../domain/ladder';
import { REFUSAL_CODES } from '../../domain/refusals';
import { z } from './zod';

/** A zod enum of a label table's keys (domain/ maps each state, role, recipient to the word people read). */
export const keysOf = <K extends string>(labels: Record<K, string>) => z.enum(Object.keys(labels) as [K, ...K[]]);

export const Id = z.string().trim().min(1).max(100).openapi({ example: 'gongluju' });

/** A launch sent again with the same key and body answers what the first did, instead of launching twice. */
export const IdempotencyHeaders = z.object({
  'Idempotency-Key': z.string().trim().min(1).max(200).optional().openapi({ description: 'the same key and body again: the first launch’s answer, nothing new started' }),
});

export const FieldError = z.object({ path: z.string(), message: z.string() }).openapi('FieldError');

/** RFC 9457 problem details: the body of every error response. */
export const Problem = z
  .object({
    type: z.string().openapi({ example: 'urn:tantou:problem:validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string(),
    code: z.enum(REFUSAL_CODES).optional().openapi({ description: 'a workflow refused the step: which rule (domain/refusals.ts)' }),
    errors: z.array(FieldError).optional(),
  })
  .openapi('Problem');

/** Exactly one way of naming a deadline (strict objects, so the document's oneOf is exact); each is resolved against the Shanghai working-day calendar. */
export const DeadlineInput = z
  .union(
    [
      z.strictObject({ date: z.iso.date().openapi({ description: 'by the end (24:00 Asia/Shanghai) of this day' }) }),
      z.strictObject({ workingDays: z.number().int().min(1).max(250).openapi({ description: '工作日: end of the Nth working day from today' }) }),
      z.strictObject({ at: z.iso.datetime({ offset: true }).openapi({ description: 'this exact instant' }) }),
    ],
    { error: 'give exactly one of date, workingDays, at' },
  )
  .openapi('DeadlineInput', {}, { unionPreferredType: 'oneOf' });

const GroupIds = z.array(Id).max(100);
const UnitIds = z.array(Id).max(5000);

/** Groups and/or units, at least one named: said in the schema (anyOf), not in a refinement the document cannot show. */
export const Scope = z
  .union([z.strictObject({ groupIds: GroupIds.min(1), unitIds: UnitIds.optional() }), z.strictObject({ groupIds: GroupIds.optional(), unitIds: UnitIds.min(1) })], {
    error: 'the scope names no group and no unit (give groupIds and/or unitIds, nothing else)',
  })
  .openapi('Scope', { description: 'all units of the groups plus the listed units, deduplicated; at least one group or unit' });

export const Offset = z
  .object({
    amount: z.number().min(0).max(100_000),
    unit: z.enum(OFFSET_UNITS),
  })
  .refine((o) => o.unit !== 'workingDays' || Number.isInteger(o.amount), { path: ['amount'], message: 'working days must be whole days' })
  .openapi('Offset', { example: { amount: 2, unit: 'workingDays' } });

// ON_DUTY_MEMBER exists only in a 自我监督 turn and HANDLER only in a lead, each naming its person; a launched ladder cannot use them
const RecipientEnum = keysOf(RECIPIENTS).exclude(['ON_DUTY_MEMBER', 'HANDLER']);

export const Ladder = z
  .object({
    remindBefore: Offset.nullable().default(null),
    rungs: z.array(z.object({ after: Offset, notify: z.array(RecipientEnum).min(1) })).min(1).max(10),
  })
  .openapi('Ladder', { description: 'a reminder before the deadline and escalation rungs after it, each strictly later than the one before' });

/** What a read route says about the workflow behind a row: its live query answer, or why there is none. */
export const workflowStatus = <T extends z.ZodType>(view: T) =>
  z.union([
    z.object({ available: z.literal(true), view }),
    z.object({ available: z.literal(false), reason: z.string() }),
  ]);

export const Links = z.object({ self: z.string(), workflowUi: z.string() }).openapi('Links');

/** `?limit`: a page of at most 200, 50 unless asked. */
export const PageLimit = z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'rows per page (1–200)' });

/** An opaque keyset cursor: where the previous page ended, as the answer's `nextCursor` gave it. */
export const encodeCursor = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');

/** `?cursor`, decoded into the position `shape` describes; anything else is a 400 naming `cursor` (its inside is no caller's business). */
export const pageCursor = <T extends z.ZodType>(shape: T) =>
  z
    .string()
    .max(2000)
    .transform((text, ctx): z.output<T> => {
      const position = shape.safeParse(decoded(text));
      if (position.success) return position.data;
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave (pass nextCursor as it came)' });
      return z.NEVER;
    })
    .openapi({ type: 'string', description: 'the previous answer’s nextCursor; omitted: the first page' });

function decoded(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
