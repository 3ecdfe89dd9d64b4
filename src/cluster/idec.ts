/**
 * IDEC: improved deep embedded clustering with local structure preservation.
 *
 * @packageDocumentation
 */
import type { ParamConstraints } from '../core/params.js';
import { DEC_CONSTRAINTS, DEC_DEFAULTS, DeepClusteringBase, positive, type DECOptions, type DECParams } from './dec.js';

/** Options of {@link IDEC}: DEC's plus the weight of the clustering loss. */
export interface IDECOptions extends DECOptions {
  /**
   * Weight gamma of the clustering loss next to the reconstruction loss, `L = Lr + gamma Lc`
   * (the IDEC paper's coefficient). @defaultValue 0.1
   */
  readonly gamma?: number;
}

/** Parameters of {@link IDEC} after defaults. */
export type IDECParams = DECParams & { readonly gamma: number };

/** Defaults of {@link IDEC}. */
export const IDEC_DEFAULTS: Readonly<IDECParams> = Object.freeze({ ...DEC_DEFAULTS, gamma: 0.1 });

/**
 * Improved Deep Embedded Clustering: DEC that keeps training the decoder, so the embedding
 * preserves the data's local structure while the clusters sharpen.
 *
 * @remarks
 * As {@link DEC} (autoencoder pretraining, k-means or the N2D start on the codes, Student-t soft assignments,
 * target updates every `updateInterval` batches, stop when fewer than `tol` of the labels change),
 * but the self-training loss is `MSE(x, decode(encode(x))) + gamma KL(P || Q)` and the decoder is
 * trained too, which keeps the embedding from collapsing. Each batch costs about 6 x (autoencoder
 * weights) flops per row. Reference: Guo, Gao, Liu and Yin, "Improved Deep Embedded Clustering
 * with Local Structure Preservation", IJCAI 2017.
 *
 * @throws {@link InvalidParameterError} from fit on invalid options
 * @throws {@link ValidationError} from fit when nClusters exceeds the rows, nComponents the features, or on NaN
 * @throws {@link AbortError} when the signal fires; the previous state is kept
 * @example
 * ```ts
 * import { IDEC } from 'segmentkit';
 * const X = Array.from({ length: 30 }, (_, i) => (i < 15 ? [0, 0, 0] : [3, 3, 3]).map((v, j) => v + ((i * 7 + j) % 5) / 10));
 * const idec = new IDEC({ nClusters: 2, hiddenSizes: [8], pretrainEpochs: 20, maxIter: 50, updateInterval: 10 }).fit(X);
 * console.log(idec.labels[0] !== idec.labels[29], idec.clusterCenters.rows); // true 2
 * ```
 */
export class IDEC extends DeepClusteringBase<IDECParams> {
  /** Stable type name. */
  static readonly estimatorType = 'IDEC';
  /** Defaults of every parameter. */
  static readonly defaults = IDEC_DEFAULTS;
  /** Parameter constraints, checked in fit. */
  static readonly constraints: ParamConstraints<IDECParams> = { ...DEC_CONSTRAINTS, gamma: [positive] };

  /** @param options - see {@link IDECOptions} */
  constructor(options: IDECOptions = {}) {
    super(IDEC_DEFAULTS, options);
  }

  protected clusteringWeight(): number | null {
    return this.params.gamma;
  }
}
