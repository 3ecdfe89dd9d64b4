/**
 * Kernels of BernoulliRBM on flat row-major Float64Arrays, in scikit-learn's order of operations
 * and of random draws (so a test can replay numpy's uniform stream and match it exactly).
 *
 * @packageDocumentation
 */

/** Logistic function. */
export function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** `log(1 + exp(x))`, stable for large |x| (numpy's logaddexp(0, x)). */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** `log(expit(x))`, stable (scikit-learn's log_logistic). */
export function logLogistic(x: number): number {
  return -softplus(-x);
}

/**
 * Mean hidden activations P(h = 1 | v) of rows `v` (m x d) into `out` (m x nc):
 * `expit(v W^T + hb)` with W nc x d. O(m d nc).
 */
export function meanHiddens(v: Float64Array, m: number, d: number, W: Float64Array, hb: Float64Array, nc: number, out: Float64Array, vOffset = 0): Float64Array {
  for (let i = 0; i < m; i++) {
    const vr = vOffset + i * d;
    for (let j = 0; j < nc; j++) {
      let s = hb[j] as number;
      const wr = j * d;
      for (let f = 0; f < d; f++) s += (v[vr + f] as number) * (W[wr + f] as number);
      out[i * nc + j] = expit(s);
    }
  }
  return out;
}

/**
 * Samples visible units given hidden values `h` (m x nc): v = [u < expit(h W + vb)], with one
 * uniform draw per unit in row-major order (numpy's `rng.uniform(size=(m, d)) < p`).
 */
export function sampleVisibles(h: Float64Array, m: number, nc: number, W: Float64Array, vb: Float64Array, d: number, uniform: () => number, out: Float64Array, p: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    for (let f = 0; f < d; f++) p[f] = vb[f] as number;
    for (let j = 0; j < nc; j++) {
      const hij = h[i * nc + j] as number;
      if (hij === 0) continue;
      const wr = j * d;
      for (let f = 0; f < d; f++) p[f] = (p[f] as number) + hij * (W[wr + f] as number);
    }
    for (let f = 0; f < d; f++) out[i * d + f] = uniform() < expit(p[f] as number) ? 1 : 0;
  }
  return out;
}

/** Work buffers of {@link rbmFitBatch}, allocated once per fit. */
export interface RbmBuffers {
  readonly hPos: Float64Array;
  readonly vNeg: Float64Array;
  readonly hNeg: Float64Array;
  /** Persistent chain of hidden samples, batchSize x nc (scikit-learn's h_samples_). */
  readonly hSamples: Float64Array;
  readonly p: Float64Array;
}

/** Allocates the buffers of a fit. */
export function rbmBuffers(batchSize: number, nc: number, d: number): RbmBuffers {
  return {
    hPos: new Float64Array(batchSize * nc),
    vNeg: new Float64Array(batchSize * d),
    hNeg: new Float64Array(batchSize * nc),
    hSamples: new Float64Array(batchSize * nc),
    p: new Float64Array(d),
  };
}

/**
 * One persistent-contrastive-divergence step on rows [r0, r1) of X (scikit-learn's `_fit`): the
 * positive phase from the data, the negative phase from one Gibbs step of the persistent chain
 * (batchSize particles), W += lr / m (v_pos^T h_pos - v_neg^T h_neg)^T, biases likewise, then the
 * chain's hidden units are resampled. Draws batchSize x d then batchSize x nc uniforms.
 */
