// Static typing of pipelines: run by `vitest` typecheck (see vitest.config.ts typecheck.include).
import { describe, expectTypeOf, it } from 'vitest';
import { AgglomerativeClustering } from '../../src/cluster/agglomerative.js';
import { GaussianMixture } from '../../src/cluster/gmm.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { BaseEstimator, type FitOptions } from '../../src/core/estimator.js';
import type { Matrix, MatrixInput } from '../../src/core/matrix.js';
import { pipeline, type ClusterPipeline, type TransformerPipeline } from '../../src/core/pipeline.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { PCA } from '../../src/reduce/pca.js';

/** A clusterer with fit/fitPredict/labels only, shaped like DBSCAN (transductive: no predict). */
class FakeDBSCAN extends BaseEstimator<{ eps: number }, { nFeaturesIn: number; labels: Int32Array }> {
  static readonly estimatorType = 'FakeDBSCAN';
  constructor(options: { eps?: number } = {}) {
    super({ eps: 0.5 }, options);
  }
  fit(X: MatrixInput, options?: FitOptions): this {
    void X;
    void options;
    return this;
  }
  fitPredict(X: MatrixInput): Int32Array {
    void X;
    return new Int32Array(0);
  }
  get labels(): Int32Array {
    return new Int32Array(0);
  }
}

/** A first step that reads tables of named columns, not matrices. */
interface Table {
  readonly columns: Readonly<Record<string, readonly number[]>>;
}
class TableEncoder extends BaseEstimator<{ sparse: boolean }, { nFeaturesIn: number }> {
  static readonly estimatorType = 'TableEncoder';
  constructor() {
    super({ sparse: false }, {});
  }
  fit(X: Table): this {
    void X;
    return this;
  }
  transform(X: Table): Matrix {
    void X;
    return { rows: 0, cols: 0, data: new Float64Array(0) };
  }
  fitTransform(X: Table): Matrix {
    return this.fit(X).transform(X);
  }
  featureNamesOut(): string[] {
    return [];
  }
}

describe('pipeline types', () => {
  it('a pipeline ending in a DBSCAN-like clusterer has no predict', () => {
    const p = pipeline(new StandardScaler()).cluster(new FakeDBSCAN({ eps: 0.3 }));
    expectTypeOf(p).toHaveProperty('fitPredict');
    expectTypeOf(p).toHaveProperty('labels');
    expectTypeOf(p).not.toHaveProperty('predict');
    expectTypeOf(p).not.toHaveProperty('predictProba');
    // @ts-expect-error DBSCAN assigns only the training rows: no predict
    p.predict([[1, 2]]);
    const agg = pipeline(new StandardScaler()).cluster(new AgglomerativeClustering({ nClusters: 3 }));
    expectTypeOf(agg).not.toHaveProperty('predict');
  });

  it('a pipeline ending in GaussianMixture has predict and predictProba', () => {
    const p = pipeline(new StandardScaler()).pipe(new PCA({ nComponents: 2 })).cluster(new GaussianMixture({ nComponents: 3 }));
    expectTypeOf(p.predictProba).returns.toEqualTypeOf<Matrix>();
    expectTypeOf(p.predict).returns.toEqualTypeOf<Int32Array>();
    expectTypeOf(p.fit([[1, 2]])).toEqualTypeOf(p);
    expectTypeOf(p.clusterer).toEqualTypeOf<GaussianMixture>();
  });

  it('a pipeline ending in KMeans predicts and transforms but has no predictProba', () => {
    const p = pipeline(new StandardScaler()).cluster(new KMeans({ nClusters: 3 }));
    expectTypeOf(p).toHaveProperty('predict');
    expectTypeOf(p).toHaveProperty('transform');
    expectTypeOf(p).not.toHaveProperty('predictProba');
    expectTypeOf(p).toMatchTypeOf<ClusterPipeline<MatrixInput, KMeans, Record<never, never>>>();
  });

  it('a transformer pipeline transforms and has no clustering members', () => {
    const t = pipeline(new StandardScaler()).pipe(new PCA());
    expectTypeOf(t).toEqualTypeOf<TransformerPipeline<MatrixInput, Record<never, never>>>();
    expectTypeOf(t.transform).returns.toEqualTypeOf<Matrix>();
    expectTypeOf(t).not.toHaveProperty('labels');
    expectTypeOf(t).not.toHaveProperty('predict');
  });

  it('a step whose input type does not match fails to compile', () => {
    // @ts-expect-error TableEncoder reads tables, but StandardScaler outputs a Matrix
    pipeline(new StandardScaler()).pipe(new TableEncoder());
    // as the first step it is fine, and the pipeline's input type becomes Table
    const p = pipeline(new TableEncoder()).cluster(new KMeans());
    expectTypeOf(p.fit).parameter(0).toEqualTypeOf<Table>();
    // @ts-expect-error a number[][] is not a Table
    p.predict([[1, 2]]);
    // @ts-expect-error a clusterer without transform cannot be a middle step
    pipeline(new StandardScaler()).pipe(new FakeDBSCAN());
  });

  it('named steps are typed, and so are withParams paths', () => {
    const p = pipeline(['scale', new StandardScaler()]).pipe('pca', new PCA({ nComponents: 2 })).cluster('km', new KMeans());
    expectTypeOf(p.named.pca).toEqualTypeOf<PCA>();
    expectTypeOf(p.step('km')).toEqualTypeOf<KMeans>();
    expectTypeOf(p.withParams({ 'pca.nComponents': 3, 'km.nClusters': 4 })).toEqualTypeOf(p);
    p.withParams({ '1.nComponents': 3 });
    // @ts-expect-error nComponents takes a number or null
    p.withParams({ 'pca.nComponents': 'three' });
    // @ts-expect-error PCA has no nClusters
    p.withParams({ 'pca.nClusters': 3 });
    // @ts-expect-error no step is named 'pcaa'
    p.withParams({ 'pcaa.nComponents': 3 });
  });
});
