/**
 * Private Gaussian-mixture kernels on flat row-major Float64Arrays (scikit-learn's
 * `_gaussian_mixture.py` numerics). They assume validated, finite input, never mutate X, and
 * write into preallocated outputs.
 *
 * Layouts (as scikit-learn's arrays, flattened row-major):
 * - covariances / precisionsCholesky: 'full' k x d x d, 'tied' d x d, 'diag' k x d, 'spherical' k.
 * - means k x d, weights k, responsibilities n x k.
 *
 * @internal
 * @packageDocumentation
 */
import { cholesky, logDetTriangular, precisionCholesky, spdInverse } from '../linalg/cholesky.js';
import { softmaxInPlace } from '../linalg/logsumexp.js';

/** Covariance parametrisations of a Gaussian mixture. */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** 10 x machine epsilon, added to every component's mass (scikit-learn's guard against empty components). */
const MASS_EPS = 10 * Number.EPSILON;
const LOG_2PI = Math.log(2 * Math.PI);

/** Number of values in the covariance (and precision) array of a type. */
export function covarianceSize(type: CovarianceType, k: number, d: number): number {
  switch (type) {
    case 'full':
      return k * d * d;
    case 'tied':
      return d * d;
    case 'diag':
      return k * d;
    case 'spherical':
      return k;
  }
}

/** The parameters of one mixture, flat. */
export interface MixtureParams {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
  readonly precisionsCholesky: Float64Array;
}

/** A fresh zeroed parameter set. */
export function allocParams(type: CovarianceType, k: number, d: number): MixtureParams {
  const size = covarianceSize(type, k, d);
  return {
    weights: new Float64Array(k),
    means: new Float64Array(k * d),
    covariances: new Float64Array(size),
    precisionsCholesky: new Float64Array(size),
  };
}

/** A deep copy of a parameter set. */
export function copyParams(p: MixtureParams): MixtureParams {
  return {
    weights: p.weights.slice(),
    means: p.means.slice(),
    covariances: p.covariances.slice(),
    precisionsCholesky: p.precisionsCholesky.slice(),
  };
}

/**
 * Per-model constants of the log-density, refreshed once per EM iteration: log-weights, the
 * log-determinant of each precision Cholesky factor, the transposed factors (so the whitening
 * product runs along contiguous memory) with the non-zero range of each of their rows (upper
 * factors from the M-step and lower ones from an explicit `precisionsInit` both skip their zeros),
 * and the squared factors for 'diag' / 'spherical'.
 */
export interface LogProbModel {
  readonly type: CovarianceType;
  readonly k: number;
  readonly d: number;
  means: Float64Array;
  readonly logWeights: Float64Array;
  /** log det of the precision Cholesky factor = −½ log det Σ. */
  readonly logDet: Float64Array;
  /** 'full' / 'tied': Pᵀ per component (k x d x d, or d x d); 'diag' / 'spherical': P². */
  readonly factor: Float64Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Scratch of d values (the residual of one row). */
  readonly diff: Float64Array;
}

/** Allocates a {@link LogProbModel} for k components in d dimensions. */
export function allocModel(type: CovarianceType, k: number, d: number): LogProbModel {
  const nFactors = type === 'full' ? k : type === 'tied' ? 1 : 0;
  return {
    type,
    k,
    d,
    means: new Float64Array(k * d),
    logWeights: new Float64Array(k),
    logDet: new Float64Array(k),
    factor: new Float64Array(covarianceSize(type, k, d)),
    start: new Int32Array(nFactors * d),
    end: new Int32Array(nFactors * d),
    diff: new Float64Array(d),
  };
}

/** Refreshes `model` from parameters. O(k d²). */
export function updateModel(model: LogProbModel, p: MixtureParams): void {
  const { type, k, d } = model;
  const P = p.precisionsCholesky;
  model.means = p.means;
  for (let c = 0; c < k; c++) model.logWeights[c] = Math.log(p.weights[c] as number);
  if (type === 'full' || type === 'tied') {
    const nF = type === 'full' ? k : 1;
    const dd = d * d;
    for (let f = 0; f < nF; f++) {
      const off = f * dd;
      for (let j = 0; j < d; j++) {
        // row j of Pᵀ = column j of P; record where its non-zeros start and end
        let s = d;
        let e = 0;
        for (let a = 0; a < d; a++) {
          const v = P[off + a * d + j] as number;
          model.factor[off + j * d + a] = v;
          if (v !== 0) {
            if (a < s) s = a;
            e = a + 1;
          }
        }
        model.start[f * d + j] = s < e ? s : 0;
        model.end[f * d + j] = e;
      }
    }
    if (type === 'full') for (let c = 0; c < k; c++) model.logDet[c] = logDetTriangular(P, d, c * dd);
    else model.logDet.fill(logDetTriangular(P, d, 0));
  } else if (type === 'diag') {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = P[c * d + j] as number;
        model.factor[c * d + j] = v * v;
        s += Math.log(v);
      }
      model.logDet[c] = s;
    }
  } else {
    for (let c = 0; c < k; c++) {
      const v = P[c] as number;
      model.factor[c] = v * v;
      model.logDet[c] = d * Math.log(v);
    }
  }
}

