// Deep clustering on digits and autoencoder training throughput (self-contained; not part of npm test).
//
//   npx tsx bench/deep-digits.ts [--seeds 5] [--seed-offset 0] [--only clustering|throughput] [--json]
//       recipe (defaults shown): [--arch 256,256,512 | dec] [--pretrain 100] [--ae-batch 64]
//       [--denoising gaussian:0.2 | dropout:0.2 | none] [--ae-tol 0] [--init umap | kmeans]
//       [--lr 1e-4] [--maxiter 2000] [--backend wasm | cpu]
//
// Clustering: digits (1797 x 64, pixels scaled to [0, 1]), for each seed: k-means on raw pixels
// (nInit 10), Ward on raw pixels, a full-covariance GMM on PCA-20 (the classical baselines), then
// one denoising autoencoder 64-256-256-512-10 (Adam 1e-3, batch 64, 100 epochs, no early stop)
// shared by: k-means on its codes (nInit 20), N2D (UMAP of the codes to 10-D, 20 neighbours,
// minDist 0, then a full GMM, nInit 20), DEC and IDEC (init 'umap': N2D's posteriors as the first
// target; Adam 1e-4, batch 256, target update every 140 batches, tol 0.1%). ACC (Hungarian-matched
// accuracy) and NMI. The recipe was fixed on seed 0 and then run on seeds 0-4 as they are.
// Throughput: the 784-500-500-2000-10 autoencoder (+ mirror), batch 256, Adam, one wasm thread,
// random inputs; FLOPs = 6 x parameters per sample.
import { performance } from 'node:perf_hooks';
import { DEC } from '../src/cluster/dec.js';
import { AgglomerativeClustering } from '../src/cluster/agglomerative.js';
import { GaussianMixture } from '../src/cluster/gmm.js';
import { IDEC } from '../src/cluster/idec.js';
import { KMeans } from '../src/cluster/kmeans.js';
import type { Matrix } from '../src/core/matrix.js';
import { Rng } from '../src/core/random.js';
import { setBackend } from '../src/deep/backend.js';
import { Autoencoder } from '../src/reduce/autoencoder.js';
import { PCA } from '../src/reduce/pca.js';
import { UMAP } from '../src/reduce/umap.js';
import { option, score, scoreTable, seedLine, timed, type Score } from './_deep-scores.js';
import { DIGITS_AE, DIGITS_DEC, digitsPixels } from './digits-recipe.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => option(args, name, fallback);
const nSeeds = Number(opt('seeds', '5'));
const seedOffset = Number(opt('seed-offset', '0'));
const pretrainEpochs = Number(opt('pretrain', String(DIGITS_AE.epochs)));
const arch = opt('arch', (DIGITS_AE.hiddenSizes as number[]).join(','));
const maxIter = Number(opt('maxiter', String(DIGITS_DEC.maxIter)));
const backendName = opt('backend', 'wasm');
const only = opt('only', 'all');
const aeBatch = Number(opt('ae-batch', String(DIGITS_AE.batchSize)));
const [noiseKind, noiseLevel] = opt('denoising', `${DIGITS_AE.denoising}:${DIGITS_AE.noiseLevel}`).split(':') as ['none' | 'gaussian' | 'dropout', string];
const aeTol = Number(opt('ae-tol', String(DIGITS_AE.tol)));
const init = opt('init', DIGITS_DEC.init as string) as 'kmeans' | 'umap';
const decLr = Number(opt('lr', String(DIGITS_DEC.learningRate)));
const asJson = args.includes('--json');

