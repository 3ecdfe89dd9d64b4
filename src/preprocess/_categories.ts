/**
 * Private helpers of the encoders: learning sorted categories of a column, looking cells up.
 *
 * @packageDocumentation
 * @internal
 */
import { ValidationError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { custom } from '../core/params.js';
import { isMissing, type Column } from './table.js';

/** A category: a string, a number, a boolean, or null for "missing". */
export type Category = string | number | boolean | null;

type Kind = 'string' | 'number' | 'boolean';

function kindOf(v: unknown): Kind | 'missing' | 'other' {
  if (isMissing(v)) return 'missing';
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return t;
  if (t === 'number') return Number.isFinite(v) ? 'number' : 'other';
  return 'other';
}

function badCell(v: unknown, name: string, i: number, j: number, estimator: string): ValidationError {
  if (typeof v === 'number') return new ValidationError(messages.nonFinite(estimator, 'X', i, j, v), { row: i, column: j });
  return new ValidationError(messages.preprocess.badCategoryCell(estimator, name, i, v, j), { row: i, column: j });
}

/** Normalizes a cell to its category key: missing cells become null. */
export function categoryKey(v: unknown): Category {
  return isMissing(v) ? null : (v as Category);
}

/** Compares categories: numbers numerically, others by string order, null (missing) last. */
export function compareCategories(a: Category, b: Category): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Label of a category in feature names: `nan` for missing (scikit-learn's name), else `String(v)`. */
export function categoryLabel(c: Category): string {
  return c === null ? 'nan' : String(c);
}

/**
 * Checks a column holds one kind of category (strings, finite numbers or booleans, plus missing
 * cells) and returns its sorted distinct categories with their counts.
 *
 * @throws {@link ValidationError} naming the column and row of the first cell of another kind.
 */
export function learnCategories(col: Column, name: string, j: number, estimator: string): { categories: Category[]; counts: Map<Category, number> } {
  const counts = new Map<Category, number>();
  let first: Kind | undefined;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    const k = kindOf(v);
    if (k === 'other') throw badCell(v, name, i, j, estimator);
    if (k !== 'missing') {
      if (first === undefined) first = k;
      else if (k !== first) throw new ValidationError(messages.preprocess.mixedCategories(estimator, name, i, v, first, j), { row: i, column: j });
    }
    const key = categoryKey(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const categories = [...counts.keys()].sort(compareCategories);
  return { categories, counts };
}

/** Checks a cell at transform time: a valid category kind (unknown values are the caller's business). */
export function checkCell(v: unknown, name: string, i: number, j: number, estimator: string): Category {
  const k = kindOf(v);
  if (k === 'other') throw badCell(v, name, i, j, estimator);
  return categoryKey(v);
}

/** True when `v` is a valid explicit category list (array of strings, finite numbers, booleans or null). */
export function isCategoryList(v: unknown): v is readonly Category[] {
  return Array.isArray(v) && v.every((c) => c === null || typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c)));
}

/** Constraint of the encoders' `categories` option when it is not 'auto': one category list per column. */
export const categoryListsConstraint = custom('an array of category lists (strings, numbers, booleans or null)', (v) => Array.isArray(v) && v.every(isCategoryList));

/**
 * Checks that explicit `categories` give one list per column.
 *
 * @throws {@link ValidationError} naming both counts
 */
export function checkCategoryLists(estimator: string, given: 'auto' | readonly (readonly Category[])[], d: number): void {
  if (given !== 'auto' && given.length !== d) {
    throw new ValidationError(`${estimator} was given ${given.length} category lists for ${d} columns; pass one list per column.`);
  }
}

/**
 * The categories of column j, learned with their counts ({@link learnCategories}); with explicit
 * `given` lists, `categories` is a copy of `given[j]`, and with `rejectUnknown` every cell must be
 * one of them.
 *
 * @throws {@link ValidationError} on mixed types or bad cells, or on a cell outside the explicit
 *   list with `rejectUnknown` (naming column, row and value)
 */
export function columnCategories(
  col: Column,
  name: string,
  j: number,
  estimator: string,
  given: 'auto' | readonly (readonly Category[])[],
  rejectUnknown: boolean,
): { categories: Category[]; counts: Map<Category, number> } {
  const learned = learnCategories(col, name, j, estimator);
  if (given === 'auto') return learned;
  const categories = (given[j] as readonly Category[]).slice();
  if (rejectUnknown) {
    const known = indexOf(categories);
    for (let i = 0; i < col.length; i++) {
      if (!known.has(checkCell(col[i], name, i, j, estimator))) {
        throw new ValidationError(messages.preprocess.unknownCategory(estimator, name, i, col[i], categories, j), { row: i, column: j });
      }
    }
  }
  return { categories, counts: learned.counts };
}

/** Builds the lookup of a category list: category to index. */
export function indexOf(categories: readonly Category[]): Map<Category, number> {
  const m = new Map<Category, number>();
  for (let i = 0; i < categories.length; i++) m.set(categories[i] as Category, i);
  return m;
}