/**
 * Weighted log-densities of one row, log πc + log N(x | μc, Σc), into out[oi .. oi+k).
 * O(k d²) for 'full' / 'tied' (the whitened residual (x − μ)ᵀ P), O(k d) otherwise.
 */
export function rowLogProb(X: Float64Array, xi: number, m: LogProbModel, out: Float64Array, oi: number): void {
  const { k, d, means, factor, logDet, logWeights, diff, start, end } = m;
  const cst = -0.5 * d * LOG_2PI;
  switch (m.type) {
    case 'full':
    case 'tied': {
      const dd = d * d;
      const full = m.type === 'full';
      for (let c = 0; c < k; c++) {
        const mc = c * d;
        for (let j = 0; j < d; j++) diff[j] = (X[xi + j] as number) - (means[mc + j] as number);
        const f = full ? c : 0;
        const off = f * dd;
        let q = 0;
        for (let j = 0; j < d; j++) {
          const row = off + j * d;
          let s = 0;
          const e = end[f * d + j] as number;
          for (let a = start[f * d + j] as number; a < e; a++) s += (diff[a] as number) * (factor[row + a] as number);
          q += s * s;
        }
        out[oi + c] = cst - 0.5 * q + (logDet[c] as number) + (logWeights[c] as number);
      }
      return;
    }
    case 'diag':
      for (let c = 0; c < k; c++) {
        const mc = c * d;
        let q = 0;
        for (let j = 0; j < d; j++) {
          const t = (X[xi + j] as number) - (means[mc + j] as number);
          q += t * t * (factor[mc + j] as number);
        }
        out[oi + c] = cst - 0.5 * q + (logDet[c] as number) + (logWeights[c] as number);
      }
      return;
    case 'spherical':
      for (let c = 0; c < k; c++) {
        const mc = c * d;
        let q = 0;
        for (let j = 0; j < d; j++) {
          const t = (X[xi + j] as number) - (means[mc + j] as number);
          q += t * t;
        }
        out[oi + c] = cst - 0.5 * q * (factor[c] as number) + (logDet[c] as number) + (logWeights[c] as number);
      }
      return;
  }
}

/**
 * E-step fused with the first M-step pass: responsibilities of every row into `resp` (n x k),
 * their column sums into `nkRaw` and the responsibility-weighted row sums into `sums` (k x d).
 * Returns Σᵢ log p(xᵢ) (non-finite when a row's density under-/overflows; the caller raises).
 * O(n k d²) for 'full' / 'tied', O(n k d) otherwise; no allocation.
 */
export function eStep(
  X: Float64Array,
  n: number,
  m: LogProbModel,
  resp: Float64Array,
  nkRaw: Float64Array,
  sums: Float64Array,
): number {
  const { k, d } = m;
  nkRaw.fill(0);
  sums.fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    const ri = i * k;
    rowLogProb(X, xi, m, resp, ri);
    const lse = softmaxInPlace(resp, ri, k);
    if (lse - lse !== 0) return lse;
    total += lse;
    for (let c = 0; c < k; c++) {
      const r = resp[ri + c] as number;
      if (r === 0) continue;
      nkRaw[c] += r;
      const sc = c * d;
      for (let j = 0; j < d; j++) sums[sc + j] += r * (X[xi + j] as number);
    }
  }
  return total;
}

/** Column sums of `resp` and responsibility-weighted row sums (the first M-step pass on its own). */
export function accumulate(X: Float64Array, n: number, d: number, k: number, resp: Float64Array, nkRaw: Float64Array, sums: Float64Array): void {
  nkRaw.fill(0);
  sums.fill(0);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    const ri = i * k;
    for (let c = 0; c < k; c++) {
      const r = resp[ri + c] as number;
      if (r === 0) continue;
      nkRaw[c] += r;
      const sc = c * d;
      for (let j = 0; j < d; j++) sums[sc + j] += r * (X[xi + j] as number);
    }
  }
}

