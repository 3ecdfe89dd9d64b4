// The deep-clustering recipe for digits, shared by bench/deep-digits.ts (5 seeds, every method)
// and the dec-digits case of bench/cases.ts (one seed). Fixed on seed 0, then run as it is.
import type { Matrix } from '../src/core/matrix.js';
import { loadDigits } from '../src/datasets/uci.js';
import type { AutoencoderOptions } from '../src/reduce/autoencoder.js';
import type { DECOptions } from '../src/cluster/dec.js';

/** The first n digits (8 x 8 pixels scaled from 0..16 to [0, 1]) and their labels. */
export function digitsPixels(n = 1797): { X: Matrix; y: Int32Array } {
  const digits = loadDigits();
  const d = digits.data.cols;
  const rows = Math.min(n, digits.data.rows);
  return {
    X: { rows, cols: d, data: digits.data.data.slice(0, rows * d).map((v) => v / 16) },
    y: Int32Array.from(digits.target.slice(0, rows)),
  };
}

/**
 * The autoencoder: 64-256-256-512-10 (+ mirror), Gaussian input noise 0.2 (a denoising AE), Adam
 * 1e-3, batch 64, 100 epochs without early stopping (the [0, 1] pixels' MSE, about 0.01, is too
 * small for the tabular default tol of 1e-4).
 */
export const DIGITS_AE: AutoencoderOptions = {
  hiddenSizes: [256, 256, 512],
  nComponents: 10,
  denoising: 'gaussian',
  noiseLevel: 0.2,
  epochs: 100,
  batchSize: 64,
  learningRate: 1e-3,
  tol: 0,
  nIterNoChange: 100,
};

/**
 * DEC / IDEC on that autoencoder: N2D start (UMAP + GMM posteriors as the first target), Adam 1e-4,
 * batch 256, target update every 140 batches (as in the DEC and IDEC papers), stop under 0.1% label
 * changes, at most 2000 batches.
 */
export const DIGITS_DEC: DECOptions = {
  nClusters: 10,
  init: 'umap',
  batchSize: 256,
  maxIter: 2000,
  updateInterval: 140,
  tol: 0.001,
  learningRate: 1e-4,
};
