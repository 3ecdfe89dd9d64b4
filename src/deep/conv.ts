/**
 * 2-D convolution layers with their own gradients: a strided convolution and its transpose (the
 * encoder and decoder blocks of a convolutional autoencoder), images as NHWC tensors.
 *
 * @remarks
 * Each layer is one `tf.customGrad` node, like the dense layers, because tfjs-core's Conv2D
 * gradient cannot be used on the wasm backend: wasm has no Conv2DBackpropFilter, and its
 * Conv3DBackpropFilterV2 is wrong for strides above 1 (bench/conv-gradients.ts). Here the filter
 * gradient is one matrix product of the input's k x k patches, gathered by a precomputed index
 * (im2col), with the output gradient; the input gradient is the forward Conv2D of the
 * stride-dilated output gradient with the flipped, transposed filter. Both run on the fast kernels
 * of every backend (2.5-7 and 2-3 times faster than the backprop kernels on wasm) and equal
 * autodiff on the cpu backend (checked in the tests). Padding is TensorFlow's 'same' or PyTorch's p
 * zeros per side ({@link ConvPadding}); square kernels and strides.
 *
 * @packageDocumentation
 */
import type { Rng } from '../core/random.js';
import { tf } from './backend.js';
import { activate, customLayer, initFanInUniform, type Activation, type LayerFn } from './layer-core.js';

/**
 * How a convolution pads its input: TensorFlow's 'same' (zeros so that the output is ceil(h / s),
 * one more after than before where the total is odd), or p zeros (0 <= p < k) before and at most p
 * after on each axis, as PyTorch's `padding=p` (output floor((h + 2p - k) / s) + 1; 0 is 'valid').
 */
export type ConvPadding = 'same' | number;

/** Shape of a convolution: input h x w x cin, k x k kernel, stride s, cout filters, padding (absent: 'same'). */
export interface ConvGeometry {
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly k: number;
  readonly s: number;
  readonly cout: number;
  readonly pad?: ConvPadding;
}

/** Output size and the padding before and after, per axis, of a convolution. */
interface Padding {
  readonly oh: number;
  readonly ow: number;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

function padding(g: ConvGeometry): Padding {
  if (typeof g.pad === 'number') {
    const p = g.pad;
    const oh = Math.floor((g.h + 2 * p - g.k) / g.s) + 1;
    const ow = Math.floor((g.w + 2 * p - g.k) / g.s) + 1;
    return { oh, ow, top: p, bottom: Math.max((oh - 1) * g.s + g.k - g.h - p, 0), left: p, right: Math.max((ow - 1) * g.s + g.k - g.w - p, 0) };
  }
  const oh = Math.ceil(g.h / g.s);
  const ow = Math.ceil(g.w / g.s);
  const th = Math.max((oh - 1) * g.s + g.k - g.h, 0);
  const tw = Math.max((ow - 1) * g.s + g.k - g.w, 0);
  const top = Math.floor(th / 2);
  const left = Math.floor(tw / 2);
  return { oh, ow, top, bottom: th - top, left, right: tw - left };
}

/** The padding as tfjs's explicit form, for conv2d. */
function explicitPadding(g: ConvGeometry): [[number, number], [number, number], [number, number], [number, number]] {
  const p = padding(g);
  return [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]];
}

/** Output shape [oh, ow, cout] of the convolution (the input shape of its transpose's output). */
export function convOutputShape(g: ConvGeometry): [number, number, number] {
  const p = padding(g);
  return [p.oh, p.ow, g.cout];
}

/** Flat positions in the padded input plane of each output position's k x k patch (row-major). */
const patchIndexCache = new Map<string, Int32Array>();
function patchPositions(g: ConvGeometry): Int32Array {
  const key = `${g.h}x${g.w}/${g.k}/${g.s}/${g.pad ?? 'same'}`;
  let idx = patchIndexCache.get(key);
  if (idx === undefined) {
    const p = padding(g);
    const wp = g.w + p.left + p.right;
    idx = new Int32Array(p.oh * p.ow * g.k * g.k);
    let t = 0;
    for (let oy = 0; oy < p.oh; oy++) {
      for (let ox = 0; ox < p.ow; ox++) {
        for (let ky = 0; ky < g.k; ky++) for (let kx = 0; kx < g.k; kx++) idx[t++] = (oy * g.s + ky) * wp + ox * g.s + kx;
      }
    }
    patchIndexCache.set(key, idx);
  }
  return idx;
}

/**
 * dL/dW of the convolution from its input x [B, h, w, cin] and output gradient dy [B, oh, ow,
 * cout]: the patches of x (B oh ow x k k cin), transposed, times dy (B oh ow x cout).
 */
function filterGradient(g: ConvGeometry, x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const B = x.shape[0];
  const p = padding(g);
  const plane = (g.h + p.top + p.bottom) * (g.w + p.left + p.right);
  const padded = tf.pad(x, [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]]);
  const index = tf.tensor1d(patchPositions(g), 'int32');
  const patches = tf.reshape(tf.gather(tf.reshape(padded, [B, plane, g.cin]), index, 1), [B * p.oh * p.ow, g.k * g.k * g.cin]);
  const dW = tf.matMul(tf.transpose(patches), tf.reshape(dy, [B * p.oh * p.ow, g.cout]));
  return tf.reshape(dW, [g.k, g.k, g.cin, g.cout]);
}

