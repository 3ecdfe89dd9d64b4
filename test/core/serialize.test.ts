import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerializationError } from '../../src/core/errors.js';
import { assertSafeJson, decodeState, encodeState, encodeTyped, field, fromBase64, readHeader, toBase64 } from '../../src/core/serialize.js';
import { fromJSON } from '../../src/registry.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';

describe('base64 codec', () => {
  it('round-trips any bytes (property) and rejects malformed text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = toBase64(bytes);
        expect(s).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(fromBase64(s) ?? [])).toEqual(Array.from(bytes));
      }),
      { numRuns: 200 },
    );
    expect(fromBase64('abc')).toBeNull();
    expect(fromBase64('ab!=')).toBeNull();
  });

  it('encodes typed arrays exactly, including subnormals and -0', () => {
    const a = new Float64Array([0.1, -0, 5e-324, 1e308, -2.5]);
    const schema = { a: field.float64() };
    const back = decodeState(schema, JSON.parse(JSON.stringify(encodeState(schema, { a }))), { estimator: 'Probe' });
    expect(Object.is((back.a as Float64Array)[1], -0)).toBe(true);
    expect(Array.from(back.a as Float64Array)).toEqual(Array.from(a));
  });
});

describe('state schemas', () => {
  const schema = { n: field.int({ min: 1 }), m: field.matrix(), names: field.array(field.string()), opt: field.optional(field.number()) };
  const good = encodeState(schema, { n: 2, m: { rows: 1, cols: 2, data: new Float64Array([1, 2]) }, names: ['a'] });

  it('decodes what it encodes', () => {
    const back = decodeState(schema, good, { estimator: 'Probe' });
    expect(back.n).toBe(2);
    expect(Array.from((back.m as { data: Float64Array }).data)).toEqual([1, 2]);
    expect(back.opt).toBeUndefined();
  });

  it.each([
    ['missing field', { ...good, n: undefined }, /state.n must be/],
    ['unknown field', { ...good, extra: 1 }, /state.extra must be absent/],
    ['wrong type', { ...good, n: 'two' }, /state.n must be an integer/],
    ['out of range', { ...good, n: 0 }, /state.n must be an integer in \[1, inf\]/],
    ['matrix shape', { ...good, m: { rows: 3, cols: 2, data: encodeTyped(new Float64Array([1, 2])) } }, /3 x 2 = 6 values/],
    ['bad base64', { ...good, m: { rows: 1, cols: 2, data: { dtype: 'float64', length: 2, base64: '!!!!' } } }, /base64/],
    ['wrong dtype', { ...good, m: { rows: 1, cols: 2, data: { ...encodeTyped(new Float64Array([1, 2])), dtype: 'int32' } } }, /float64 array/],
    ['non-finite data', { ...good, m: { rows: 1, cols: 1, data: encodeTyped(new Float64Array([NaN])) } }, /finite number/],
  ])('rejects %s', (_name, doc, pattern) => {
    expect(() => decodeState(schema, JSON.parse(JSON.stringify(doc)), { estimator: 'Probe' })).toThrow(pattern);
  });
});

describe('documents', () => {
  const km = new KMeans({ nClusters: 2 }).fit([[0, 0], [0, 1], [5, 5], [5, 6]]);
  const doc = () => JSON.parse(JSON.stringify(km)) as Record<string, unknown>;

  it('restores exactly through fromJSON (object or string)', () => {
    const a = fromJSON(doc()) as KMeans;
    const b = fromJSON(JSON.stringify(km)) as KMeans;
    expect(a).toBeInstanceOf(KMeans);
    expect(Array.from(a.predict([[4, 4], [1, 0]]))).toEqual(Array.from(km.predict([[4, 4], [1, 0]])));
    expect(JSON.stringify(b)).toBe(JSON.stringify(km));
  });

  it.each([
    ['not an object', 42, /JSON object/],
    ['not JSON', '{oops', /not valid JSON/],
    ['wrong format', { ...doc(), format: 'other' }, /format 'segmentkit\/estimator'/],
    ['newer version', { ...doc(), version: 99 }, /version 99.*Upgrade segmentkit/],
    ['bad version', { ...doc(), version: 'one' }, /positive integer format version/],
    ['unknown type', { ...doc(), type: 'Nope' }, /Unknown estimator type 'Nope'/],
    ['invalid params', { ...doc(), params: { ...(doc().params as object), nClusters: -3 } }, /invalid params.*nClusters/],
    ['unknown params', { ...doc(), params: { ...(doc().params as object), evil: 1 } }, /invalid params.*no parameter 'evil'/],
    ['labels out of range', { ...doc(), state: { ...(doc().state as object), labels: encodeTyped(new Int32Array([0, 1, 7, 0])) } }, /labels\[2\] = 7/],
    ['centers of the wrong shape', { ...doc(), params: { ...(doc().params as object), nClusters: 3 } }, /clusterCenters is 2 x 2, expected 3 x 2/],
  ])('rejects %s', (_name, bad, pattern) => {
    expect(() => fromJSON(bad)).toThrow(SerializationError);
    expect(() => fromJSON(bad)).toThrow(pattern);
  });

  it('rejects prototype-polluting keys anywhere and never pollutes', () => {
    const text = JSON.stringify(km).replace('"params":{', '"params":{"__proto__":{"polluted":true},');
    expect(() => fromJSON(text)).toThrow(/forbidden key '__proto__'/);
    const nested = JSON.stringify(km).replace('"state":{', '"state":{"constructor":{"prototype":{"polluted":true}},');
    expect(() => fromJSON(nested)).toThrow(/forbidden key 'constructor'/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => assertSafeJson(JSON.parse('{"a":[{"prototype":1}]}'))).toThrow(/\$\.a\[0\]/);
  });

  it('rejects a document of another type in a class fromJSON', () => {
    expect(() => StandardScaler.fromJSON(doc())).toThrow(/StandardScaler.fromJSON was given a document of type 'KMeans'/);
  });

  it('reads headers of unfitted estimators', () => {
    const h = readHeader(JSON.parse(JSON.stringify(new StandardScaler())));
    expect(h.state).toBeNull();
    expect(StandardScaler.fromJSON(new StandardScaler({ withMean: false }).toJSON()).params.withMean).toBe(false);
  });
});
