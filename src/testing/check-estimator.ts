/**
 * The contract suite: universal checks every estimator must pass, modelled on scikit-learn's
 * `utils/estimator_checks.py`, plus family checks for transformers and clusterers.
 *
 * @packageDocumentation
 */
import { InvalidParameterError, NotFittedError, SegmentationError, ValidationError } from '../core/errors.js';
import type { AnyEstimator, EstimatorStatics } from '../core/estimator.js';
import { isClusterer, isInductiveClusterer, isSoftClusterer, isTransformer } from '../core/families.js';
import { isMatrix, type Matrix, type MatrixInput } from '../core/matrix.js';
import { estimatorClass, fromJSON } from '../registry.js';
import { adjustedRand, allClose } from './asserts.js';
import { makeBlobs } from './generators.js';

/** How a subject is checked. */
export interface CheckEstimatorOptions {
  /** Checks known to fail, by name, with the reason: reported as 'xfail' instead of failing. */
  readonly expectedFailures?: Readonly<Record<string, string>>;
  /**
   * Training data for the subject. Default: 3 standardized Gaussian blobs, 45 x 3. Give data the
   * subject needs (non-negative, integer, [0, 1]...) here.
   */
  readonly X?: Matrix;
  /** True labels of `X`, for the clustering check. Default: the blobs' labels. */
  readonly y?: Int32Array;
  /** The estimator accepts NaN as missing values (imputers): the NaN check is skipped. */
  readonly allowNaN?: boolean;
  /** Results vary between identical fits (documented nondeterminism): idempotence checks are skipped. */
  readonly nonDeterministic?: boolean;
  /** Minimum ARI against `y` in the clustering check. @defaultValue 0.4 */
  readonly minAri?: number;
  /** Relative tolerance for outputs that should agree (transform vs fitTransform...). @defaultValue 1e-9 */
  readonly rtol?: number;
}

/** Outcome of one check. */
export interface CheckResult {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'xfail' | 'skipped';
  readonly message?: string;
}

/** One named check, runnable on its own (to register one test case per check). */
export interface EstimatorCheck {
  readonly name: string;
  /** Runs the check; throws an Error explaining what to fix on failure. */
  readonly run: () => void;
}

type Method = (X: unknown) => unknown;

interface Ctx {
  readonly make: () => AnyEstimator;
  readonly X: Matrix;
  readonly y: Int32Array;
  readonly options: CheckEstimatorOptions;
}

class SkipCheck extends Error {}

function fail(message: string): never {
  throw new Error(message);
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function rowsOf(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

function defaultData(): { X: Matrix; y: Int32Array } {
  const { X, y } = makeBlobs({ nSamples: 45, nFeatures: 3, nCenters: 3, clusterStd: 0.6, randomState: 0 });
  // Standardize so every estimator sees unit-scale features, as scikit-learn's checks do.
  const d = X.cols;
  const data = X.data.slice();
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < X.rows; i++) mean += data[i * d + j] as number;
    mean /= X.rows;
    let v = 0;
    for (let i = 0; i < X.rows; i++) v += ((data[i * d + j] as number) - mean) ** 2;
    const sd = Math.sqrt(v / X.rows) || 1;
    for (let i = 0; i < X.rows; i++) data[i * d + j] = ((data[i * d + j] as number) - mean) / sd;
  }
  return { X: { rows: X.rows, cols: d, data }, y };
}

/** Each check gets its own copy of the data, so an estimator that mutates it cannot mask later checks. */
function freshCopy(ctx: Ctx): Ctx {
  return { ...ctx, X: { rows: ctx.X.rows, cols: ctx.X.cols, data: ctx.X.data.slice() } };
}

/** The row-wise output methods an estimator has: predict, transform, predictProba, scoreSamples. */
function rowwiseMethods(est: AnyEstimator): string[] {
  return ['predict', 'transform', 'predictProba', 'scoreSamples'].filter((m) => typeof (est as unknown as Record<string, unknown>)[m] === 'function');
}

function call(est: AnyEstimator, method: string, X: unknown): unknown {
  return ((est as unknown as Record<string, Method>)[method] as Method).call(est, X);
}

