// Fits seeded estimators and prints their documents as JSON. Run by Node (vitest) and by Deno;
// test/deno/deno.test.ts checks the two outputs are byte-identical.
import { KMeans } from '../../src/cluster/kmeans.js';
import { makeBlobs } from '../../src/testing/generators.js';

export function fitAll(): string {
  const { X } = makeBlobs({ nSamples: 300, nFeatures: 5, nCenters: 4, randomState: 3 });
  const models = [new KMeans({ nClusters: 4, randomState: 7 }).fit(X), new KMeans({ nClusters: 3, init: 'random', nInit: 3 }).fit(X)];
  return JSON.stringify(models.map((m) => m.toJSON()));
}

const g = globalThis as { Deno?: unknown };
if (g.Deno !== undefined) console.log(fitAll());
