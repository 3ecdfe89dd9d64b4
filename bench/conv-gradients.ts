// Convolution gradients on the wasm backend: correctness against the cpu backend and speed, for
// the layers of the conv autoencoder in bench/fashion_convae_check.py (self-contained; not part of
// npm test). Groundwork for conv layers in src/deep (issue 7).
//
//   npx tsx bench/conv-gradients.ts [--batch 256]
//
// For each layer (input h x h x cin, kernel k, stride s, 'same' padding, cout filters) it times
// the forward Conv2D and two ways to get each gradient:
// - filter gradient: the wasm kernel Conv3DBackpropFilterV2 used with depth 1 (wasm has no
//   Conv2DBackpropFilter), or patches gathered by index then one matrix product (im2col);
// - input gradient: Conv2DBackpropInput (conv2dTranspose), or the output gradient dilated by the
//   stride and correlated with the flipped, transposed filter by the forward Conv2D.
// Each result is compared with the cpu backend's Conv2DBackpropFilter / Conv2DBackpropInput on the
// same (small) data first.
import { performance } from 'node:perf_hooks';
import { setBackend, tf } from '../src/deep/backend.js';
import { option } from './_deep-scores.js';

const batch = Number(option(process.argv.slice(2), 'batch', '256'));
const LAYERS = [
  { h: 28, cin: 1, k: 5, s: 2, cout: 32 },
  { h: 14, cin: 32, k: 5, s: 2, cout: 64 },
  { h: 7, cin: 64, k: 3, s: 2, cout: 128 },
] as const;
type Layer = (typeof LAYERS)[number];

/** 'same' padding of a layer: output size, padding before and after, padded size. */
function geometry(L: Layer) {
  const o = Math.ceil(L.h / L.s);
  const total = Math.max((o - 1) * L.s + L.k - L.h, 0);
  const before = Math.floor(total / 2);
  return { o, before, after: total - before, hp: L.h + total };
}

/** Flat indices (into the padded h x h plane) of every output position's k x k patch. */
function patchIndex(L: Layer): tf.Tensor1D {
  const { o, hp } = geometry(L);
  const idx: number[] = [];
  for (let oy = 0; oy < o; oy++) for (let ox = 0; ox < o; ox++) for (let ky = 0; ky < L.k; ky++) for (let kx = 0; kx < L.k; kx++) idx.push((oy * L.s + ky) * hp + ox * L.s + kx);
  return tf.tensor1d(idx, 'int32');
}

const filterKernel = (L: Layer, x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor => {
  const B = x.shape[0];
  const { o } = geometry(L);
  const dw = tf.engine().runKernel(
    'Conv3DBackpropFilterV2',
    { x: tf.reshape(x, [B, 1, L.h, L.h, L.cin]), dy: tf.reshape(dy, [B, 1, o, o, L.cout]) },
    { strides: [1, L.s, L.s], pad: 'same', filterShape: [1, L.k, L.k, L.cin, L.cout] },
  ) as tf.Tensor;
  return tf.reshape(dw, [L.k, L.k, L.cin, L.cout]);
};

const filterIm2col = (L: Layer, index: tf.Tensor1D, x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor => {
  const B = x.shape[0];
  const { o, before, after, hp } = geometry(L);
  const xp = tf.pad(x, [[0, 0], [before, after], [before, after], [0, 0]]);
  const patches = tf.reshape(tf.gather(tf.reshape(xp, [B, hp * hp, L.cin]), index, 1), [B * o * o, L.k * L.k * L.cin]);
  return tf.reshape(tf.matMul(tf.transpose(patches), tf.reshape(dy, [B * o * o, L.cout])), [L.k, L.k, L.cin, L.cout]);
};

const inputKernel = (L: Layer, w: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor => tf.conv2dTranspose(dy, w, [dy.shape[0], L.h, L.h, L.cin], L.s, 'same');

const inputDilated = (L: Layer, w: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor => {
  const B = dy.shape[0];
  const { o, before } = geometry(L);
  const gaps: [number, number][] = [[0, 0], [0, 0], [0, L.s - 1], [0, 0], [0, L.s - 1], [0, 0]];
  const dilated = tf.reshape(tf.pad(tf.reshape(dy, [B, o, 1, o, 1, L.cout]), gaps), [B, o * L.s, o * L.s, L.cout]);
  const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  const lo = L.k - 1 - before;
  const hi = Math.max(L.h + L.k - 1 - o * L.s - lo, 0);
  const full = tf.conv2d(tf.pad(dilated, [[0, 0], [lo, hi], [lo, hi], [0, 0]]) as tf.Tensor4D, flipped, 1, 'valid');
  return tf.slice(full, [0, 0, 0, 0], [B, L.h, L.h, L.cin]);
};

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)) / (1 + Math.abs(b[i] as number)));
  return m;
}

