/**
 * Private date parsing shared by DateFeatures, rfm and inferColumnTypes.
 *
 * @packageDocumentation
 * @internal
 */

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** ISO 8601 date or date-time (the forms `Date.parse` reads the same in every engine). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch milliseconds of a Date, an ISO 8601 string or a finite epoch-ms number; NaN when the value
 * is not a valid date. Date-only strings are UTC midnight (ECMAScript's rule).
 */
export function toEpochMs(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    if (!ISO_DATE.test(v)) return NaN;
    return Date.parse(v.length > 10 && v[10] === ' ' ? `${v.slice(0, 10)}T${v.slice(11)}` : v);
  }
  return NaN;
}

/** An epoch-ms value as an ISO string for messages. */
export function isoOf(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
