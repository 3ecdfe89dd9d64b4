// Fits seeded estimators and prints their documents as JSON. Run by Node (vitest) and by Deno;
// test/deno/deno.test.ts checks the two outputs are byte-identical.
import { KMeans } from '../../src/cluster/kmeans.js';
import { GaussianMixture } from '../../src/cluster/gmm.js';
import { Rng } from '../../src/core/random.js';
import { makeBlobs } from '../../src/testing/generators.js';

export function fitAll(): string {
  const { X } = makeBlobs({ nSamples: 300, nFeatures: 5, nCenters: 4, randomState: 3 });
  const models = [
    new KMeans({ nClusters: 4, randomState: 7 }).fit(X),
    new KMeans({ nClusters: 3, init: 'random', nInit: 3 }).fit(X),
    new GaussianMixture({ nComponents: 3, covarianceType: 'diag', initParams: 'random' }).fit(X),
  ];
  const rng = new Rng(11);
  const normals = Array.from({ length: 1000 }, () => rng.normal());
  return JSON.stringify({ data: Array.from(X.data), normals, models: models.map((m) => m.toJSON()) });
}

const g = globalThis as { Deno?: unknown };
if (g.Deno !== undefined) console.log(fitAll());
