import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { PCA as MlPCA } from 'ml-pca';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, SerializationError, ValidationError } from '../../src/core/errors.js';
import { toRows, type Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/random.js';
import { PCA, type PCASolver } from '../../src/reduce/pca.js';
import { fromJSON } from '../../src/registry.js';
import { allClose } from '../../src/testing/asserts.js';

interface PcaCase {
  name: string;
  params: { n_components: number | null; svd_solver: string; whiten?: boolean };
  X: number[][];
  Xnew: number[][];
  nComponents: number;
  components: number[][];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  mean: number[];
  noiseVariance: number;
  transform: number[][];
  inverseTransform: number[][];
  covariance: number[][];
  scoreSamples?: number[];
  score?: number;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/pca/pca.json', import.meta.url), 'utf8')) as { cases: PcaCase[] };
const cases = new Map(fixture.cases.map((c) => [c.name, c]));
const get = (name: string): PcaCase => cases.get(name) as PcaCase;

function randomData(seed: number, n: number, d: number, scales?: number[]): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() * (scales?.[j] ?? 1) + j;
  return { rows: n, cols: d, data };
}

function checkAgainst(c: PcaCase, solver: PCASolver, rtol: number): PCA {
  const pca = new PCA({ nComponents: c.params.n_components, whiten: c.params.whiten ?? false, svdSolver: solver }).fit(c.X);
  expect(pca.nComponents).toBe(c.nComponents);
  const top = c.explainedVariance[0] as number;
  // components of zero-variance directions (n < d) are arbitrary: compare only the others
  const live = c.explainedVariance.filter((v) => v > 1e-9 * top).length;
  const atol = 1e-12 * top;
  allClose(pca.explainedVariance, c.explainedVariance, { rtol, atol, message: `${c.name} ${solver} explainedVariance` });
  allClose(pca.explainedVarianceRatio, c.explainedVarianceRatio, { rtol, atol: 1e-12, message: `${c.name} ${solver} ratio` });
  allClose(pca.singularValues.slice(0, live), c.singularValues.slice(0, live), { rtol, message: `${c.name} ${solver} singularValues` });
  allClose(pca.mean, c.mean, { rtol: 1e-12, atol: 1e-13 });
  allClose([pca.noiseVariance], [c.noiseVariance], { rtol, atol });
  // signs follow svd_flip, so the components match exactly, not only up to sign
  allClose(pca.components.data.slice(0, live * c.X[0]!.length), c.components.slice(0, live).flat(), { rtol: 1e-7, atol: 1e-9, message: `${c.name} ${solver} components` });
  allClose(pca.getCovariance(), c.covariance, { rtol: 1e-8, atol: 1e-10 });
  if (live < c.nComponents) return pca;
  allClose(pca.transform(c.Xnew), c.transform, { rtol: 1e-7, atol: 1e-9 });
  allClose(pca.inverseTransform(pca.transform(c.Xnew)), c.inverseTransform, { rtol: 1e-9, atol: 1e-9 });
  if (c.scoreSamples) {
    allClose(pca.scoreSamples(c.Xnew), c.scoreSamples, { rtol: 1e-8 });
    allClose([pca.score(c.Xnew)], [c.score as number], { rtol: 1e-8 });
  }
  return pca;
}

describe('PCA against scikit-learn 1.2', () => {
  for (const name of ['full-k3', 'full-all', 'full-wide', 'full-wide-k3', 'whiten-k2', 'fraction-0.9', 'fraction-0.5']) {
    it(`${name}: full solver`, () => {
      const pca = checkAgainst(get(name), 'full', 1e-10);
      expect(pca.svdSolverUsed).toBe('full');
    });
    it(`${name}: covariance solver`, () => {
      checkAgainst(get(name), 'covariance', 1e-10);
    });
  }

  it('randomized solver agrees on a well-separated spectrum', () => {
    const c = get('randomized-k3');
    const pca = new PCA({ nComponents: 3, svdSolver: 'randomized' }).fit(c.X);
    allClose(pca.explainedVariance, c.explainedVariance, { rtol: 1e-10 });
    allClose(pca.explainedVarianceRatio, c.explainedVarianceRatio, { rtol: 1e-10 });
    allClose([pca.noiseVariance], [c.noiseVariance], { rtol: 1e-10 });
    allClose(pca.components, c.components, { rtol: 1e-6, atol: 1e-8 });
    allClose(pca.transform(c.Xnew), c.transform, { rtol: 1e-6, atol: 1e-8 });
  });

  it('full, covariance and randomized agree on components (up to sign) for the same data', () => {
    const X = randomData(3, 400, 8, [9, 6, 4, 2, 1, 0.5, 0.3, 0.1]);
    const ref = new PCA({ nComponents: 3, svdSolver: 'full' }).fit(X);
    for (const svdSolver of ['covariance', 'randomized'] as const) {
      const other = new PCA({ nComponents: 3, svdSolver }).fit(X);
      allClose(other.explainedVariance, ref.explainedVariance, { rtol: 1e-9 });
      for (let c = 0; c < 3; c++) {
        let dot = 0;
        for (let j = 0; j < 8; j++) dot += (ref.components.data[c * 8 + j] as number) * (other.components.data[c * 8 + j] as number);
        expect(dot).toBeCloseTo(1, 9);
      }
    }
  });

  it('the one-pass covariance solver is exact on data far from the origin', () => {
    const X = randomData(13, 500, 6, [3, 2, 1.5, 1, 0.5, 0.25]);
    const shifted = { rows: X.rows, cols: X.cols, data: X.data.map((v) => v + 1e6) };
    const full = new PCA({ svdSolver: 'full' }).fit(shifted);
    const cov = new PCA({ svdSolver: 'covariance' }).fit(shifted);
    allClose(cov.explainedVariance, full.explainedVariance, { rtol: 1e-9 });
    allClose(cov.mean, full.mean, { rtol: 1e-15 });
    allClose(cov.components, full.components, { rtol: 1e-6, atol: 1e-8 });
  });

  it('agrees with ml-pca (the JS peer) up to sign', () => {
    const X = randomData(4, 100, 5, [5, 4, 3, 2, 1]);
    const ours = new PCA({ nComponents: 5 }).fit(X);
    const theirs = new MlPCA(toRows(X));
    allClose(ours.explainedVariance, theirs.getEigenvalues(), { rtol: 1e-10 });
    const V = theirs.getEigenvectors();
    for (let c = 0; c < 5; c++) {
      let dot = 0;
      for (let j = 0; j < 5; j++) dot += (ours.components.data[c * 5 + j] as number) * V.get(j, c);
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    }
  });
});

describe('PCA behaviour', () => {
  it('hand-computed: points on a line have one component with all the variance', () => {
    const pca = new PCA().fit([[0, 0], [1, 2], [2, 4], [3, 6]]);
    expect(pca.nComponents).toBe(2);
    allClose(pca.mean, [1.5, 3]);
    // variance along (1, 2)/sqrt(5): the projections are -1.5, -0.5, 0.5, 1.5 times sqrt(5)
    allClose([pca.explainedVariance[0] as number], [(5 * (2.25 + 0.25 + 0.25 + 2.25)) / 3], { rtol: 1e-12 });
    expect(pca.explainedVariance[1]).toBeLessThan(1e-12);
    allClose([pca.explainedVarianceRatio[0] as number], [1], { rtol: 1e-12 });
    const c0 = Array.from(pca.components.data.slice(0, 2));
    allClose(c0.map(Math.abs), [1 / Math.sqrt(5), 2 / Math.sqrt(5)], { rtol: 1e-12 });
  });

  it("'auto' picks covariance for n >> d, full for small problems, randomized for few components of wide data", () => {
    expect(new PCA({ nComponents: 2 }).fit(randomData(1, 200, 4)).svdSolverUsed).toBe('covariance');
    expect(new PCA({ nComponents: 2 }).fit(randomData(1, 30, 10)).svdSolverUsed).toBe('full');
    expect(new PCA({ nComponents: 2 }).fit(randomData(1, 600, 100)).svdSolverUsed).toBe('randomized');
    expect(new PCA({ nComponents: 0.9 }).fit(randomData(1, 600, 100)).svdSolverUsed).toBe('full');
  });

  it('whitened projections have unit variance', () => {
    const X = randomData(5, 200, 4, [3, 2, 1, 0.5]);
    const Y = new PCA({ nComponents: 3, whiten: true }).fitTransform(X);
    for (let c = 0; c < 3; c++) {
      let ss = 0;
      for (let i = 0; i < Y.rows; i++) ss += (Y.data[i * 3 + c] as number) ** 2;
      expect(ss / (Y.rows - 1)).toBeCloseTo(1, 10);
    }
  });

  it('inverseTransform with all components reconstructs X exactly', () => {
    const X = randomData(6, 30, 5);
    for (const svdSolver of ['full', 'covariance', 'randomized'] as const) {
      const pca = new PCA({ svdSolver }).fit(X);
      allClose(pca.inverseTransform(pca.transform(X)), X, { rtol: 1e-9, atol: 1e-9, message: svdSolver });
    }
  });

  it('components are orthonormal and projections uncorrelated (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 3, max: 30 }), (seed, d, n) => {
        const X = randomData(seed, n, d);
        const pca = new PCA({ svdSolver: seed % 2 === 0 ? 'full' : 'covariance' }).fit(X);
        const k = pca.nComponents;
        const V = pca.components.data;
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            let dot = 0;
            for (let j = 0; j < d; j++) dot += (V[a * d + j] as number) * (V[b * d + j] as number);
            // components of zero-variance directions are arbitrary but still orthonormal
            expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-8);
          }
        }
        const ev = pca.explainedVariance;
        for (let c = 1; c < k; c++) expect(ev[c] as number).toBeLessThanOrEqual((ev[c - 1] as number) * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('signs are deterministic: the largest projection of each component is positive', () => {
    const X = randomData(7, 50, 4, [4, 3, 2, 1]);
    const pca = new PCA().fit(X);
    const Y = pca.transform(X);
    for (let c = 0; c < Y.cols; c++) {
      let best = 0;
      for (let i = 0; i < Y.rows; i++) if (Math.abs(Y.data[i * Y.cols + c] as number) > Math.abs(best)) best = Y.data[i * Y.cols + c] as number;
      expect(best).toBeGreaterThan(0);
    }
  });

  it('randomized solver is seeded: same randomState, same result', () => {
    const X = randomData(8, 120, 30);
    const a = new PCA({ nComponents: 3, svdSolver: 'randomized', randomState: 5 }).fit(X);
    const b = new PCA({ nComponents: 3, svdSolver: 'randomized', randomState: 5 }).fit(X);
    expect(Array.from(a.components.data)).toEqual(Array.from(b.components.data));
    expect(a.seedUsed).toBe(5);
    expect(new PCA({ randomState: null, svdSolver: 'randomized', nComponents: 2 }).fit(X).seedUsed).toBeGreaterThanOrEqual(0);
  });

  it('loadings pair components with feature names', () => {
    const X = randomData(9, 80, 3, [0.1, 5, 0.2]);
    const pca = new PCA({ nComponents: 2 }).fit(X);
    const l = pca.loadings(['recency', 'monetary', 'frequency']);
    expect(l).toHaveLength(2);
    expect(l[0]?.component).toBe('pca0');
    expect(l[0]?.features[0]?.feature).toBe('monetary');
    expect(l[0]?.features).toHaveLength(3);
    const f = l[0]?.features[0];
    expect(f?.loading).toBeCloseTo((f?.weight as number) * Math.sqrt(pca.explainedVariance[0] as number), 12);
    expect(pca.loadings(undefined, { top: 1 })[1]?.features).toHaveLength(1);
    expect(() => pca.loadings(['a'])).toThrow(ValidationError);
    expect(pca.featureNamesOut()).toEqual(['pca0', 'pca1']);
  });

  it('getPrecision inverts getCovariance', () => {
    const X = randomData(10, 60, 4, [3, 2, 1, 0.5]);
    for (const whiten of [false, true]) {
      for (const nComponents of [2, 4]) {
        const pca = new PCA({ nComponents, whiten }).fit(X);
        const C = pca.getCovariance();
        const P = pca.getPrecision();
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            let t = 0;
            for (let k = 0; k < 4; k++) t += (C.data[i * 4 + k] as number) * (P.data[k * 4 + j] as number);
            expect(t).toBeCloseTo(i === j ? 1 : 0, 9);
          }
        }
      }
    }
  });

  it('scoreSamples on a singular model throws a clear error', () => {
    const pca = new PCA().fit([[0, 0, 1], [1, 2, 0], [2, 1, 1]]); // 3 samples: rank 2 in 3-D, noise 0
    expect(() => pca.scoreSamples([[0, 0, 0]])).toThrow(/singular/);
  });

  it('rejects bad parameters and inputs with typed errors', () => {
    const X = randomData(11, 10, 3);
    expect(() => new PCA({ nComponents: 4 }).fit(X)).toThrow(/nComponents=4 must be between 1 and min\(nSamples, nFeatures\)=3/);
    expect(() => new PCA({ nComponents: 0 }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new PCA({ nComponents: 1.5 }).fit(X)).toThrow(InvalidParameterError);
    expect(() => new PCA({ nComponents: 0.5, svdSolver: 'randomized' }).fit(X)).toThrow(ValidationError);
    expect(() => new PCA({ svdSolver: 'arpack' as PCASolver }).fit(X)).toThrow(/'svdSolver' parameter of PCA must be/);
    expect(() => new PCA().fit([[1, 2]])).toThrow(/1 sample\(s\).*minimum of 2/);
    expect(() => new PCA().transform(X)).toThrow(NotFittedError);
    const pca = new PCA({ nComponents: 2 }).fit(X);
    expect(() => pca.transform([[1, 2]])).toThrow(/2 features, but PCA is expecting 3/);
    expect(() => pca.inverseTransform([[1, 2, 3]])).toThrow(/3 features, but PCA is expecting 2/);
  });

  it('round-trips through JSON bit-identically and rejects inconsistent documents', () => {
    const X = randomData(12, 40, 5);
    const pca = new PCA({ nComponents: 3, whiten: true }).fit(X);
    const doc = JSON.parse(JSON.stringify(pca)) as { state: Record<string, unknown> };
    const back = fromJSON(doc) as PCA;
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(pca.transform(X).data));
    expect(Array.from(back.scoreSamples(X))).toEqual(Array.from(pca.scoreSamples(X)));
    const bad = JSON.parse(JSON.stringify(pca)) as { state: { nComponents: number } };
    bad.state.nComponents = 2;
    expect(() => PCA.fromJSON(bad)).toThrow(SerializationError);
  });

  it('rejects data whose squares overflow float64 with a typed error, and handles 1e150', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [Math.sin(i) * 3 + (i % 2) * 10, Math.cos(i * 1.3) * 2]);
    const huge = rows.map((r) => r.map((v) => v * 1e300));
    for (const svdSolver of ['auto', 'full', 'covariance', 'randomized'] as const) {
      expect(() => new PCA({ nComponents: 1, svdSolver }).fit(huge)).toThrow(ValidationError);
      expect(() => new PCA({ nComponents: 1, svdSolver }).fit(huge)).toThrow(/overflow float64.*Scale the data/);
    }
    const unit = new PCA({ nComponents: 1, svdSolver: 'full' }).fit(rows);
    const big = new PCA({ nComponents: 1, svdSolver: 'full' }).fit(rows.map((r) => r.map((v) => v * 1e150)));
    allClose(big.components.data, unit.components.data, { rtol: 1e-9 });
  });
});
