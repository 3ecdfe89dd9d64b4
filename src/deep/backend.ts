/**
 * The tfjs-core backend the deep estimators run on, and the gradients they need.
 *
 * @remarks
 * tfjs-core alone registers no gradients; segmentkit ships tfjs-core's own gradient configs as data
 * (`_gradients.generated.js`) and registers each on first use, only where none is registered yet
 * (an application that loaded `@tensorflow/tfjs` keeps its own). Backends: wasm (SIMD, about 30
 * times faster than the pure-JS cpu backend) is the default in Node and Deno, cpu the fallback; in
 * browsers the backend the application set (webgl, webgpu, wasm) is used as it is.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { gradConfigs } from './_gradients.generated.js';

export { tf };

let prepared = false;

/** Registers tfjs-core's gradients (where missing) and turns on production mode, once. */
function prepare(): void {
  if (prepared) return;
  prepared = true;
  tf.enableProdMode();
  for (const config of gradConfigs) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
}

/** True in Node and Deno (server runtimes where the wasm binaries load from disk). */
function isServerRuntime(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  return g.Deno !== undefined || typeof g.process?.versions?.node === 'string';
}

/** Backends whose tfjs factory is asynchronous: they cannot be brought up inside a synchronous fit. */
const ASYNC_BACKENDS = new Set(['wasm', 'webgpu']);

interface EngineInternals {
  backendName: string | null;
  registry: Record<string, unknown>;
  registryFactory: Record<string, { priority: number }>;
  pendingBackendInit?: Promise<boolean> | null;
}

function engine(): EngineInternals {
  return tf.engine() as unknown as EngineInternals;
}

/** The name of the backend that is set and initialized, or null. */
function activeBackend(): string | null {
  const e = engine();
  const name = e.backendName;
  if (name == null || e.pendingBackendInit != null) return null;
  return e.registry[name] !== undefined ? name : null;
}

/**
 * The backend a fit runs on, initialized synchronously when none is active yet: the active one as
 * set by the application or {@link setBackend}; otherwise the highest-priority registered backend
 * whose initialization is synchronous (webgl in browsers, cpu in Node and Deno).
 *
 * @param estimator - name for messages
 * @throws {@link ValidationError} while a backend is still initializing (an un-awaited setBackend)
 * @internal
 */
export function ensureBackend(estimator: string): string {
  prepare();
  const active = activeBackend();
  if (active !== null) return active;
  if (engine().pendingBackendInit != null) throw new ValidationError(messages.deep.backendPending(estimator));
  const factories = engine().registryFactory;
  const names = Object.keys(factories)
    .filter((n) => !ASYNC_BACKENDS.has(n))
    .sort((a, b) => (factories[b]?.priority ?? 0) - (factories[a]?.priority ?? 0));
  for (const name of names) {
    // A synchronous factory completes inside this call; the returned promise is already settled.
    void tf.setBackend(name);
    if (activeBackend() === name) return name;
  }
  throw new ValidationError(messages.deep.backendUnavailable('a synchronous backend', Object.keys(factories)));
}

/**
 * Sets the tfjs backend the deep estimators (Autoencoder, VAE, DEC, IDEC) train and predict on.
 *
 * @remarks
 * Without a name: wasm in Node and Deno when its binary loads (SIMD, single thread), else cpu; in a
 * browser, the backend the application already set, else the best one tfjs can initialize. Call it
 * once and await it before `fit` to train on wasm: a synchronous `fit` cannot bring up wasm itself
 * and otherwise runs on the synchronous default (cpu in Node, about 30 times slower). Results are
 * bit-identical for the same seed on the same backend; different backends round differently.
 * Also registers tfjs-core's gradients where the application has not and enables tfjs's
 * production mode.
 *
 * @param name - a registered tfjs backend ('wasm', 'cpu', or one the application registered such
 *   as 'webgl' or 'webgpu'); omitted for the default
 * @returns the name of the backend now in use
 * @throws {@link InvalidParameterError} when the named backend is not registered or fails to initialize
 * @example
 * ```ts
 * import { setBackend } from 'segmentkit';
 * const name = await setBackend('cpu');
 * console.log(name); // 'cpu'
 * ```
 */
export async function setBackend(name?: string): Promise<string> {
  prepare();
  const e = engine();
  if (e.pendingBackendInit != null) await e.pendingBackendInit.catch(() => false);
  if (name === undefined) {
    if (isServerRuntime()) {
      if (await tryBackend('wasm')) return 'wasm';
      if (await tryBackend('cpu')) return 'cpu';
    } else {
      const active = activeBackend();
      if (active !== null) return active;
      await tf.ready();
      return tf.getBackend();
    }
    throw new InvalidParameterError('backend', messages.deep.backendUnavailable('wasm or cpu', Object.keys(e.registryFactory)));
  }
  if (typeof name !== 'string' || !(name in e.registryFactory)) {
    throw new InvalidParameterError('backend', messages.deep.backendUnavailable(String(name), Object.keys(e.registryFactory)));
  }
  if (!(await tryBackend(name))) {
    throw new InvalidParameterError('backend', messages.deep.backendUnavailable(name, Object.keys(e.registryFactory)));
  }
  return name;
}

async function tryBackend(name: string): Promise<boolean> {
  if (!(name in engine().registryFactory)) return false;
  try {
    return (await tf.setBackend(name)) && activeBackend() === name;
  } catch {
    return false;
  }
}

/**
 * The name of the tfjs backend in use (after {@link setBackend} or a first fit), or null before.
 *
 * @example
 * ```ts
 * import { getBackend, setBackend } from 'segmentkit';
 * await setBackend('cpu');
 * console.log(getBackend()); // 'cpu'
 * ```
 */
export function getBackend(): string | null {
  return activeBackend();
}

/**
 * Brings up the default backend when none is active (wasm in Node and Deno), for the asynchronous
 * `fitAsync` methods. Keeps an active backend as it is.
 *
 * @internal
 */
export async function readyBackend(estimator: string): Promise<string> {
  prepare();
  const e = engine();
  if (e.pendingBackendInit != null) await e.pendingBackendInit.catch(() => false);
  const active = activeBackend();
  if (active !== null) return active;
  try {
    return await setBackend();
  } catch {
    return ensureBackend(estimator);
  }
}
