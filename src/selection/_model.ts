/**
 * Private: how the model-selection tools drive the models their factories build.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import type { FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { formatValue, messages } from '../core/messages.js';
import { abortSignal, custom, func, type Constraint } from '../core/params.js';

/** Constraint of a list of ks (kRange, nComponents); {@link checkKRange} checks the entries. */
export const kListConstraint: Constraint = custom('an array of increasing integers', (v) => v === undefined || Array.isArray(v) || ArrayBuffer.isView(v));

const isUndefined = custom('undefined', (v) => v === undefined);

/** Constraints of the `onProgress` and `signal` options that every selection tool takes. */
export const progressConstraints: { readonly onProgress: readonly Constraint[]; readonly signal: readonly Constraint[] } = {
  onProgress: [func, isUndefined],
  signal: [abortSignal, isUndefined],
};

/**
 * The shape of model the selection tools accept: anything with `fit` that then exposes `labels`
 * (or has `fitPredict`), such as KMeans, GaussianMixture, AgglomerativeClustering or a pipeline
 * ending in a clusterer. `inertia`, `bic(X)` and `aic(X)` are read when present.
 */
export interface SelectableModel {
  /** Fits the model; the return value is ignored. */
  fit(X: Matrix, options?: FitOptions): unknown;
  /** Fits and returns the labels in one call; preferred over fit + labels when present. */
  fitPredict?(X: Matrix, options?: FitOptions): Int32Array;
  /** Training labels after fit. */
  readonly labels?: Int32Array;
  /** Within-cluster sum of squares after fit (k-means family). */
  readonly inertia?: number;
  /** Bayesian information criterion of the fitted model on X (lower is better). */
  bic?(X: Matrix): number;
  /** Akaike information criterion of the fitted model on X (lower is better). */
  aic?(X: Matrix): number;
}

/** Name of a model for messages. */
export function modelName(model: unknown): string {
  const t = (model as { estimatorType?: unknown })?.estimatorType;
  if (typeof t === 'string') return t;
  const c = (model as { constructor?: { name?: unknown } })?.constructor?.name;
  return typeof c === 'string' && c !== 'Object' ? c : 'the model';
}

/** Calls a factory and checks that it returned something with `fit`. */
export function build<M>(fn: string, make: unknown, ...args: unknown[]): M & SelectableModel {
  if (typeof make !== 'function') throw new InvalidParameterError('make', messages.invalidParameter(fn, 'make', 'a function', make));
  const model = (make as (...a: unknown[]) => unknown)(...args);
  if (typeof model !== 'object' || model === null || typeof (model as { fit?: unknown }).fit !== 'function') {
    throw new ValidationError(messages.metrics.badModel(fn, 'an estimator with a fit method', model));
  }
  return model as M & SelectableModel;
}

/** Fits `model` on X and returns its training labels (length n), passing `signal` on. */
export function fitLabels(fn: string, model: SelectableModel, X: Matrix, signal: AbortSignal | undefined): Int32Array {
  const options: FitOptions = signal === undefined ? {} : { signal };
  let labels: unknown;
  if (typeof model.fitPredict === 'function') labels = model.fitPredict(X, options);
  else {
    model.fit(X, options);
    labels = model.labels;
  }
  if (!(labels instanceof Int32Array) || labels.length !== X.rows) {
    throw new ValidationError(messages.metrics.noLabels(fn, modelName(model)));
  }
  return labels;
}

/** The model's inertia when it has a finite one. */
export function inertiaOf(model: SelectableModel): number | null {
  const v = (model as { inertia?: unknown }).inertia;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** `model.bic(X)` / `model.aic(X)` when the method exists. */
export function criterion(model: SelectableModel, name: 'bic' | 'aic', X: Matrix): number | null {
  const f = model[name];
  if (typeof f !== 'function') return null;
  const v = f.call(model, X);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Number of distinct non-noise labels. */
export function countClusters(labels: Int32Array): number {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) if (labels[i] !== -1) seen.add(labels[i] as number);
  return seen.size;
}

/** Checks a list of cluster counts: integers in [min, max], strictly increasing, at least `minLength`. */
export function checkKRange(fn: string, name: string, ks: unknown, min: number, max: number, minLength = 1): number[] {
  if (!Array.isArray(ks) && !ArrayBuffer.isView(ks)) {
    throw new InvalidParameterError(name, messages.invalidParameter(fn, name, 'an array of increasing integers', ks));
  }
  const arr = Array.from(ks as ArrayLike<unknown>);
  if (arr.length < minLength) throw new InvalidParameterError(name, messages.metrics.tooFewPoints(fn, `values in '${name}'`, arr.length, minLength));
  for (let t = 0; t < arr.length; t++) {
    const v = arr[t];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidParameterError(
        name,
        messages.invalidParameter(fn, `${name}[${t}]`, `an int in the range [${min}, ${max}] (${max} = number of rows)`, v),
      );
    }
    if (t > 0 && v <= (arr[t - 1] as number)) throw new InvalidParameterError(name, messages.metrics.notIncreasing(fn, name, t));
  }
  return arr as number[];
}

/** A short human-readable number for reasons. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return formatValue(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}