function clustering(): void {
  const { X, y } = digitsPixels();
  const archOpts = arch === 'dec' ? { preset: 'dec' as const } : { hiddenSizes: arch.split(',').map(Number), nComponents: 10 };
  const rows: Record<string, Score[]> = {
    'k-means raw': [],
    'Ward raw': [],
    'GMM on PCA-20': [],
    'AE + k-means': [],
    'AE + UMAP + GMM (N2D)': [],
    [`DEC (init ${init})`]: [],
    [`IDEC (init ${init})`]: [],
  };
  const push = (key: string, labels: Int32Array, seconds: number) => rows[key]!.push(score(y, labels, seconds));
  let ward: Score | undefined;
  for (let s = seedOffset; s < seedOffset + nSeeds; s++) {
    const [km, tKm] = timed(() => new KMeans({ nClusters: 10, nInit: 10, randomState: s }).fit(X));
    push('k-means raw', km.labels, tKm);
    // Ward is deterministic: computed once
    if (ward === undefined) {
      const [w, tW] = timed(() => new AgglomerativeClustering({ nClusters: 10, linkage: 'ward' }).fit(X));
      ward = score(y, w.labels, tW);
    }
    rows['Ward raw']!.push(ward);
    const [gp, tGp] = timed(() => {
      const P = new PCA({ nComponents: 20 }).fitTransform(X);
      return new GaussianMixture({ nComponents: 10, covarianceType: 'full', randomState: s }).fit(P).predict(P);
    });
    push('GMM on PCA-20', gp, tGp);
    const [ae, tAe] = timed(() =>
      new Autoencoder({
        ...archOpts,
        epochs: pretrainEpochs,
        batchSize: aeBatch,
        learningRate: DIGITS_AE.learningRate,
        denoising: noiseKind,
        noiseLevel: Number(noiseLevel),
        tol: aeTol,
        nIterNoChange: aeTol === 0 ? pretrainEpochs : 10,
        randomState: s,
      }).fit(X),
    );
    const Z = ae.transform(X);
    const [aekm, tAeKm] = timed(() => new KMeans({ nClusters: 10, nInit: 20, randomState: s }).fit(Z));
    push('AE + k-means', aekm.labels, tAe + tAeKm);
    const [n2d, tN2d] = timed(() => {
      const U = new UMAP({ nComponents: 10, nNeighbors: 20, minDist: 0, randomState: s }).fitTransform(Z);
      return new GaussianMixture({ nComponents: 10, covarianceType: 'full', nInit: 20, randomState: s }).fit(U).predict(U);
    });
    push('AE + UMAP + GMM (N2D)', n2d, tAe + tN2d);
    const common = { ...DIGITS_DEC, ...archOpts, init, maxIter, learningRate: decLr, randomState: s };
    const [dec, tDec] = timed(() => new DEC(common).fit(X, { autoencoder: ae }));
    push(`DEC (init ${init})`, dec.labels, tAe + tDec);
    const [idec, tIdec] = timed(() => new IDEC(common).fit(X, { autoencoder: ae }));
    push(`IDEC (init ${init})`, idec.labels, tAe + tIdec);
    if (!asJson) console.log(`${seedLine(s, rows)} | AE epochs ${ae.nIter} (loss ${ae.loss.toFixed(4)}), DEC iters ${dec.nIter}, IDEC iters ${idec.nIter}`);
  }
  const recipe = {
    arch,
    pretrainEpochs,
    aeBatch,
    denoising: `${noiseKind}:${noiseLevel}`,
    aeTol,
    init,
    learningRate: decLr,
    maxIter,
    backend: backendName,
    seeds: [seedOffset, seedOffset + nSeeds - 1],
  };
  if (asJson) {
    console.log(JSON.stringify({ ...recipe, rows }));
    return;
  }
  console.log(`\ndigits 1797 x 64 ([0, 1] pixels), ${nSeeds} seed(s) from ${seedOffset}: ${JSON.stringify(recipe)}`);
  console.log(scoreTable(rows, 'seconds per seed (AE included)'));
}

function throughput(): void {
  const d = 784;
  const n = 256 * 8;
  const rng = new Rng(0);
  const X: Matrix = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.float()) };
  const stamps: number[] = [];
  const ae = new Autoencoder({ preset: 'dec', epochs: 3, batchSize: 256, tol: 0, nIterNoChange: 100, randomState: 0 });
  ae.fit(X, { onProgress: () => stamps.push(performance.now()) });
  const { encoder, decoder } = ae.layers;
  let params = 0;
  for (const L of [...encoder, ...decoder]) params += L.nIn * L.nOut + L.nOut;
  // epochs 2 and 3 (the first includes warm-up)
  const seconds = ((stamps[2] as number) - (stamps[0] as number)) / 1000;
  const samplesPerS = (2 * n) / seconds;
  const gflops = (samplesPerS * 6 * params) / 1e9;
  const line = { backend: backendName, params, batch: 256, samplesPerS: Math.round(samplesPerS), msPerStep: (1000 * 256) / samplesPerS, gflops };
  console.log(asJson ? JSON.stringify(line) : `throughput 784-500-500-2000-10 (+ mirror, ${params} params), batch 256, ${backendName}: ${line.samplesPerS} samples/s, ${line.msPerStep.toFixed(0)} ms/step, ${gflops.toFixed(1)} GFLOP/s`);
}

await setBackend(backendName);
if (only !== 'clustering') throughput();
if (only !== 'throughput') clustering();
