/**
 * WebAssembly SIMD kernels for k-means (row-to-centre squared distances two centres at a time, a
 * branch-free nearest-centre search, in-place assignment with a list of changed rows, and
 * Hamerly's bound pass), with plain JavaScript equivalents that give bit-identical results (same
 * accumulators, same order, no fused multiply-add), so labels never depend on the platform. The
 * module (two small functions) is assembled here from its instructions: no binary blob,
 * no build step.
 *
 * @internal
 * @packageDocumentation
 */
import { MAX_PASS_CHUNKS, runChunk, startKernelWorkers, workersAvailable, type KernelExports, type KernelWorkers, type PassLayout } from './_kmeans-workers.js';

/** Distances of many rows to every centre, computed inside WebAssembly memory. */
export interface DistanceEngine {
  /** Rows per call to {@link DistanceEngine.compute}. */
  readonly block: number;
  /** Where to write the row indices of the next call (first `block` entries). */
  readonly idx: Int32Array;
  /** Copies the k x d centres in. */
  setCenters(centers: Float64Array, k: number): void;
  /**
   * Squared distances of `m` rows (the first m entries of `idx`, or rows start..start+m-1 when
   * `contiguous`) to the k centres: a view of m x k values, valid until the next call.
   */
  compute(contiguous: boolean, start: number, m: number, k: number): Float64Array;
  /**
   * For `m` rows as in {@link DistanceEngine.compute}: the index of the nearest centre (lowest
   * index among ties), the nearest and the second-nearest squared distance, as 3 values per row.
   */
  nearest(contiguous: boolean, start: number, m: number, k: number): Float64Array;
  /** Labels of the rows (n entries) in WebAssembly memory. */
  readonly labels: Int32Array;
  /** Upper bounds of the rows (n entries): distance to the own centre. */
  readonly upper: Float64Array;
  /** Lower bounds of the rows (n entries): distance to the second-nearest centre. */
  readonly lower: Float64Array;
  /** Threads the passes below run on (the calling one included). */
  readonly threads: number;
  /**
   * Assigns every row to its nearest centre in place (`labels`, `upper`, `lower`; the centres must
   * be set) and lists the rows whose label changed (see {@link DistanceEngine.changes}).
   */
  assignAll(k: number): void;
  /**
   * Hamerly's bound pass over every row, then a full scan of the rows whose bounds still overlap:
   * moves the bounds by the centre shifts (the largest shift m1 is centre p1's, m2 the second),
   * tightens the upper bound of the rows whose bounds overlap, assigns those that still overlap in
   * place (the same decisions as `hamerlyAssign`), and lists the rows whose label changed.
   */
  hamerlyPass(shifts: Float64Array, half: Float64Array, k: number, p1: number, m1: number, m2: number, margin: number): void;
  /**
   * The rows whose label changed in the last pass: (row offset, old label) pairs in `list`, in
   * row order within each chunk of rows; chunk c starts at row `bases[c]` (its offsets count from
   * there) and holds `counts[c]` values from `list` index 2 `bases[c]`. Chunks are in row order.
   */
  readonly changes: { readonly list: Int32Array; readonly counts: Int32Array; readonly bases: Int32Array };
  /**
   * Squared distances of every row to the first k centres (row-major n x k; a view valid until
   * the next call), on the engine's threads; null when k exceeds the width the engine was made for.
   */
  distancesAll(k: number): Float64Array | null;
  /** Stops the worker threads, if any (the engine stays usable on one thread). */
  dispose(): void;
}

