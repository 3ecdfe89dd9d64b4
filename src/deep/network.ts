/**
 * Dense layers with their own gradients, seeded initialisation, and a feed-forward network of them.
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

/** Activations of dense layers. */
export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'elu';

/** Every activation, for parameter constraints. */
export const ACTIVATIONS: readonly Activation[] = Object.freeze(['linear', 'relu', 'sigmoid', 'tanh', 'elu']);

/** The learned values of one dense layer, as stored in a fitted state (row-major `W`, nIn x nOut). */
export interface DenseWeights {
  readonly nIn: number;
  readonly nOut: number;
  readonly activation: Activation;
  readonly W: Float32Array;
  readonly b: Float32Array;
}

/** Forward activation, for a tensor of any rank. */
export function activate<T extends tf.Tensor>(z: T, activation: Activation): T {
  switch (activation) {
    case 'linear':
      return z;
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'elu':
      return tf.elu(z);
  }
}

/** dL/dz from dL/dy and the layer's output y = act(z), for a tensor of any rank. */
export function activationGrad<T extends tf.Tensor>(dy: T, y: T, activation: Activation): T {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y)));
    case 'elu':
      // y > 0: 1; y <= 0: exp(z) = y + 1
      return tf.mul(dy, tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1)));
  }
}

/** A layer `y = act(z(x, W) + b)` of three tensor inputs. */
export type LayerFn<T extends tf.Tensor, F extends tf.Tensor> = (x: T, W: F, b: tf.Tensor1D) => T;

/**
 * One `tf.customGrad` node for a layer: `forward(x, W, b)` gives y = act(z + b); the backward
 * pass takes dz = dL/dz from dL/dy and the saved y, then `backward(dz, x, W)` gives [dx, dW] and db
 * is dz summed over `biasAxes`.
 */
export function customLayer<T extends tf.Tensor, F extends tf.Tensor>(
  forward: (x: T, W: F, b: tf.Tensor1D) => T,
  backward: (dz: T, x: T, W: F) => [tf.Tensor, tf.Tensor],
  activation: Activation,
  biasAxes: number[],
): LayerFn<T, F> {
  const f = (x: T, W: F, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const y = forward(x, W, b);
    save([x, W, y]);
    return {
      value: y,
      gradFunc: (dy: T, saved: tf.Tensor[]) => {
        const [sx, sW, sy] = saved as [T, F, T];
        const dz = activationGrad(dy, sy, activation);
        return [...backward(dz, sx, sW), tf.sum(dz, biasAxes)];
      },
    };
  };
  // tfjs types customGrad for functions of one tensor; ours takes three.
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as LayerFn<T, F>;
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

/**
 * `size` seeded weights of a layer with the given fan-in and fan-out: He normal (std
 * sqrt(2 / fanIn)) for relu and elu, Glorot uniform (±sqrt(6 / (fanIn + fanOut))) otherwise.
 */
export function initWeights(size: number, fanIn: number, fanOut: number, activation: Activation, rng: Rng): Float32Array {
  const W = new Float32Array(size);
  if (activation === 'relu' || activation === 'elu') {
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < W.length; i++) W[i] = rng.normal() * std;
  } else {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < W.length; i++) W[i] = (2 * rng.float() - 1) * a;
  }
  return W;
}

/**
 * The layers of a multi-layer perceptron `sizes[0] -> ... -> sizes[L]`: `hidden` activation on
 * every layer but the last, `last` on the last one.
 */
export function initMlp(sizes: readonly number[], hidden: Activation, last: Activation, rng: Rng): DenseWeights[] {
  const layers: DenseWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const act = l + 2 === sizes.length ? last : hidden;
    layers.push(initDense(sizes[l] as number, sizes[l + 1] as number, act, rng));
  }
  return layers;
}

/** One trainable dense layer: variables plus the layer's settings. */
interface DenseVars {
  readonly W: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
  readonly activation: Activation;
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
      tf.tidy(() => ({
        W: tf.variable(tf.tensor2d(w.W, [w.nIn, w.nOut], 'float32'), true),
        b: tf.variable(tf.tensor1d(w.b, 'float32'), true),
        activation: w.activation,
      })),
    );
  }

  /** The network applied to a batch, differentiable through the layers' own gradients. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    this.layers.forEach((L, i) => {
      h = dense(h, L.W, L.b, L.activation, i > 0 || this.inputGrad);
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
      nIn: L.W.shape[0],
      nOut: L.W.shape[1],
      activation: L.activation,
      W: (L.W.dataSync() as Float32Array).slice(),
      b: (L.b.dataSync() as Float32Array).slice(),
    }));
  }

  /** Overwrites the variables with stored values (restoring the best epoch). */
  assign(weights: readonly DenseWeights[]): void {
    this.layers.forEach((L, i) => {
      const w = weights[i] as DenseWeights;
      tf.tidy(() => {
        L.W.assign(tf.tensor2d(w.W, [w.nIn, w.nOut], 'float32'));
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
  readonly W: tf.Tensor2D;
  readonly b: tf.Tensor1D;
  readonly activation: Activation;
}

/** Uploads stored layers as constant tensors, for inference. */
export function freeze(weights: readonly DenseWeights[]): FrozenLayer[] {
  return weights.map((w) => ({ W: tf.tensor2d(w.W, [w.nIn, w.nOut], 'float32'), b: tf.tensor1d(w.b, 'float32'), activation: w.activation }));
}

/** Applies frozen layers to a batch (no gradient). */
export function forwardFrozen(layers: readonly FrozenLayer[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (const L of layers) h = denseForward(h, L.W, L.b, L.activation);
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
  for (const L of layers) n += L.nIn * L.nOut + L.nOut;
  return n;
}