function ms(f: () => tf.Tensor, reps = 3): number {
  tf.dispose(tf.tidy(f));
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    const out = tf.tidy(f);
    out.dataSync();
    out.dispose();
  }
  return (performance.now() - t0) / reps;
}

// Correctness on 2 samples: cpu's own kernels are the reference.
const small = LAYERS.map((L) => {
  const { o } = geometry(L);
  const x = Float32Array.from({ length: 2 * L.h * L.h * L.cin }, (_, i) => Math.sin(i * 1.3));
  const w = Float32Array.from({ length: L.k * L.k * L.cin * L.cout }, (_, i) => Math.cos(i * 0.37) / L.k);
  const dy = Float32Array.from({ length: 2 * o * o * L.cout }, (_, i) => Math.cos(i * 0.7));
  return { L, x, w, dy, o };
});
const reference = new Map<string, Float32Array>();
await setBackend('cpu');
for (const { L, x, w, dy, o } of small) {
  const xt = tf.tensor4d(x, [2, L.h, L.h, L.cin]);
  const dyt = tf.tensor4d(dy, [2, o, o, L.cout]);
  const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: dyt }, { strides: [L.s, L.s], pad: 'same', dataFormat: 'NHWC', filterShape: [L.k, L.k, L.cin, L.cout] }) as tf.Tensor;
  reference.set(`dw${L.h}`, dw.dataSync() as Float32Array);
  reference.set(`dx${L.h}`, inputKernel(L, tf.tensor4d(w, [L.k, L.k, L.cin, L.cout]), dyt).dataSync() as Float32Array);
}
await setBackend('wasm');
console.log(`wasm backend, one thread, batch ${batch}; error = max |wasm - cpu| / (1 + |cpu|) on 2 samples`);
console.log('| layer | forward ms | filter: kernel ms (error) | filter: im2col ms (error) | input: kernel ms (error) | input: dilated ms (error) |');
console.log('|---|---|---|---|---|---|');
for (const { L, x, w, dy, o } of small) {
  const index = patchIndex(L);
  const x2 = tf.tensor4d(x, [2, L.h, L.h, L.cin]);
  const w4 = tf.tensor4d(w, [L.k, L.k, L.cin, L.cout]);
  const dy2 = tf.tensor4d(dy, [2, o, o, L.cout]);
  const err = (t: tf.Tensor, key: string) => maxDiff(t.dataSync() as Float32Array, reference.get(key) as Float32Array).toExponential(1);
  const e = [err(filterKernel(L, x2, dy2), `dw${L.h}`), err(filterIm2col(L, index, x2, dy2), `dw${L.h}`), err(inputKernel(L, w4, dy2), `dx${L.h}`), err(inputDilated(L, w4, dy2), `dx${L.h}`)];
  const X = tf.randomNormal([batch, L.h, L.h, L.cin]) as tf.Tensor4D;
  const DY = tf.randomNormal([batch, o, o, L.cout]) as tf.Tensor4D;
  const t = [
    ms(() => tf.conv2d(X, w4, L.s, 'same')),
    ms(() => filterKernel(L, X, DY)),
    ms(() => filterIm2col(L, index, X, DY)),
    ms(() => inputKernel(L, w4, DY)),
    ms(() => inputDilated(L, w4, DY)),
  ].map((v) => v.toFixed(0));
  console.log(`| ${L.h}x${L.h}x${L.cin} k${L.k} s${L.s} -> ${o}x${o}x${L.cout} | ${t[0]} | ${t[1]} (${e[0]}) | ${t[2]} (${e[1]}) | ${t[3]} (${e[2]}) | ${t[4]} (${e[3]}) |`);
  tf.dispose([index, x2, w4, dy2, X, DY]);
}
