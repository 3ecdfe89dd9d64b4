import { describe, expect, it } from 'vitest';
import { InvalidParameterError, toRows, ValidationError, VarianceThreshold } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';
import { golden } from './_golden.js';

const G = golden('variance-threshold');

describe('VarianceThreshold matches scikit-learn 1.2', () => {
  for (const c of G.cases) {
    it(`threshold ${c.params.threshold}`, () => {
      const vt = new VarianceThreshold(c.params).fit(G.X);
      allClose(vt.variances, c.variances, { rtol: G.rtol, atol: 1e-15 });
      expect(vt.getSupport()).toEqual(c.support);
      allClose(vt.transform(G.X), c.transform, { rtol: 0 });
    });
  }
});

describe('VarianceThreshold', () => {
  it('drops constant features by hand, names follow', () => {
    const vt = new VarianceThreshold().fit([[1, 5, 0], [2, 5, 1], [3, 5, 0]]);
    expect(Array.from(vt.support)).toEqual([0, 2]);
    expect(vt.featureNamesOut(['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(toRows(vt.transform([[7, 9, 1]]))).toEqual([[7, 1]]);
  });

  it('threshold 0 uses the range when rounding leaves a tiny variance', () => {
    const v = 0.1 + 0.2;
    const vt = new VarianceThreshold().fit([[v, 1], [v, 2], [v, 3]]);
    expect(Array.from(vt.variances)[0]).toBe(0);
  });

  it('errors when nothing is kept, and on a negative threshold', () => {
    expect(() => new VarianceThreshold().fit([[1, 2], [1, 2]])).toThrow(ValidationError);
    expect(() => new VarianceThreshold({ threshold: 5 }).fit([[0], [1]])).toThrow(/variance threshold 5/);
    expect(() => new VarianceThreshold({ threshold: -1 }).fit([[0], [1]])).toThrow(InvalidParameterError);
  });
});
