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
import { KMeans } from '../src/cluster/kmeans.js';
import { MiniBatchKMeans } from '../src/cluster/minibatch-kmeans.js';
import { BisectingKMeans } from '../src/cluster/bisecting-kmeans.js';
import { GaussianMixture } from '../src/cluster/gmm.js';
import { AgglomerativeClustering } from '../src/cluster/agglomerative.js';
import { DBSCAN } from '../src/cluster/dbscan.js';
import { HDBSCAN } from '../src/cluster/hdbscan.js';
import { PCA } from '../src/reduce/pca.js';
import { IncrementalPCA } from '../src/reduce/incremental-pca.js';
import { pipeline } from '../src/core/pipeline.js';

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
  // ---- reduce
  PCA: { make: () => new PCA({ nComponents: 2 }) },
  IncrementalPCA: { make: () => new IncrementalPCA({ nComponents: 2, batchSize: 20 }) },
  // ---- cluster
  KMeans: { make: () => new KMeans({ nClusters: 3 }) },
  MiniBatchKMeans: { make: () => new MiniBatchKMeans({ nClusters: 3, batchSize: 16 }) },
  BisectingKMeans: { make: () => new BisectingKMeans({ nClusters: 3 }) },
  GaussianMixture: { make: () => new GaussianMixture({ nComponents: 3 }) },
  AgglomerativeClustering: { make: () => new AgglomerativeClustering({ nClusters: 3 }) },
  DBSCAN: { make: () => new DBSCAN({ eps: 0.6, minSamples: 4 }) },
  HDBSCAN: { make: () => new HDBSCAN({ minClusterSize: 5 }) },
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
