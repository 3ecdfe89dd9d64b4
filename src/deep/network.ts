/**
 * Dense layers with their own gradients, seeded initialisation, and a feed-forward network of them
 * (which may also hold the convolution layers of conv.ts, on rows read as images).
 *
 * @remarks
 * Each layer is one `tf.customGrad` node: forward `act(x W + b)`; backward from the saved output
 * with explicit transposes (`dz Wᵀ`, `xᵀ dz`), because tfjs-core's BatchMatMul gradient uses the
 * transpose flags of matMul, which run about 10 times slower on the wasm backend. Results equal
 * autodiff's (checked in the tests).
 *
 * @packageDocumentation
 */
import type { Rng } from '../core/random.js';
import { tf } from './backend.js';
import { conv2dLayer, conv2dTransposeLayer, convOutputShape, initConv, type ConvGeometry } from './conv.js';
import { activate, customLayer, initFanInUniform, initWeights, type Activation, type LayerFn } from './layer-core.js';

export { ACTIVATIONS, type Activation } from './layer-core.js';

/** Shape of a convolution layer (or, with `transposed`, of the convolution it is the transpose of). */
export interface ConvShape extends ConvGeometry {
  readonly transposed: boolean;
}

/**
 * The learned values of one layer, as stored in a fitted state. A dense layer has row-major `W`,
 * nIn x nOut. A convolution layer (`conv` set) reads its rows as NHWC images flattened: nIn and nOut
 * are the flattened input and output sizes, `W` is the k x k x cin x cout filter and `b` has cout
 * entries (cin for a transposed convolution).
 */
export interface DenseWeights {
  readonly nIn: number;
  readonly nOut: number;
  readonly activation: Activation;
  readonly W: Float32Array;
  readonly b: Float32Array;
  readonly conv?: ConvShape;
}

/** Shape of a stored layer's W tensor. */
function weightShape(w: Pick<DenseWeights, 'nIn' | 'nOut' | 'conv'>): number[] {
  return w.conv === undefined ? [w.nIn, w.nOut] : [w.conv.k, w.conv.k, w.conv.cin, w.conv.cout];
}

/** Lengths of W and b, and the input and output sizes, a stored layer must have. */
export function storedLayerSizes(w: Pick<DenseWeights, 'nIn' | 'nOut' | 'conv'>): { W: number; b: number; nIn: number; nOut: number } {
  const c = w.conv;
  if (c === undefined) return { W: w.nIn * w.nOut, b: w.nOut, nIn: w.nIn, nOut: w.nOut };
  const [oh, ow] = convOutputShape(c);
  const image = c.h * c.w * c.cin;
  const code = oh * ow * c.cout;
  return { W: c.k * c.k * c.cin * c.cout, b: c.transposed ? c.cin : c.cout, nIn: c.transposed ? code : image, nOut: c.transposed ? image : code };
}

/**
 * One layer applied to a batch of rows: dense, or a convolution on the rows read as images (and
 * flattened back), each with its own gradient.
 */
function applyLayer(h: tf.Tensor2D, W: tf.Tensor, b: tf.Tensor1D, activation: Activation, conv: ConvShape | undefined, inputGrad: boolean): tf.Tensor2D {
  if (conv === undefined) return dense(h, W as tf.Tensor2D, b, activation, inputGrad);
  const B = h.shape[0];
  const [oh, ow] = convOutputShape(conv);
  const layer = conv.transposed ? conv2dTransposeLayer : conv2dLayer;
  const x = conv.transposed ? tf.reshape(h, [B, oh, ow, conv.cout]) : tf.reshape(h, [B, conv.h, conv.w, conv.cin]);
  return tf.reshape(layer(x as tf.Tensor4D, W as tf.Tensor4D, b, conv, activation, inputGrad), [B, -1]);
}

type DenseFn = LayerFn<tf.Tensor2D, tf.Tensor2D>;

function makeDense(activation: Activation, inputGrad: boolean): DenseFn {
  return customLayer<tf.Tensor2D, tf.Tensor2D>(
    (x, W, b) => affine(x, W, b, activation),
    (dz, x, W) => [inputGrad ? tf.matMul(dz, tf.transpose(W)) : tf.zerosLike(x), tf.matMul(tf.transpose(x), dz)],
    activation,
    [0],
  );
}

const denseCache = new Map<string, DenseFn>();

/**
 * A dense layer `act(x W + b)` with its own gradient.
 *
 * @param inputGrad - false for a layer fed by data (its input gradient is returned as zeros,
 *   saving one matrix product)
 */
export function dense(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, activation: Activation, inputGrad = true): tf.Tensor2D {
  const key = `${activation}/${inputGrad}`;
  let fn = denseCache.get(key);
  if (fn === undefined) {
    fn = makeDense(activation, inputGrad);
    denseCache.set(key, fn);
  }
  return fn(x, W, b);
}