// ---- a tiny WebAssembly assembler (just what the kernel needs)
const I32 = 0x7f;
const F64 = 0x7c;
const I64 = 0x7e;
const V128 = 0x7b;

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function str(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

// Locals: parameters first, then the declared ones.
const P_X = 0; // byte offset of X
const P_IDX = 1; // byte offset of the row indices
const P_CONTIG = 2; // 1: rows start..start+m-1, 0: rows idx[0..m)
const P_START = 3;
const P_M = 4;
const P_D = 5;
const P_C = 6; // byte offset of the centres
const P_K = 7;
const P_OUT = 8; // byte offset of the output
// Mode 0: all k distances per row; 1: nearest index, nearest and second-nearest distance;
// 2: assign (labels, bounds and the list of changed rows written in place).
const P_MODE = 9;
const P_LABELS = 10;
const P_UPPER = 11;
const P_LOWER = 12;
const P_CHANGES = 13;
const N_PARAMS = 14;
const L_T = 14;
const L_XR = 15;
const L_CC = 16;
const L_CR = 17;
const L_J = 18;
const L_O = 19;
const L_BEST = 20;
const L_LT = 21;
const L_CR2 = 22;
const L_JR = 23;
const L_CC2 = 24;
const L_R = 25;
const L_NC = 26;
const L_OLD = 27;
const L_S0 = 28;
const L_S1 = 29;
const L_S2 = 30;
const L_S3 = 31;
const L_TMP = 32;
const L_V = 33;
// Distances are >= +0, so their bit patterns order like the numbers: the nearest-centre search
// runs on i64 bits, whose select compiles to a conditional move (no unpredictable branches).
const L_VI = 34;
const L_B1 = 35;
const L_B2 = 36;
const L_A = 37;
const L_B = 38;
const L_D = 39;
const L_A2 = 40;
const L_BB2 = 41;
const L_X0 = 42;
const L_X1 = 43;

const get = (l: number) => [0x20, l];
const set = (l: number) => [0x21, l];
const tee = (l: number) => [0x22, l];
const i32c = (v: number) => [0x41, ...sleb(v)];
const f64Inf = [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f];
const simd = (op: number) => [0xfd, ...uleb(op)];
const ADD = 0x6a;
const MUL = 0x6c;
const SHL = 0x74;
const GE_S = 0x4e;
const GT_S = 0x4a;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const F64_MUL = 0xa2;
const I64_LT_S = 0x53;
const I64_REINTERPRET = 0xbd;
const SELECT = 0x1b;
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const ELSE = 0x05;
const END = 0x0b;
const brIf = (depth: number) => [0x0d, depth];
const br = (depth: number) => [0x0c, depth];
const f64Store = (off: number) => [0x39, 3, off];
const i64Store = (off: number) => [0x37, 3, off];
/** Byte address base + i * 4 (i a local). */
const addr4 = (base: number, i: number) => [...get(base), ...get(i), ...i32c(2), SHL, ADD];
const I32_NE = 0x47;
const F64_REINTERPRET = 0xbf;
/** Byte address base + j * 8 (j a local). */
const addr8 = (base: number, j: number) => [...get(base), ...get(j), ...i32c(3), SHL, ADD];
const incr = (l: number, by: number[]) => [...get(l), ...by, ADD, ...set(l)];
const zero128 = (l: number) => [...simd(0x0c), ...new Array<number>(16).fill(0), ...set(l)];
const extract = (v: number, lane: number, l: number) => [...get(v), ...simd(0x21), lane, ...set(l)];
const v128Load = (base: number, off: number) => [...addr8(base, L_J), ...simd(0x00), 3, off];
/** acc += (x - C[cr + j..])^2 for two lanes at byte offset `off`, x already loaded in local `x`. */
const laneStep = (acc: number, x: number, cr: number, off: number) => [
  ...get(x), ...v128Load(cr, off), ...simd(0xf1), ...tee(L_D), ...get(L_D), ...simd(0xf2), ...get(acc), ...simd(0xf0), ...set(acc),
];

/**
 * From the lane sums in `a` and `b` and the remaining features from `L_J` on (against the centre at
 * byte offset `cr`), v = (s0 + s1) + (s2 + s3): exactly sqDist's arithmetic.
 */
function finish(a: number, b: number, cr: number): number[] {
  return [
    ...extract(a, 0, L_S0), ...extract(a, 1, L_S1), ...extract(b, 0, L_S2), ...extract(b, 1, L_S3),
    ...BLOCK, ...LOOP,
    ...get(L_J), ...get(P_D), GE_S, ...brIf(1),
    ...addr8(L_XR, L_J), 0x2b, 3, 0, ...addr8(cr, L_J), 0x2b, 3, 0, F64_SUB, ...tee(L_TMP), ...get(L_TMP), F64_MUL, ...get(L_S0), F64_ADD, ...set(L_S0),
    ...incr(L_J, i32c(1)), ...br(0),
    END, END,
    ...get(L_S0), ...get(L_S1), F64_ADD, ...get(L_S2), ...get(L_S3), F64_ADD, F64_ADD, ...set(L_V),
  ];
}

/** Uses v for centre `cc` (a local): mode 1 updates the nearest search, mode 0 stores it. */
function consume(cc: number): number[] {
  return [
    ...get(P_MODE), ...IF,
    // lt = v < b1; b2 = lt ? b1 : (v < b2 ? v : b2); b1 = lt ? v : b1; best = lt ? cc : best
    ...get(L_V), I64_REINTERPRET, ...set(L_VI),
    ...get(L_VI), ...get(L_B1), I64_LT_S, ...set(L_LT),
    ...get(L_B1), ...get(L_VI), ...get(L_B2), ...get(L_VI), ...get(L_B2), I64_LT_S, SELECT, ...get(L_LT), SELECT, ...set(L_B2),
    ...get(L_VI), ...get(L_B1), ...get(L_LT), SELECT, ...set(L_B1),
    ...get(cc), ...get(L_BEST), ...get(L_LT), SELECT, ...set(L_BEST),
    ELSE,
    ...addr8(L_O, cc), ...get(L_V), ...f64Store(0),
    END,
  ];
}

function kernelBody(): number[] {
  const code = [
    ...i32c(0), ...set(L_T), ...i32c(0), ...set(L_NC),
    ...BLOCK, ...LOOP,
    ...get(L_T), ...get(P_M), GE_S, ...brIf(1),
    // row index r, then xr = X + r * d * 8
    ...get(P_CONTIG), 0x04, I32, ...get(P_START), ...get(L_T), ADD, ELSE, ...get(P_IDX), ...get(L_T), ...i32c(2), SHL, ADD, 0x28, 2, 0, END,
    ...tee(L_R), ...get(P_D), MUL, ...i32c(3), SHL, ...get(P_X), ADD, ...set(L_XR),
    // o = out + t * (mode ? 3 : k) * 8
    ...get(L_T), ...get(P_MODE), 0x04, I32, ...i32c(3), ELSE, ...get(P_K), END, MUL, ...i32c(3), SHL, ...get(P_OUT), ADD, ...set(L_O),
    ...i32c(0), ...set(L_CC), ...get(P_C), ...set(L_CR),
    ...i32c(0), ...set(L_BEST), ...f64Inf, I64_REINTERPRET, ...set(L_B1), ...f64Inf, I64_REINTERPRET, ...set(L_B2),
    ...BLOCK, ...LOOP,
    ...get(L_CC), ...get(P_K), GE_S, ...brIf(1),
    ...zero128(L_A), ...zero128(L_B), ...zero128(L_A2), ...zero128(L_BB2), ...i32c(0), ...set(L_J),
    // cc2 = cc + 1 and cr2 = cr + d * 8: two centres per pass, each loaded row value serving both
    ...get(L_CC), ...i32c(1), ADD, ...set(L_CC2),
    ...get(L_CR), ...get(P_D), ...i32c(3), SHL, ADD, ...set(L_CR2),
    ...get(L_CC2), ...get(P_K), 0x48, ...IF,
    // four features at a time: lanes (j, j+1) in A, (j+2, j+3) in B, for both centres
    ...BLOCK, ...LOOP,
    ...get(L_J), ...i32c(4), ADD, ...get(P_D), GT_S, ...brIf(1),
    ...v128Load(L_XR, 0), ...set(L_X0), ...v128Load(L_XR, 16), ...set(L_X1),
    ...laneStep(L_A, L_X0, L_CR, 0), ...laneStep(L_B, L_X1, L_CR, 16),
    ...laneStep(L_A2, L_X0, L_CR2, 0), ...laneStep(L_BB2, L_X1, L_CR2, 16),
    ...incr(L_J, i32c(4)), ...br(0),
    END, END,
    ...get(L_J), ...set(L_JR),
    ...finish(L_A, L_B, L_CR), ...consume(L_CC),
    ...get(L_JR), ...set(L_J),
    ...finish(L_A2, L_BB2, L_CR2), ...consume(L_CC2),
    ...get(L_CC), ...i32c(2), ADD, ...set(L_CC),
    ...get(L_CR2), ...get(P_D), ...i32c(3), SHL, ADD, ...set(L_CR),
    ELSE,
    // the last centre of an odd k
    ...BLOCK, ...LOOP,
    ...get(L_J), ...i32c(4), ADD, ...get(P_D), GT_S, ...brIf(1),
    ...v128Load(L_XR, 0), ...set(L_X0), ...v128Load(L_XR, 16), ...set(L_X1),
    ...laneStep(L_A, L_X0, L_CR, 0), ...laneStep(L_B, L_X1, L_CR, 16),
    ...incr(L_J, i32c(4)), ...br(0),
    END, END,
    ...finish(L_A, L_B, L_CR), ...consume(L_CC),
    ...get(L_CC), ...i32c(1), ADD, ...set(L_CC),
    ...get(L_CR2), ...set(L_CR),
    END,
    ...br(0),
    END, END,
    ...get(P_MODE), ...i32c(2), I32_EQ, ...IF,
    // old = labels[r]; labels[r] = best; upper[r] = sqrt(b1); lower[r] = sqrt(b2);
    // changes[nc] = r, changes[nc + 1] = old; nc += 2 when the label changed (no branch)
    ...addr4(P_LABELS, L_R), 0x28, 2, 0, ...set(L_OLD),
    ...addr4(P_LABELS, L_R), ...get(L_BEST), 0x36, 2, 0,
    ...addr8(P_UPPER, L_R), ...get(L_B1), F64_REINTERPRET, F64_SQRT, ...f64Store(0),
    ...addr8(P_LOWER, L_R), ...get(L_B2), F64_REINTERPRET, F64_SQRT, ...f64Store(0),
    ...addr4(P_CHANGES, L_NC), ...get(L_R), 0x36, 2, 0,
    ...addr4(P_CHANGES, L_NC), ...get(L_OLD), 0x36, 2, 4,
    ...get(L_NC), ...get(L_OLD), ...get(L_BEST), I32_NE, ...i32c(1), SHL, ADD, ...set(L_NC),
    ELSE,
    ...get(P_MODE), ...IF,
    ...get(L_O), ...get(L_BEST), 0xb7, ...f64Store(0),
    ...get(L_O), ...get(L_B1), ...i64Store(8),
    ...get(L_O), ...get(L_B2), ...i64Store(16),
    END,
    END,
    ...incr(L_T, i32c(1)), ...br(0),
    END, END,
    ...get(L_NC),
    END,
  ];
  const locals = [4, ...[14, I32], ...[6, F64], ...[3, I64], ...[7, V128]];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

// Hamerly's bound pass:
// (labels, upper, lower, shifts, half, n, p1, m1, m2, margin, queue, x, d, c) -> count.
const H_LABELS = 0;
const H_UPPER = 1;
const H_LOWER = 2;
const H_SHIFTS = 3;
const H_HALF = 4;
const H_N = 5;
const H_P1 = 6;
const H_M1 = 7;
const H_M2 = 8;
const H_MARGIN = 9;
const H_QUEUE = 10;
const H_X = 11;
const H_D = 12;
const H_C = 13;
const H_I = 14;
const H_Q = 15;
const H_A = 16;
const H_J = 17;
const H_XR = 18;
const H_CR = 19;
const H_U = 20;
const H_L = 21;
const H_H = 22;
const H_M = 23;
const H_S0 = 24;
const H_S1 = 25;
const H_S2 = 26;
const H_S3 = 27;
const H_TMP = 28;
const H_VA = 29;
const H_VB = 30;
const H_VD = 31;
const I32_EQ = 0x46;
const F64_GT = 0x64;
const F64_LT = 0x63;
const F64_SQRT = 0x9f;
const I32_EQZ = 0x45;
const f64Load = [0x2b, 3, 0];

/** Code leaving in local `s0` the squared distance of rows at byte offsets xr and cr (the same arithmetic as the dist kernel and sqDist). */
function sqDistCode(): number[] {
  const lane = (acc: number, off: number) => [
    ...addr8(H_XR, H_J), ...simd(0x00), 3, off,
    ...addr8(H_CR, H_J), ...simd(0x00), 3, off,
    ...simd(0xf1), ...tee(H_VD), ...get(H_VD), ...simd(0xf2), ...get(acc), ...simd(0xf0), ...set(acc),
  ];
  const zero = (l: number) => [...simd(0x0c), ...new Array<number>(16).fill(0), ...set(l)];
  return [
    ...zero(H_VA), ...zero(H_VB), ...i32c(0), ...set(H_J),
    ...BLOCK, ...LOOP,
    ...get(H_J), ...i32c(4), ADD, ...get(H_D), GT_S, ...brIf(1),
    ...lane(H_VA, 0), ...lane(H_VB, 16),
    ...incr(H_J, i32c(4)), ...br(0),
    END, END,
    ...get(H_VA), ...simd(0x21), 0, ...set(H_S0), ...get(H_VA), ...simd(0x21), 1, ...set(H_S1),
    ...get(H_VB), ...simd(0x21), 0, ...set(H_S2), ...get(H_VB), ...simd(0x21), 1, ...set(H_S3),
    ...BLOCK, ...LOOP,
    ...get(H_J), ...get(H_D), GE_S, ...brIf(1),
    ...addr8(H_XR, H_J), ...f64Load, ...addr8(H_CR, H_J), ...f64Load, F64_SUB, ...tee(H_TMP), ...get(H_TMP), F64_MUL, ...get(H_S0), F64_ADD, ...set(H_S0),
    ...incr(H_J, i32c(1)), ...br(0),
    END, END,
    ...get(H_S0), ...get(H_S1), F64_ADD, ...get(H_S2), ...get(H_S3), F64_ADD, F64_ADD, ...set(H_S0),
  ];
}

/**
 * For every row: move the upper bound by its centre's shift and the lower bound by the largest
 * shift of the other centres (m2 for rows of centre p1, m1 otherwise); when the bounds overlap,
 * tighten the upper bound to the exact distance to the row's centre, and queue the row for a full
 * scan if they still overlap (the same decisions as `hamerlyAssign`).
 */
function boundsBody(): number[] {
  const overlap = [...get(H_U), ...get(H_MARGIN), F64_ADD, ...get(H_M), F64_LT, I32_EQZ];
  const code = [
    ...i32c(0), ...set(H_I), ...i32c(0), ...set(H_Q),
    ...BLOCK, ...LOOP,
    ...get(H_I), ...get(H_N), GE_S, ...brIf(1),
    ...get(H_LABELS), ...get(H_I), ...i32c(2), SHL, ADD, 0x28, 2, 0, ...set(H_A),
    ...addr8(H_UPPER, H_I), ...f64Load, ...addr8(H_SHIFTS, H_A), ...f64Load, F64_ADD, ...set(H_U),
    ...addr8(H_LOWER, H_I), ...f64Load, ...get(H_M2), ...get(H_M1), ...get(H_A), ...get(H_P1), I32_EQ, SELECT, F64_SUB, ...set(H_L),
    ...addr8(H_LOWER, H_I), ...get(H_L), ...f64Store(0),
    ...addr8(H_HALF, H_A), ...f64Load, ...set(H_H),
    ...get(H_L), ...get(H_H), ...get(H_L), ...get(H_H), F64_GT, SELECT, ...set(H_M),
    ...overlap, ...IF,
    // xr = x + i * d * 8, cr = c + a * d * 8; u = sqrt(|x_i - c_a|^2)
    ...get(H_I), ...get(H_D), MUL, ...i32c(3), SHL, ...get(H_X), ADD, ...set(H_XR),
    ...get(H_A), ...get(H_D), MUL, ...i32c(3), SHL, ...get(H_C), ADD, ...set(H_CR),
    ...sqDistCode(),
    ...get(H_S0), F64_SQRT, ...set(H_U),
    ...get(H_QUEUE), ...get(H_Q), ...i32c(2), SHL, ADD, ...get(H_I), 0x36, 2, 0,
    ...get(H_Q), ...overlap, ADD, ...set(H_Q),
    END,
    ...addr8(H_UPPER, H_I), ...get(H_U), ...f64Store(0),
    ...incr(H_I, i32c(1)), ...br(0),
    END, END,
    ...get(H_Q),
    END,
  ];
  const locals = [3, ...[6, I32], ...[9, F64], ...[3, V128]];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** Most 64 KiB pages of a shared memory (2 GiB, as {@link MAX_BYTES}). */
const MAX_PAGES = 32768;

function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const distType = [0x60, ...uleb(N_PARAMS), ...new Array<number>(N_PARAMS).fill(I32), 1, I32];
  const boundsType = [0x60, 14, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, I32, I32, I32, I32, 1, I32];
  const type = section(1, [2, ...distType, ...boundsType]);
  // Memory import limits: flags 0 (min 1 page), or 3 (shared, min 1, max MAX_PAGES) for workers.
  const limits = shared ? [0x03, 1, ...uleb(MAX_PAGES)] : [0x00, 1];
  const imp = section(2, [1, ...str('env'), ...str('mem'), 0x02, ...limits]);
  const func = section(3, [2, 0, 1]);
  const exp = section(7, [2, ...str('dist'), 0x00, 0, ...str('bounds'), 0x00, 1]);
  const code = section(10, [2, ...kernelBody(), ...boundsBody()]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imp, ...func, ...exp, ...code]);
}

const compiled = new Map<boolean, WebAssembly.Module | null>();

/** The compiled module (importing shared memory or not), or null where WebAssembly SIMD (or, for `shared`, threads) is unavailable. */
function wasmModule(shared = false): WebAssembly.Module | null {
  const cached = compiled.get(shared);
  if (cached !== undefined) return cached;
  let mod: WebAssembly.Module | null = null;
  try {
    const wa = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
    if (wa !== undefined) {
      const bytes = moduleBytes(shared);
      if (wa.validate(bytes)) mod = new wa.Module(bytes);
    }
  } catch {
    mod = null;
  }
  compiled.set(shared, mod);
  return mod;
}

/** True where the WebAssembly SIMD kernel can run. */
export function simdAvailable(): boolean {
  return wasmModule() !== null;
}

/** Largest WebAssembly memory used (bytes): wasm32 addresses 4 GiB; stay well below. */
const MAX_BYTES = 2 ** 31;
/** Rows per call of {@link DistanceEngine.compute} and {@link DistanceEngine.nearest}. */
const BLOCK_ROWS = 2048;

/** Memory, instance exports and worker threads of an engine. */
interface EngineRuntime {
  readonly memory: WebAssembly.Memory;
  readonly exp: KernelExports;
  readonly workers: KernelWorkers | null;
}

/** Instantiates the kernel on fresh memory, shared with `threads - 1` workers where they can run. */
function instantiate(total: number, threads: number): EngineRuntime | null {
  const pages = Math.ceil(total / 65536);
  const sharedModule = threads > 1 && workersAvailable() ? wasmModule(true) : null;
  if (sharedModule !== null) {
    try {
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      const workers = startKernelWorkers(sharedModule, memory, threads - 1);
      if (workers !== null) {
        const exp = new WebAssembly.Instance(sharedModule, { env: { mem: memory } }).exports as unknown as KernelExports;
        return { memory, exp, workers };
      }
    } catch {
      // fall through to one thread
    }
  }
  const mod = wasmModule();
  if (mod === null) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: pages });
    const exp = new WebAssembly.Instance(mod, { env: { mem: memory } }).exports as unknown as KernelExports;
    return { memory, exp, workers: null };
  } catch {
    return null;
  }
}

