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

/**
 * Rows the blocked kernels process together: four independent accumulator chains per
 * multiply-add instead of one, which is what lets a JIT keep the FPU busy (the per-row loops are
 * latency-bound).
 */
export const BLOCK = 4;

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

/** Length of the `scratch` array {@link estimateParams} needs. */
export function scratchSize(k: number, d: number): number {
  return Math.max(2 * d * d, k * d, 2 * d * BLOCK);
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
  /**
   * Residuals of the current block of rows to every component, k x d x {@link BLOCK} values
   * (rows interleaved), kept after {@link blockLogProb} for the moment accumulation.
   */
  readonly block: Float64Array;
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
    block: new Float64Array(k * d * BLOCK),
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
 * Weighted log-densities of rows i0 .. i0+cnt (cnt <= {@link BLOCK}) into out[o0 + r k + c].
 * Four rows run together (and, for 'full' / 'tied', two rows of Pᵀ): every row gets the same
 * operations in the same order whatever the batch, so one row alone scores as within a batch.
 * The residuals x − μc stay in `m.block` for {@link eStep}. O(cnt k d²) or O(cnt k d).
 */
export function blockLogProb(X: Float64Array, i0: number, cnt: number, m: LogProbModel, out: Float64Array, o0: number): void {
  const { k, d, type, means, factor, logDet, logWeights, start, end, block } = m;
  const cst = -0.5 * d * LOG_2PI;
  const dd = d * d;
  const full = type === 'full';
  const triangular = type === 'full' || type === 'tied';
  // padding rows repeat the last real row; their results are not written
  const x0 = i0 * d;
  const x1 = (i0 + Math.min(1, cnt - 1)) * d;
  const x2 = (i0 + Math.min(2, cnt - 1)) * d;
  const x3 = (i0 + Math.min(3, cnt - 1)) * d;
  for (let c = 0; c < k; c++) {
    const mc = c * d;
    const ob = c * d * BLOCK;
    for (let a = 0; a < d; a++) {
      const mu = means[mc + a] as number;
      const b = ob + a * BLOCK;
      block[b] = (X[x0 + a] as number) - mu;
      block[b + 1] = (X[x1 + a] as number) - mu;
      block[b + 2] = (X[x2 + a] as number) - mu;
      block[b + 3] = (X[x3 + a] as number) - mu;
    }
    const ld = logDet[c] as number;
    const lw = logWeights[c] as number;
    if (!triangular) {
      // 'diag': Σ (x − μ)² σ⁻²; 'spherical': σ⁻² Σ (x − μ)²
      const diag = type === 'diag';
      let q0 = 0;
      let q1 = 0;
      let q2 = 0;
      let q3 = 0;
      for (let a = 0; a < d; a++) {
        const b = ob + a * BLOCK;
        const p = diag ? (factor[mc + a] as number) : 1;
        const e0 = block[b] as number;
        const e1 = block[b + 1] as number;
        const e2 = block[b + 2] as number;
        const e3 = block[b + 3] as number;
        q0 += e0 * e0 * p;
        q1 += e1 * e1 * p;
        q2 += e2 * e2 * p;
        q3 += e3 * e3 * p;
      }
      const ps = diag ? 1 : (factor[c] as number);
      out[o0 + c] = cst - 0.5 * q0 * ps + ld + lw;
      if (cnt > 1) out[o0 + k + c] = cst - 0.5 * q1 * ps + ld + lw;
      if (cnt > 2) out[o0 + 2 * k + c] = cst - 0.5 * q2 * ps + ld + lw;
      if (cnt > 3) out[o0 + 3 * k + c] = cst - 0.5 * q3 * ps + ld + lw;
      continue;
    }
    const f = full ? c : 0;
    const off = f * dd;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    // Rows j and j + 1 of Pᵀ go together over the union of their non-zero ranges (the extra
    // terms multiply exact zeros), sharing every load of D: same sums in the same order.
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const row = off + j * d;
      const row2 = row + d;
      const sj = start[f * d + j] as number;
      const sj2 = start[f * d + j + 1] as number;
      const ej = end[f * d + j] as number;
      const ej2 = end[f * d + j + 1] as number;
      const e = ej > ej2 ? ej : ej2;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let a = sj < sj2 ? sj : sj2; a < e; a++) {
        const p = factor[row + a] as number;
        const p2 = factor[row2 + a] as number;
        const b = ob + a * BLOCK;
        const e0 = block[b] as number;
        const e1 = block[b + 1] as number;
        const e2 = block[b + 2] as number;
        const e3 = block[b + 3] as number;
        s0 += e0 * p;
        s1 += e1 * p;
        s2 += e2 * p;
        s3 += e3 * p;
        t0 += e0 * p2;
        t1 += e1 * p2;
        t2 += e2 * p2;
        t3 += e3 * p2;
      }
      q0 += s0 * s0;
      q1 += s1 * s1;
      q2 += s2 * s2;
      q3 += s3 * s3;
      q0 += t0 * t0;
      q1 += t1 * t1;
      q2 += t2 * t2;
      q3 += t3 * t3;
    }
    if (j < d) {
      const row = off + j * d;
      const e = end[f * d + j] as number;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let a = start[f * d + j] as number; a < e; a++) {
        const p = factor[row + a] as number;
        const b = ob + a * BLOCK;
        s0 += (block[b] as number) * p;
        s1 += (block[b + 1] as number) * p;
        s2 += (block[b + 2] as number) * p;
        s3 += (block[b + 3] as number) * p;
      }
      q0 += s0 * s0;
      q1 += s1 * s1;
      q2 += s2 * s2;
      q3 += s3 * s3;
    }
    // a residual beyond float64 range times an exact zero is NaN: the true distance is infinite
    if (q0 !== q0) q0 = Infinity;
    if (q1 !== q1) q1 = Infinity;
    if (q2 !== q2) q2 = Infinity;
    if (q3 !== q3) q3 = Infinity;
    out[o0 + c] = cst - 0.5 * q0 + ld + lw;
    if (cnt > 1) out[o0 + k + c] = cst - 0.5 * q1 + ld + lw;
    if (cnt > 2) out[o0 + 2 * k + c] = cst - 0.5 * q2 + ld + lw;
    if (cnt > 3) out[o0 + 3 * k + c] = cst - 0.5 * q3 + ld + lw;
  }
}