/** `act(x W + b)`, fused into one kernel where tfjs has the activation fused (all but tanh). */
function affine(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  if (activation === 'tanh') return tf.tanh(tf.fused.matMul({ a: x, b: W, bias: b })) as tf.Tensor2D;
  return tf.fused.matMul({ a: x, b: W, bias: b, activation }) as tf.Tensor2D;
}

/** Inference-only dense layer, `act(x W + b)` in one fused kernel where possible. */
export function denseForward(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  return affine(x, W, b, activation);
}

/** The plain tfjs expression of a dense layer (differentiated by tfjs's own gradients; a test oracle). */
export function denseReference(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  return activate(tf.add(tf.matMul(x, W), b), activation);
}

/**
 * Seeded initial weights: He normal (std sqrt(2 / nIn)) for relu and elu, Glorot uniform
 * (±sqrt(6 / (nIn + nOut))) otherwise; zero biases. Draws come from `rng` in row-major order.
 */
export function initDense(nIn: number, nOut: number, activation: Activation, rng: Rng): DenseWeights {
  return { nIn, nOut, activation, W: initWeights(nIn * nOut, nIn, nOut, activation, rng), b: new Float32Array(nOut) };
}

/** A seeded dense layer whose weights and biases are uniform in ±1/sqrt(nIn) ({@link initFanInUniform}). */
export function initUniformDense(nIn: number, nOut: number, activation: Activation, rng: Rng): DenseWeights {
  return { nIn, nOut, activation, W: initFanInUniform(nIn * nOut, nIn, rng), b: initFanInUniform(nOut, nIn, rng) };
}

/**
 * The layers of a multi-layer perceptron `sizes[0] -> ... -> sizes[L]`: `hidden` activation on
 * every layer but the last, `last` on the last one; `init` seeds each layer.
 */
export function initMlp(
  sizes: readonly number[],
  hidden: Activation,
  last: Activation,
  rng: Rng,
  init: (nIn: number, nOut: number, activation: Activation, rng: Rng) => DenseWeights = initDense,
): DenseWeights[] {
  const layers: DenseWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const act = l + 2 === sizes.length ? last : hidden;
    layers.push(init(sizes[l] as number, sizes[l + 1] as number, act, rng));
  }
  return layers;
}

/**
 * Geometry of the encoder's convolutions on h x w x c images: stride 2, `filters[i]` filters of
 * size `kernels[i]`, each padded with k // 2 zeros per side (PyTorch's usual choice, which halves
 * even sizes for odd k), except that the last one does not pad an input of odd height (DCEC's
 * rule: 7 x 7 becomes 3 x 3, not 4 x 4 of which a row and a column are mostly padding). Returns
 * the index of the first convolution whose padded input is smaller than its kernel instead, if any.
 */
export function convEncoderShapes(image: readonly [number, number, number], filters: readonly number[], kernels: readonly number[]): ConvShape[] | { tooSmall: number; size: [number, number] } {
  const shapes: ConvShape[] = [];
  let [h, w, cin] = image;
  for (let i = 0; i < filters.length; i++) {
    const k = kernels[i] as number;
    const pad = i === filters.length - 1 && h % 2 === 1 ? 0 : Math.floor(k / 2);
    const g: ConvShape = { h, w, cin, k, s: 2, cout: filters[i] as number, pad, transposed: false };
    const out = convOutputShape(g);
    if (Math.min(...out) < 1) return { tooSmall: i, size: [h, w] };
    shapes.push(g);
    [h, w, cin] = out;
  }
  return shapes;
}

/**
 * Seeded layers of a convolutional autoencoder on images whose encoder convolutions are `shapes`
 * ({@link convEncoderShapes}), then dense layers through `hidden` to `nComponents` (linear code);
 * the decoder mirrors it and ends in a transposed convolution to c channels (linear output) whose
 * bias starts at `channelMeans`, the mean of each channel of the training images, so that
 * training starts from the right brightness instead of spending its first steps on it (on
 * Fashion-MNIST this lifts the codes' clustering after one epoch from about 0.56 to 0.61 ACC;
 * bench/NOTES.md). Weights and other biases are uniform in ±1/sqrt(fan-in)
 * ({@link initFanInUniform}), drawn from `rng` in layer order, encoder first.
 */
export function initConvAutoencoder(
  shapes: readonly ConvShape[],
  hidden: readonly number[],
  nComponents: number,
  activation: Activation,
  channelMeans: readonly number[],
  rng: Rng,
): { encoder: DenseWeights[]; decoder: DenseWeights[] } {
  const convLayer = (g: ConvShape, act: Activation): DenseWeights => {
    const sizes = storedLayerSizes({ nIn: 0, nOut: 0, conv: g });
    return { nIn: sizes.nIn, nOut: sizes.nOut, activation: act, ...initConv(g, g.transposed, rng), conv: g };
  };
  const [h, w, c] = convOutputShape(shapes[shapes.length - 1] as ConvShape);
  const flat = h * w * c;
  const encoder = [...shapes.map((g) => convLayer(g, activation)), ...initMlp([flat, ...hidden, nComponents], activation, 'linear', rng, initUniformDense)];
  const decoderDense = initMlp([nComponents, ...[...hidden].reverse(), flat], activation, activation, rng, initUniformDense);
  const decoderConv = [...shapes].reverse().map((g, i) => convLayer({ ...g, transposed: true }, i === shapes.length - 1 ? 'linear' : activation));
  (decoderConv[decoderConv.length - 1] as DenseWeights).b.set(channelMeans);
  return { encoder, decoder: [...decoderDense, ...decoderConv] };
}

