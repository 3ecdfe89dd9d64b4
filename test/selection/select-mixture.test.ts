import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../../src/cluster/gmm.js';
import { AbortError, InvalidParameterError, ValidationError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/matrix.js';
import { selectMixture, type MixtureCovarianceType } from '../../src/selection/select-mixture.js';
import { makeBlobs } from '../../src/testing/generators.js';

/** A fake mixture whose BIC is a known function of (k, covariance type): minimum at (3, 'diag'). */
function fakeFactory(log: string[]) {
  const penalty: Record<MixtureCovarianceType, number> = { full: 5, tied: 3, diag: 0, spherical: 1 };
  return (k: number, covarianceType: MixtureCovarianceType) => ({
    fitted: false,
    fit(X: Matrix) {
      log.push(`${covarianceType}:${k}:${X.rows}`);
      if (covarianceType === 'full' && k === 4) throw new ValidationError('Fitting the mixture model failed because some components have ill-defined empirical covariance.');
      this.fitted = true;
      return this;
    },
    bic() {
      return (k - 3) ** 2 * 10 + penalty[covarianceType] + 100;
    },
    aic() {
      return 1;
    },
  });
}

describe('selectMixture', () => {
  it('picks the lowest BIC over k and covariance types, recording failed fits (fake model)', () => {
    const log: string[] = [];
    const r = selectMixture([[0], [1], [2], [3], [4], [5]], { make: fakeFactory(log), nComponents: [1, 2, 3, 4] });
    expect(r.best).toEqual({ nComponents: 3, covarianceType: 'diag', bic: 100, aic: 1, error: null });
    expect(r.candidates).toHaveLength(16);
    expect(log[0]).toBe('full:1:6');
    const failed = r.candidates.find((c) => c.covarianceType === 'full' && c.nComponents === 4)!;
    expect(failed.bic).toBeNull();
    expect(failed.error).toMatch(/ill-defined/);
    expect((r.model as unknown as { fitted: boolean }).fitted).toBe(true);
  });

  it('finds 2 components on two Gaussian blobs with the real GaussianMixture', () => {
    const { X } = makeBlobs({ nSamples: 200, centers: [[0, 0], [8, 8]], randomState: 1 });
    const steps: number[] = [];
    const r = selectMixture(X, {
      make: (k, covarianceType) => new GaussianMixture({ nComponents: k, covarianceType }),
      nComponents: [1, 2, 3],
      onProgress: (p) => steps.push(p.step),
    });
    expect(r.best.nComponents).toBe(2);
    expect(r.candidates).toHaveLength(12);
    expect(steps).toHaveLength(12);
    expect(r.model.bic(X)).toBeCloseTo(r.best.bic!, 8);
  });

  it('prefers full covariance on elongated, correlated clusters', () => {
    const { X } = makeBlobs({ nSamples: 300, centers: [[0, 0], [10, 0]], randomState: 2 });
    // Shear to make the clusters elongated along the diagonal.
    const d = X.data.slice();
    for (let i = 0; i < X.rows; i++) d[i * 2 + 1] = d[i * 2 + 1]! * 0.3 + d[i * 2]! * 0.9;
    const r = selectMixture({ rows: X.rows, cols: 2, data: d }, {
      make: (k, covarianceType) => new GaussianMixture({ nComponents: k, covarianceType }),
      nComponents: [1, 2, 3],
    });
    expect(r.best.covarianceType === 'full' || r.best.covarianceType === 'tied').toBe(true);
    expect(r.best.nComponents).toBe(2);
  });

  it('rejects bad input with typed errors', () => {
    const X = [[0], [1], [2]];
    const make = fakeFactory([]);
    expect(() => selectMixture(X, { make, nComponents: [0] })).toThrow(InvalidParameterError);
    expect(() => selectMixture(X, { make, covarianceTypes: ['round' as never] })).toThrow(InvalidParameterError);
    expect(() => selectMixture(X, { make, covarianceTypes: [] })).toThrow(InvalidParameterError);
    expect(() => selectMixture(X, { make: (() => ({ fit() {} })) as never })).toThrow(/no 'bic' method/);
    expect(() => selectMixture([[NaN]], { make })).toThrow(ValidationError);
    const failing = () => ({ fit(): never { throw new ValidationError('singular'); }, bic: () => 0 });
    expect(() => selectMixture(X, { make: failing, nComponents: [1] })).toThrow(/every candidate model failed.*singular/);
    const bug = () => ({ fit(): never { throw new TypeError('bug'); }, bic: () => 0 });
    expect(() => selectMixture(X, { make: bug, nComponents: [1] })).toThrow(TypeError);
    const c = new AbortController();
    c.abort();
    expect(() => selectMixture(X, { make, signal: c.signal })).toThrow(AbortError);
  });
});
