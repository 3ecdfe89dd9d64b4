/**
 * The model document format and the schema-driven codec for fitted state. Documents are treated as
 * untrusted input: every field is checked against a schema, unknown and prototype-polluting keys
 * are rejected, typed arrays travel as little-endian base64 (exact, compact).
 *
 * @packageDocumentation
 */
import { SerializationError } from './errors.js';
import { isMatrix, type Matrix } from './matrix.js';
import { formatValue, messages } from './messages.js';

/** The `format` tag of every estimator document. */
export const FORMAT = 'segmentkit/estimator';
/** The newest document version this build writes and reads. */
export const FORMAT_VERSION = 1;

/** A serialized estimator. */
export interface EstimatorJSON {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly type: string;
  readonly params: Record<string, unknown>;
  readonly state: Record<string, unknown> | null;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

/**
 * Rejects prototype-polluting keys and absurd nesting anywhere in a parsed JSON value.
 *
 * @throws {@link SerializationError} naming the path of the forbidden key.
 */
export function assertSafeJson(value: unknown, path = '$', depth = 0): void {
  if (depth > MAX_DEPTH) throw new SerializationError(`The document is nested deeper than ${MAX_DEPTH} levels at ${path}.`);
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertSafeJson(value[i], `${path}[${i}]`, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new SerializationError(messages.serialization.forbiddenKey(path, key));
    assertSafeJson((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
  // JSON.parse('{"__proto__": 1}') makes an own property that Object.keys lists, but a
  // hand-built object could carry a non-plain prototype: reject those too.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new SerializationError(`The document has a non-plain object at ${path}.`);
  }
}

/** Reads the header of an estimator document and checks format and version. */
export function readHeader(json: unknown): { type: string; version: number; params: Record<string, unknown>; state: unknown } {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json) as unknown;
    } catch (err) {
      throw new SerializationError(`The document is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SerializationError(messages.serialization.notObject(json));
  }
  assertSafeJson(json);
  const doc = json as Record<string, unknown>;
  if (doc.format !== FORMAT) throw new SerializationError(messages.serialization.badFormat(doc.format));
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new SerializationError(messages.serialization.badVersion(version));
  }
  if (version > FORMAT_VERSION) throw new SerializationError(messages.serialization.newerVersion(version, FORMAT_VERSION));
  if (typeof doc.type !== 'string') throw new SerializationError(messages.serialization.unknownType(doc.type, []));
  const params = doc.params;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new SerializationError(messages.serialization.badField(doc.type, 'params', 'an object', params));
  }
  return { type: doc.type, version, params: params as Record<string, unknown>, state: doc.state };
}

// ---------------------------------------------------------------------------------------------
// base64 of typed arrays (little-endian), without Buffer so it runs in browsers and Deno

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function bytesOf(a: Float64Array | Float32Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(bytes.length);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let b = 0; b < w; b++) out[i + b] = bytes[i + w - 1 - b] as number;
  return out;
}

/** Encodes bytes as standard base64. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const b0 = bytes[i] as number;
      const b1 = i + 1 < end ? (bytes[i + 1] as number) : 0;
      const b2 = i + 2 < end ? (bytes[i + 2] as number) : 0;
      s += B64[b0 >> 2];
      s += B64[((b0 & 3) << 4) | (b1 >> 4)];
      s += i + 1 < end ? B64[((b1 & 15) << 2) | (b2 >> 6)] : '=';
      s += i + 2 < end ? B64[b2 & 63] : '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

/** Decodes standard base64; returns null on malformed input. */
export function fromBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const c0 = B64_INDEX[s.charCodeAt(i)] ?? -1;
    const c1 = B64_INDEX[s.charCodeAt(i + 1)] ?? -1;
    const last = i + 4 === s.length;
    const c2 = last && pad >= 2 ? 0 : (B64_INDEX[s.charCodeAt(i + 2)] ?? -1);
    const c3 = last && pad >= 1 ? 0 : (B64_INDEX[s.charCodeAt(i + 3)] ?? -1);
    if (c0 < 0 || c1 < 0 || c2 < 0 || c3 < 0) return null;
    const n = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Element type of an encoded typed array. */
export type TypedName = 'float64' | 'float32' | 'int32';
const TYPED = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
} as const;

/** Encodes a typed array as `{ dtype, length, base64 }`. */
export function encodeTyped(a: Float64Array | Float32Array | Int32Array): { dtype: TypedName; length: number; base64: string } {
  const dtype: TypedName = a instanceof Float64Array ? 'float64' : a instanceof Float32Array ? 'float32' : 'int32';
  return { dtype, length: a.length, base64: toBase64(bytesOf(a)) };
}

function decodeTyped(value: unknown, dtype: TypedName, ctx: DecodeContext, path: string): Float64Array | Float32Array | Int32Array {
  const v = value as { dtype?: unknown; length?: unknown; base64?: unknown } | null;
  if (typeof v !== 'object' || v === null || v.dtype !== dtype || typeof v.base64 !== 'string' || typeof v.length !== 'number') {
    throw new SerializationError(messages.serialization.badField(ctx.estimator, path, `a ${dtype} array { dtype, length, base64 }`, value));
  }
  const bytes = fromBase64(v.base64);
  const Ctor = TYPED[dtype];
  if (bytes === null || bytes.length !== v.length * Ctor.BYTES_PER_ELEMENT) {
    throw new SerializationError(messages.serialization.badField(ctx.estimator, path, `base64 of ${v.length} ${dtype} values`, `${v.base64.length} base64 characters`));
  }
  const aligned = new Uint8Array(bytes.length);
  const w = Ctor.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN) aligned.set(bytes);
  else for (let i = 0; i < bytes.length; i += w) for (let b = 0; b < w; b++) aligned[i + b] = bytes[i + w - 1 - b] as number;
  const out = new Ctor(aligned.buffer);
  if (dtype !== 'int32') {
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i] as number)) {
        throw new SerializationError(messages.serialization.badField(ctx.estimator, `${path}[${i}]`, 'a finite number', out[i]));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// schemas

/** Describes one field of a fitted state, for encoding and for checking untrusted documents. */
export type FieldSpec =
  | { readonly kind: 'number'; readonly min?: number; readonly nonFinite?: boolean }
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'string'; readonly values?: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'float64' }
  | { readonly kind: 'float32' }
  | { readonly kind: 'int32' }
  | { readonly kind: 'matrix' }
  | { readonly kind: 'array'; readonly of: FieldSpec }
  | { readonly kind: 'record'; readonly fields: StateSchema }
  | { readonly kind: 'map'; readonly of: FieldSpec }
  | { readonly kind: 'optional'; readonly of: FieldSpec }
  | { readonly kind: 'json' }
  | { readonly kind: 'estimator' };

/** The schema of a fitted state object: one spec per field. */
export type StateSchema = { readonly [field: string]: FieldSpec };

/** Constructors for {@link FieldSpec}s, so schemas read as a table. */
export const field = {
  /** A finite number (optionally non-finite, encoded as a string). */
  number: (opts: { min?: number; nonFinite?: boolean } = {}): FieldSpec => ({ kind: 'number', ...opts }),
  /** An integer in a range. */
  int: (opts: { min?: number; max?: number } = {}): FieldSpec => ({ kind: 'int', ...opts }),
  /** A string, optionally one of given values. */
  string: (values?: readonly string[]): FieldSpec => (values ? { kind: 'string', values } : { kind: 'string' }),
  /** A boolean. */
  boolean: (): FieldSpec => ({ kind: 'boolean' }),
  /** A Float64Array (base64). */
  float64: (): FieldSpec => ({ kind: 'float64' }),
  /** A Float32Array (base64), e.g. network weights. */
  float32: (): FieldSpec => ({ kind: 'float32' }),
  /** An Int32Array (base64), e.g. labels. */
  int32: (): FieldSpec => ({ kind: 'int32' }),
  /** A Matrix (rows, cols, base64 data). */
  matrix: (): FieldSpec => ({ kind: 'matrix' }),
  /** An array of values of one spec. */
  array: (of: FieldSpec): FieldSpec => ({ kind: 'array', of }),
  /** A nested object with its own schema. */
  record: (fields: StateSchema): FieldSpec => ({ kind: 'record', fields }),
  /** A string-keyed dictionary of one spec. */
  map: (of: FieldSpec): FieldSpec => ({ kind: 'map', of }),
  /** A value that may be absent (null in the document). */
  optional: (of: FieldSpec): FieldSpec => ({ kind: 'optional', of }),
  /** Any JSON value (already checked for forbidden keys). */
  json: (): FieldSpec => ({ kind: 'json' }),
  /** A nested estimator document, restored through the registry. */
  estimator: (): FieldSpec => ({ kind: 'estimator' }),
} as const;

/** What decoding needs besides the schema. */
export interface DecodeContext {
  /** Estimator name for messages. */
  readonly estimator: string;
  /** Restores a nested estimator document (supplied by the registry, avoiding an import cycle). */
  readonly reviveEstimator?: (doc: unknown) => unknown;
}

/** Something that serializes itself (nested estimators). */
interface SelfSerializing {
  toJSON(): unknown;
}

/** Encodes a state value by its spec into JSON-safe data. */
export function encodeField(spec: FieldSpec, value: unknown): unknown {
  switch (spec.kind) {
    case 'number':
      return Number.isFinite(value as number) ? value : { float: String(value) };
    case 'int':
    case 'string':
    case 'boolean':
    case 'json':
      return value;
    case 'float64':
    case 'float32':
    case 'int32':
      return encodeTyped(value as Float64Array);
    case 'matrix': {
      const m = value as Matrix;
      return { rows: m.rows, cols: m.cols, data: encodeTyped(m.data) };
    }
    case 'array':
      return (value as unknown[]).map((v) => encodeField(spec.of, v));
    case 'record':
      return encodeState(spec.fields, value as Record<string, unknown>);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = encodeField(spec.of, v);
      return out;
    }
    case 'optional':
      return value === undefined || value === null ? null : encodeField(spec.of, value);
    case 'estimator':
      return (value as SelfSerializing).toJSON();
  }
}

/** Encodes a whole state object by its schema. */
export function encodeState(schema: StateSchema, state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) out[key] = encodeField(schema[key] as FieldSpec, state[key]);
  return out;
}

function bad(ctx: DecodeContext, path: string, expected: string, got: unknown): never {
  throw new SerializationError(messages.serialization.badField(ctx.estimator, path, expected, got));
}

/** Decodes and checks one value of an untrusted document by its spec. */
export function decodeField(spec: FieldSpec, value: unknown, ctx: DecodeContext, path: string): unknown {
  switch (spec.kind) {
    case 'number': {
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) bad(ctx, path, 'a finite number', value);
        if (spec.min !== undefined && value < spec.min) bad(ctx, path, `a number >= ${spec.min}`, value);
        return value;
      }
      const f = (value as { float?: unknown } | null)?.float;
      if (spec.nonFinite && (f === 'Infinity' || f === '-Infinity' || f === 'NaN')) return Number(f);
      return bad(ctx, path, 'a number', value);
    }
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) bad(ctx, path, 'an integer', value);
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        bad(ctx, path, `an integer in [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`, value);
      }
      return value;
    }
    case 'string':
      if (typeof value !== 'string' || (spec.values !== undefined && !spec.values.includes(value))) {
        bad(ctx, path, spec.values ? `one of ${spec.values.map((v) => `'${v}'`).join(', ')}` : 'a string', value);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') bad(ctx, path, 'a boolean', value);
      return value;
    case 'float64':
    case 'float32':
    case 'int32':
      return decodeTyped(value, spec.kind, ctx, path);
    case 'matrix': {
      const v = value as { rows?: unknown; cols?: unknown; data?: unknown } | null;
      if (typeof v !== 'object' || v === null || !Number.isInteger(v.rows) || !Number.isInteger(v.cols) || (v.rows as number) < 0 || (v.cols as number) < 0) {
        bad(ctx, path, 'a matrix { rows, cols, data }', value);
      }
      const data = decodeTyped(v.data, 'float64', ctx, `${path}.data`) as Float64Array;
      if (data.length !== (v.rows as number) * (v.cols as number)) {
        bad(ctx, `${path}.data`, `${v.rows as number} x ${v.cols as number} = ${(v.rows as number) * (v.cols as number)} values`, `${data.length} values`);
      }
      return { rows: v.rows as number, cols: v.cols as number, data };
    }
    case 'array':
      if (!Array.isArray(value)) bad(ctx, path, 'an array', value);
      return value.map((v, i) => decodeField(spec.of, v, ctx, `${path}[${i}]`));
    case 'record':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(ctx, path, 'an object', value);
      return decodeState(spec.fields, value, ctx, path);
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(ctx, path, 'an object', value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = decodeField(spec.of, v, ctx, `${path}.${k}`);
      return out;
    }
    case 'optional':
      return value === null || value === undefined ? undefined : decodeField(spec.of, value, ctx, path);
    case 'json':
      return value;
    case 'estimator':
      if (!ctx.reviveEstimator) bad(ctx, path, 'a nested estimator (restore through fromJSON())', value);
      return ctx.reviveEstimator(value);
  }
}

/**
 * Decodes a whole state object by its schema. Unknown keys are rejected: a document with fields
 * this version does not know was not written by it.
 */
export function decodeState(schema: StateSchema, value: unknown, ctx: DecodeContext, path = 'state'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(ctx, path, 'an object', value);
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key)) {
      throw new SerializationError(messages.serialization.badField(ctx.estimator, `${path}.${key}`, `absent (known fields: ${Object.keys(schema).join(', ')})`, obj[key]));
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    const spec = schema[key] as FieldSpec;
    if (!(key in obj) && spec.kind !== 'optional') bad(ctx, `${path}.${key}`, 'present', undefined);
    const decoded = decodeField(spec, obj[key], ctx, `${path}.${key}`);
    if (decoded !== undefined) out[key] = decoded;
  }
  return out;
}

/**
 * Copies params into plain JSON data: typed arrays and matrices become nested arrays, so params
 * can be frozen and serialized. Never throws.
 */
export function plainParams(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (isMatrix(value)) {
    const rows: number[][] = [];
    for (let i = 0; i < value.rows; i++) rows.push(Array.from(value.data.subarray(i * value.cols, (i + 1) * value.cols)));
    return rows;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map((v) => plainParams(v, depth + 1));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainParams(v, depth + 1);
    return out;
  }
  return value;
}

/** Deep-freezes plain objects and arrays (not class instances such as nested estimators). */
export function deepFreeze<T>(value: T, depth = 0): T {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  for (const v of Object.values(value)) deepFreeze(v, depth + 1);
  return Object.freeze(value);
}

/**
 * Checks that every array of a restored state has the expected length.
 *
 * @throws {@link SerializationError} naming the first array of the wrong length.
 */
export function assertLengths(estimator: string, expected: number, arrays: Record<string, ArrayLike<unknown>>): void {
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== expected) {
      throw new SerializationError(messages.serialization.inconsistent(estimator, `${name} has length ${a.length}, expected ${expected}.`));
    }
  }
}

/** Formats a value for serialization messages (re-export for estimator files). */
export { formatValue };
