import { describe, expect, it } from 'vitest';
import { BaseEstimator, type FitOptions } from '../../src/core/estimator.js';
import type { Matrix, MatrixInput } from '../../src/core/matrix.js';
import { int, type ParamConstraints } from '../../src/core/params.js';
import { field, type StateSchema } from '../../src/core/serialize.js';
import { registerEstimator } from '../../src/registry.js';
import { CHECK_NAMES, checkEstimator, estimatorChecks } from '../../src/testing/index.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';

interface P { shift: number }
interface S { nFeaturesIn: number; offset: Float64Array }

/** A small transformer whose behaviour can be broken in one chosen way. */
let fits = 0;

function makeBrokenClass(flaw: 'none' | 'mutatesInput' | 'returnsUndefined' | 'validatesInConstructor' | 'randomState' | 'ignoresWidth', tag = '') {
  class Shifter extends BaseEstimator<P, S> {
    static readonly estimatorType = `Shifter_${flaw}${tag}`;
    static readonly defaults = Object.freeze({ shift: 1 });
    static readonly constraints: ParamConstraints<P> = { shift: [int({ min: 0 })] };
    static readonly stateSchema: StateSchema = { nFeaturesIn: field.int(), offset: field.float64() };
    constructor(options: Partial<P> = {}) {
      super(Shifter.defaults, options);
      if (flaw === 'validatesInConstructor' && typeof options.shift !== 'number' && options.shift !== undefined) throw new TypeError('bad shift');
    }
    fit(X: MatrixInput, _o?: FitOptions): this {
      this.checkParams();
      const m = this.checkInput(X);
      if (flaw === 'mutatesInput' && !Array.isArray(X)) m.data[0] = 42;
      const offset = new Float64Array(m.cols).fill(this.params.shift + (flaw === 'randomState' ? fits++ : 0));
      this.commit({ nFeaturesIn: m.cols, offset });
      return flaw === 'returnsUndefined' ? (undefined as unknown as this) : this;
    }
    transform(X: MatrixInput): Matrix {
      const s = this.fitted('transform');
      const m = flaw === 'ignoresWidth' ? this.checkInput(X) : this.checkInput(X, { fitted: s });
      const out = m.data.map((v, k) => v + (s.offset[k % m.cols] ?? 0));
      return { rows: m.rows, cols: m.cols, data: out };
    }
    fitTransform(X: MatrixInput): Matrix {
      return this.fit(X).transform(X);
    }
    featureNamesOut(): string[] {
      return Array.from({ length: this.fitted('featureNamesOut').nFeaturesIn }, (_, i) => `x${i}`);
    }
  }
  registerEstimator(Shifter);
  return Shifter;
}

describe('checkEstimator', () => {
  it('passes a correct estimator', () => {
    const Ok = makeBrokenClass('none');
    const results = checkEstimator(() => new Ok());
    expect(results.map((r) => r.name)).toEqual([...CHECK_NAMES]);
    expect(results.filter((r) => r.status === 'failed')).toEqual([]);
  });

  it.each([
    ['mutatesInput', /inputNotMutated/],
    ['returnsUndefined', /fitReturnsThis/],
    ['validatesInConstructor', /noWorkInConstructor/],
    ['randomState', /fitIdempotentSeeded/],
    ['ignoresWidth', /nFeaturesChecked/],
  ] as const)('fails an estimator that %s', (flaw, pattern) => {
    const Broken = makeBrokenClass(flaw);
    expect(() => checkEstimator(() => new Broken())).toThrow(pattern);
  });

  it('reports expected failures as xfail instead of throwing', () => {
    const Broken = makeBrokenClass('mutatesInput', '_xfail');
    const results = checkEstimator(() => new Broken(), { expectedFailures: { inputNotMutated: 'known', readonlyMethodsKeepState: 'known' } });
    expect(results.find((r) => r.name === 'inputNotMutated')?.status).toBe('xfail');
  });

  it('gives one runnable check per name', () => {
    const checks = estimatorChecks(() => new StandardScaler());
    expect(checks.map((c) => c.name)).toEqual([...CHECK_NAMES]);
    for (const c of checks) c.run();
  });
});
