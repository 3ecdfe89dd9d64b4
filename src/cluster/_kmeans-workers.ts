/**
 * Worker threads for the k-means WebAssembly kernel (Node only). Each worker instantiates the same
 * module on the engine's shared memory; a pass over the rows is cut into chunks, which the calling
 * thread and the workers take from a shared counter until none is left, so a slow thread never
 * holds the others up. Chunks write their changes to their own place and are applied in row order
 * afterwards, so results do not depend on which thread ran which chunk. The calling thread waits
 * with `Atomics.wait`, so `fit` stays synchronous.
 *
 * @remarks
 * Node's `worker_threads` is reached through `process.getBuiltinModule` (Node 20.16+), so no
 * module imports it and browser bundles are unaffected; wherever it is missing (browsers, Deno,
 * older Node), or a worker fails to start, k-means runs on one thread with the same results.
 *
 * @internal
 * @packageDocumentation
 */

/**
 * A pass: the kernel's layout and arguments, as Int32 fields of the shared job description (the
 * bound pass's m1, m2 and margin follow as Float64 values).
 */
export interface PassLayout {
  /**
   * 1: assignment of every row; 2: Hamerly's bound pass, then assignment of the queued rows;
   * 3: squared distances of every row to the k centres, written n x k from `offAll`.
   */
  readonly kind: 1 | 2 | 3;
  readonly n: number;
  readonly chunks: number;
  readonly d: number;
  readonly k: number;
  readonly p1: number;
  readonly offC: number;
  readonly offLabels: number;
  readonly offUpper: number;
  readonly offLower: number;
  readonly offQueue: number;
  readonly offChanges: number;
  readonly offShifts: number;
  readonly offHalf: number;
  readonly offOut: number;
  readonly offAll: number;
}

/** Field order of {@link PassLayout} in the job description. */
const FIELDS = ['kind', 'n', 'chunks', 'd', 'k', 'p1', 'offC', 'offLabels', 'offUpper', 'offLower', 'offQueue', 'offChanges', 'offShifts', 'offHalf', 'offOut', 'offAll'] as const;

/** Kernel entry points. */
export interface KernelExports {
  readonly dist: (...args: number[]) => number;
  readonly bounds: (...args: number[]) => number;
}

/**
 * Runs chunk c of a pass (rows floor(c n / chunks) .. floor((c + 1) n / chunks) - 1, pointers
 * offset to its first row) and returns its change count (two values per changed row; 0 for kind 3).
 */
export function runChunk(exp: KernelExports, L: PassLayout, m1: number, m2: number, margin: number, c: number): number {
  const b = Math.floor((c * L.n) / L.chunks);
  const m = Math.floor(((c + 1) * L.n) / L.chunks) - b;
  const x = b * L.d * 8;
  const labels = L.offLabels + 4 * b;
  const upper = L.offUpper + 8 * b;
  const lower = L.offLower + 8 * b;
  const queue = L.offQueue + 4 * b;
  const changes = L.offChanges + 8 * b;
  if (L.kind === 1) return exp.dist(x, queue, 1, 0, m, L.d, L.offC, L.k, L.offOut, 2, labels, upper, lower, changes);
  if (L.kind === 3) return exp.dist(x, queue, 1, 0, m, L.d, L.offC, L.k, L.offAll + 8 * b * L.k, 0, labels, upper, lower, changes);
  const q = exp.bounds(labels, upper, lower, L.offShifts, L.offHalf, m, L.p1, m1, m2, margin, queue, x, L.d, L.offC);
  return exp.dist(x, queue, 0, 0, q, L.d, L.offC, L.k, L.offOut, 2, labels, upper, lower, changes);
}

// Control buffer (Int32 indices): per worker w, SEQ at 2w and DONE at 2w + 1 (job counters);
// then the next-chunk counter, the ready count, the failure flag, the job fields, the 3 doubles,
// then one change count per chunk.
const NEXT = 0;
const READY = 1;
const FAILED = 2;
const JOB = 3;
const MAX_CHUNKS = 1024;

function controlLayout(workers: number): { header: number; doubles: number; counts: number; bytes: number } {
  const header = 2 * workers;
  const jobEnd = header + JOB + FIELDS.length;
  const doubles = Math.ceil((jobEnd * 4) / 8) * 8; // byte offset, 8-aligned
  const counts = (doubles + 3 * 8) / 4; // Int32 index
  return { header, doubles, counts, bytes: (counts + MAX_CHUNKS) * 4 };
}