export function rbmFitBatch(
  X: Float64Array,
  r0: number,
  r1: number,
  d: number,
  W: Float64Array,
  hb: Float64Array,
  vb: Float64Array,
  nc: number,
  batchSize: number,
  learningRate: number,
  uniform: () => number,
  buf: RbmBuffers,
): void {
  const m = r1 - r0;
  const { hPos, vNeg, hNeg, hSamples, p } = buf;
  meanHiddens(X, m, d, W, hb, nc, hPos, r0 * d);
  sampleVisibles(hSamples, batchSize, nc, W, vb, d, uniform, vNeg, p);
  meanHiddens(vNeg, batchSize, d, W, hb, nc, hNeg);
  const lr = learningRate / m;
  for (let j = 0; j < nc; j++) {
    const wr = j * d;
    for (let f = 0; f < d; f++) {
      let pos = 0;
      for (let i = 0; i < m; i++) pos += (X[(r0 + i) * d + f] as number) * (hPos[i * nc + j] as number);
      let neg = 0;
      for (let i = 0; i < batchSize; i++) neg += (hNeg[i * nc + j] as number) * (vNeg[i * d + f] as number);
      W[wr + f] = (W[wr + f] as number) + lr * (pos - neg);
    }
    let sp = 0;
    for (let i = 0; i < m; i++) sp += hPos[i * nc + j] as number;
    let sn = 0;
    for (let i = 0; i < batchSize; i++) sn += hNeg[i * nc + j] as number;
    hb[j] = (hb[j] as number) + lr * (sp - sn);
  }
  for (let f = 0; f < d; f++) {
    let sp = 0;
    for (let i = 0; i < m; i++) sp += X[(r0 + i) * d + f] as number;
    let sn = 0;
    for (let i = 0; i < batchSize; i++) sn += vNeg[i * d + f] as number;
    vb[f] = (vb[f] as number) + lr * (sp - sn);
  }
  for (let k = 0; k < batchSize * nc; k++) {
    const h = hNeg[k] as number;
    hSamples[k] = uniform() < h || h >= 1 ? 1 : 0;
  }
}

/**
 * scikit-learn's mini-batches: ceil(n / batchSize) slices of batchSize rows in order, the last
 * clipped to n (`gen_even_slices(n_batches * batch_size, n_batches, n_samples=n)`).
 */
export function batchSlices(n: number, batchSize: number): [number, number][] {
  const nBatches = Math.ceil(n / batchSize);
  const total = nBatches * batchSize;
  const out: [number, number][] = [];
  let start = 0;
  for (let b = 0; b < nBatches; b++) {
    let size = Math.floor(total / nBatches);
    if (b < total % nBatches) size++;
    if (size > 0) {
      const end = Math.min(n, start + size);
      out.push([start, end]);
      start = end;
    }
  }
  return out;
}

/** Free energy of each row: `-v·vb - sum_j softplus(v·W_j + hb_j)`. */
export function freeEnergy(v: Float64Array, m: number, d: number, W: Float64Array, hb: Float64Array, vb: Float64Array, nc: number, out = new Float64Array(m)): Float64Array {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let f = 0; f < d; f++) s -= (v[i * d + f] as number) * (vb[f] as number);
    for (let j = 0; j < nc; j++) {
      let a = hb[j] as number;
      for (let f = 0; f < d; f++) a += (v[i * d + f] as number) * (W[j * d + f] as number);
      s -= softplus(a);
    }
    out[i] = s;
  }
  return out;
}

/**
 * Pseudo-likelihood of each row with feature `flip[i]` flipped (v -> 1 - v):
 * `d log_logistic(F(v~) - F(v))`, scikit-learn's `score_samples` given its random indices.
 */
export function pseudoLikelihood(v: Float64Array, m: number, d: number, W: Float64Array, hb: Float64Array, vb: Float64Array, nc: number, flip: Int32Array): Float64Array {
  const flipped = v.slice();
  for (let i = 0; i < m; i++) {
    const k = i * d + (flip[i] as number);
    flipped[k] = 1 - (flipped[k] as number);
  }
  const fe = freeEnergy(v, m, d, W, hb, vb, nc);
  const fe2 = freeEnergy(flipped, m, d, W, hb, vb, nc);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = d * logLogistic((fe2[i] as number) - (fe[i] as number));
  return out;
}

/**
 * A feature index in [0, d) chosen for a row from its values and a seed (FNV-1a over the row's
 * float64 bits): the same row always gets the same index, wherever it sits in the input.
 */
export function rowIndex(v: Float64Array, offset: number, d: number, seed: number): number {
  const bits = new Uint32Array(v.buffer, v.byteOffset + offset * 8, d * 2);
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let k = 0; k < bits.length; k++) {
    h = Math.imul(h ^ (bits[k] as number), 0x01000193) >>> 0;
  }
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h = (h ^ (h >>> 12)) >>> 0;
  return h % d;
}
