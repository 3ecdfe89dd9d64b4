import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJSON, InvalidParameterError, LogTransformer, toRows, ValidationError } from '../../src/index.js';
import { allClose } from '../../src/testing/asserts.js';

describe('LogTransformer', () => {
  it('computes log1p(x + offset) by hand', () => {
    const lt = new LogTransformer({ offset: 1 }).fit([[0, 2], [3, 5]]);
    expect(toRows(lt.transform([[0, 2]]))).toEqual([[Math.log(2), Math.log(4)]]);
    expect(Array.from(lt.offsets)).toEqual([1, 1]);
  });

  it("offset 'auto' learns max(0, -min) per feature", () => {
    const lt = new LogTransformer({ offset: 'auto' }).fit([[-3, 4], [2, 9], [-1, 0]]);
    expect(Array.from(lt.offsets)).toEqual([3, 0]);
    expect(toRows(lt.transform([[-3, 0]]))).toEqual([[0, 0]]);
  });

  it('rejects values below -offset naming row and column', () => {
    try {
      new LogTransformer().fit([[1, 2], [3, -0.5]]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).row).toBe(1);
      expect((e as ValidationError).column).toBe(1);
      expect((e as Error).message).toMatch(/row 1, column 1 is -0.5 \(offset 0\)/);
    }
    const lt = new LogTransformer({ offset: 'auto' }).fit([[-2], [5]]);
    expect(() => lt.transform([[-2.5]])).toThrow(/needs x \+ offset >= 0/);
  });

  it('inverse overflow is an error, not Infinity', () => {
    const lt = new LogTransformer().fit([[1]]);
    expect(() => lt.inverseTransform([[1000]])).toThrow(ValidationError);
  });

  it('rejects a bad offset and inconsistent documents', () => {
    expect(() => new LogTransformer({ offset: 'big' as never }).fit([[1]])).toThrow(InvalidParameterError);
    const doc = JSON.parse(JSON.stringify(new LogTransformer({ offset: 2 }).fit([[1]])));
    doc.params.offset = 3;
    expect(() => fromJSON(doc)).toThrow(/must equal the offset parameter/);
  });

  it('round-trips through inverseTransform (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 30 }),
        (rows) => {
          const X = rows.map(([a, b]) => [a, b]);
          const lt = new LogTransformer({ offset: 'auto' }).fit(X);
          allClose(lt.inverseTransform(lt.transform(X)), X, { rtol: 1e-9, atol: 1e-9 });
        },
      ),
      { numRuns: 100 },
    );
  });
});