// The worker: a CommonJS script evaluated by Node, with runChunk's source inlined.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, w, header, doubles, counts, fields } = workerData;
const I = new Int32Array(control);
const F = new Float64Array(control, doubles, 3);
const runChunk = ${runChunk.toString()};
const fail = () => { Atomics.store(I, header + ${FAILED}, 1); Atomics.notify(I, 2 * w + 1); };
let exp;
try {
  exp = new WebAssembly.Instance(module, { env: { mem: memory } }).exports;
  Atomics.add(I, header + ${READY}, 1);
} catch (e) {
  fail();
}
Atomics.notify(I, header + ${READY});
process.on('exit', () => { if (Atomics.load(I, 2 * w + 1) !== Atomics.load(I, 2 * w)) fail(); });
let seq = 0;
while (exp !== undefined) {
  Atomics.wait(I, 2 * w, seq);
  seq = Atomics.load(I, 2 * w);
  const L = {};
  fields.forEach((f, i) => { L[f] = I[header + ${JOB} + i]; });
  if (L.kind === 0) break;
  try {
    for (let c = Atomics.add(I, header + ${NEXT}, 1); c < L.chunks; c = Atomics.add(I, header + ${NEXT}, 1)) {
      I[counts + c] = runChunk(exp, L, F[0], F[1], F[2], c);
    }
  } catch (e) {
    Atomics.store(I, header + ${FAILED}, 1);
  }
  Atomics.store(I, 2 * w + 1, seq);
  Atomics.notify(I, 2 * w + 1);
}
`;

interface NodeWorker {
  terminate(): unknown;
  unref(): void;
}
type NodeWorkerConstructor = new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;

function builtin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/** Node's Worker constructor, or null outside Node (before Node 20.16, in Deno, in browsers). */
function workerConstructor(): NodeWorkerConstructor | null {
  // Deno's Node compatibility layer is not relied on for eval workers: one thread there.
  if ((globalThis as { Deno?: unknown }).Deno !== undefined) return null;
  return builtin<{ Worker?: NodeWorkerConstructor }>('node:worker_threads')?.Worker ?? null;
}

/** True where kernel workers can run: Node with worker_threads and shared WebAssembly memory. */
export function workersAvailable(): boolean {
  return workerConstructor() !== null && typeof SharedArrayBuffer === 'function';
}

/** Logical processors the runtime reports (1 outside Node). */
export function processorCount(): number {
  const os = builtin<{ availableParallelism?: () => number; cpus?: () => unknown[] }>('node:os');
  const count = os?.availableParallelism?.() ?? os?.cpus?.().length ?? 1;
  return Number.isInteger(count) && count > 0 ? count : 1;
}

/** Workers running the kernel on shared memory. */
export interface KernelWorkers {
  /** Number of workers. */
  readonly size: number;
  /**
   * Runs every chunk of a pass on this thread (`exp`, the calling thread's instance) and the
   * workers; fills `counts` (one change count per chunk). @throws Error when a worker failed
   */
  run(exp: KernelExports, L: PassLayout, m1: number, m2: number, margin: number, counts: Int32Array): void;
  /** Stops and releases the workers. */
  dispose(): void;
}

/** Most chunks of a pass. */
export const MAX_PASS_CHUNKS = MAX_CHUNKS;
/** Longest wait for a worker to start (then k-means runs on one thread) or to finish a pass (ms). */
const WAIT_MS = 30_000;

/**
 * Starts `count` workers on `module` (which imports `env.mem`) and the shared `memory`, or returns
 * null when they cannot run here or do not start.
 */
export function startKernelWorkers(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number): KernelWorkers | null {
  const Worker = workerConstructor();
  if (Worker === null || count < 1) return null;
  const layout = controlLayout(count);
  const { header } = layout;
  const control = new SharedArrayBuffer(layout.bytes);
  const I = new Int32Array(control);
  const F = new Float64Array(control, layout.doubles, 3);
  const workers: NodeWorker[] = [];
  const signal = (kind: number): void => {
    I[header + JOB] = kind;
    for (let w = 0; w < workers.length; w++) {
      Atomics.add(I, 2 * w, 1);
      Atomics.notify(I, 2 * w);
    }
  };
  const dispose = (): void => {
    signal(0);
    for (const worker of workers) void worker.terminate();
    workers.length = 0;
  };
  try {
    for (let w = 0; w < count; w++) {
      const workerData = { module, memory, control, w, header, doubles: layout.doubles, counts: layout.counts, fields: FIELDS };
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      worker.unref();
      workers.push(worker);
    }
    const deadline = Date.now() + WAIT_MS;
    for (let ready = Atomics.load(I, header + READY); ready < count; ready = Atomics.load(I, header + READY)) {
      const left = deadline - Date.now();
      if (Atomics.load(I, header + FAILED) !== 0 || left <= 0) throw new Error('k-means workers did not start');
      Atomics.wait(I, header + READY, ready, left);
    }
  } catch {
    dispose();
    return null;
  }
  return {
    size: count,
    run(exp: KernelExports, L: PassLayout, m1: number, m2: number, margin: number, counts: Int32Array): void {
      FIELDS.forEach((f, i) => {
        I[header + JOB + i] = L[f];
      });
      F[0] = m1;
      F[1] = m2;
      F[2] = margin;
      Atomics.store(I, header + NEXT, 0);
      signal(L.kind);
      for (let c = Atomics.add(I, header + NEXT, 1); c < L.chunks; c = Atomics.add(I, header + NEXT, 1)) {
        I[layout.counts + c] = runChunk(exp, L, m1, m2, margin, c);
      }
      for (let w = 0; w < workers.length; w++) {
        const seq = Atomics.load(I, 2 * w);
        for (let done = Atomics.load(I, 2 * w + 1); done !== seq; done = Atomics.load(I, 2 * w + 1)) {
          if (Atomics.load(I, header + FAILED) !== 0 || Atomics.wait(I, 2 * w + 1, done, WAIT_MS) === 'timed-out') break;
        }
      }
      if (Atomics.load(I, header + FAILED) !== 0 || workers.some((_, w) => Atomics.load(I, 2 * w + 1) !== Atomics.load(I, 2 * w))) {
        throw new Error('a k-means worker thread failed or stopped; fit again with nThreads: 1');
      }
      counts.set(I.subarray(layout.counts, layout.counts + L.chunks));
    },
    dispose,
  };
}
