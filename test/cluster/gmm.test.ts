import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, type CovarianceType } from '../../src/cluster/gmm.js';
import { AbortError, ConvergenceError, InvalidParameterError, NotFittedError, SerializationError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { fromJSON } from '../../src/registry.js';
import { adjustedRand, allClose, makeBlobs, sameClustering } from '../../src/testing/index.js';

interface GoldenCase {
  params: {
    nComponents: number;
    covarianceType: CovarianceType;
    tol: number;
    regCovar: number;
    maxIter: number;
    warmStart: boolean;
    weightsInit: number[];
    meansInit: number[][];
    precisionsInit: number[] | number[][] | number[][][];
  };
  fitTwice: boolean;
  expected: {
    weights: number[];
    means: number[];
    covariances: number[];
    precisions: number[];
    precisionsCholesky: number[];
    lowerBound: number;
    nIter: number;
    converged: boolean;
    convergenceWarning: boolean;
    labels: number[];
    predictProbaHead: number[];
    scoreSamplesHead: number[];
    score: number;
    bic: number;
    aic: number;
    probe: number[][];
    probePredict: number[];
    probeScoreSamples: number[];
  };
}
interface GoldenFile {
  sklearnVersion: string;
  X: number[][];
  cases: Record<string, GoldenCase>;
}

const TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

function loadGolden(name: string): GoldenFile {
  return JSON.parse(readFileSync(new URL(`../fixtures/gmm/${name}.json`, import.meta.url), 'utf8')) as GoldenFile;
}

/** Flattens whatever shape a covariance getter returns. */
function flat(v: Matrix | Matrix[] | Float64Array): number[] {
  if (v instanceof Float64Array) return Array.from(v);
  if (Array.isArray(v)) return v.flatMap((m) => Array.from(m.data));
  return Array.from(v.data);
}

function rows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

const blobs = makeBlobs({ nSamples: 150, nFeatures: 2, centers: [[0, 0], [8, 8], [-8, 8]], clusterStd: 1, randomState: 3 });

describe('GaussianMixture golden fixtures (scikit-learn, explicit init)', () => {
  for (const dataset of ['iris', 'blobs', 'aniso']) {
    const doc = loadGolden(dataset);
    for (const [name, c] of Object.entries(doc.cases)) {
      it(`${dataset} / ${name} matches scikit-learn ${doc.sklearnVersion}`, () => {
        const gm = new GaussianMixture({ ...c.params, randomState: 0 });
        gm.fit(doc.X);
        if (c.fitTwice) gm.fit(doc.X);
        const e = c.expected;
        const tol = { rtol: 1e-6, atol: 1e-8 };
        allClose(gm.weights, e.weights, { ...tol, message: 'weights' });
        allClose(gm.means, e.means, { ...tol, message: 'means' });
        allClose(flat(gm.covariances), e.covariances, { ...tol, message: 'covariances' });
        allClose(flat(gm.precisions), e.precisions, { ...tol, message: 'precisions' });
        allClose(flat(gm.precisionsCholesky), e.precisionsCholesky, { ...tol, message: 'precisionsCholesky' });
        expect(Math.abs(gm.lowerBound - e.lowerBound)).toBeLessThanOrEqual(1e-8);
        expect(gm.nIter).toBe(e.nIter);
        expect(gm.converged).toBe(e.converged);
        expect(gm.warnings.some((w) => w.code === 'NOT_CONVERGED')).toBe(e.convergenceWarning);
        expect(Array.from(gm.labels)).toEqual(e.labels);
        expect(Array.from(gm.predict(doc.X))).toEqual(e.labels);
        allClose(gm.predictProba(doc.X.slice(0, 5)), e.predictProbaHead, { rtol: 1e-6, atol: 1e-9, message: 'predictProba' });
        allClose(gm.scoreSamples(doc.X.slice(0, 10)), e.scoreSamplesHead, { rtol: 1e-9, atol: 1e-9, message: 'scoreSamples' });
        expect(gm.score(doc.X)).toBeCloseTo(e.score, 9);
        allClose([gm.bic(doc.X), gm.aic(doc.X)], [e.bic, e.aic], { rtol: 1e-9, message: 'bic / aic' });
        expect(Array.from(gm.predict(e.probe))).toEqual(e.probePredict);
        allClose(gm.scoreSamples(e.probe), e.probeScoreSamples, { rtol: 1e-9, atol: 1e-9, message: 'scoreSamples on new rows' });
      });
    }
  }
});

describe('GaussianMixture by hand', () => {
  const X = [[0, 0], [2, 0], [0, 4], [2, 4], [1, 2]];

  it('one component is the Gaussian MLE: sample mean, population covariance + regCovar', () => {
    const gm = new GaussianMixture({ regCovar: 0.5 }).fit(X);
    expect(Array.from(gm.weights)).toEqual([1]);
    allClose(gm.means, [1, 2], { rtol: 1e-14 });
    // population covariance: var x = 0.8, var y = 3.2, cov 0
    const cov = gm.covariances[0] as Matrix;
    allClose(cov, [0.8 + 0.5, 0, 0, 3.2 + 0.5], { rtol: 1e-13, atol: 1e-15 });
    // log N(x | mu, diag(1.3, 3.7)) averaged over the rows
    const v = [1.3, 3.7];
    let ll = 0;
    for (const [a, b] of X) {
      const q = ((a as number) - 1) ** 2 / (v[0] as number) + ((b as number) - 2) ** 2 / (v[1] as number);
      ll += -Math.log(2 * Math.PI) - 0.5 * Math.log((v[0] as number) * (v[1] as number)) - 0.5 * q;
    }
    expect(gm.lowerBound).toBeCloseTo(ll / X.length, 12);
    expect(gm.score(X)).toBeCloseTo(ll / X.length, 12);
    // iteration 1 moves from the initial estimate to the MLE, iteration 2 sees no change
    expect(gm.nIter).toBe(2);
    expect(gm.converged).toBe(true);
    expect(gm.warnings).toEqual([]);
  });

  it('the four covariance types agree with one component', () => {
    const Y = blobs.X;
    const full = new GaussianMixture({ covarianceType: 'full' }).fit(Y);
    const tied = new GaussianMixture({ covarianceType: 'tied' }).fit(Y);
    const diag = new GaussianMixture({ covarianceType: 'diag' }).fit(Y);
    const sph = new GaussianMixture({ covarianceType: 'spherical' }).fit(Y);
    const c = (full.covariances[0] as Matrix).data;
    expect(Array.from(tied.covariances.data)).toEqual(Array.from(c));
    allClose(diag.covariances, [c[0] as number, c[3] as number], { rtol: 1e-12 });
    allClose(sph.covariances, [((c[0] as number) + (c[3] as number)) / 2], { rtol: 1e-12 });
    allClose(full.means, diag.means, { rtol: 1e-12 });
  });

  it("scikit-learn's documentation example", () => {
    const Z = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]];
    const gm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(Z);
    const means = rows(gm.means).sort((a, b) => (a[0] as number) - (b[0] as number));
    allClose(means.flat(), [1, 2, 10, 2], { rtol: 1e-12, atol: 1e-12 });
    const [a, b] = gm.predict([[0, 0], [12, 3]]);
    expect(a).toBe(gm.labels[0]);
    expect(b).toBe(gm.labels[3]);
    expect(a).not.toBe(b);
    expect(gm.converged).toBe(true);
  });

  it('TSDoc examples run', () => {
    const gm = new GaussianMixture({ nComponents: 2 }).fit([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]]);
    const [a, b] = gm.predict([[0, 0], [12, 3]]);
    expect([a !== b, gm.converged]).toEqual([true, true]);
    const g2 = new GaussianMixture({ nComponents: 2 }).fit([[0], [0.1], [5], [5.1]]);
    const s = g2.sample(3);
    expect([s.X.rows, s.labels.length]).toEqual([3, 3]);
  });
});

