/**
 * Private: option checking for the metric and selection functions, with the estimators' constraint
 * tables and messages.
 *
 * @packageDocumentation
 */
import { validateParams, type ParamConstraints } from '../core/params.js';

/**
 * Merges `options` over `defaults` (undefined fields take the default), rejects unknown keys and
 * checks every field against `constraints`; returns the merged options.
 */
export function resolveOptions<P extends object>(fn: string, defaults: P, options: object | undefined, constraints: ParamConstraints<P>): P {
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  if (options !== undefined && options !== null) {
    for (const [k, v] of Object.entries(options)) if (v !== undefined) merged[k] = v;
  }
  validateParams(fn, merged as P, constraints);
  return merged as P;
}
