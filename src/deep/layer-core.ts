/**
 * What every layer kind of the deep module shares: activations and their gradients, one
 * `tf.customGrad` node per layer, seeded initial weights.
 *
 * @packageDocumentation
 */
import type { Rng } from '../core/random.js';
import { tf } from './backend.js';

/** Activations of the layers. */
export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'elu';

/** Every activation, for parameter constraints. */
export const ACTIVATIONS: readonly Activation[] = Object.freeze(['linear', 'relu', 'sigmoid', 'tanh', 'elu']);

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
 * `size` seeded values uniform in ±1/sqrt(fanIn): PyTorch's default for the weights and the biases
 * of its linear and convolution layers (Kaiming uniform with a = sqrt(5)). The convolutional
 * autoencoder starts from it: on Fashion-MNIST its codes separate the classes better after a short
 * training than from He-normal weights and zero biases (bench/NOTES.md).
 */
export function initFanInUniform(size: number, fanIn: number, rng: Rng): Float32Array {
  const a = 1 / Math.sqrt(fanIn);
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) v[i] = (2 * rng.float() - 1) * a;
  return v;
}
