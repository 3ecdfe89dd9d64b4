import { describe, expect, it } from 'vitest';
import { AgglomerativeClustering } from '../../src/cluster/agglomerative.js';
import { GaussianMixture } from '../../src/cluster/gmm.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { InvalidParameterError, NotFittedError, SerializationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { Pipeline, pipeline } from '../../src/core/pipeline.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { PCA } from '../../src/reduce/pca.js';
import { fromJSON } from '../../src/registry.js';
import { allClose } from '../../src/testing/asserts.js';
import { makeBlobs } from '../../src/testing/generators.js';

const { X } = makeBlobs({ nSamples: 60, nFeatures: 4, nCenters: 3, clusterStd: 0.8, randomState: 1 });
const Xnew = makeBlobs({ nSamples: 10, nFeatures: 4, nCenters: 3, clusterStd: 0.8, randomState: 2 }).X;

function build() {
  return pipeline(['scale', new StandardScaler()])
    .pipe('pca', new PCA({ nComponents: 2 }))
    .cluster('kmeans', new KMeans({ nClusters: 3 }));
}

describe('pipeline composition', () => {
  it('equals fitting the steps by hand', () => {
    const p = build().fit(X);
    const scaler = new StandardScaler().fit(X);
    const pca = new PCA({ nComponents: 2 }).fit(scaler.transform(X));
    const km = new KMeans({ nClusters: 3 }).fit(pca.transform(scaler.transform(X)));
    expect(Array.from(p.labels)).toEqual(Array.from(km.labels));
    expect(Array.from(p.predict(Xnew))).toEqual(Array.from(km.predict(pca.transform(scaler.transform(Xnew)))));
    allClose(p.transform(Xnew), km.transform(pca.transform(scaler.transform(Xnew))), { rtol: 0 });
    expect(Array.from(build().fitPredict(X))).toEqual(Array.from(p.labels));
    expect(p.nFeaturesIn).toBe(4);
    expect(p.isFitted).toBe(true);
  });

  it('gives typed access to named steps, by name and index', () => {
    const p = build().fit(X);
    expect(p.named.pca).toBeInstanceOf(PCA);
    expect(p.named.pca.nComponents).toBe(2);
    expect(p.step('scale')).toBeInstanceOf(StandardScaler);
    expect(p.step(1)).toBe(p.named.pca);
    expect(p.step(-1)).toBe(p.named.kmeans);
    expect(p.clusterer).toBe(p.named.kmeans);
    expect(p.steps.map((s) => s.name)).toEqual(['scale', 'pca', 'kmeans']);
    expect(() => p.step('nope')).toThrow(/Pipeline has no step 'nope'. Steps are: 0 'scale', 1 'pca', 2 'kmeans'/);
    expect(() => p.step(3)).toThrow(InvalidParameterError);
  });

  it('names unnamed steps after their type', () => {
    const p = pipeline(new StandardScaler()).pipe(new StandardScaler()).pipe(new PCA());
    expect(p.steps.map((s) => s.name)).toEqual(['standardscaler', 'standardscaler-2', 'pca']);
    expect(() => pipeline(['a', new StandardScaler()]).pipe('a', new PCA())).toThrow(/'a' is used twice/);
    expect(() => pipeline(['a.b', new StandardScaler()])).toThrow(/without '\.'/);
  });

  it('lets featureNamesOut flow through the steps', () => {
    const p = pipeline(new StandardScaler()).pipe(new PCA({ nComponents: 2 })).fit(X);
    expect(p.featureNamesOut(['recency', 'frequency', 'monetary', 'tenure'])).toEqual(['pca0', 'pca1']);
    const c = build().fit(X);
    expect(c.featureNamesAt('scale', ['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(c.featureNamesAt(-2)).toEqual(['pca0', 'pca1']);
    expect(c.featureNamesOut()).toEqual(['kmeans0', 'kmeans1', 'kmeans2']);
  });

  it('withParams changes step parameters by name or index and returns an unfitted copy', () => {
    const p = build().fit(X);
    const q = p.withParams({ 'pca.nComponents': 3, '2.nClusters': 2 });
    expect(q.isFitted).toBe(false);
    expect(q.named.pca.params.nComponents).toBe(3);
    expect(q.named.kmeans.params.nClusters).toBe(2);
    expect(q.named.scale).not.toBe(p.named.scale);
    expect(p.named.pca.params.nComponents).toBe(2);
    q.fit(X);
    expect(q.transform(X).cols).toBe(2);
    expect(() => p.withParams({ 'nope.x': 1 } as never)).toThrow(/has no step 'nope'/);
    expect(() => p.withParams({ nComponents: 1 } as never)).toThrow(/keys '<step name or index>.<parameter>'/);
  });

  it('clone gives an independent unfitted pipeline with the same parameters', () => {
    const p = build().fit(X);
    const c = p.clone();
    expect(c.isFitted).toBe(false);
    expect(c.named.pca).not.toBe(p.named.pca);
    expect(JSON.stringify(c.getParams())).toBe(JSON.stringify(p.getParams()));
    c.fit(X);
    expect(Array.from(c.labels)).toEqual(Array.from(p.labels));
  });

  it('exposes only what the last step supports, at run time too', () => {
    const agg = new Pipeline().pipe(new StandardScaler()).cluster(new AgglomerativeClustering({ nClusters: 3 }));
    expect(agg.predict).toBeUndefined();
    expect(agg.predictProba).toBeUndefined();
    expect(typeof agg.fitPredict).toBe('function');
    const gmm = new Pipeline().pipe(new StandardScaler()).cluster(new GaussianMixture({ nComponents: 3 })).fit(X);
    const proba = gmm.predictProba?.(Xnew) as Matrix;
    expect(proba.cols).toBe(3);
    expect(gmm.predict?.(Xnew)).toBeInstanceOf(Int32Array);
    const t = new Pipeline().pipe(new StandardScaler()).pipe(new PCA());
    expect(t.fitPredict).toBeUndefined();
    expect(() => t.labels).toThrow(NotFittedError);
    t.fit(X);
    expect(() => t.labels).toThrow(/has no 'labels'/);
    allClose(t.inverseTransform?.(t.transform?.(X) as Matrix) as Matrix, X, { rtol: 1e-9, atol: 1e-9 });
  });

  it('rejects malformed pipelines with typed errors', () => {
    expect(() => new Pipeline().fit(X)).toThrow(/needs at least one step/);
    const mid = new Pipeline({ steps: [{ name: 'agg', estimator: new AgglomerativeClustering() }, { name: 'km', estimator: new KMeans() }] });
    expect(() => mid.fit(X)).toThrow(/step 0 \(AgglomerativeClustering\) has no 'transform'/);
    expect(() => new Pipeline({ steps: 'x' as never }).fit(X)).toThrow(/The 'steps' parameter of Pipeline must be/);
    expect(() => build().predict(X)).toThrow(NotFittedError);
    expect(() => build().fit(X).predict([[1, 2]])).toThrow(/2 features, but StandardScaler is expecting 4/);
    expect(() => (pipeline as (s: unknown) => unknown)({})).toThrow(InvalidParameterError);
  });

  it('passes sampleWeight to the last step only', () => {
    const w = Array.from({ length: X.rows }, (_, i) => (i % 3) + 1);
    const p = pipeline(new StandardScaler()).cluster(new KMeans({ nClusters: 3 })).fit(X, { sampleWeight: w });
    const scaler = new StandardScaler().fit(X);
    const km = new KMeans({ nClusters: 3 }).fit(scaler.transform(X), { sampleWeight: w });
    expect(Array.from(p.labels)).toEqual(Array.from(km.labels));
  });
});

describe('pipeline persistence', () => {
  it('round-trips whole, with bit-identical predictions', () => {
    const p = build().fit(X);
    const text = JSON.stringify(p);
    const doc = JSON.parse(text) as { type: string; params: { steps: { name: string; estimator: { type: string } }[] }; state: unknown };
    expect(doc.type).toBe('Pipeline');
    expect(doc.params.steps.map((s) => [s.name, s.estimator.type])).toEqual([
      ['scale', 'StandardScaler'],
      ['pca', 'PCA'],
      ['kmeans', 'KMeans'],
    ]);
    expect(doc.state).toEqual({ nFeaturesIn: 4 });
    for (const back of [fromJSON(text) as Pipeline, Pipeline.fromJSON(doc)]) {
      expect(back.isFitted).toBe(true);
      expect(Array.from(back.predict?.(Xnew) ?? [])).toEqual(Array.from(p.predict(Xnew)));
      expect(Array.from((back.transform?.(Xnew) as Matrix).data)).toEqual(Array.from(p.transform(Xnew).data));
      expect(Array.from(back.labels)).toEqual(Array.from(p.labels));
      expect(JSON.stringify(back)).toBe(text);
      expect(back.named.pca).toBeInstanceOf(PCA);
    }
    const unfitted = fromJSON(JSON.stringify(build())) as Pipeline;
    expect(unfitted.isFitted).toBe(false);
    expect(unfitted.steps).toHaveLength(3);
  });

  it('nests pipelines', () => {
    const inner = pipeline(['scale', new StandardScaler()]).pipe('pca', new PCA({ nComponents: 3 }));
    const outer = new Pipeline().pipe('prep', inner as unknown as Pipeline).cluster('km', new KMeans({ nClusters: 3 })).fit(X);
    const back = fromJSON(JSON.stringify(outer)) as Pipeline;
    expect(Array.from(back.predict?.(Xnew) ?? [])).toEqual(Array.from(outer.predict?.(Xnew) ?? []));
    const changed = outer.withParams({ 'prep.pca.nComponents': 2 });
    expect(((changed.step('prep') as Pipeline).step('pca') as PCA).params.nComponents).toBe(2);
  });

  it('treats documents as untrusted', () => {
    const p = build().fit(X);
    const base = () => JSON.parse(JSON.stringify(p)) as { params: { steps: { name: unknown; estimator: Record<string, unknown> }[] }; state: unknown } & Record<string, unknown>;
    const cases: [string, (d: ReturnType<typeof base>) => unknown][] = [
      ['unknown nested type', (d) => ((d.params.steps[1] as { estimator: Record<string, unknown> }).estimator.type = 'Evil')],
      ['newer nested version', (d) => ((d.params.steps[0] as { estimator: Record<string, unknown> }).estimator.version = 99)],
      ['fitted marker with an unfitted step', (d) => ((d.params.steps[2] as { estimator: Record<string, unknown> }).estimator.state = null)],
      ['steps not an array', (d) => ((d.params as Record<string, unknown>).steps = { 0: 1 })],
      ['extra step key', (d) => ((d.params.steps[0] as Record<string, unknown>).extra = 1)],
      ['extra params key', (d) => ((d.params as Record<string, unknown>).other = 1)],
      ['step name not a string', (d) => ((d.params.steps[0] as Record<string, unknown>).name = 5)],
      ['duplicate names', (d) => ((d.params.steps[1] as Record<string, unknown>).name = 'scale')],
      ['wrong nFeaturesIn', (d) => (d.state = { nFeaturesIn: 7 })],
      ['unknown state field', (d) => (d.state = { nFeaturesIn: 4, x: 1 })],
      ['a non-transformer in the middle', (d) => d.params.steps.reverse()],
    ];
    for (const [what, mutate] of cases) {
      const d = base();
      mutate(d);
      expect(() => fromJSON(d), what).toThrow(SerializationError);
    }
    const polluted = JSON.stringify(p).replace('"name":"pca"', '"name":"pca","__proto__":{"polluted":1}');
    expect(() => fromJSON(polluted)).toThrow(/forbidden key '__proto__'/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