/** Outcome of {@link estimateParams}: 'ok', or why the precisions could not be formed. */
export type EstimateStatus = 'ok' | 'singular' | 'overflow';

/**
 * M-step (scikit-learn's `_estimate_gaussian_parameters` then `_compute_precision_cholesky`):
 * masses nk = Σᵢ rᵢc + 10 eps, means = sums / nk, covariances by a second, centred pass over
 * the rows (Σᵢ rᵢc (xᵢ − μc)(xᵢ − μc)ᵀ / nk + regCovar I; 'tied' pools all components and
 * divides by Σ nk, 'spherical' averages the diagonal), weights = nk / `weightDivisor` (n at
 * initialisation, Σ nk in EM), then the precision Cholesky factors.
 *
 * @remarks
 * The centred second pass costs the same as scikit-learn's raw-moment formulas for 'tied' and
 * 'diag' but does not cancel catastrophically when the data sit far from the origin.
 * O(n k d²) for 'full' / 'tied', O(n k d) otherwise. `scratch` needs max(2 d², k d) values.
 * Returns 'singular' when a covariance is not positive definite, 'overflow' when it is not finite.
 */
export function estimateParams(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  regCovar: number,
  resp: Float64Array,
  nkRaw: Float64Array,
  sums: Float64Array,
  weightsFromTotal: boolean,
  out: MixtureParams,
  nk: Float64Array,
  scratch: Float64Array,
): EstimateStatus {
  const { weights, means, covariances: cov, precisionsCholesky: P } = out;
  let nkTotal = 0;
  for (let c = 0; c < k; c++) {
    const v = (nkRaw[c] as number) + MASS_EPS;
    nk[c] = v;
    nkTotal += v;
    for (let j = 0; j < d; j++) means[c * d + j] = (sums[c * d + j] as number) / v;
  }
  for (let c = 0; c < k; c++) weights[c] = (nk[c] as number) / (weightsFromTotal ? nkTotal : n);
  const diff = scratch;
  cov.fill(0);
  const dd = d * d;
  switch (type) {
    case 'full':
    case 'tied': {
      const full = type === 'full';
      for (let i = 0; i < n; i++) {
        const xi = i * d;
        const ri = i * k;
        for (let c = 0; c < k; c++) {
          const w = resp[ri + c] as number;
          if (w === 0) continue;
          const mc = c * d;
          const base = full ? c * dd : 0;
          for (let a = 0; a < d; a++) diff[a] = (X[xi + a] as number) - (means[mc + a] as number);
          for (let a = 0; a < d; a++) {
            const wa = w * (diff[a] as number);
            const row = base + a * d;
            for (let b = a; b < d; b++) cov[row + b] += wa * (diff[b] as number);
          }
        }
      }
      const nF = full ? k : 1;
      for (let f = 0; f < nF; f++) {
        const base = f * dd;
        const inv = 1 / (full ? (nk[f] as number) : nkTotal);
        for (let a = 0; a < d; a++) {
          for (let b = a; b < d; b++) {
            const v = (cov[base + a * d + b] as number) * inv + (a === b ? regCovar : 0);
            cov[base + a * d + b] = v;
            cov[base + b * d + a] = v;
          }
        }
      }
      break;
    }
    case 'diag':
    case 'spherical': {
      // per-component weighted squared residuals: into cov for 'diag', into scratch for 'spherical'
      const acc = type === 'diag' ? cov : scratch;
      acc.fill(0, 0, k * d);
      for (let i = 0; i < n; i++) {
        const xi = i * d;
        const ri = i * k;
        for (let c = 0; c < k; c++) {
          const w = resp[ri + c] as number;
          if (w === 0) continue;
          const mc = c * d;
          for (let j = 0; j < d; j++) {
            const t = (X[xi + j] as number) - (means[mc + j] as number);
            acc[mc + j] += w * t * t;
          }
        }
      }
      for (let c = 0; c < k; c++) {
        const inv = 1 / (nk[c] as number);
        if (type === 'diag') {
          for (let j = 0; j < d; j++) cov[c * d + j] = (acc[c * d + j] as number) * inv + regCovar;
        } else {
          let s = 0;
          for (let j = 0; j < d; j++) s += (acc[c * d + j] as number) * inv + regCovar;
          cov[c] = s / d;
        }
      }
      break;
    }
  }
  return precisionsFromCovariances(type, k, d, cov, P, scratch);
}

