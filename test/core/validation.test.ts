import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix as MlMatrix } from 'ml-matrix';
import { ValidationError } from '../../src/core/errors.js';
import { validateLabels, validateMatrix, validateSampleWeight } from '../../src/core/validation.js';

const opts = { estimator: 'Probe' };

describe('validateMatrix', () => {
  it('converts nested arrays, Float64Array rows and ml-matrix matrices to the same Matrix', () => {
    const rows = [[1, 2, 3], [4, 5, 6]];
    const a = validateMatrix(rows, opts);
    const b = validateMatrix(rows.map((r) => Float64Array.from(r)), opts);
    const c = validateMatrix(new MlMatrix(rows), opts);
    for (const m of [a, b, c]) {
      expect(m.rows).toBe(2);
      expect(m.cols).toBe(3);
      expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('returns a Matrix input as is (no copy) and never writes to it', () => {
    const m = { rows: 1, cols: 2, data: new Float64Array([1, 2]) };
    expect(validateMatrix(m, opts)).toBe(m);
  });

  it.each([
    [[1, 2, 3], /expected a 2-D X .* got a 1-D array/],
    [new Float64Array(3), /2-D/],
    ['text', /2-D/],
    [null, /2-D/],
  ])('rejects non-2-D input %#', (input, pattern) => {
    expect(() => validateMatrix(input, opts)).toThrow(ValidationError);
    expect(() => validateMatrix(input, opts)).toThrow(pattern);
  });

  it('names the ragged row', () => {
    expect(() => validateMatrix([[1, 2], [3]], opts)).toThrow(/row 1 has 1/);
  });

  it('names the row and column of NaN and Infinity, with the fix', () => {
    try {
      validateMatrix([[1, 2], [3, NaN]], opts);
      expect.unreachable();
    } catch (e) {
      const err = e as ValidationError;
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.code).toBe('VALIDATION');
      expect([err.row, err.column]).toEqual([1, 1]);
      expect(err.message).toMatch(/NaN at row 1, column 1.*SimpleImputer/);
    }
    expect(() => validateMatrix([[Infinity]], opts)).toThrow(/infinity at row 0, column 0/);
  });

  it('accepts NaN and null as missing only when allowed', () => {
    const m = validateMatrix([[1, null as unknown as number], [NaN, 2]], { ...opts, allowNaN: true });
    expect(Number.isNaN(m.data[1])).toBe(true);
    expect(() => validateMatrix([[1, null as unknown as number]], opts)).toThrow(/row 0, column 1 is null/);
    expect(() => validateMatrix([[Infinity]], { ...opts, allowNaN: true })).toThrow(/infinity/);
  });

  it('rejects empty input and the wrong width with scikit-learn wording', () => {
    expect(() => validateMatrix([], opts)).toThrow(/0 sample\(s\) \(shape=\(0, 0\)\) while a minimum of 1 is required/);
    expect(() => validateMatrix([[], []], opts)).toThrow(/0 feature\(s\) \(shape=\(2, 0\)\)/);
    expect(() => validateMatrix([[1, 2]], { ...opts, nFeatures: 3 })).toThrow(/X has 2 features, but Probe is expecting 3 features as input/);
  });

  it('never mutates and always reports the right cell (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.constantFrom(NaN, Infinity, -Infinity),
        (n, d, pick, bad) => {
          const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => i * d + j));
          const r = pick % n;
          const c = Math.floor(pick / n) % d;
          (rows[r] as number[])[c] = bad;
          const snapshot = JSON.stringify(rows.map((x) => x.map(String)));
          let err: unknown;
          try {
            validateMatrix(rows, opts);
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(ValidationError);
          expect([(err as ValidationError).row, (err as ValidationError).column]).toEqual([r, c]);
          expect(JSON.stringify(rows.map((x) => x.map(String)))).toBe(snapshot);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('validateSampleWeight and validateLabels', () => {
  it('defaults to ones and rejects bad weights', () => {
    expect(Array.from(validateSampleWeight(undefined, 3, 'Probe'))).toEqual([1, 1, 1]);
    expect(() => validateSampleWeight([1, 2], 3, 'Probe')).toThrow(/sampleWeight of length 3/);
    expect(() => validateSampleWeight([1, -1, 2], 3, 'Probe')).toThrow(/sampleWeight\[1\] is -1/);
    expect(() => validateSampleWeight([0, 0], 2, 'Probe')).toThrow(/sum to 0/);
    expect(() => validateSampleWeight([1, NaN], 2, 'Probe')).toThrow(/sampleWeight\[1\] is NaN/);
  });

  it('checks labels', () => {
    expect(Array.from(validateLabels([0, -1, 2], 3, 'Probe'))).toEqual([0, -1, 2]);
    expect(() => validateLabels([0, 1.5], 2, 'Probe')).toThrow(/labels\[1\] is 1.5/);
    expect(() => validateLabels([0, 1], 3, 'Probe')).toThrow(/labels of length 3/);
    expect(() => validateLabels('abc', 3, 'Probe')).toThrow(/array of integers/);
  });
});
