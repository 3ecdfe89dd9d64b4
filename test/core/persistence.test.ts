// fromJSON treats documents as untrusted, for every registered estimator: hostile headers, params
// and states (unknown type, newer version, wrong lengths, non-finite numbers, prototype-polluting
// keys) throw SerializationError and never pollute a prototype; an honest document round-trips to
// the same document and bit-identical outputs.
import { describe, expect, it } from 'vitest';
import { SerializationError } from '../../src/core/errors.js';
import type { AnyEstimator, EstimatorClass } from '../../src/core/estimator.js';
import type { Matrix } from '../../src/core/matrix.js';
import { pipeline } from '../../src/core/pipeline.js';
import { encodeTyped, FORMAT_VERSION, type FieldSpec } from '../../src/core/serialize.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { PCA } from '../../src/reduce/pca.js';
import { estimatorClass, fromJSON, registeredEstimators } from '../../src/registry.js';
import { makeBlobs } from '../../src/testing/generators.js';

/** Blobs scaled to [0, 1], so estimators of binary or bounded data fit too. */
function unitData(): Matrix {
  const { X } = makeBlobs({ nSamples: 40, nFeatures: 3, nCenters: 3, clusterStd: 0.6, randomState: 0 });
  const data = X.data.slice();
  for (let j = 0; j < 3; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < 40; i++) {
      lo = Math.min(lo, data[i * 3 + j] as number);
      hi = Math.max(hi, data[i * 3 + j] as number);
    }
    for (let i = 0; i < 40; i++) data[i * 3 + j] = ((data[i * 3 + j] as number) - lo) / (hi - lo);
  }
  return { rows: 40, cols: 3, data };
}

/** Small, fast configurations where the defaults are slow (deep models) or need more. */
const overrides: Record<string, () => AnyEstimator> = {
  Pipeline: () => pipeline(new StandardScaler()).pipe(new PCA({ nComponents: 2 })).cluster(new KMeans({ nClusters: 3 })) as unknown as AnyEstimator,
};
const small: Record<string, Record<string, unknown>> = {
  Autoencoder: { hiddenSizes: [4], nComponents: 2, epochs: 2, batchSize: 16 },
  VAE: { hiddenSizes: [4], nComponents: 2, epochs: 2, batchSize: 16 },
  DEC: { nClusters: 3, hiddenSizes: [4], nComponents: 2, pretrainEpochs: 2, batchSize: 16, maxIter: 4, updateInterval: 2, nInit: 1 },
  IDEC: { nClusters: 3, hiddenSizes: [4], nComponents: 2, pretrainEpochs: 2, batchSize: 16, maxIter: 4, updateInterval: 2, nInit: 1 },
  UMAP: { nNeighbors: 8, nEpochs: 9 },
};

function make(type: string): AnyEstimator {
  const custom = overrides[type];
  if (custom) return custom();
  const Cls = estimatorClass(type) as EstimatorClass;
  return new (Cls as unknown as new (o?: unknown) => AnyEstimator)(small[type] ?? {});
}

type Doc = Record<string, unknown> & { params: Record<string, unknown>; state: Record<string, unknown> | null };

const clone = (d: unknown): Doc => JSON.parse(JSON.stringify(d)) as Doc;

function expectRejected(doc: unknown, what: string): void {
  let error: unknown;
  try {
    fromJSON(doc);
  } catch (err) {
    error = err;
  }
  expect(error, `${what}: fromJSON accepted the document`).toBeInstanceOf(SerializationError);
}

/** Every (path, mutation) that must make a fitted state invalid, from the class's state schema. */
function stateMutations(type: string, state: Record<string, unknown>): [string, (s: Record<string, unknown>) => void][] {
  const schema = (estimatorClass(type) as EstimatorClass).stateSchema;
  const out: [string, (s: Record<string, unknown>) => void][] = [];
  for (const [key, spec] of Object.entries(schema) as [string, FieldSpec][]) {
    const value = state[key];
    if (value === null || value === undefined) continue;
    const kind = spec.kind === 'optional' ? spec.of.kind : spec.kind;
    if (kind === 'number' || kind === 'int') {
      out.push([`${key} = Infinity`, (s) => (s[key] = Infinity)]);
      out.push([`${key} = NaN`, (s) => (s[key] = NaN)]);
      out.push([`${key} = 'x'`, (s) => (s[key] = 'x')]);
    } else if (kind === 'float64' || kind === 'float32' || kind === 'int32') {
      out.push([`${key} one value short`, (s) => ((s[key] as { length: number }).length += 1)]);
      out.push([`${key} bad base64`, (s) => ((s[key] as { base64: string }).base64 = '@@@@')]);
      if (kind === 'float64' && (value as { length: number }).length > 0) {
        out.push([`${key} with NaN`, (s) => {
          const n = (s[key] as { length: number }).length;
          const a = new Float64Array(n);
          a[0] = NaN;
          s[key] = encodeTyped(a);
        }]);
      }
    } else if (kind === 'matrix') {
      out.push([`${key}.rows + 1`, (s) => ((s[key] as { rows: number }).rows += 1)]);
      out.push([`${key}.cols = -1`, (s) => ((s[key] as { cols: number }).cols = -1)]);
      const m = value as { rows: number; cols: number };
      if (m.rows * m.cols > 0) {
        out.push([`${key} with Infinity`, (s) => {
          const a = new Float64Array(m.rows * m.cols);
          a[a.length - 1] = Infinity;
          (s[key] as { data: unknown }).data = encodeTyped(a);
        }]);
      }
    } else if (kind === 'string' || kind === 'boolean') {
      out.push([`${key} = 12345`, (s) => (s[key] = 12345)]);
    }
  }
  out.push(['unknown state field', (s) => (s.somethingNew = 1)]);
  return out;
}