/**
 * The adjoint of the convolution applied to dy [B, oh, ow, cout] (its input gradient, and the
 * forward pass of the transposed convolution): dy dilated by the stride, padded, correlated with
 * the flipped filter whose channel axes are swapped, cropped to [B, h, w, cin].
 */
function convAdjoint(g: ConvGeometry, W: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const B = dy.shape[0];
  const p = padding(g);
  const s = g.s;
  const gaps: [number, number][] = [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, s - 1], [0, 0]];
  const dilated = tf.reshape(tf.pad(tf.reshape(dy, [B, p.oh, 1, p.ow, 1, g.cout]), gaps), [B, p.oh * s, p.ow * s, g.cout]);
  const flipped = tf.transpose(tf.reverse(W, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  const top = g.k - 1 - p.top;
  const left = g.k - 1 - p.left;
  const bottom = Math.max(g.h + g.k - 1 - p.oh * s - top, 0);
  const right = Math.max(g.w + g.k - 1 - p.ow * s - left, 0);
  const full = tf.conv2d(tf.pad(dilated, [[0, 0], [top, bottom], [left, right], [0, 0]]) as tf.Tensor4D, flipped, 1, 'valid');
  return tf.slice(full, [0, 0, 0, 0], [B, g.h, g.w, g.cin]);
}

type ConvFn = LayerFn<tf.Tensor4D, tf.Tensor4D>;

function makeConv(g: ConvGeometry, activation: Activation, inputGrad: boolean, transposed: boolean): ConvFn {
  const pads = explicitPadding(g);
  const z = (x: tf.Tensor4D, W: tf.Tensor4D) => (transposed ? convAdjoint(g, W, x) : tf.conv2d(x, W, g.s, pads));
  return customLayer<tf.Tensor4D, tf.Tensor4D>(
    (x, W, b) => activate(tf.add(z(x, W), b), activation),
    (dz, x, W) => {
      // For the transpose, y = adjoint(x): x plays the convolution's output gradient, dz its input.
      if (transposed) return [inputGrad ? tf.conv2d(dz, W, g.s, pads) : tf.zerosLike(x), filterGradient(g, dz, x)];
      return [inputGrad ? convAdjoint(g, W, dz) : tf.zerosLike(x), filterGradient(g, x, dz)];
    },
    activation,
    [0, 1, 2],
  );
}

const convCache = new Map<string, ConvFn>();

function cached(g: ConvGeometry, activation: Activation, inputGrad: boolean, transposed: boolean): ConvFn {
  const key = `${g.h},${g.w},${g.cin},${g.k},${g.s},${g.cout},${g.pad ?? 'same'}/${activation}/${inputGrad}/${transposed}`;
  let fn = convCache.get(key);
  if (fn === undefined) {
    fn = makeConv(g, activation, inputGrad, transposed);
    convCache.set(key, fn);
  }
  return fn;
}

/**
 * A convolution layer `act(conv(x, W, stride s, padding) + b)` with its own gradient: x [B, h, w,
 * cin] -> [B, oh, ow, cout] ({@link convOutputShape}); W [k, k, cin, cout].
 *
 * @param inputGrad - false for a layer fed by data (its input gradient is returned as zeros)
 */
export function conv2dLayer(x: tf.Tensor4D, W: tf.Tensor4D, b: tf.Tensor1D, g: ConvGeometry, activation: Activation, inputGrad = true): tf.Tensor4D {
  return cached(g, activation, inputGrad, false)(x, W, b);
}

/**
 * The transposed convolution layer `act(convᵀ(x, W) + b)` with its own gradient: the adjoint of
 * the convolution of geometry g, mapping x [B, oh, ow, cout] back to [B, h, w, cin] (W [k, k, cin, cout], the convolution's filter shape; b has cin entries).
 */
export function conv2dTransposeLayer(x: tf.Tensor4D, W: tf.Tensor4D, b: tf.Tensor1D, g: ConvGeometry, activation: Activation, inputGrad = true): tf.Tensor4D {
  return cached(g, activation, inputGrad, true)(x, W, b);
}

/**
 * Seeded filter [k, k, cin, cout] (row-major) and bias of a convolution or, with `transposed`, of
 * its transpose (cin biases): both uniform in ±1/sqrt(k k cin) ({@link initFanInUniform}; PyTorch
 * uses this bound for a convolution and its transpose alike).
 */
export function initConv(g: ConvGeometry, transposed: boolean, rng: Rng): { W: Float32Array; b: Float32Array } {
  const fanIn = g.k * g.k * g.cin;
  return { W: initFanInUniform(g.k * g.k * g.cin * g.cout, fanIn, rng), b: initFanInUniform(transposed ? g.cin : g.cout, fanIn, rng) };
}
