/**
 * The registry: every built-in estimator class listed once. `fromJSON` restores any registered
 * type; the contract suite runs over the same list.
 *
 * @packageDocumentation
 */
import { SerializationError } from './core/errors.js';
import type { AnyEstimator, EstimatorClass } from './core/estimator.js';
import { messages } from './core/messages.js';
import { readHeader } from './core/serialize.js';
import { Pipeline, setPipelineReviver } from './core/pipeline.js';
// ---- preprocess
import { StandardScaler } from './preprocess/standard-scaler.js';
import { MinMaxScaler } from './preprocess/minmax-scaler.js';
import { RobustScaler } from './preprocess/robust-scaler.js';
import { MaxAbsScaler } from './preprocess/maxabs-scaler.js';
import { SimpleImputer } from './preprocess/simple-imputer.js';
import { OneHotEncoder } from './preprocess/one-hot-encoder.js';
import { OrdinalEncoder } from './preprocess/ordinal-encoder.js';
import { DateFeatures } from './preprocess/date-features.js';
import { ColumnTransformer } from './preprocess/column-transformer.js';
import { PowerTransformer } from './preprocess/power-transformer.js';
import { QuantileTransformer } from './preprocess/quantile-transformer.js';
import { LogTransformer } from './preprocess/log-transformer.js';
import { VarianceThreshold } from './preprocess/variance-threshold.js';
import { CorrelationFilter } from './preprocess/correlation-filter.js';
import { IQROutliers } from './preprocess/iqr-outliers.js';
import { IsolationForest } from './preprocess/isolation-forest.js';
import { KNNImputer } from './preprocess/knn-imputer.js';
// ---- reduce
import { PCA } from './reduce/pca.js';
import { IncrementalPCA } from './reduce/incremental-pca.js';
import { UMAP } from './reduce/umap.js';
import { Autoencoder } from './reduce/autoencoder.js';
import { VAE } from './reduce/vae.js';
import { BernoulliRBM } from './reduce/bernoulli-rbm.js';
// ---- cluster
import { KMeans } from './cluster/kmeans.js';
import { MiniBatchKMeans } from './cluster/minibatch-kmeans.js';
import { BisectingKMeans } from './cluster/bisecting-kmeans.js';
import { AgglomerativeClustering } from './cluster/agglomerative.js';
import { DBSCAN } from './cluster/dbscan.js';
import { HDBSCAN } from './cluster/hdbscan.js';
import { GaussianMixture } from './cluster/gmm.js';
import { DEC } from './cluster/dec.js';
import { IDEC } from './cluster/idec.js';

const builtIns: readonly EstimatorClass[] = [
  // core
  Pipeline,
  // preprocess
  StandardScaler,
  MinMaxScaler,
  RobustScaler,
  MaxAbsScaler,
  SimpleImputer,
  OneHotEncoder,
  OrdinalEncoder,
  DateFeatures,
  ColumnTransformer,
  PowerTransformer,
  QuantileTransformer,
  LogTransformer,
  VarianceThreshold,
  CorrelationFilter,
  IQROutliers,
  IsolationForest,
  KNNImputer,
  // reduce
  PCA,
  IncrementalPCA,
  UMAP,
  Autoencoder,
  VAE,
  BernoulliRBM,
  // cluster
  KMeans,
  MiniBatchKMeans,
  BisectingKMeans,
  AgglomerativeClustering,
  DBSCAN,
  HDBSCAN,
  DEC,
  IDEC,
  GaussianMixture,
];

const registry = new Map<string, EstimatorClass>(builtIns.map((c) => [c.estimatorType, c]));

/**
 * Registers an estimator class so {@link fromJSON} can restore it (for estimators defined outside
 * segmentkit). Built-in classes are registered already.
 *
 * @throws TypeError when another class is registered under the same type name.
 * @example
 * ```ts
 * import { registerEstimator, KMeans } from 'segmentkit';
 * registerEstimator(KMeans); // already registered: no-op
 * ```
 */
export function registerEstimator(cls: EstimatorClass): void {
  const existing = registry.get(cls.estimatorType);
  if (existing !== undefined && existing !== cls) {
    throw new TypeError(`An estimator type named '${cls.estimatorType}' is already registered.`);
  }
  registry.set(cls.estimatorType, cls);
}

/**
 * The type names of every registered estimator, in registration order.
 *
 * @example
 * ```ts
 * import { registeredEstimators } from 'segmentkit';
 * console.log(registeredEstimators().includes('KMeans')); // true
 * ```
 */
export function registeredEstimators(): string[] {
  return [...registry.keys()];
}

/**
 * The class registered under a type name, or undefined.
 *
 * @example
 * ```ts
 * import { estimatorClass } from 'segmentkit';
 * console.log(estimatorClass('KMeans')?.estimatorType); // 'KMeans'
 * ```
 */
export function estimatorClass(type: string): EstimatorClass | undefined {
  return registry.get(type);
}

/**
 * Restores any registered estimator (or pipeline) from its `toJSON()` document, without fitting.
 * The document is treated as untrusted.
 *
 * @throws {@link SerializationError} for a document that is not valid JSON or not an object, has
 *   the wrong format, a newer version, an unknown type, invalid params, malformed or inconsistent
 *   state, or prototype-polluting keys.
 * @example
 * ```ts
 * import { fromJSON, KMeans } from 'segmentkit';
 * const km = new KMeans({ nClusters: 2 }).fit([[0], [1], [10], [11]]);
 * const restored = fromJSON(JSON.stringify(km)) as KMeans;
 * console.log(restored.predict([[0.5]])[0] === km.predict([[0.5]])[0]); // true
 * ```
 */
export function fromJSON(json: unknown): AnyEstimator {
  const { type } = readHeader(json);
  const cls = registry.get(type);
  if (cls === undefined) throw new SerializationError(messages.serialization.unknownType(type, registeredEstimators()));
  const parsed = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  return (cls as unknown as { fromJSON(j: unknown, ctx: { reviveEstimator: (d: unknown) => unknown }): AnyEstimator }).fromJSON(parsed, {
    reviveEstimator: fromJSON,
  });
}

// Pipeline.fromJSON called directly restores its nested steps through this registry.
setPipelineReviver(fromJSON);
