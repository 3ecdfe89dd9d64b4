/**
 * Private correlation kernel shared by correlationMatrix and CorrelationFilter.
 *
 * @packageDocumentation
 * @internal
 */
import type { Matrix } from '../core/matrix.js';
import { averageRanks } from './_stats.js';

/** Correlation coefficient: 'pearson' (linear) or 'spearman' (Pearson on average ranks). */
export type CorrelationMethod = 'pearson' | 'spearman';

/**
 * The d x d correlation matrix of the columns of `m` (row-major, symmetric, unit diagonal, values
 * clipped to [-1, 1] as numpy's `corrcoef`). Spearman correlates average ranks. A constant column
 * has no correlation: the index of the first one is returned in `constant` (-1 when none) and its
 * off-diagonal entries are 0. O(n d^2) time, O(n d) memory.
 */
export function correlationKernel(m: Matrix, method: CorrelationMethod): { corr: Float64Array; constant: number } {
  const { rows: n, cols: d, data } = m;
  // Centered columns, column-major, so each dot product runs over contiguous memory.
  const z = new Float64Array(n * d);
  const col = new Float64Array(n);
  const norm = new Float64Array(d);
  let constant = -1;
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) col[i] = data[i * d + j] as number;
    const v = method === 'spearman' ? averageRanks(col) : col;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += v[i] as number;
    mean /= n;
    let ss = 0;
    const off = j * n;
    for (let i = 0; i < n; i++) {
      const c = (v[i] as number) - mean;
      z[off + i] = c;
      ss += c * c;
    }
    norm[j] = Math.sqrt(ss);
    let same = true;
    for (let i = 1; i < n && same; i++) same = v[i] === v[0];
    if (same) {
      norm[j] = 0;
      if (constant < 0) constant = j;
    }
  }
  const corr = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    corr[j * d + j] = 1;
    const nj = norm[j] as number;
    for (let k = j + 1; k < d; k++) {
      const nk = norm[k] as number;
      let r = 0;
      if (nj > 0 && nk > 0) {
        let s = 0;
        const oj = j * n;
        const ok = k * n;
        for (let i = 0; i < n; i++) s += (z[oj + i] as number) * (z[ok + i] as number);
        r = s / nj / nk;
        r = r > 1 ? 1 : r < -1 ? -1 : r;
      }
      corr[j * d + k] = r;
      corr[k * d + j] = r;
    }
  }
  return { corr, constant };
}
