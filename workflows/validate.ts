import { FIRST_FORM_KINDS } from '../domain/preliminaryChecks';
import type { ConclusionMeasure } from './messages';
import { refuse } from './refuse';

/** What workflows check of an update's values before they accept it: dates, texts, the measures a step gives. */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Today's Shanghai date under Temporal's clock (UTC+8, no daylight saving). */
export const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** A Shanghai date (YYYY-MM-DD) not after today. */
export const pastDay = (d: unknown): d is string => typeof d === 'string' && ISO_DATE.test(d) && d <= shanghaiToday();
export const blank = (s: unknown) => typeof s !== 'string' || !s.trim();

/** The measures of 第一种形态 a step gives (a check's conclusion, an accepted reply): each of form 1, named, held by someone on a day past. */
export function expectFirstFormMeasures(measures: readonly ConclusionMeasure[]): void {
  measures.forEach((m, i) => {
    if (!FIRST_FORM_KINDS.includes(m.kind)) refuse('outcome-incomplete', `measure ${i + 1}: ${String(m.kind)} is not a measure of 第一种形态 (${FIRST_FORM_KINDS.join(', ')})`);
    if (blank(m.subject?.name)) refuse('outcome-incomplete', `measure ${i + 1}: the person's name is empty`);
    if (!pastDay(m.heldOn)) refuse('date-invalid', `measure ${i + 1}: heldOn must be a Shanghai date not after today`);
    if (blank(m.heldById)) refuse('outcome-incomplete', `measure ${i + 1}: who held it (heldById) is empty`);
  });
}