function outputRows(out: unknown): number[][] {
  if (isMatrix(out)) return rowsOf(out);
  if (out instanceof Int32Array || out instanceof Float64Array || Array.isArray(out)) return Array.from(out as ArrayLike<number>, (v) => [v]);
  return fail(`expected a Matrix or a typed array from a row-wise method, got ${Object.prototype.toString.call(out)}.`);
}

function expectThrows(fn: () => unknown, type: new (...args: never[]) => Error, pattern: RegExp | undefined, what: string): Error {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof type)) {
      fail(`${what} threw ${(err as Error)?.name ?? String(err)}: "${(err as Error)?.message}" but a ${type.name} was expected.`);
    }
    if (pattern && !pattern.test(err.message)) fail(`${what} threw "${err.message}", which does not match ${pattern}.`);
    return err;
  }
  return fail(`${what} did not throw; a ${type.name} was expected.`);
}

function statics(est: AnyEstimator): EstimatorStatics {
  return est.constructor as unknown as EstimatorStatics;
}

function junkFor(est: AnyEstimator, param: string): unknown {
  const cs = statics(est).constraints as Record<string, readonly { test: (v: unknown) => boolean }[]>;
  const candidates: unknown[] = ['__invalid__', -12345.5, { nested: true }, [[1, 2], [3]]];
  for (const c of candidates) if (!(cs[param] ?? []).some((k) => k.test(c))) return c;
  return undefined;
}

function fitted(ctx: Ctx): AnyEstimator {
  return (ctx.make() as unknown as { fit(X: MatrixInput): AnyEstimator }).fit(ctx.X);
}