/** Length of the second-moment array {@link eStep} accumulates: k d² ('full' / 'tied') or k d. */
export function momentsSize(type: CovarianceType, k: number, d: number): number {
  return type === 'full' || type === 'tied' ? k * d * d : k * d;
}

/**
 * E-step fused with the whole M-step accumulation: one pass over the rows computes the
 * responsibilities of each block of rows into `resp` (k x {@link BLOCK} values: they are
 * consumed at once, never stored for all rows) and accumulates, per component c, the mass nkRaw[c] = Σᵢ rᵢc, the
 * first moment u[c] = Σᵢ rᵢc (xᵢ − ac) and the second moment about the anchor ac = the
 * component's current mean: the upper triangle of S[c] = Σᵢ rᵢc (xᵢ − ac)(xᵢ − ac)ᵀ for 'full' /
 * 'tied', its diagonal for 'diag' / 'spherical'. It reuses the residuals the densities were
 * computed from, and {@link paramsFromMoments} recentres the moments on the new means exactly,
 * so EM needs a single pass over the data per iteration.
 *
 * @remarks O(n k d²) or O(n k d) time, no allocation, O(k d²) memory. Returns Σᵢ log p(xᵢ) (non-finite when a row's
 * density under- or overflows; the caller raises).
 */
export function eStep(
  X: Float64Array,
  n: number,
  m: LogProbModel,
  resp: Float64Array,
  nkRaw: Float64Array,
  u: Float64Array,
  S: Float64Array,
): number {
  const { k, d, block } = m;
  const dd = d * d;
  const triangular = m.type === 'full' || m.type === 'tied';
  nkRaw.fill(0);
  u.fill(0);
  S.fill(0);
  let total = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const cnt = Math.min(BLOCK, n - i0);
    blockLogProb(X, i0, cnt, m, resp, 0);
    for (let r = 0; r < cnt; r++) {
      const lse = softmaxInPlace(resp, r * k, k);
      if (lse - lse !== 0) return lse;
      total += lse;
    }
    for (let c = 0; c < k; c++) {
      // padding rows (a short last block) get weight 0
      const w0 = resp[c] as number;
      const w1 = cnt > 1 ? (resp[k + c] as number) : 0;
      const w2 = cnt > 2 ? (resp[2 * k + c] as number) : 0;
      const w3 = cnt > 3 ? (resp[3 * k + c] as number) : 0;
      if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
      nkRaw[c] += w0 + w1 + w2 + w3;
      const ob = c * d * BLOCK;
      const uc = c * d;
      if (!triangular) {
        for (let a = 0; a < d; a++) {
          const ba = ob + a * BLOCK;
          const e0 = block[ba] as number;
          const e1 = block[ba + 1] as number;
          const e2 = block[ba + 2] as number;
          const e3 = block[ba + 3] as number;
          const v0 = w0 * e0;
          const v1 = w1 * e1;
          const v2 = w2 * e2;
          const v3 = w3 * e3;
          u[uc + a] += v0 + v1 + (v2 + v3);
          S[uc + a] += v0 * e0 + v1 * e1 + (v2 * e2 + v3 * e3);
        }
        continue;
      }
      const base = c * dd;
      for (let a = 0; a < d; a++) {
        const ba = ob + a * BLOCK;
        const v0 = w0 * (block[ba] as number);
        const v1 = w1 * (block[ba + 1] as number);
        const v2 = w2 * (block[ba + 2] as number);
        const v3 = w3 * (block[ba + 3] as number);
        u[uc + a] += v0 + v1 + (v2 + v3);
        const row = base + a * d;
        for (let b = a; b < d; b++) {
          const bb = ob + b * BLOCK;
          S[row + b] += v0 * (block[bb] as number) + v1 * (block[bb + 1] as number) + (v2 * (block[bb + 2] as number) + v3 * (block[bb + 3] as number));
        }
      }
    }
  }
  return total;
}