describe('persistence hardening over every registered estimator', () => {
  const X = unitData();
  for (const type of registeredEstimators()) {
    it(`${type}: hostile documents are rejected, honest ones round-trip exactly`, () => {
      const unfitted = clone(make(type).toJSON());
      const est = make(type) as AnyEstimator & { fit(X: Matrix): AnyEstimator };
      est.fit(X);
      const text = JSON.stringify(est);
      const fitted = clone(est);
      expect(fitted.state, `${type} has a fitted state`).not.toBeNull();

      // honest documents
      const back = fromJSON(text);
      expect(back.constructor).toBe(est.constructor);
      expect(JSON.stringify(back)).toBe(text);
      expect(fromJSON(unfitted).isFitted).toBe(false);
      for (const method of ['predict', 'transform', 'predictProba', 'scoreSamples']) {
        const f = (est as unknown as Record<string, unknown>)[method];
        if (typeof f !== 'function') continue;
        const a = (f as (X: Matrix) => unknown).call(est, X) as { data?: ArrayLike<number> } & ArrayLike<number>;
        const g = (back as unknown as Record<string, (X: Matrix) => unknown>)[method] as (X: Matrix) => unknown;
        const b = g.call(back, X) as { data?: ArrayLike<number> } & ArrayLike<number>;
        expect(Array.from(b.data ?? b), `${type}.${method} after a round trip`).toEqual(Array.from(a.data ?? a));
      }

      // hostile headers and params
      for (const doc of [unfitted, fitted]) {
        const header: [string, (d: Doc) => void][] = [
          ['unknown type', (d) => (d.type = 'NoSuchEstimator')],
          ['newer version', (d) => (d.version = FORMAT_VERSION + 1)],
          ['wrong format', (d) => (d.format = 'sklearn/pickle')],
          ['params not an object', (d) => (d.params = [1, 2] as unknown as Record<string, unknown>)],
          ['unknown param', (d) => (d.params.notAParameter = 1)],
          ['state not an object', (d) => (d.state = 7 as unknown as Record<string, unknown>)],
        ];
        for (const [what, mutate] of header) {
          const d = clone(doc);
          mutate(d);
          expectRejected(d, `${type} ${what}`);
        }
        for (const key of ['__proto__', 'constructor', 'prototype']) {
          const json = JSON.stringify(doc).replace('"params":{', `"params":{"${key}":{"polluted":true},`);
          expectRejected(json, `${type} ${key} in params`);
          if (doc.state !== null) expectRejected(JSON.stringify(doc).replace('"state":{', `"state":{"${key}":{"polluted":true},`), `${type} ${key} in state`);
        }
      }
      expectRejected('{"format": "segmentkit/estimator", "version": 1, ', `${type} truncated JSON`);

      // hostile states
      for (const [what, mutate] of stateMutations(type, fitted.state as Record<string, unknown>)) {
        const d = clone(fitted);
        mutate(d.state as Record<string, unknown>);
        expectRejected(d, `${type} state ${what}`);
      }
      // nested documents (pipeline steps) get the same scrutiny
      const steps = fitted.params.steps as { estimator: Doc }[] | undefined;
      steps?.forEach((step, i) => {
        for (const [what, mutate] of stateMutations(step.estimator.type as string, step.estimator.state as Record<string, unknown>)) {
          const d = clone(fitted);
          mutate((d.params.steps as { estimator: Doc }[])[i]?.estimator.state as Record<string, unknown>);
          expectRejected(d, `${type} step ${i} state ${what}`);
        }
        const d = clone(fitted);
        ((d.params.steps as { estimator: Doc }[])[i] as { estimator: Doc }).estimator.version = FORMAT_VERSION + 1;
        expectRejected(d, `${type} step ${i} newer version`);
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  }
});
