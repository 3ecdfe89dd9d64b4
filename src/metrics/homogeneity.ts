/**
 * Conditional-entropy scores against known classes: homogeneity, completeness and V-measure.
 *
 * @packageDocumentation
 */
import { num } from '../core/params.js';
import { contingencyOf, entropyOfCounts } from './_labels.js';
import { mutualInfoOfContingency } from './mutual-info.js';
import { resolveOptions } from './_options.js';

/** Options of {@link vMeasureScore} and {@link homogeneityCompletenessVMeasure}. */
export interface VMeasureOptions {
  /**
   * Weight of completeness relative to homogeneity in the V-measure: above 1 favours completeness,
   * below 1 homogeneity. @defaultValue 1
   */
  readonly beta?: number;
}

/** The three scores of {@link homogeneityCompletenessVMeasure}. */
export interface HomogeneityCompletenessVMeasure {
  /** 1 when every cluster holds members of a single class. */
  readonly homogeneity: number;
  /** 1 when all members of each class are in the same cluster. */
  readonly completeness: number;
  /** The weighted harmonic mean of the two. */
  readonly vMeasure: number;
}

function compute(fn: string, labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>, options: VMeasureOptions): HomogeneityCompletenessVMeasure {
  const { beta } = resolveOptions(fn, { beta: 1 }, options, { beta: [num({ min: 0 })] });
  const s = contingencyOf(fn, labelsTrue, labelsPred);
  if (s.n === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const entropyC = entropyOfCounts(s.rowSums);
  const entropyK = entropyOfCounts(s.colSums);
  const mi = mutualInfoOfContingency(s);
  const homogeneity = entropyC !== 0 ? mi / entropyC : 1;
  const completeness = entropyK !== 0 ? mi / entropyK : 1;
  const vMeasure =
    homogeneity + completeness === 0 ? 0 : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/**
 * Homogeneity, completeness and V-measure at once (Rosenberg and Hirschberg 2007). scikit-learn's
 * `homogeneity_completeness_v_measure`.
 *
 * @remarks
 * homogeneity = 1 - H(C|K)/H(C) = MI/H(C), completeness = MI/H(K) (each 1 when its entropy is 0),
 * V = (1 + beta) h c / (beta h + c). All in [0, 1]; empty input gives 1, 1, 1. Noise (-1) is an
 * ordinary label. O(n log n) at worst. Reference: A. Rosenberg and J. Hirschberg (2007),
 * "V-Measure: a conditional entropy-based external cluster evaluation measure", EMNLP.
 *
 * @param labelsTrue - class labels (integers >= -1)
 * @param labelsPred - cluster labels, same length
 * @param options - `beta`, see {@link VMeasureOptions}
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @throws {@link InvalidParameterError} when `beta` is negative or not finite
 * @example
 * ```ts
 * import { homogeneityCompletenessVMeasure } from 'segmentkit';
 * const r = homogeneityCompletenessVMeasure([0, 0, 1, 1], [0, 0, 1, 2]);
 * console.log(r.homogeneity.toFixed(3), r.completeness.toFixed(3)); // '1.000' '0.667'
 * ```
 */
export function homogeneityCompletenessVMeasure(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
  options: VMeasureOptions = {},
): HomogeneityCompletenessVMeasure {
  return compute('homogeneityCompletenessVMeasure', labelsTrue, labelsPred, options);
}

/**
 * Homogeneity: 1 when each cluster contains only members of a single class. scikit-learn's
 * `homogeneity_score`.
 *
 * @remarks
 * MI / H(labelsTrue), 1 when H(labelsTrue) = 0. Not symmetric: swapping the arguments gives
 * {@link completenessScore}. See {@link homogeneityCompletenessVMeasure}.
 *
 * @param labelsTrue - class labels (integers >= -1)
 * @param labelsPred - cluster labels, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { homogeneityScore } from 'segmentkit';
 * console.log(homogeneityScore([0, 0, 1, 1], [0, 1, 2, 3])); // 1
 * ```
 */
export function homogeneityScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  return compute('homogeneityScore', labelsTrue, labelsPred, {}).homogeneity;
}

/**
 * Completeness: 1 when all members of each class are assigned to the same cluster. scikit-learn's
 * `completeness_score`.
 *
 * @remarks
 * MI / H(labelsPred), 1 when H(labelsPred) = 0. See {@link homogeneityCompletenessVMeasure}.
 *
 * @param labelsTrue - class labels (integers >= -1)
 * @param labelsPred - cluster labels, same length
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @example
 * ```ts
 * import { completenessScore } from 'segmentkit';
 * console.log(completenessScore([0, 0, 1, 1], [0, 0, 0, 0])); // 1
 * ```
 */
export function completenessScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>): number {
  return compute('completenessScore', labelsTrue, labelsPred, {}).completeness;
}

/**
 * V-measure: the weighted harmonic mean of homogeneity and completeness. scikit-learn's
 * `v_measure_score`; with beta = 1 it equals NMI with arithmetic averaging.
 *
 * @remarks See {@link homogeneityCompletenessVMeasure}. Symmetric when beta = 1.
 *
 * @param labelsTrue - class labels (integers >= -1)
 * @param labelsPred - cluster labels, same length
 * @param options - `beta`, see {@link VMeasureOptions}
 * @throws {@link ValidationError} when a label is not an integer >= -1 or the lengths differ
 * @throws {@link InvalidParameterError} when `beta` is negative or not finite
 * @example
 * ```ts
 * import { vMeasureScore } from 'segmentkit';
 * console.log(vMeasureScore([0, 0, 1, 1], [1, 1, 0, 0])); // 1
 * ```
 */
export function vMeasureScore(labelsTrue: ArrayLike<number>, labelsPred: ArrayLike<number>, options: VMeasureOptions = {}): number {
  return compute('vMeasureScore', labelsTrue, labelsPred, options).vMeasure;
}
