/**
 * Private numeric kernels shared by the preprocessors: numpy's pairwise summation, numpy's linear
 * quantiles, the normal CDF and quantile function. They assume validated input.
 *
 * @packageDocumentation
 * @internal
 */
/* eslint-disable no-loss-of-precision -- published Cephes and AS 241 coefficients, kept digit for digit */

/**
 * numpy's pairwise summation of `a[start .. start + n)` (blocks of 128 with 8 accumulators), so
 * sums agree bit for bit with `np.sum` on a contiguous float64 vector.
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= 128) {
    let r0 = a[start] as number, r1 = a[start + 1] as number, r2 = a[start + 2] as number, r3 = a[start + 3] as number;
    let r4 = a[start + 4] as number, r5 = a[start + 5] as number, r6 = a[start + 6] as number, r7 = a[start + 7] as number;
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const b = start + i;
      r0 += a[b] as number; r1 += a[b + 1] as number; r2 += a[b + 2] as number; r3 += a[b + 3] as number;
      r4 += a[b + 4] as number; r5 += a[b + 5] as number; r6 += a[b + 6] as number; r7 += a[b + 7] as number;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Population variance as `np.var` computes it (pairwise sums of x and of (x - mean)^2). `tmp` has length >= n. */
export function npVar(x: Float64Array, tmp: Float64Array): number {
  const n = x.length;
  const mean = pairwiseSum(x) / n;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - mean;
    tmp[i] = d * d;
  }
  return pairwiseSum(tmp, 0, n) / n;
}

/**
 * numpy's 'linear' quantile of sorted values `s[0 .. n)` at `q` in [0, 1] (`np.percentile(x, 100 q)`),
 * with numpy's two-sided interpolation formula.
 */
export function quantileSorted(s: ArrayLike<number>, n: number, q: number): number {
  const vi = q * (n - 1);
  if (vi >= n - 1) return s[n - 1] as number;
  if (vi <= 0) return s[0] as number;
  const prev = Math.floor(vi);
  const a = s[prev] as number;
  const b = s[prev + 1] as number;
  const t = vi - prev;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Median of sorted values `s[0 .. n)` as numpy computes it (mean of the two middle values). */
export function medianSorted(s: ArrayLike<number>, n: number): number {
  const h = n >> 1;
  return n % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/** Non-missing values of column `j` of a row-major n x d block, sorted ascending (NaN dropped). */
export function sortedColumn(data: Float64Array, n: number, d: number, j: number): Float64Array {
  let count = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(data[i * d + j] as number)) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i * d + j] as number;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

// Cephes ndtr / erf / erfc coefficients (as in scipy.special).
const P = [2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0, 4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2, 9.3452852717195760754e2, 1.02755188689515710272e3, 5.57535335369399327526e2];
const Q = [1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2];
const R = [5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0, 6.16021097993053585195e0, 7.4097426995044893916e0, 2.9788666537210024067e0];
const S = [2.2605286322011727659e0, 9.39603524938001434673e0, 1.20489539808096656605e1, 1.70814450747565897222e1, 9.60896809063285878198e0, 3.3690764510008151605e0];
const T = [9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3, 5.55923013010394962768e4];
const U = [3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4, 4.92673942608635921086e4];
const MAXLOG = 7.09782712893383996843e2;

function polevl(x: number, c: readonly number[]): number {
  let ans = c[0] as number;
  for (let i = 1; i < c.length; i++) ans = ans * x + (c[i] as number);
  return ans;
}

function p1evl(x: number, c: readonly number[]): number {
  let ans = x + (c[0] as number);
  for (let i = 1; i < c.length; i++) ans = ans * x + (c[i] as number);
  return ans;
}

function erf(x: number): number {
  if (Math.abs(x) > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, T)) / p1evl(z, U);
}

function erfc(a: number): number {
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  const z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  const ez = Math.exp(z);
  const y = x < 8 ? (ez * polevl(x, P)) / p1evl(x, Q) : (ez * polevl(x, R)) / p1evl(x, S);
  return a < 0 ? 2 - y : y;
}

/** Standard normal CDF (Cephes `ndtr`, as `scipy.stats.norm.cdf`). */
export function normalCdf(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  const y = 0.5 * erfc(z);
  return x > 0 ? 1 - y : y;
}

/** Standard normal quantile function (Wichura's AS 241, relative error about 1e-16). */
export function normalPpf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r +
          1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r +
        687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r +
        5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r +
        1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r +
        1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
        0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -val : val;
}

/** Values below this are treated as zero scale (scikit-learn's `_handle_zeros_in_scale`: 10 eps). */
export const ZERO_SCALE = 10 * Number.EPSILON;

/** Average ranks (1-based, ties share their mean rank) of `x`. O(n log n). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => (x[a] as number) - (x[b] as number) || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = x[idx[i] as number] as number;
    while (j + 1 < n && x[idx[j + 1] as number] === v) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}
