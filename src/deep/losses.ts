/**
 * Losses of the deep estimators, as differentiable tfjs expressions (batch means), and the
 * Student-t soft assignment of deep embedded clustering with its target distribution.
 *
 * @packageDocumentation
 */
import { tf } from './backend.js';

/** Mean squared error over every element: `mean((x - y)^2)`. */
export function mse(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.squaredDifference(x, y));
}

/**
 * Binary cross-entropy between targets `x` in [0, 1] and `sigmoid(logits)`, averaged over every
 * element, in the stable form `max(z, 0) - z x + log(1 + exp(-|z|))`.
 */
export function bceWithLogits(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  const z = logits;
  return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, x)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
}

/**
 * KL divergence of the diagonal Gaussian `N(mu, exp(logVar))` from `N(0, I)`, summed over the
 * latent dimensions and averaged over the batch: `-0.5 mean_i sum_j (1 + logVar - mu^2 - exp(logVar))`.
 */
export function gaussianKl(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
  const terms = tf.sub(tf.sub(tf.add(logVar, 1), tf.square(mu)), tf.exp(logVar));
  return tf.mul(-0.5, tf.mean(tf.sum(terms, 1)));
}

/**
 * Student-t soft assignment of embedded points `z` (b x m) to centres `mu` (k x m) with `alpha`
 * degrees of freedom: `q_ij ∝ (1 + |z_i - mu_j|^2 / alpha)^(-(alpha + 1) / 2)`, rows summing to 1
 * (Xie et al. 2016, eq. 1).
 */
export function studentT(z: tf.Tensor2D, mu: tf.Tensor2D, alpha: number): tf.Tensor2D {
  const diff = tf.sub(tf.expandDims(z, 1), tf.expandDims(mu, 0));
  const d2 = tf.sum(tf.square(diff), 2) as tf.Tensor2D;
  const base = tf.add(tf.div(d2, alpha), 1);
  const kernel = alpha === 1 ? tf.reciprocal(base) : tf.pow(base, -(alpha + 1) / 2);
  return tf.div(kernel, tf.sum(kernel, 1, true));
}

/**
 * The clustering loss `KL(P || Q) = sum_ij p_ij log(p_ij / q_ij)`, averaged over the batch rows
 * (Xie et al. 2016, eq. 2). `p` is a constant target; zero entries contribute nothing.
 */
export function clusteringKl(p: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  const eps = 1e-10;
  const logRatio = tf.sub(tf.log(tf.add(p, eps)), tf.log(tf.add(q, eps)));
  return tf.div(tf.sum(tf.mul(p, logRatio)), p.shape[0]);
}

/**
 * The target distribution of deep embedded clustering, in place on a flat n x k row-major array
 * of soft assignments: `p_ij = (q_ij^2 / f_j) / sum_j' (q_ij'^2 / f_j')` with cluster frequencies
 * `f_j = sum_i q_ij` (Xie et al. 2016, eq. 3). O(n k).
 */
export function targetDistribution(q: Float64Array, n: number, k: number, out: Float64Array): Float64Array {
  const f = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) f[j] = (f[j] as number) + (q[i * k + j] as number);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const fj = f[j] as number;
      const v = fj > 0 ? (q[i * k + j] as number) ** 2 / fj : 0;
      out[i * k + j] = v;
      s += v;
    }
    if (s > 0) for (let j = 0; j < k; j++) out[i * k + j] = (out[i * k + j] as number) / s;
    else for (let j = 0; j < k; j++) out[i * k + j] = 1 / k;
  }
  return out;
}