const universalChecks: Record<string, (ctx: Ctx) => void> = {
  cloneable(ctx) {
    const est = ctx.make();
    const c = est.clone();
    if (c === est) fail('clone() returned the same object; return a new instance (withParams({})).');
    if (c.constructor !== est.constructor) fail('clone() returned another class.');
    if (json(c.getParams()) !== json(est.getParams())) fail('clone() changed the parameters.');
    if (c.isFitted) fail('clone() of an unfitted estimator is fitted.');
    const f = fitted(ctx);
    if (f.clone().isFitted) fail('clone() must return an unfitted estimator, but it copied the fitted state.');
  },
  defaultConstructible(ctx) {
    const est = ctx.make();
    const Ctor = est.constructor as new () => AnyEstimator;
    const d = new Ctor();
    const defaults = statics(est).defaults as Record<string, unknown>;
    if (!Object.isFrozen(defaults)) fail('the exported defaults object must be frozen (Object.freeze).');
    for (const key of Object.keys(statics(est).constraints)) {
      if (!(key in defaults)) fail(`parameter '${key}' has a constraint but no default value.`);
    }
    if (json(d.getParams()) !== json(JSON.parse(json(defaults)))) fail('new Estimator() params differ from the defaults.');
  },
  noWorkInConstructor(ctx) {
    const est = ctx.make();
    const Ctor = est.constructor as new (o: unknown) => AnyEstimator;
    for (const key of Object.keys(statics(est).constraints)) {
      for (const junk of [-1, 'helloworld', [], null]) {
        let built: AnyEstimator;
        try {
          built = new Ctor({ [key]: junk });
        } catch (err) {
          return fail(`the constructor threw on ${key}=${json(junk)} ("${(err as Error).message}"): validate in fit, not in the constructor.`);
        }
        if (built.isFitted) fail('a new estimator reports isFitted = true.');
      }
    }
  },
  paramsRoundTrip(ctx) {
    const est = ctx.make();
    const Ctor = est.constructor as new (o: unknown) => AnyEstimator;
    const again = new Ctor(est.getParams());
    if (json(again.getParams()) !== json(est.getParams())) fail('new Estimator(est.getParams()) has different params.');
    if (!Object.isFrozen(est.params)) fail('params must be frozen.');
    const keys = Object.keys(statics(est).constraints);
    const first = keys[0];
    if (first !== undefined) {
      const changed = est.withParams({ [first]: (est.params as Record<string, unknown>)[first] });
      if (json(changed.getParams()) !== json(est.getParams())) fail('withParams with an unchanged value changed the params.');
    }
  },
  badParamsRejected(ctx) {
    const est = ctx.make();
    const Ctor = est.constructor as new (o: unknown) => AnyEstimator;
    const name = est.estimatorType;
    const fitOf = (e: AnyEstimator) => () => (e as unknown as { fit(X: MatrixInput): unknown }).fit(ctx.X);
    expectThrows(fitOf(new Ctor({ ...est.getParams(), notAParameter: 1 })), InvalidParameterError, /has no parameter 'notAParameter'/, 'fit with an unknown option');
    for (const key of Object.keys(statics(est).constraints)) {
      const junk = junkFor(est, key);
      if (junk === undefined) continue;
      const pattern = new RegExp(`The '${key}' parameter of ${name} must be .* Got .* instead\\.`);
      expectThrows(fitOf(new Ctor({ ...est.getParams(), [key]: junk })), InvalidParameterError, pattern, `fit with ${key}=${json(junk)}`);
    }
  },
  fitReturnsThis(ctx) {
    const est = ctx.make();
    const out = (est as unknown as { fit(X: MatrixInput): unknown }).fit(ctx.X);
    if (out !== est) fail('fit must return this.');
    if (!est.isFitted) fail('isFitted is false after fit.');
  },
  unfittedThrows(ctx) {
    const est = ctx.make();
    for (const m of [...rowwiseMethods(est), 'inverseTransform', 'featureNamesOut']) {
      if (typeof (est as unknown as Record<string, unknown>)[m] !== 'function') continue;
      expectThrows(() => call(est, m, ctx.X), NotFittedError, /not fitted yet/, `${m} before fit`);
    }
    expectThrows(() => est.nFeaturesIn, NotFittedError, /not fitted yet/, 'nFeaturesIn before fit');
    if (isClusterer(est)) expectThrows(() => est.labels, NotFittedError, /not fitted yet/, 'labels before fit');
  },
  paramsUnchangedByFit(ctx) {
    const est = ctx.make();
    const before = json(est.getParams());
    (est as unknown as { fit(X: MatrixInput): unknown }).fit(ctx.X);
    if (json(est.getParams()) !== before) fail('fit changed the params; keep learned values in the state.');
  },
  inputNotMutated(ctx) {
    const rows = rowsOf(ctx.X).map((r) => Object.freeze(r));
    Object.freeze(rows);
    const copy = ctx.X.data.slice();
    const est = ctx.make() as unknown as { fit(X: unknown): AnyEstimator };
    est.fit(rows);
    (ctx.make() as unknown as { fit(X: unknown): AnyEstimator }).fit(ctx.X);
    for (const m of rowwiseMethods(est as unknown as AnyEstimator)) call(est as unknown as AnyEstimator, m, ctx.X);
    for (let i = 0; i < copy.length; i++) if (!Object.is(copy[i], ctx.X.data[i])) fail(`the input Matrix was modified at flat index ${i}.`);
  },
  readonlyMethodsKeepState(ctx) {
    const est = fitted(ctx);
    const before = json(est.toJSON());
    for (const m of rowwiseMethods(est)) call(est, m, ctx.X);
    if (json(est.toJSON()) !== before) fail('a predict/transform call changed the fitted state.');
  },
  nFeaturesChecked(ctx) {
    const est = fitted(ctx);
    if (est.nFeaturesIn !== ctx.X.cols) fail(`nFeaturesIn is ${est.nFeaturesIn}, expected ${ctx.X.cols}.`);
    if (ctx.X.cols < 2) throw new SkipCheck('needs at least 2 features');
    const narrow = rowsOf(ctx.X).map((r) => r.slice(1));
    for (const m of rowwiseMethods(est)) {
      expectThrows(() => call(est, m, narrow), ValidationError, /features, but .* is expecting \d+ features/, `${m} on data with one feature fewer`);
    }
  },
  nonFiniteRejected(ctx) {
    for (const bad of ctx.options.allowNaN ? [Infinity] : [NaN, Infinity, -Infinity]) {
      const rows = rowsOf(ctx.X);
      (rows[2] as number[])[1 % ctx.X.cols] = bad;
      const err = expectThrows(
        () => (ctx.make() as unknown as { fit(X: unknown): unknown }).fit(rows),
        ValidationError,
        Number.isNaN(bad) ? /NaN/ : /infinity/,
        `fit with ${bad} in X`,
      ) as ValidationError;
      if (err.row !== 2 || err.column !== 1 % ctx.X.cols) fail(`the error for ${bad} reports row ${err.row}, column ${err.column}; expected row 2, column ${1 % ctx.X.cols}.`);
      const est = fitted(ctx);
      for (const m of rowwiseMethods(est)) expectThrows(() => call(est, m, rows), ValidationError, undefined, `${m} with ${bad} in X`);
    }
  },
  emptyRejected(ctx) {
    const fit = (X: unknown) => () => (ctx.make() as unknown as { fit(X: unknown): unknown }).fit(X);
    expectThrows(fit([]), ValidationError, /0 sample\(s\)/, 'fit on []');
    expectThrows(fit([[], []]), ValidationError, /0 feature\(s\)/, 'fit on [[], []]');
  },
  malformedRejected(ctx) {
    const fit = (X: unknown) => () => (ctx.make() as unknown as { fit(X: unknown): unknown }).fit(X);
    expectThrows(fit([1, 2, 3]), ValidationError, /2-D/, 'fit on a 1-D array');
    expectThrows(fit(new Float64Array(6)), ValidationError, /2-D/, 'fit on a Float64Array');
    const ragged = rowsOf(ctx.X);
    (ragged[3] as number[]).pop();
    expectThrows(fit(ragged), ValidationError, /row 3/, 'fit on ragged rows');
    const text = rowsOf(ctx.X) as unknown[][];
    (text[1] as unknown[])[0] = 'a';
    expectThrows(fit(text), ValidationError, /row 1, column 0/, 'fit with a string cell');
  },
  tinyInputs(ctx) {
    for (const X of [[ctx.X.data.slice(0, ctx.X.cols)].map((r) => Array.from(r)), rowsOf(ctx.X).map((r) => [r[0] as number])]) {
      try {
        (ctx.make() as unknown as { fit(X: unknown): unknown }).fit(X);
      } catch (err) {
        if (!(err instanceof SegmentationError)) {
          fail(`fit on ${X.length} x ${X[0]?.length} data threw ${(err as Error).name}: "${(err as Error).message}"; throw a typed SegmentationError or handle it.`);
        }
      }
    }
  },
  inputFormsAgree(ctx) {
    if (ctx.options.nonDeterministic) throw new SkipCheck('nondeterministic');
    const a = (ctx.make() as unknown as { fit(X: unknown): AnyEstimator }).fit(ctx.X).toJSON();
    const b = (ctx.make() as unknown as { fit(X: unknown): AnyEstimator }).fit(rowsOf(ctx.X)).toJSON();
    const like = { rows: ctx.X.rows, columns: ctx.X.cols, get: (i: number, j: number) => ctx.X.data[i * ctx.X.cols + j] as number };
    const c = (ctx.make() as unknown as { fit(X: unknown): AnyEstimator }).fit(like).toJSON();
    if (json(a) !== json(b)) fail('fitting a Matrix and the same number[][] gave different states.');
    if (json(a) !== json(c)) fail('fitting a Matrix and the same ml-matrix-like matrix gave different states.');
  },
  fitIdempotentSeeded(ctx) {
    if (ctx.options.nonDeterministic) throw new SkipCheck('nondeterministic');
    const est = fitted(ctx);
    const first = json(est.toJSON());
    (est as unknown as { fit(X: unknown): unknown }).fit(ctx.X);
    if (json(est.toJSON()) !== first) fail('fitting twice on the same data gave different states: derive all randomness from randomState.');
    const other = (est.clone() as unknown as { fit(X: unknown): AnyEstimator }).fit(ctx.X);
    if (json(other.toJSON()) !== first) fail('clone().fit(X) differs from fit(X).');
  },
  rowwiseInvariance(ctx) {
    const est = fitted(ctx);
    const n = ctx.X.rows;
    const perm = Array.from({ length: n }, (_, i) => (i * 7 + 3) % n);
    const permuted = perm.map((i) => rowsOf(ctx.X)[i] as number[]);
    for (const m of rowwiseMethods(est)) {
      const full = outputRows(call(est, m, ctx.X));
      const single = outputRows(call(est, m, [rowsOf(ctx.X)[5] as number[]]));
      allClose(single.flat(), (full[5] as number[]), { rtol: ctx.options.rtol ?? 1e-9, atol: 1e-12, message: `${m} on one row differs from the same row in a batch` });
      const p = outputRows(call(est, m, permuted));
      allClose(p.flat(), perm.flatMap((i) => full[i] as number[]), { rtol: ctx.options.rtol ?? 1e-9, atol: 1e-12, message: `${m} depends on row order` });
    }
  },
  jsonRoundTrip(ctx) {
    const est = fitted(ctx);
    const doc = JSON.parse(JSON.stringify(est)) as unknown;
    const cls = estimatorClass(est.estimatorType);
    if (cls === undefined) fail(`${est.estimatorType} is not registered: add it to src/registry.ts.`);
    const restored = fromJSON(doc);
    if (restored.constructor !== est.constructor) fail('fromJSON restored another class.');
    if (json(restored.toJSON()) !== json(est.toJSON())) fail('toJSON of the restored estimator differs from the original.');
    for (const m of rowwiseMethods(est)) {
      const a = outputRows(call(est, m, ctx.X)).flat();
      const b = outputRows(call(restored, m, ctx.X)).flat();
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) fail(`${m} after a JSON round trip differs at ${i}: ${a[i]} vs ${b[i]}.`);
    }
    const unfitted = fromJSON(JSON.parse(JSON.stringify(ctx.make())) as unknown);
    if (unfitted.isFitted) fail('an unfitted estimator restored as fitted.');
  },
  warningsAreData(ctx) {
    const est = fitted(ctx);
    if (!Array.isArray(est.warnings)) fail('est.warnings must be an array of { code, message, source }.');
    for (const w of est.warnings) if (typeof w.code !== 'string' || typeof w.message !== 'string') fail('each warning needs a code and a message.');
  },
  nIterReported(ctx) {
    const est = fitted(ctx);
    if (!('maxIter' in (est.params as object))) throw new SkipCheck('no maxIter');
    const nIter = (est as unknown as { nIter?: number }).nIter;
    if (typeof nIter !== 'number' || !(nIter >= 1)) fail(`an estimator with maxIter must report nIter >= 1 after fit, got ${nIter}.`);
  },
};

