// The contract suite over every registered estimator. A registered estimator without a subject
// here fails the last test: add one (a factory of a small, fast, configured instance).
import { describe, expect, it } from 'vitest';
import type { AnyEstimator } from '../src/core/estimator.js';
import { registeredEstimators } from '../src/registry.js';
import { checkEstimator, type CheckEstimatorOptions } from '../src/testing/index.js';
import { StandardScaler } from '../src/preprocess/standard-scaler.js';
import { MinMaxScaler } from '../src/preprocess/minmax-scaler.js';
import { RobustScaler } from '../src/preprocess/robust-scaler.js';
import { MaxAbsScaler } from '../src/preprocess/maxabs-scaler.js';
import { SimpleImputer } from '../src/preprocess/simple-imputer.js';
import { OneHotEncoder } from '../src/preprocess/one-hot-encoder.js';
import { OrdinalEncoder } from '../src/preprocess/ordinal-encoder.js';
import { DateFeatures } from '../src/preprocess/date-features.js';
import { ColumnTransformer } from '../src/preprocess/column-transformer.js';
import { PowerTransformer } from '../src/preprocess/power-transformer.js';
import { QuantileTransformer } from '../src/preprocess/quantile-transformer.js';
import { LogTransformer } from '../src/preprocess/log-transformer.js';
import { VarianceThreshold } from '../src/preprocess/variance-threshold.js';
import { CorrelationFilter } from '../src/preprocess/correlation-filter.js';
import { IQROutliers } from '../src/preprocess/iqr-outliers.js';
import { IsolationForest } from '../src/preprocess/isolation-forest.js';
import { KNNImputer } from '../src/preprocess/knn-imputer.js';
import { KMeans } from '../src/cluster/kmeans.js';
import { MiniBatchKMeans } from '../src/cluster/minibatch-kmeans.js';
import { BisectingKMeans } from '../src/cluster/bisecting-kmeans.js';
import { GaussianMixture } from '../src/cluster/gmm.js';
import { AgglomerativeClustering } from '../src/cluster/agglomerative.js';
import { DBSCAN } from '../src/cluster/dbscan.js';
import { HDBSCAN } from '../src/cluster/hdbscan.js';
import { PCA } from '../src/reduce/pca.js';
import { IncrementalPCA } from '../src/reduce/incremental-pca.js';
import { UMAP } from '../src/reduce/umap.js';
import { pipeline } from '../src/core/pipeline.js';
import { Autoencoder } from '../src/reduce/autoencoder.js';
import { VAE } from '../src/reduce/vae.js';
import { BernoulliRBM } from '../src/reduce/bernoulli-rbm.js';
import { DEC } from '../src/cluster/dec.js';
import { IDEC } from '../src/cluster/idec.js';
import { makeBlobs } from '../src/testing/generators.js';

/** Blobs min-max scaled to [0, 1] (for BernoulliRBM). */
function unitBlobs() {
  const { X, y } = makeBlobs({ nSamples: 45, nFeatures: 3, nCenters: 3, clusterStd: 0.6, randomState: 0 });
  const data = X.data.slice();
  for (let j = 0; j < 3; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < 45; i++) {
      lo = Math.min(lo, data[i * 3 + j] as number);
      hi = Math.max(hi, data[i * 3 + j] as number);
    }
    for (let i = 0; i < 45; i++) data[i * 3 + j] = ((data[i * 3 + j] as number) - lo) / (hi - lo);
  }
  return { X: { rows: 45, cols: 3, data }, y };
}

/** Deep estimators compute in float32: single rows may differ from a batch in the last bits. */
const deep: CheckEstimatorOptions = { rtol: 1e-5 };
const deepClustering = { nClusters: 3, hiddenSizes: [8], nComponents: 2, pretrainEpochs: 8, batchSize: 16, maxIter: 20, updateInterval: 10, nInit: 2 };

interface Subject {
  readonly make: () => AnyEstimator;
  readonly options?: CheckEstimatorOptions;
}