/** Rows per chunk of a pass shared by threads (about 2 MB of X at 16 features). */
const CHUNK_ROWS = 16384;

/**
 * Copies the n x d rows of X into WebAssembly memory and returns an engine for distances to up
 * to `kMax` centres; null where WebAssembly SIMD is unavailable or X is too large for it. With
 * `threads` > 1 (Node only), {@link DistanceEngine.assignAll} and {@link DistanceEngine.hamerlyPass}
 * run on that many threads, which take chunks of rows until none is left; every row gets the same
 * arithmetic and changes are applied in row order, so results do not depend on the thread count.
 * `allWidth` reserves room for {@link DistanceEngine.distancesAll} to that many centres (k-means++
 * trials). Call {@link DistanceEngine.dispose} when done. Time O(n d) for the copy; memory
 * n (d + 4 + allWidth) x 8 bytes.
 */
export function createDistanceEngine(X: Float64Array, n: number, d: number, kMax: number, threads = 1, allWidth = 0): DistanceEngine | null {
  if (wasmModule() === null) return null;
  const bytesX = n * d * 8;
  const bytesC = kMax * d * 8;
  const bytesIdx = BLOCK_ROWS * 4;
  const bytesOut = BLOCK_ROWS * Math.max(kMax, 3) * 8;
  // upper, lower (f64); labels, queue (i32); changes (two i32 per row)
  const bytesRows = n * (8 + 8 + 4 + 4 + 8);
  const bytesK = 2 * kMax * 8;
  const bytesNoAll = bytesX + bytesC + bytesIdx + bytesOut + bytesRows + bytesK;
  if (bytesNoAll > MAX_BYTES) return null;
  // Room for distancesAll where it fits; without it callers fall back to their JavaScript path.
  const width = bytesNoAll + n * allWidth * 8 <= MAX_BYTES ? Math.min(allWidth, kMax) : 0;
  const total = bytesNoAll + n * width * 8;
  const runtime = instantiate(total, Math.max(1, Math.min(threads, n)));
  if (runtime === null) return null;
  const { exp } = runtime;
  let workers = runtime.workers;
  const buf = runtime.memory.buffer;
  new Float64Array(buf, 0, n * d).set(X.subarray(0, n * d));
  const offC = bytesX;
  const offIdx = offC + bytesC;
  const offOut = offIdx + bytesIdx;
  const C = new Float64Array(buf, offC, kMax * d);
  const idx = new Int32Array(buf, offIdx, BLOCK_ROWS);
  const out = new Float64Array(buf, offOut, BLOCK_ROWS * Math.max(kMax, 3));
  // Row arrays: the Float64 ones first (8-byte aligned), then the Int32 ones.
  const offUpper = offOut + bytesOut;
  const offLower = offUpper + n * 8;
  const offShifts = offLower + n * 8;
  const offHalf = offShifts + kMax * 8;
  const offLabels = offHalf + kMax * 8;
  const offQueue = offLabels + n * 4;
  const offChanges = offQueue + n * 4;
  const offAll = offChanges + n * 8;
  const shiftsView = new Float64Array(buf, offShifts, kMax);
  const halfView = new Float64Array(buf, offHalf, kMax);
  // One chunk on one thread; with workers, enough chunks for every thread to take several.
  const chunks = workers === null ? 1 : Math.min(MAX_PASS_CHUNKS, n, Math.max(4 * (workers.size + 1), Math.ceil(n / CHUNK_ROWS)));
  const bases = Int32Array.from({ length: chunks }, (_, c) => Math.floor((c * n) / chunks));
  const changes = { list: new Int32Array(buf, offChanges, 2 * n), counts: new Int32Array(chunks), bases };
  const layout = { n, chunks, d, offC, offLabels, offUpper, offLower, offQueue, offChanges, offShifts, offHalf, offOut, offAll };

  /** Runs every chunk of a pass, on the workers too while they are there. */
  const runPass = (L: PassLayout, m1: number, m2: number, margin: number): void => {
    if (workers !== null) workers.run(exp, L, m1, m2, margin, changes.counts);
    else for (let c = 0; c < chunks; c++) changes.counts[c] = runChunk(exp, L, m1, m2, margin, c);
  };

  return {
    labels: new Int32Array(buf, offLabels, n),
    upper: new Float64Array(buf, offUpper, n),
    lower: new Float64Array(buf, offLower, n),
    get threads(): number {
      return workers === null ? 1 : workers.size + 1;
    },
    changes,
    assignAll(k: number): void {
      runPass({ ...layout, kind: 1, k, p1: -1 }, 0, 0, 0);
    },
    hamerlyPass(shifts: Float64Array, half: Float64Array, k: number, p1: number, m1: number, m2: number, margin: number): void {
      shiftsView.set(shifts.subarray(0, k));
      halfView.set(half.subarray(0, k));
      runPass({ ...layout, kind: 2, k, p1 }, m1, m2, margin);
    },
    distancesAll(k: number): Float64Array | null {
      if (k > width) return null;
      runPass({ ...layout, kind: 3, k, p1: -1 }, 0, 0, 0);
      return new Float64Array(buf, offAll, n * k);
    },
    dispose(): void {
      workers?.dispose();
      workers = null;
    },
    block: BLOCK_ROWS,
    idx,
    setCenters(centers: Float64Array, k: number): void {
      C.set(centers.subarray(0, k * d));
    },
    compute(contiguous: boolean, start: number, m: number, k: number): Float64Array {
      exp.dist(0, offIdx, contiguous ? 1 : 0, start, m, d, offC, k, offOut, 0, offLabels, offUpper, offLower, offChanges);
      return out.subarray(0, m * k);
    },
    nearest(contiguous: boolean, start: number, m: number, k: number): Float64Array {
      exp.dist(0, offIdx, contiguous ? 1 : 0, start, m, d, offC, k, offOut, 1, offLabels, offUpper, offLower, offChanges);
      return out.subarray(0, m * 3);
    },
  };
}