/**
 * Precision Cholesky factors from covariances (scikit-learn's `_compute_precision_cholesky`):
 * P = (L⁻¹)ᵀ with Σ = L Lᵀ for 'full' / 'tied', 1 / √σ² otherwise. `scratch` needs d² values.
 */
export function precisionsFromCovariances(
  type: CovarianceType,
  k: number,
  d: number,
  cov: Float64Array,
  P: Float64Array,
  scratch: Float64Array,
): EstimateStatus {
  for (let i = 0; i < cov.length; i++) if (!Number.isFinite(cov[i] as number)) return 'overflow';
  if (type === 'full' || type === 'tied') {
    const nF = type === 'full' ? k : 1;
    const dd = d * d;
    for (let f = 0; f < nF; f++) if (!precisionCholesky(cov, d, P, scratch, f * dd, f * dd)) return 'singular';
    return 'ok';
  }
  for (let i = 0; i < cov.length; i++) {
    const v = cov[i] as number;
    if (!(v > 0)) return 'singular';
    P[i] = 1 / Math.sqrt(v);
  }
  return 'ok';
}

/**
 * Parameters from user precisions (scikit-learn's `_initialize` with `precisions_init`): the lower
 * Cholesky factor of each precision matrix (or √precision), and the covariances as their
 * inverses. Returns false when a precision matrix is not positive definite. `scratch` needs 2 d².
 */
export function setPrecisions(
  type: CovarianceType,
  k: number,
  d: number,
  precisions: Float64Array,
  out: MixtureParams,
  scratch: Float64Array,
): boolean {
  const { covariances: cov, precisionsCholesky: P } = out;
  if (type === 'full' || type === 'tied') {
    const nF = type === 'full' ? k : 1;
    const dd = d * d;
    for (let f = 0; f < nF; f++) {
      if (!cholesky(precisions, d, P, f * dd, f * dd)) return false;
      if (!spdInverse(precisions, d, cov, scratch, f * dd, f * dd)) return false;
    }
    return true;
  }
  for (let i = 0; i < precisions.length; i++) {
    const v = precisions[i] as number;
    if (!(v > 0)) return false;
    P[i] = Math.sqrt(v);
    cov[i] = 1 / v;
  }
  return true;
}

/** Precision matrices from their Cholesky factors: P Pᵀ ('full' / 'tied'), P² otherwise. O(k d³). */
export function precisionsOf(type: CovarianceType, k: number, d: number, P: Float64Array): Float64Array {
  const out = new Float64Array(P.length);
  if (type === 'diag' || type === 'spherical') {
    for (let i = 0; i < P.length; i++) out[i] = (P[i] as number) * (P[i] as number);
    return out;
  }
  const nF = type === 'full' ? k : 1;
  const dd = d * d;
  for (let f = 0; f < nF; f++) {
    const o = f * dd;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let m = 0; m < d; m++) s += (P[o + a * d + m] as number) * (P[o + b * d + m] as number);
        out[o + a * d + b] = s;
        out[o + b * d + a] = s;
      }
    }
  }
  return out;
}

/** Per-row log p(x) = log Σc πc N(x | μc, Σc) into `out` (may be -Infinity far from every component). O(n k d²). */
export function logLikelihoodRows(X: Float64Array, n: number, m: LogProbModel, row: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    rowLogProb(X, i * m.d, m, row, 0);
    out[i] = softmaxInPlace(row, 0, m.k);
  }
}

/**
 * Responsibilities (posterior component probabilities) of every row into `out` (n x k).
 * Returns the first row whose density under- or overflows (its probabilities are undefined), or -1.
 */
export function probaRows(X: Float64Array, n: number, m: LogProbModel, out: Float64Array): number {
  const k = m.k;
  for (let i = 0; i < n; i++) {
    rowLogProb(X, i * m.d, m, out, i * k);
    const l = softmaxInPlace(out, i * k, k);
    if (l - l !== 0) return i;
  }
  return -1;
}

/** Most probable component of every row (argmax of the weighted log-densities; ties to the lowest index). */
export function labelRows(X: Float64Array, n: number, m: LogProbModel, row: Float64Array, labels: Int32Array): void {
  const k = m.k;
  for (let i = 0; i < n; i++) {
    rowLogProb(X, i * m.d, m, row, 0);
    let best = 0;
    let bestV = row[0] as number;
    for (let c = 1; c < k; c++) {
      const v = row[c] as number;
      if (v > bestV) {
        bestV = v;
        best = c;
      }
    }
    labels[i] = best;
  }
}