const familyChecks: Record<string, (ctx: Ctx) => void> = {
  transformerConsistency(ctx) {
    const probe = ctx.make();
    if (!isTransformer(probe)) throw new SkipCheck('not a transformer');
    const a = probe.fitTransform(ctx.X);
    const est = fitted(ctx) as unknown as { transform(X: unknown): Matrix };
    const b = est.transform(ctx.X);
    if (a.rows !== ctx.X.rows || b.rows !== ctx.X.rows) fail(`transform returned ${b.rows} rows for ${ctx.X.rows} input rows.`);
    allClose(a, b, { rtol: ctx.options.nonDeterministic ? 1e-2 : (ctx.options.rtol ?? 1e-9), atol: 1e-9, message: 'fitTransform(X) differs from fit(X).transform(X)' });
    const names = (probe as unknown as { featureNamesOut(): string[] }).featureNamesOut();
    if (names.length !== a.cols) fail(`featureNamesOut() has ${names.length} names for ${a.cols} output columns.`);
    const inv = (probe as unknown as { inverseTransform?: (Y: Matrix) => Matrix }).inverseTransform;
    if (typeof inv === 'function') {
      const back = inv.call(probe, a);
      if (back.rows !== ctx.X.rows) fail('inverseTransform changed the number of rows.');
    }
  },
  clusteringContract(ctx) {
    const est = ctx.make();
    if (!isClusterer(est)) throw new SkipCheck('not a clusterer');
    const labels = est.fitPredict(ctx.X);
    if (!(labels instanceof Int32Array)) fail('fitPredict must return an Int32Array.');
    if (labels.length !== ctx.X.rows) fail(`fitPredict returned ${labels.length} labels for ${ctx.X.rows} rows.`);
    const stored = est.labels;
    for (let i = 0; i < labels.length; i++) if (labels[i] !== stored[i]) fail('fitPredict(X) differs from fit(X).labels.');
    const ari = adjustedRand(labels, ctx.y);
    const min = ctx.options.minAri ?? 0.4;
    if (!(ari > min)) fail(`ARI against the true blobs is ${ari.toFixed(3)}, expected > ${min}.`);
    const present = new Set(labels);
    const max = Math.max(...present);
    for (let l = 0; l <= max; l++) if (!present.has(l)) fail(`labels must be contiguous from 0 (-1 for noise); label ${l} is missing below ${max}.`);
    for (const l of present) if (l < -1) fail(`label ${l} is below -1.`);
    const k = (est.params as { nClusters?: unknown }).nClusters;
    if (typeof k === 'number' && max > k - 1) fail(`max label ${max} exceeds nClusters - 1 = ${k - 1}.`);
    if (isInductiveClusterer(est)) {
      const again = est.predict(ctx.X);
      if (again.length !== ctx.X.rows || !(again instanceof Int32Array)) fail('predict must return one Int32Array label per row.');
    }
  },
  predictProbaSumsToOne(ctx) {
    const est = fitted(ctx);
    if (!isSoftClusterer(est)) throw new SkipCheck('not a soft clusterer');
    const p = est.predictProba(ctx.X);
    for (let i = 0; i < p.rows; i++) {
      let s = 0;
      for (let j = 0; j < p.cols; j++) {
        const v = p.data[i * p.cols + j] as number;
        if (!(v >= 0 && v <= 1 + 1e-12)) fail(`predictProba row ${i} has value ${v} outside [0, 1].`);
        s += v;
      }
      if (Math.abs(s - 1) > 1e-9) fail(`predictProba row ${i} sums to ${s}, not 1.`);
    }
  },
};