/**
 * M-step from the moments of {@link eStep}: nk = nkRaw + 10 eps (scikit-learn's guard against
 * empty components), μc = (nkRaw ac + uc) / nk, then the scatter about the new mean by the exact
 * shift identity Σᵢ rᵢ (xᵢ − μ)(xᵢ − μ)ᵀ = S − u δᵀ − δ uᵀ + nkRaw δ δᵀ with δ = μ − a, divided by
 * nk (by Σ nk for 'tied'), plus regCovar on the diagonal ('spherical' averages the diagonal);
 * weights nk / Σ nk; then the precision Cholesky factors. The anchors are the previous means, so
 * δ is one EM step and the identity loses nothing to cancellation. O(k d³) for 'full', less
 * otherwise. `scratch` needs {@link scratchSize} values. Returns 'singular' when a covariance is
 * not positive definite, 'overflow' when it is not finite.
 */
export function paramsFromMoments(
  type: CovarianceType,
  k: number,
  d: number,
  regCovar: number,
  anchors: Float64Array,
  nkRaw: Float64Array,
  u: Float64Array,
  S: Float64Array,
  out: MixtureParams,
  nk: Float64Array,
  scratch: Float64Array,
): EstimateStatus {
  const { weights, means, covariances: cov } = out;
  const dd = d * d;
  let nkTotal = 0;
  for (let c = 0; c < k; c++) {
    const v = (nkRaw[c] as number) + MASS_EPS;
    nk[c] = v;
    nkTotal += v;
  }
  for (let c = 0; c < k; c++) weights[c] = (nk[c] as number) / nkTotal;
  const full = type === 'full';
  const triangular = type === 'full' || type === 'tied';
  cov.fill(0);
  const delta = scratch;
  for (let c = 0; c < k; c++) {
    const mc = c * d;
    const w = nkRaw[c] as number;
    for (let j = 0; j < d; j++) {
      const a = anchors[mc + j] as number;
      const mu = (w * a + (u[mc + j] as number)) / (nk[c] as number);
      means[mc + j] = mu;
      delta[j] = mu - a;
    }
    if (!triangular) {
      const inv = 1 / (nk[c] as number);
      let sum = 0;
      for (let a = 0; a < d; a++) {
        const ua = u[mc + a] as number;
        const da = delta[a] as number;
        const v = ((S[mc + a] as number) - ua * da - da * ua + w * da * da) * inv + regCovar;
        if (type === 'diag') cov[mc + a] = v;
        else sum += v;
      }
      if (type === 'spherical') cov[c] = sum / d;
      continue;
    }
    const base = full ? c * dd : 0;
    const inv = full ? 1 / (nk[c] as number) : 1;
    for (let a = 0; a < d; a++) {
      const ua = u[mc + a] as number;
      const da = delta[a] as number;
      for (let b = a; b < d; b++) {
        const ub = u[mc + b] as number;
        const db = delta[b] as number;
        const v = (S[c * dd + a * d + b] as number) - ua * db - da * ub + w * da * db;
        cov[base + a * d + b] += full ? v * inv : v;
      }
    }
  }
  if (triangular) {
    const nF = full ? k : 1;
    for (let f = 0; f < nF; f++) {
      const base = f * dd;
      const inv = full ? 1 : 1 / nkTotal;
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          const v = (cov[base + a * d + b] as number) * inv + (a === b ? regCovar : 0);
          cov[base + a * d + b] = v;
          cov[base + b * d + a] = v;
        }
      }
    }
  }
  return precisionsFromCovariances(type, k, d, cov, out.precisionsCholesky, scratch);
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
 * O(n k d²) for 'full' / 'tied', O(n k d) otherwise. `scratch` needs {@link scratchSize} values.
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
  cov.fill(0);
  const dd = d * d;
  switch (type) {
    case 'full':
    case 'tied': {
      const full = type === 'full';
      // blocks of BLOCK rows: residuals D and weighted residuals W interleaved, four chains per entry
      const D = scratch;
      const W = scratch.subarray(d * BLOCK);
      for (let i0 = 0; i0 < n; i0 += BLOCK) {
        const cnt = Math.min(BLOCK, n - i0);
        const x0 = i0 * d;
        const x1 = (i0 + Math.min(1, cnt - 1)) * d;
        const x2 = (i0 + Math.min(2, cnt - 1)) * d;
        const x3 = (i0 + Math.min(3, cnt - 1)) * d;
        const r0 = i0 * k;
        for (let c = 0; c < k; c++) {
          const w0 = resp[r0 + c] as number;
          const w1 = cnt > 1 ? (resp[r0 + k + c] as number) : 0;
          const w2 = cnt > 2 ? (resp[r0 + 2 * k + c] as number) : 0;
          const w3 = cnt > 3 ? (resp[r0 + 3 * k + c] as number) : 0;
          if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
          const mc = c * d;
          for (let a = 0; a < d; a++) {
            const mu = means[mc + a] as number;
            const b = a * BLOCK;
            const t0 = (X[x0 + a] as number) - mu;
            const t1 = (X[x1 + a] as number) - mu;
            const t2 = (X[x2 + a] as number) - mu;
            const t3 = (X[x3 + a] as number) - mu;
            D[b] = t0;
            D[b + 1] = t1;
            D[b + 2] = t2;
            D[b + 3] = t3;
            W[b] = w0 * t0;
            W[b + 1] = w1 * t1;
            W[b + 2] = w2 * t2;
            W[b + 3] = w3 * t3;
          }
          const base = full ? c * dd : 0;
          for (let a = 0; a < d; a++) {
            const ba = a * BLOCK;
            const v0 = W[ba] as number;
            const v1 = W[ba + 1] as number;
            const v2 = W[ba + 2] as number;
            const v3 = W[ba + 3] as number;
            const row = base + a * d;
            for (let b = a; b < d; b++) {
              const bb = b * BLOCK;
              cov[row + b] += v0 * (D[bb] as number) + v1 * (D[bb + 1] as number) + (v2 * (D[bb + 2] as number) + v3 * (D[bb + 3] as number));
            }
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

/**
 * Per-row log p(x) = log Σc πc N(x | μc, Σc) into `out` (may be -Infinity far from every
 * component). `row` is scratch of k x {@link BLOCK} values. O(n k d²).
 */
export function logLikelihoodRows(X: Float64Array, n: number, m: LogProbModel, row: Float64Array, out: Float64Array): void {
  const k = m.k;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const cnt = Math.min(BLOCK, n - i0);
    blockLogProb(X, i0, cnt, m, row, 0);
    for (let r = 0; r < cnt; r++) out[i0 + r] = softmaxInPlace(row, r * k, k);
  }
}

/**
 * Responsibilities (posterior component probabilities) of every row into `out` (n x k).
 * Returns the first row whose density under- or overflows (its probabilities are undefined), or -1.
 */
export function probaRows(X: Float64Array, n: number, m: LogProbModel, out: Float64Array): number {
  const k = m.k;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const cnt = Math.min(BLOCK, n - i0);
    blockLogProb(X, i0, cnt, m, out, i0 * k);
    for (let r = 0; r < cnt; r++) {
      const l = softmaxInPlace(out, (i0 + r) * k, k);
      if (l - l !== 0) return i0 + r;
    }
  }
  return -1;
}

/**
 * Most probable component of every row (argmax of the weighted log-densities; ties to the lowest
 * index). `row` is scratch of k x {@link BLOCK} values.
 */
export function labelRows(X: Float64Array, n: number, m: LogProbModel, row: Float64Array, labels: Int32Array): void {
  const k = m.k;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const cnt = Math.min(BLOCK, n - i0);
    blockLogProb(X, i0, cnt, m, row, 0);
    for (let r = 0; r < cnt; r++) {
      const o = r * k;
      let best = 0;
      let bestV = row[o] as number;
      for (let c = 1; c < k; c++) {
        const v = row[o + c] as number;
        if (v > bestV) {
          bestV = v;
          best = c;
        }
      }
      labels[i0 + r] = best;
    }
  }
}