describe('GaussianMixture behaviour', () => {
  for (const type of TYPES) {
    it(`${type}: recovers well-separated blobs; predictProba rows sum to 1 and argmax = predict`, () => {
      const gm = new GaussianMixture({ nComponents: 3, covarianceType: type }).fit(blobs.X);
      expect(sameClustering(gm.labels, blobs.y)).toBe(true);
      const p = gm.predictProba(blobs.X);
      expect([p.rows, p.cols]).toEqual([150, 3]);
      const labels = gm.predict(blobs.X);
      for (let i = 0; i < p.rows; i++) {
        const r = Array.from(p.data.subarray(i * 3, i * 3 + 3));
        expect(Math.abs(r.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
        expect(r.indexOf(Math.max(...r))).toBe(labels[i]);
      }
      expect(Array.from(gm.fitPredict(blobs.X))).toEqual(Array.from(labels));
      let w = 0;
      for (const v of gm.weights) w += v;
      expect(w).toBeCloseTo(1, 14);
    });
  }

  for (const initParams of ['kmeans', 'k-means++', 'random', 'random_from_data'] as const) {
    it(`initParams '${initParams}' finds the blobs and is reproducible`, () => {
      // the random inits need restarts to escape local optima (two seeds in one blob)
      const nInit = initParams.startsWith('random') ? 4 : 1;
      const a = new GaussianMixture({ nComponents: 3, initParams, nInit }).fit(blobs.X);
      expect(adjustedRand(a.labels, blobs.y)).toBe(1);
      const b = new GaussianMixture({ nComponents: 3, initParams, nInit }).fit(blobs.X);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    });
  }

  it('more runs (nInit) never lower the lower bound: run 0 is the single-run fit', () => {
    const data = makeBlobs({ nSamples: 120, nFeatures: 2, nCenters: 4, clusterStd: 2.5, randomState: 5 }).X;
    const one = new GaussianMixture({ nComponents: 4, initParams: 'random', maxIter: 30 }).fit(data);
    const many = new GaussianMixture({ nComponents: 4, initParams: 'random', maxIter: 30, nInit: 4 }).fit(data);
    expect(many.lowerBound).toBeGreaterThanOrEqual(one.lowerBound);
  });

  it('maxIter 0 keeps the explicit initial parameters', () => {
    const gm = new GaussianMixture({
      nComponents: 2,
      maxIter: 0,
      weightsInit: [0.25, 0.75],
      meansInit: [[0, 0], [1, 1]],
      precisionsInit: [[[4, 0], [0, 1]], [[1, 0.5], [0.5, 1]]],
    }).fit(blobs.X);
    expect([gm.nIter, gm.converged, gm.lowerBound]).toEqual([0, false, -Infinity]);
    expect(gm.warnings).toEqual([]);
    expect(Array.from(gm.weights)).toEqual([0.25, 0.75]);
    expect(Array.from(gm.means.data)).toEqual([0, 0, 1, 1]);
    allClose(flat(gm.precisions), [4, 0, 0, 1, 1, 0.5, 0.5, 1], { rtol: 1e-14 });
    // lower Cholesky factor of the precision (scikit-learn's precisions_cholesky_ from precisions_init)
    allClose(flat(gm.precisionsCholesky), [2, 0, 0, 1, 1, 0, 0.5, Math.sqrt(0.75)], { rtol: 1e-14 });
    allClose(flat(gm.covariances), [0.25, 0, 0, 1, 4 / 3, -2 / 3, -2 / 3, 4 / 3], { rtol: 1e-13, atol: 1e-15 });
  });

  it('warmStart continues from the fitted parameters', () => {
    const cold = new GaussianMixture({ nComponents: 3, maxIter: 6, tol: 0 }).fit(blobs.X);
    const warm = new GaussianMixture({ nComponents: 3, maxIter: 3, tol: 0, warmStart: true }).fit(blobs.X).fit(blobs.X);
    allClose(warm.means, cold.means, { rtol: 1e-12 });
    expect(warm.lowerBound).toBeCloseTo(cold.lowerBound, 12);
    expect(() => warm.fit([[1, 2, 3], [4, 5, 6], [7, 8, 9]])).toThrow(ValidationError);
  });

  it('reports NOT_CONVERGED when maxIter is reached', () => {
    const gm = new GaussianMixture({ nComponents: 3, maxIter: 1 }).fit(blobs.X);
    expect(gm.converged).toBe(false);
    expect(gm.nIter).toBe(1);
    expect(gm.warnings.map((w) => w.code)).toEqual(['NOT_CONVERGED']);
  });

  it('sample() is seeded, grouped by component and follows the mixture', () => {
    const gm = new GaussianMixture({
      nComponents: 2,
      maxIter: 0,
      weightsInit: [0.3, 0.7],
      meansInit: [[-5, 0], [5, 10]],
      precisionsInit: [[[1, 0], [0, 1]], [[0.5, -0.25], [-0.25, 0.5]]],
    }).fit(blobs.X);
    const a = gm.sample(20000);
    const b = gm.sample(20000);
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
    const c = gm.sample(20000, { randomState: 7 });
    expect(Array.from(c.X.data)).not.toEqual(Array.from(a.X.data));
    expect(a.labels.every((l, i) => i === 0 || l >= (a.labels[i - 1] as number))).toBe(true);
    const idx1 = Array.from(a.labels).flatMap((l, i) => (l === 1 ? [i] : []));
    expect(Math.abs(idx1.length / 20000 - 0.7)).toBeLessThan(0.02);
    // component 1: mean (5, 10), covariance = inverse of [[0.5, -0.25], [-0.25, 0.5]] = [[8/3, 4/3], [4/3, 8/3]]
    let mx = 0;
    let my = 0;
    for (const i of idx1) {
      mx += a.X.data[2 * i] as number;
      my += a.X.data[2 * i + 1] as number;
    }
    mx /= idx1.length;
    my /= idx1.length;
    let sxx = 0;
    let sxy = 0;
    for (const i of idx1) {
      const dx = (a.X.data[2 * i] as number) - mx;
      const dy = (a.X.data[2 * i + 1] as number) - my;
      sxx += dx * dx;
      sxy += dx * dy;
    }
    expect(Math.abs(mx - 5)).toBeLessThan(0.1);
    expect(Math.abs(my - 10)).toBeLessThan(0.1);
    expect(Math.abs(sxx / idx1.length - 8 / 3)).toBeLessThan(0.15);
    expect(Math.abs(sxy / idx1.length - 4 / 3)).toBeLessThan(0.15);
    for (const type of TYPES) {
      const g = new GaussianMixture({ nComponents: 3, covarianceType: type }).fit(blobs.X);
      const s = g.sample(300);
      expect(s.X.cols).toBe(2);
      expect(s.X.data.every(Number.isFinite)).toBe(true);
      expect(sameClustering(g.predict(s.X).filter((_, i) => i % 10 === 0), s.labels.filter((_, i) => i % 10 === 0))).toBe(true);
    }
    expect(() => gm.sample(0)).toThrow(InvalidParameterError);
    expect(() => gm.sample(1.5)).toThrow(/integer number of samples/);
  });

  it('the type parameter follows covarianceType', () => {
    const full: Matrix[] = new GaussianMixture({ nComponents: 2 }).fit(blobs.X).covariances;
    const tied: Matrix = new GaussianMixture({ nComponents: 2, covarianceType: 'tied' }).fit(blobs.X).covariances;
    const diag: Matrix = new GaussianMixture({ nComponents: 2, covarianceType: 'diag' }).fit(blobs.X).precisions;
    const sph: Float64Array = new GaussianMixture({ nComponents: 2, covarianceType: 'spherical' }).fit(blobs.X).precisionsCholesky;
    expect([full.length, tied.rows, diag.rows, sph.length]).toEqual([2, 2, 2, 2]);
  });

  it('nParameters, bic and aic follow their definitions', () => {
    const n = blobs.X.rows;
    const counts: Record<CovarianceType, number> = { full: 3 * 3 + 6 + 2, tied: 3 + 6 + 2, diag: 6 + 6 + 2, spherical: 3 + 6 + 2 };
    for (const type of TYPES) {
      const gm = new GaussianMixture({ nComponents: 3, covarianceType: type }).fit(blobs.X);
      expect(gm.nParameters()).toBe(counts[type]);
      expect(gm.bic(blobs.X)).toBeCloseTo(-2 * gm.score(blobs.X) * n + counts[type] * Math.log(n), 9);
      expect(gm.aic(blobs.X)).toBeCloseTo(-2 * gm.score(blobs.X) * n + 2 * counts[type], 9);
    }
  });

  it('an aborted fit throws AbortError and keeps the previous state', () => {
    const gm = new GaussianMixture({ nComponents: 3 }).fit(blobs.X);
    const before = JSON.stringify(gm);
    const controller = new AbortController();
    controller.abort();
    expect(() => gm.fit(blobs.X, { signal: controller.signal })).toThrow(AbortError);
    expect(JSON.stringify(gm)).toBe(before);
  });
});

describe('GaussianMixture edge cases', () => {
  it('rejects nComponents > n, a single row and sampleWeight', () => {
    expect(() => new GaussianMixture({ nComponents: 4 }).fit([[0], [1], [2]])).toThrow(
      'GaussianMixture expected n_samples >= nComponents, but got nComponents = 4, n_samples = 3.',
    );
    expect(() => new GaussianMixture().fit([[1, 2]])).toThrow(/1 sample\(s\) .* a minimum of 2 is required/);
    expect(() => new GaussianMixture().fit([[1], [2]], { sampleWeight: [1, 2] })).toThrow(ValidationError);
  });

  it('identical points: regularised covariance with regCovar, a ConvergenceError without', () => {
    const same = Array.from({ length: 10 }, () => [3, -1]);
    const gm = new GaussianMixture().fit(same);
    allClose(gm.means, [3, -1], { rtol: 1e-15 });
    allClose(flat(gm.covariances), [1e-6, 0, 0, 1e-6], { rtol: 1e-9, atol: 1e-20 });
    expect(gm.scoreSamples(same).every(Number.isFinite)).toBe(true);
    const two = new GaussianMixture({ nComponents: 2 }).fit(same);
    expect(flat(two.covariances).every(Number.isFinite)).toBe(true);
    expect(two.predictProba(same).data.every(Number.isFinite)).toBe(true);
    expect(two.warnings.map((w) => w.code)).toEqual(['FEWER_CLUSTERS']);
    expect(two.warnings[0]?.source).toBe('GaussianMixture');
    expect(() => new GaussianMixture({ regCovar: 0 }).fit(same)).toThrow(ConvergenceError);
    expect(() => new GaussianMixture({ regCovar: 0 }).fit(same)).toThrow(/ill-defined empirical covariance.*decrease the number of components, or increase regCovar/);
    const zeros = Array.from({ length: 10 }, () => [0, 0]);
    expect(() => new GaussianMixture({ regCovar: 0, covarianceType: 'diag' }).fit(zeros)).toThrow(ConvergenceError);
    expect(() => new GaussianMixture({ regCovar: 0, covarianceType: 'spherical' }).fit(zeros)).toThrow(ConvergenceError);
  });

  it('nComponents = n: one regularised component per row', () => {
    const X3 = [[0, 0], [5, 0], [0, 5]];
    const gm = new GaussianMixture({ nComponents: 3 }).fit(X3);
    expect(new Set(gm.labels).size).toBe(3);
    allClose(flat(gm.covariances), Array.from({ length: 3 }, () => [1e-6, 0, 0, 1e-6]).flat(), { rtol: 1e-6, atol: 1e-18 });
    allClose(gm.weights, [1 / 3, 1 / 3, 1 / 3], { rtol: 1e-12 });
  });

  it('a zero initial weight leaves a finite, empty component', () => {
    const gm = new GaussianMixture({ nComponents: 2, weightsInit: [1, 0], meansInit: [[0, 0], [8, 8]], maxIter: 5 }).fit(blobs.X);
    expect(gm.weights[1]).toBeLessThan(1e-12);
    expect(flat(gm.covariances).every(Number.isFinite)).toBe(true);
    expect(gm.scoreSamples(blobs.X).every(Number.isFinite)).toBe(true);
    expect(gm.predictProba(blobs.X).data.every(Number.isFinite)).toBe(true);
  });

  it('duplicated points and a collapsed component stay finite', () => {
    const dup = [...Array.from({ length: 20 }, () => [0, 0]), ...Array.from({ length: 20 }, (_, i) => [5 + (i % 4), 5 + Math.floor(i / 4)])];
    for (const type of TYPES) {
      const gm = new GaussianMixture({ nComponents: 2, covarianceType: type }).fit(dup);
      expect(flat(gm.covariances).every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(gm.lowerBound)).toBe(true);
      expect(gm.labels[0]).not.toBe(gm.labels[39]);
    }
  });

  it('huge and tiny magnitudes: finite results, or a ConvergenceError telling to scale', () => {
    const big = blobs.X.data.map((v) => v * 1e150);
    const gmBig = new GaussianMixture({ nComponents: 3 }).fit({ rows: 150, cols: 2, data: big });
    expect(sameClustering(gmBig.labels, blobs.y)).toBe(true);
    expect(Number.isFinite(gmBig.lowerBound)).toBe(true);
    const huge = blobs.X.data.map((v) => v * 1e200);
    expect(() => new GaussianMixture({ nComponents: 3 }).fit({ rows: 150, cols: 2, data: huge })).toThrow(/overflowed.*StandardScaler/);
    const tiny = blobs.X.data.map((v) => v * 1e-150);
    const gmTiny = new GaussianMixture({ nComponents: 3 }).fit({ rows: 150, cols: 2, data: tiny });
    expect(Number.isFinite(gmTiny.lowerBound)).toBe(true);
    expect(gmTiny.predictProba({ rows: 150, cols: 2, data: tiny }).data.every(Number.isFinite)).toBe(true);
  });

  it('a row far from every component: scoreSamples -Infinity, predictProba a clear error', () => {
    const gm = new GaussianMixture({ nComponents: 3 }).fit(blobs.X);
    expect(gm.scoreSamples([[1e200, 0]])[0]).toBe(-Infinity);
    expect(() => gm.predictProba([[0, 0], [1e200, 0]])).toThrow(/row 1.*underflows/);
  });

  it('rejects malformed explicit initial values, naming the parameter', () => {
    const fit = (o: ConstructorParameters<typeof GaussianMixture>[0]) => () => new GaussianMixture({ nComponents: 2, ...o }).fit(blobs.X);
    expect(fit({ weightsInit: [0.5, 0.6] })).toThrow(/'weightsInit' .* must sum to 1/);
    expect(fit({ weightsInit: [1.5, -0.5] })).toThrow(/'weightsInit' .* values in \[0, 1\]/);
    expect(fit({ weightsInit: [1] })).toThrow(/'weightsInit' .* shape \(2,\).*got shape \(1,\)/);
    expect(fit({ meansInit: [[0, 0, 0], [1, 1, 1]] })).toThrow(/'meansInit' .* shape \(2, 2\).*got shape \(2, 3\)/);
    expect(fit({ precisionsInit: [[[1, 0], [0, 1]]] })).toThrow(/'precisionsInit' .* shape \(2, 2, 2\)/);
    expect(fit({ precisionsInit: [[[1, 2], [2, 1]], [[1, 0], [0, 1]]] })).toThrow(/positive definite .* matrix 0 is not/);
    expect(fit({ precisionsInit: [[[1, 0.5], [0, 1]], [[1, 0], [0, 1]]] })).toThrow(/not symmetric/);
    expect(fit({ covarianceType: 'diag', precisionsInit: [[1, 1], [1, -1]] })).toThrow(InvalidParameterError);
    expect(fit({ covarianceType: 'spherical', precisionsInit: [1, 0] })).toThrow(/value 1 \(0\)/);
    expect(fit({ covarianceType: 'tied', precisionsInit: [[1, 0], [0, 1]] })).not.toThrow();
    expect(fit({ nInit: 0 })).toThrow(/The 'nInit' parameter of GaussianMixture must be an int in the range \[1, inf\)\. Got 0 instead\./);
    expect(fit({ covarianceType: 'general' as 'full' })).toThrow(/'covarianceType'/);
    expect(fit({ precisionsInit: 'eye' as never })).toThrow(/'precisionsInit' parameter of GaussianMixture must be a 1-D, 2-D or 3-D array/);
  });

  it('getters throw NotFittedError before fit', () => {
    const gm = new GaussianMixture();
    expect(() => gm.means).toThrow(NotFittedError);
    expect(() => gm.covariances).toThrow(NotFittedError);
    expect(() => gm.sample(2)).toThrow(NotFittedError);
    expect(() => gm.bic([[1]])).toThrow(NotFittedError);
  });
});

describe('GaussianMixture serialization', () => {
  for (const type of TYPES) {
    it(`${type}: JSON round trip is exact`, () => {
      const gm = new GaussianMixture({ nComponents: 3, covarianceType: type }).fit(blobs.X);
      const restored = fromJSON(JSON.parse(JSON.stringify(gm))) as GaussianMixture<typeof type>;
      expect(restored).toBeInstanceOf(GaussianMixture);
      expect(JSON.stringify(restored)).toBe(JSON.stringify(gm));
      expect(Array.from(restored.scoreSamples(blobs.X))).toEqual(Array.from(gm.scoreSamples(blobs.X)));
      expect(Array.from(restored.predictProba(blobs.X).data)).toEqual(Array.from(gm.predictProba(blobs.X).data));
      expect(Array.from(restored.sample(50).X.data)).toEqual(Array.from(gm.sample(50).X.data));
      expect([restored.converged, restored.nIter, restored.lowerBound]).toEqual([gm.converged, gm.nIter, gm.lowerBound]);
    });
  }

  it('maxIter 0 (lowerBound -Infinity) round-trips', () => {
    const gm = new GaussianMixture({ maxIter: 0 }).fit(blobs.X);
    const restored = GaussianMixture.fromJSON(JSON.parse(JSON.stringify(gm)));
    expect(restored.lowerBound).toBe(-Infinity);
  });

  it('rejects inconsistent documents', () => {
    const doc = JSON.parse(JSON.stringify(new GaussianMixture({ nComponents: 2 }).fit(blobs.X))) as { params: Record<string, unknown>; state: Record<string, unknown> };
    const wrongK = { ...doc, params: { ...doc.params, nComponents: 3 } };
    expect(() => fromJSON(wrongK)).toThrow(SerializationError);
    const badType = { ...doc, params: { ...doc.params, covarianceType: 'diag' } };
    expect(() => fromJSON(badType)).toThrow(/covariances has length 8, expected 4/);
  });
});
