import { describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError, NotFittedError, SegmentationError } from '../../src/core/errors.js';
import { throwIfAborted } from '../../src/core/estimator.js';
import { int, num, oneOf, seed, validateParams } from '../../src/core/params.js';
import { setWarningHandler, WarningCollector, type SegmentWarning } from '../../src/core/warnings.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';

describe('parameters', () => {
  it('are defaults merged with options, deep-frozen plain data; undefined means default', () => {
    const init = [[0, 0], [1, 1]];
    const km = new KMeans({ nClusters: 2, init, randomState: undefined });
    expect(km.params.randomState).toBe(0);
    expect(Object.isFrozen(km.params)).toBe(true);
    expect(Object.isFrozen(km.params.init)).toBe(true);
    expect(Object.isFrozen(init)).toBe(false);
    init[0]![0] = 9;
    expect((km.params.init as number[][])[0]![0]).toBe(0);
  });

  it('convert typed-array and Matrix params to plain arrays', () => {
    const km = new KMeans({ nClusters: 1, init: { rows: 1, cols: 2, data: new Float64Array([3, 4]) } as unknown as number[][] });
    expect(km.params.init).toEqual([[3, 4]]);
  });

  it('are validated in fit with scikit-learn wording, never in the constructor', () => {
    const bad = new KMeans({ nClusters: 0 });
    expect(() => bad.fit([[1], [2]])).toThrow(InvalidParameterError);
    expect(() => bad.fit([[1], [2]])).toThrow("The 'nClusters' parameter of KMeans must be an int in the range [1, inf). Got 0 instead.");
    const typo = new KMeans({ nCluster: 3 } as never);
    expect(() => typo.fit([[1], [2]])).toThrow(/KMeans has no parameter 'nCluster'. Valid parameters are: nClusters, /);
    try {
      new KMeans({ algorithm: 'fast' as never }).fit([[1]]);
    } catch (e) {
      expect((e as InvalidParameterError).parameter).toBe('algorithm');
      expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
    }
  });

  it('describe every constraint form', () => {
    const check = (v: unknown) => () => validateParams('P', { a: v }, { a: [int({ min: 0, max: 3, closed: 'right' }), oneOf('auto'), ...seed] });
    expect(check('x')).toThrow("must be an int in the range (0, 3], a str among {'auto'}, an int in the range [0, 4294967295] or null. Got 'x' instead.");
    expect(() => validateParams('P', { a: NaN }, { a: [num()] })).toThrow('a float in the range (-inf, inf). Got NaN instead.');
  });

  it('round-trip through withParams and clone', () => {
    const km = new KMeans({ nClusters: 4 });
    const other = km.withParams({ maxIter: 10 });
    expect(other).toBeInstanceOf(KMeans);
    expect(other.params).toMatchObject({ nClusters: 4, maxIter: 10 });
    expect(km.params.maxIter).toBe(300);
    expect(km.clone().getParams()).toEqual(km.getParams());
  });
});

describe('fitted state', () => {
  it('throws NotFittedError before fit, naming the method', () => {
    const s = new StandardScaler();
    expect(() => s.transform([[1]])).toThrow(NotFittedError);
    expect(() => s.transform([[1]])).toThrow("This StandardScaler instance is not fitted yet. Call 'fit' with appropriate arguments before using 'transform'.");
    expect(() => new KMeans().labels).toThrow(/before using 'labels'/);
  });

  it('is kept when a refit fails', () => {
    const s = new StandardScaler().fit([[1, 2], [3, 4]]);
    const before = JSON.stringify(s);
    expect(() => s.fit([[1, NaN]])).toThrow(SegmentationError);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('getters return copies', () => {
    const s = new StandardScaler().fit([[1], [3]]);
    s.mean[0] = 100;
    expect(s.mean[0]).toBe(2);
  });
});

describe('warnings and abort', () => {
  it('are recorded as data and sent to the handler', () => {
    const seen: SegmentWarning[] = [];
    const previous = setWarningHandler((w) => seen.push(w));
    try {
      const km = new KMeans({ nClusters: 3, maxIter: 1, init: 'random' }).fit([[0], [0], [0], [1]]);
      expect(km.warnings.map((w) => w.code)).toContain('FEWER_CLUSTERS');
      expect(seen.map((w) => w.code)).toEqual(km.warnings.map((w) => w.code));
      expect(km.warnings[0]?.source).toBe('KMeans');
    } finally {
      setWarningHandler(previous);
    }
    const c = new WarningCollector('X');
    c.warn('NOT_CONVERGED', 'm');
    expect(Object.isFrozen(c.flush())).toBe(true);
  });

  it('aborts through an AbortSignal and keeps the previous state', () => {
    const km = new KMeans({ nClusters: 1 }).fit([[0], [1]]);
    const before = JSON.stringify(km);
    const ctrl = new AbortController();
    ctrl.abort();
    expect(() => km.fit([[5], [6]], { signal: ctrl.signal })).toThrow(AbortError);
    expect(JSON.stringify(km)).toBe(before);
    expect(() => throwIfAborted(undefined, 'X')).not.toThrow();
  });
});