/** One trainable dense layer: variables plus the layer's settings. */
interface DenseVars {
  readonly W: tf.Variable;
  readonly b: tf.Variable<tf.Rank.R1>;
  readonly activation: Activation;
  readonly conv: ConvShape | undefined;
  readonly nIn: number;
  readonly nOut: number;
}

/**
 * A stack of dense layers held as tfjs variables while training. Call {@link Mlp.dispose} when done
 * (training code does so in `finally`).
 */
export class Mlp {
  private readonly layers: DenseVars[];

  /**
   * @param weights - initial (or pretrained) layer values, copied into variables
   * @param inputGrad - whether the gradient with respect to the input is needed (false when the
   *   input is data)
   */
  constructor(
    weights: readonly DenseWeights[],
    private readonly inputGrad: boolean,
  ) {
    // Variables are not tracked by tidy; the initial-value tensors are, and are freed at its end.
    this.layers = weights.map((w) =>
      ({
        ...tf.tidy(() => ({
          W: tf.variable(tf.tensor(w.W, weightShape(w), 'float32'), true),
          b: tf.variable(tf.tensor1d(w.b, 'float32'), true),
        })),
        activation: w.activation,
        conv: w.conv,
        nIn: w.nIn,
        nOut: w.nOut,
      }),
    );
  }

  /** The network applied to a batch, differentiable through the layers' own gradients. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    this.layers.forEach((L, i) => {
      h = applyLayer(h, L.W, L.b, L.activation, L.conv, i > 0 || this.inputGrad);
    });
    return h;
  }

  /** Trainable variables, in layer order (W, b per layer). */
  variables(): tf.Variable[] {
    return this.layers.flatMap((L) => [L.W, L.b]);
  }

  /** Current values, copied out of the backend. */
  read(): DenseWeights[] {
    return this.layers.map((L) => ({
      nIn: L.nIn,
      nOut: L.nOut,
      activation: L.activation,
      W: (L.W.dataSync() as Float32Array).slice(),
      b: (L.b.dataSync() as Float32Array).slice(),
      ...(L.conv !== undefined ? { conv: L.conv } : {}),
    }));
  }

  /** Overwrites the variables with stored values (restoring the best epoch). */
  assign(weights: readonly DenseWeights[]): void {
    this.layers.forEach((L, i) => {
      const w = weights[i] as DenseWeights;
      tf.tidy(() => {
        L.W.assign(tf.tensor(w.W, weightShape(w), 'float32'));
        L.b.assign(tf.tensor1d(w.b, 'float32'));
      });
    });
  }

  /** Frees the variables. */
  dispose(): void {
    for (const L of this.layers) {
      L.W.dispose();
      L.b.dispose();
    }
  }
}

/** Tensors of stored layers for inference; dispose with `tf.dispose(...)`. */
export interface FrozenLayer {
  readonly W: tf.Tensor;
  readonly b: tf.Tensor1D;
  readonly activation: Activation;
  readonly conv: ConvShape | undefined;
}

/** Uploads stored layers as constant tensors, for inference. */
export function freeze(weights: readonly DenseWeights[]): FrozenLayer[] {
  return weights.map((w) => ({ W: tf.tensor(w.W, weightShape(w), 'float32'), b: tf.tensor1d(w.b, 'float32'), activation: w.activation, conv: w.conv }));
}

/** Applies frozen layers to a batch (no gradient; dense layers in one fused kernel where possible). */
export function forwardFrozen(layers: readonly FrozenLayer[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (const L of layers) h = L.conv === undefined ? denseForward(h, L.W as tf.Tensor2D, L.b, L.activation) : applyLayer(h, L.W, L.b, L.activation, L.conv, false);
  return h;
}

/** Frees frozen layers. */
export function disposeFrozen(layers: readonly FrozenLayer[]): void {
  for (const L of layers) {
    L.W.dispose();
    L.b.dispose();
  }
}

/** Output width of stored layers: the last layer's nOut (0 for no layers). */
export function outputWidth(layers: readonly DenseWeights[]): number {
  return (layers[layers.length - 1] as DenseWeights | undefined)?.nOut ?? 0;
}

/** Number of trainable values of stored layers. */
export function parameterCount(layers: readonly DenseWeights[]): number {
  let n = 0;
  for (const L of layers) n += L.W.length + L.b.length;
  return n;
}