/**
 * The named checks for one estimator factory, to run one by one (e.g. one test case each).
 *
 * @param make - returns a new, unfitted, configured estimator each call
 * @example
 * ```ts
 * import { estimatorChecks } from 'segmentkit/testing';
 * import { StandardScaler } from 'segmentkit';
 * for (const check of estimatorChecks(() => new StandardScaler())) check.run();
 * ```
 */
export function estimatorChecks(make: () => AnyEstimator, options: CheckEstimatorOptions = {}): EstimatorCheck[] {
  const data = options.X ? { X: options.X, y: options.y ?? new Int32Array(options.X.rows) } : defaultData();
  const ctx: Ctx = { make, X: data.X, y: options.y ?? data.y, options };
  return Object.entries({ ...universalChecks, ...familyChecks }).map(([name, check]) => ({
    name,
    run: () => {
      try {
        check(freshCopy(ctx));
      } catch (err) {
        if (err instanceof SkipCheck) return;
        throw new Error(`${make().estimatorType} failed check '${name}': ${(err as Error).message}`);
      }
    },
  }));
}

/**
 * Runs every check on an estimator and throws one Error listing all failures (plain throws, so
 * any test runner can use it). Expected failures are reported, not thrown.
 *
 * @param make - returns a new, unfitted, configured estimator each call
 * @returns the outcome of every check
 * @throws Error listing each failed check and what to fix
 * @example
 * ```ts
 * import { checkEstimator } from 'segmentkit/testing';
 * import { KMeans } from 'segmentkit';
 * const results = checkEstimator(() => new KMeans({ nClusters: 3 }));
 * console.log(results.every((r) => r.status !== 'failed')); // true
 * ```
 */
export function checkEstimator(make: () => AnyEstimator, options: CheckEstimatorOptions = {}): CheckResult[] {
  const data = options.X ? { X: options.X, y: options.y ?? new Int32Array(options.X.rows) } : defaultData();
  const ctx: Ctx = { make, X: data.X, y: options.y ?? data.y, options };
  const results: CheckResult[] = [];
  for (const [name, check] of Object.entries({ ...universalChecks, ...familyChecks })) {
    const reason = options.expectedFailures?.[name];
    try {
      check(freshCopy(ctx));
      results.push({ name, status: 'passed' });
    } catch (err) {
      if (err instanceof SkipCheck) results.push({ name, status: 'skipped', message: err.message });
      else if (reason !== undefined) results.push({ name, status: 'xfail', message: reason });
      else results.push({ name, status: 'failed', message: (err as Error).message });
    }
  }
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    throw new Error(`${make().estimatorType} failed ${failed.length} contract check(s):\n${failed.map((f) => `- ${f.name}: ${f.message}`).join('\n')}`);
  }
  return results;
}

/** Names of every check, universal then family. */
export const CHECK_NAMES: readonly string[] = Object.freeze([...Object.keys(universalChecks), ...Object.keys(familyChecks)]);
