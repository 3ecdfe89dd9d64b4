import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, SerializationError, ValidationError } from '../../src/core/errors.js';
import { UMAP } from '../../src/reduce/umap.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand } from '../../src/testing/asserts.js';
import { makeBlobs } from '../../src/testing/generators.js';
import { KMeans } from '../../src/cluster/kmeans.js';

const { X, y } = makeBlobs({ nSamples: 90, nFeatures: 6, nCenters: 3, clusterStd: 0.5, randomState: 3 });
const Xnew = makeBlobs({ nSamples: 12, nFeatures: 6, nCenters: 3, clusterStd: 0.5, randomState: 3 }).X;

describe('UMAP', () => {
  const umap = new UMAP({ nNeighbors: 10, nEpochs: 100 }).fit(X);

  it('embeds well-separated blobs into separated groups', () => {
    const e = umap.embedding;
    expect([e.rows, e.cols]).toEqual([90, 2]);
    const labels = new KMeans({ nClusters: 3 }).fitPredict(e);
    expect(adjustedRand(labels, y)).toBeGreaterThan(0.9);
    expect(umap.featureNamesOut()).toEqual(['umap0', 'umap1']);
    expect(umap.nEpochs).toBe(100);
  });

  it('is reproducible from randomState and changes with it', () => {
    const again = new UMAP({ nNeighbors: 10, nEpochs: 100 }).fit(X);
    expect(Array.from(again.embedding.data)).toEqual(Array.from(umap.embedding.data));
    const other = new UMAP({ nNeighbors: 10, nEpochs: 100, randomState: 7 }).fit(X);
    expect(Array.from(other.embedding.data)).not.toEqual(Array.from(umap.embedding.data));
  });

  it('transforms new points deterministically, near their blob, without changing the model', () => {
    const before = JSON.stringify(umap);
    const a = umap.transform(Xnew);
    const b = umap.transform(Xnew);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    // as many rows as the training set: umap-js would move the training embedding; ours must not
    umap.transform(X);
    expect(JSON.stringify(umap)).toBe(before);
    // each new point lands closer to the centroid of its own blob's training points
    const e = umap.embedding;
    const truth = makeBlobs({ nSamples: 12, nFeatures: 6, nCenters: 3, clusterStd: 0.5, randomState: 3 }).y;
    const centroid = (label: number) => {
      let cx = 0, cy = 0, n = 0;
      for (let i = 0; i < e.rows; i++) if (y[i] === label) { cx += e.data[i * 2] as number; cy += e.data[i * 2 + 1] as number; n++; }
      return [cx / n, cy / n] as const;
    };
    const cs = [0, 1, 2].map(centroid);
    let right = 0;
    for (let i = 0; i < a.rows; i++) {
      const d = cs.map(([cx, cy]) => Math.hypot((a.data[i * 2] as number) - cx, (a.data[i * 2 + 1] as number) - cy));
      if (d.indexOf(Math.min(...d)) === truth[i]) right++;
    }
    expect(right).toBeGreaterThanOrEqual(11);
  });

  it('restored from JSON, transforms exactly as the original', () => {
    const text = JSON.stringify(umap);
    const back = fromJSON(text) as UMAP;
    expect(Array.from(back.embedding.data)).toEqual(Array.from(umap.embedding.data));
    expect(Array.from(back.transform(Xnew).data)).toEqual(Array.from(umap.transform(Xnew).data));
    // documented size: training rows + embedding as base64 float64
    expect(text.length).toBeLessThan(((90 * (6 + 2) * 8) / 3) * 4 + 2000);
  });

  it('supports the cosine metric and 3 components', () => {
    const u = new UMAP({ nNeighbors: 8, nEpochs: 30, metric: 'cosine', nComponents: 3 }).fit(X);
    expect(u.embedding.cols).toBe(3);
    expect(u.transform(Xnew).cols).toBe(3);
  });

  it('reports progress, can be aborted, and rejects bad input', () => {
    const steps: number[] = [];
    new UMAP({ nNeighbors: 5, nEpochs: 20 }).fit(X, { onProgress: (p) => steps.push(p.step) });
    expect(steps.at(-1)).toBe(20);
    const ctl = new AbortController();
    ctl.abort();
    expect(() => new UMAP({ nNeighbors: 5, nEpochs: 20 }).fit(X, { signal: ctl.signal })).toThrow(/aborted/);
    expect(() => new UMAP({ nNeighbors: 15 }).fit(X.data.length ? [[1, 2], [3, 4]] : [])).toThrow(ValidationError);
    expect(() => new UMAP({ nNeighbors: 1 }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new UMAP().transform(X)).toThrow(NotFittedError);
    expect(() => umap.transform([[1, 2]])).toThrow(/2 features, but UMAP is expecting 6/);
    const doc = JSON.parse(JSON.stringify(umap)) as { state: { embedding: { rows: number } } };
    doc.state.embedding.rows = 5;
    expect(() => fromJSON(doc)).toThrow(SerializationError);
  });
});
