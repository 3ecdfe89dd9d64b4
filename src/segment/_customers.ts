/**
 * Private: customer ids and the pairing of two snapshots of the customer base, shared by the
 * alignment and drift functions.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import { messages } from '../core/messages.js';

/** A customer id: a string or a finite number. */
export type CustomerId = string | number;

/** Checks customer ids: one per label, strings or finite numbers, unique. Returns a copy. */
export function checkIds(ids: unknown, n: number, fn: string, which: string): CustomerId[] {
  if (typeof ids !== 'object' || ids === null || typeof (ids as ArrayLike<unknown>).length !== 'number') {
    throw new ValidationError(messages.segment.notIds(fn, which, ids));
  }
  const a = ids as ArrayLike<unknown>;
  if (a.length !== n) throw new ValidationError(messages.segment.idsLength(fn, which, a.length, n));
  const seen = new Map<CustomerId, number>();
  const out: CustomerId[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = a[i];
    if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
      throw new ValidationError(messages.segment.badId(fn, which, i, id), { row: i });
    }
    const first = seen.get(id);
    if (first !== undefined) throw new ValidationError(messages.segment.duplicateId(fn, which, id, first, i), { row: i });
    seen.set(id, i);
    out[i] = id;
  }
  return out;
}

/**
 * Pairs the customers of two snapshots: for each customer present in both, its position in the
 * previous and in the current snapshot (in the previous snapshot's order). Without ids the two
 * snapshots must list the same customers in the same order.
 */
export function pairCustomers(
  fn: string,
  previous: { readonly labels: Int32Array; readonly ids: readonly CustomerId[] | null },
  current: { readonly labels: Int32Array; readonly ids: readonly CustomerId[] | null },
): { prevIndex: Int32Array; curIndex: Int32Array } {
  if ((previous.ids === null) !== (current.ids === null)) throw new ValidationError(messages.segment.idsForOne(fn));
  if (previous.ids === null || current.ids === null) {
    const n = previous.labels.length;
    if (current.labels.length !== n) throw new ValidationError(messages.segment.unpairedLabels(fn, n, current.labels.length));
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    return { prevIndex: idx, curIndex: idx };
  }
  const where = new Map<CustomerId, number>();
  current.ids.forEach((id, i) => where.set(id, i));
  const p: number[] = [];
  const c: number[] = [];
  previous.ids.forEach((id, i) => {
    const j = where.get(id);
    if (j !== undefined) {
      p.push(i);
      c.push(j);
    }
  });
  return { prevIndex: Int32Array.from(p), curIndex: Int32Array.from(c) };
}