const subjects: Record<string, Subject> = {
  // ---- core
  Pipeline: { make: () => pipeline(new StandardScaler()).pipe(new PCA({ nComponents: 2 })).cluster(new KMeans({ nClusters: 3 })) as unknown as AnyEstimator },
  // ---- preprocess
  StandardScaler: { make: () => new StandardScaler() },
  MinMaxScaler: { make: () => new MinMaxScaler() },
  RobustScaler: { make: () => new RobustScaler() },
  MaxAbsScaler: { make: () => new MaxAbsScaler() },
  SimpleImputer: { make: () => new SimpleImputer({ addIndicator: true }), options: { allowNaN: true } },
  OneHotEncoder: { make: () => new OneHotEncoder(), options: { allowNaN: true } },
  OrdinalEncoder: { make: () => new OrdinalEncoder(), options: { allowNaN: true } },
  DateFeatures: { make: () => new DateFeatures({ features: ['daysSince', 'dayOfWeek'] }), options: { allowNaN: true } },
  ColumnTransformer: { make: () => new ColumnTransformer({ transformers: [{ name: 'scaled', columns: ['x0'], steps: [new SimpleImputer(), new StandardScaler()] }], remainder: 'passthrough' }) },
  PowerTransformer: { make: () => new PowerTransformer() },
  QuantileTransformer: { make: () => new QuantileTransformer({ nQuantiles: 20, outputDistribution: 'normal' }) },
  LogTransformer: { make: () => new LogTransformer({ offset: 'auto' }) },
  VarianceThreshold: { make: () => new VarianceThreshold({ threshold: 0.5 }) },
  CorrelationFilter: { make: () => new CorrelationFilter({ threshold: 0.5, keep: 'variance' }) },
  IQROutliers: { make: () => new IQROutliers({ k: 0.5, mode: 'clip' }) },
  IsolationForest: { make: () => new IsolationForest({ nEstimators: 20, contamination: 0.1 }) },
  KNNImputer: { make: () => new KNNImputer({ nNeighbors: 3, weights: 'distance', addIndicator: true }), options: { allowNaN: true } },
  // ---- reduce
  PCA: { make: () => new PCA({ nComponents: 2 }) },
  IncrementalPCA: { make: () => new IncrementalPCA({ nComponents: 2, batchSize: 20 }) },
  UMAP: {
    make: () => new UMAP({ nNeighbors: 8, nEpochs: 30 }),
    options: {
      expectedFailures: {
        transformerConsistency: 'fitTransform returns the training embedding; transform re-places rows by a short optimisation (as umap-learn)',
        rowwiseInvariance: 'transform optimises the new rows jointly (shared negative sampling), so a row placed alone lands elsewhere',
      },
    },
  },
  Autoencoder: { make: () => new Autoencoder({ hiddenSizes: [4], nComponents: 2, epochs: 3, batchSize: 16 }), options: deep },
  VAE: { make: () => new VAE({ hiddenSizes: [4], nComponents: 2, epochs: 3, batchSize: 16 }), options: deep },
  BernoulliRBM: { make: () => new BernoulliRBM({ nComponents: 4, nIter: 3 }), options: unitBlobs() },
  // ---- cluster
  KMeans: { make: () => new KMeans({ nClusters: 3 }) },
  MiniBatchKMeans: { make: () => new MiniBatchKMeans({ nClusters: 3, batchSize: 16 }) },
  BisectingKMeans: { make: () => new BisectingKMeans({ nClusters: 3 }) },
  GaussianMixture: { make: () => new GaussianMixture({ nComponents: 3 }) },
  AgglomerativeClustering: { make: () => new AgglomerativeClustering({ nClusters: 3 }) },
  DBSCAN: { make: () => new DBSCAN({ eps: 0.6, minSamples: 4 }) },
  HDBSCAN: { make: () => new HDBSCAN({ minClusterSize: 5 }) },
  DEC: { make: () => new DEC(deepClustering), options: deep },
  IDEC: { make: () => new IDEC(deepClustering), options: deep },
};

describe('contract suite', () => {
  for (const [type, subject] of Object.entries(subjects)) {
    it(`${type} passes checkEstimator`, () => {
      const results = checkEstimator(subject.make, subject.options);
      expect(results.filter((r) => r.status === 'failed')).toEqual([]);
    });
  }

  it('every registered estimator has a contract subject', () => {
    const missing = registeredEstimators().filter((t) => !(t in subjects));
    expect(missing, `add contract subjects in test/contract.test.ts for: ${missing.join(', ')}`).toEqual([]);
  });
});
